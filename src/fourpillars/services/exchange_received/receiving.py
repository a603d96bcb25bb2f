"""Applying what other states send (decision 0023), inside the inbox's one transaction: each
function takes the incoming message's origin and payload, stores the item with its content as
sent, the person as sent and their candidates, tells whoever must act, and writes its audit row
(a collection, [DPA-2018] s.62). A message applied twice changes nothing the second time
(``sender`` and the message id, or the conviction's reference, are unique).

Nothing is ever deleted: a conviction's deletion marks it deleted, a withdrawal hides what it
withdraws and records why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F

from fourpillars.accounts.models import Area
from fourpillars.domain import matching_foreign as match_rules
from fourpillars.domain import received as rules
from fourpillars.domain.agencies import Role
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange import content
from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.domain.reminders import NotificationKind
from fourpillars.received.models import ForeignConviction, ReceivedRiskNotification, RecordRequest
from fourpillars.services import audit
from fourpillars.services.notifications.events import area_coordinators, notify

from . import identities
from .rescreening import ask_for_rescreening

_OPERATORS_ROLE = Role.ADMINISTRATOR.value  # the node's operator (decision 0020)


@dataclass(frozen=True)
class Origin:
    """Where an incoming message came from (its envelope, as stored by the inbox)."""

    message_id: str
    type: str
    sender: str
    purpose: str
    received_at: dt.datetime
    in_reply_to: str = ""


def _first_code(conviction: content.Conviction) -> str:
    return conviction.offences[0].code[:7] if conviction.offences else ""


def operators() -> list[Any]:
    """The node's active operators (the central authority: who match convictions)."""
    from fourpillars.accounts.models import User

    return list(User.objects.filter(role=_OPERATORS_ROLE, is_active=True).order_by("pk"))


def _collected(action: str, target: audit.Target, origin: Origin) -> None:
    audit.record(
        actor=None,
        operation=Operation.COLLECTION,
        action=action,
        target=target,
        legal_basis=origin.purpose,
        recipients=[origin.sender],
        after={"message_id": origin.message_id, "type": origin.type, "sender": origin.sender},
    )


def _combined(candidates: list[dict[str, Any]], target: audit.Target) -> None:
    """[DPA-2018] s.62 combination: the received identity compared with the register, naming
    the people it found (none: nothing combined, no row)."""
    found = [int(str(c["person_id"])) for c in candidates]
    if found:
        audit.record(
            actor=None,
            operation=Operation.COMBINATION,
            action="match_candidates",
            target=target,
            record_ids=found,
            after={"rule_version": candidates[0].get("rule_version", "")},
        )


def conviction_target(c: ForeignConviction) -> audit.Target:
    return audit.Target("foreign_conviction", str(c.pk), None, c.person_id)


ConvictionContent = content.ConvictionNew | content.ConvictionUpdate | content.ConvictionDeletion


def receive_conviction(
    origin: Origin, payload: Mapping[str, Any], parsed: ConvictionContent
) -> ForeignConviction:
    """[FD-2009-315] Art.4-5: a new conviction, or an update or deletion of one notified
    before (the same sender and conviction id); each earlier content is kept in the history."""
    if isinstance(parsed, content.ConvictionNew):
        ref = parsed.conviction.conviction_id
    else:
        ref = parsed.original_conviction_id
    found = ForeignConviction.objects.filter(sender=origin.sender, conviction_ref=ref).first()
    if found is not None and any(h.get("message_id") == origin.message_id for h in found.history):
        return found  # applied already
    if found is None and not isinstance(parsed, content.ConvictionNew):
        raise DomainValidationError.single(
            "payload.original_conviction_id",
            f"no conviction {ref!r} was notified by {origin.sender}",
        )
    entry = {
        "message_id": origin.message_id,
        "type": origin.type,
        "received_at": origin.received_at.isoformat(),
        "content": dict(payload),
    }
    if found is None:
        assert isinstance(parsed, content.ConvictionNew)
        return _new_conviction(origin, payload, parsed, entry)
    if found.withdrawn_at is not None:
        raise DomainValidationError.single("type", "the conviction was withdrawn by its sender")
    found.history = [*found.history, entry]
    found.message_id, found.received_at = origin.message_id, origin.received_at
    if isinstance(parsed, content.ConvictionDeletion):
        found.deleted, found.deleted_at = True, origin.received_at
    else:
        found.content = dict(payload)
        found.date = parsed.conviction.conviction_date
        found.ecris_code = _first_code(parsed.conviction) or found.ecris_code
    found.version = F("version") + 1
    found.save()
    found.refresh_from_db()
    _collected(f"receive_{origin.type}", conviction_target(found), origin)
    if found.person_id is not None and not found.deleted:
        _rescreen(found.person_id, f"A conviction notified by {origin.sender} was updated.")
    return found


def _rescreen(person_id: int, what: str) -> None:
    ask_for_rescreening(None, person_id, what)


def _new_conviction(
    origin: Origin, payload: Mapping[str, Any], parsed: content.ConvictionNew, entry: dict[str, Any]
) -> ForeignConviction:
    identity = match_rules.identity_of(parsed.person)
    row = ForeignConviction.objects.create(
        message_id=origin.message_id,
        sender=origin.sender,
        received_at=origin.received_at,
        purpose=origin.purpose,
        identity=match_rules.identity_document(identity),
        candidates=identities.candidate_documents(identities.candidates(identity)),
        conviction_ref=parsed.conviction.conviction_id,
        content=dict(payload),
        history=[entry],
        date=parsed.conviction.conviction_date,
        ecris_code=_first_code(parsed.conviction),
    )
    _collected("receive_conviction_new", conviction_target(row), origin)
    _combined(row.candidates, conviction_target(row))
    notify(
        recipients=operators(),
        kind=NotificationKind.RECEIVED_FROM_ABROAD,
        subject=f"A conviction notified by {origin.sender} waits to be matched",
        body="Say which person on the register it concerns, or that nobody here matches.",
        link=f"/received/convictions/{row.pk}/",
    )
    return row


def _areas() -> list[rules.AreaRef]:
    return [rules.AreaRef(a.pk, a.code, a.name) for a in Area.objects.order_by("code")]


def notice_target(n: ReceivedRiskNotification) -> audit.Target:
    return audit.Target("received_risk_notification", str(n.pk), n.case_id, n.person_id)


def _places(parsed: content.RiskNotification) -> list[str]:
    if parsed.travel is None:
        return []
    return [parsed.travel.address_abroad, *(d.place for d in parsed.travel.destinations)]


def receive_risk_notification(
    origin: Origin, payload: Mapping[str, Any], parsed: content.RiskNotification
) -> ReceivedRiskNotification:
    """Risk information about a person coming here: it waits for the receiving area's
    co-ordinator (the address's area, else the default area), who is told."""
    found = ReceivedRiskNotification.objects.filter(
        sender=origin.sender, message_id=origin.message_id
    ).first()
    if found is not None:
        return found
    area_ref = rules.receiving_area(
        _places(parsed),
        _areas(),
        str(settings.FOURPILLARS_RECEIVED_DEFAULT_AREA),
    )
    identity = match_rules.identity_of(parsed.person)
    row = ReceivedRiskNotification.objects.create(
        message_id=origin.message_id,
        sender=origin.sender,
        received_at=origin.received_at,
        purpose=origin.purpose,
        identity=match_rules.identity_document(identity),
        candidates=identities.candidate_documents(identities.candidates(identity)),
        content=dict(payload),
        area_id=area_ref.id if area_ref else None,
        valid_until=parsed.valid_until,
    )
    _collected("receive_risk_notification", notice_target(row), origin)
    _combined(row.candidates, notice_target(row))
    notify(
        recipients=[*area_coordinators(area_ref.id if area_ref else None), *operators()],
        kind=NotificationKind.RECEIVED_FROM_ABROAD,
        subject=f"Risk notification received from {origin.sender}",
        body="A person managed abroad is coming to your area: match them or open a case.",
        link=f"/received/risk-notifications/{row.pk}/",
    )
    return row


def _withdrawable(sender: str, message_id: str) -> list[Any]:
    found: list[Any] = list(ForeignConviction.objects.filter(sender=sender, message_id=message_id))
    found += [
        c
        for c in ForeignConviction.objects.filter(sender=sender, history__icontains=message_id)
        if c not in found and any(h.get("message_id") == message_id for h in c.history)
    ]
    found += list(ReceivedRiskNotification.objects.filter(sender=sender, message_id=message_id))
    return found


def receive_withdrawal(origin: Origin, parsed: content.Withdrawal) -> list[Any]:
    """A withdrawal hides what it withdraws (a conviction or risk notification the same
    sender sent) from practitioners, recording why and when; nothing is deleted."""
    withdrawn = parsed.withdrawn_message_id
    items = _withdrawable(origin.sender, withdrawn)
    if not items:
        raise DomainValidationError.single(
            "payload.withdrawn_message_id",
            f"no message {withdrawn!r} from {origin.sender} is held here",
        )
    reason = rules.clean_withdrawal_reason(parsed.reason)
    for item in items:
        if item.withdrawn_at is not None:
            continue
        item.withdrawn_at, item.withdrawal_reason = origin.received_at, reason
        item.withdrawal_message_id = origin.message_id
        item.save(update_fields=["withdrawn_at", "withdrawal_reason", "withdrawal_message_id"])
        target = (
            conviction_target(item) if isinstance(item, ForeignConviction) else notice_target(item)
        )
        audit.record(
            actor=None,
            operation=Operation.ALTERATION,
            action="withdraw_received",
            target=target,
            legal_basis=origin.purpose,
            recipients=[origin.sender],
            after={"withdrawn_by": origin.message_id, "reason": reason},
        )
    return items


# --- record requests ---------------------------------------------------------------------


def request_target(r: RecordRequest) -> audit.Target:
    return audit.Target("record_request", str(r.pk), None, r.person_id)


def receive_record_request(
    origin: Origin,
    payload: Mapping[str, Any],
    parsed: content.RecordRequest,
    due_date: dt.date | None,
) -> RecordRequest:
    """[FD-2009-315] Art.6-8: a request for a person's record, to answer by ``due_date``."""
    found = RecordRequest.objects.filter(
        incoming=True, peer=origin.sender, message_id=origin.message_id
    ).first()
    if found is not None:
        return found
    identity = match_rules.identity_of(parsed.person)
    row = RecordRequest.objects.create(
        incoming=True,
        message_id=origin.message_id,
        peer=origin.sender,
        purpose=origin.purpose,
        reason=parsed.reason,
        identity=match_rules.identity_document(identity),
        content=dict(payload),
        at=origin.received_at,
        due_date=due_date,
        candidates=identities.candidate_documents(identities.candidates(identity)),
    )
    _collected("receive_record_request", request_target(row), origin)
    _combined(row.candidates, request_target(row))
    notify(
        recipients=operators(),
        kind=NotificationKind.RECEIVED_FROM_ABROAD,
        subject=f"A criminal-record request from {origin.sender} to answer",
        body="Answer it by its due date.",
        link=f"/received/record-requests/{row.pk}/",
    )
    return row


def _outgoing(origin: Origin) -> RecordRequest | None:
    """Our request the answer is for; None when no request of ours is (the transport has
    marked the message it answers; there is nothing of ours to apply)."""
    return RecordRequest.objects.filter(
        incoming=False, peer=origin.sender, message_id=origin.in_reply_to
    ).first()


AnswerContent = content.RecordResponse | content.IdentificationRequest | content.DelayNotice


def receive_request_answer(
    origin: Origin, payload: Mapping[str, Any], parsed: AnswerContent
) -> RecordRequest | None:
    """The other state's answer to our request: the response (records or none), a request for
    more information to identify the person, or a notice of delay."""
    request = _outgoing(origin)
    if request is None:
        return None
    if any(a.get("message_id") == origin.message_id for a in request.answers):
        return request
    kind = {
        MessageType.RECORD_RESPONSE.value: rules.AnswerKind.RECORDS,
        MessageType.IDENTIFICATION_REQUEST.value: rules.AnswerKind.IDENTIFICATION,
        MessageType.DELAY_NOTICE.value: rules.AnswerKind.DELAY,
    }[origin.type]
    if isinstance(parsed, content.RecordResponse) and not parsed.convictions:
        kind = rules.AnswerKind.NO_RECORDS
    state = rules.answer_transition(request.state, kind)
    request.state, request.answer = state.value, kind.value
    request.answers = [
        *request.answers,
        {"kind": kind.value, "at": origin.received_at.isoformat(), "message_id": origin.message_id},
    ]
    if kind in (rules.AnswerKind.RECORDS, rules.AnswerKind.NO_RECORDS):
        request.response, request.answered_at = dict(payload), origin.received_at
    if isinstance(parsed, content.IdentificationRequest):
        missing = ", ".join(m.label for m in parsed.missing)
        request.answer_note = f"{missing}. {parsed.explanation}".strip()
    if isinstance(parsed, content.DelayNotice):
        request.answer_note = parsed.reason
        request.due_date = parsed.expected_date
    request.save()
    _collected(f"receive_{origin.type}", request_target(request), origin)
    if request.requested_by is not None:
        notify(
            recipients=[request.requested_by],
            kind=NotificationKind.RECEIVED_FROM_ABROAD,
            subject=f"{origin.sender} answered your criminal-record request: {kind.label}",
            body="Open the request to read the answer.",
            link=f"/received/record-requests/{request.pk}/",
        )
    return request
