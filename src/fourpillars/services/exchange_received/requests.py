"""Requests for a person's criminal record between central authorities ([FD-2009-315]
Art.6-8; decision 0023): the operator asks another state (the purpose and reason, the person
as we know them), and answers a state that asked: the records of the person matched, "no
records", a request for more information to identify the person, or a notice of delay. Each
answer goes out through the outbox in the answer's own transaction, with its audit row.

What is sent: the convictions this node's own courts handed down (``Conviction.country`` is
this node's). Convictions received from other states are not retransmitted (Art.7(1) allows
it for convictions notified under Art.4, within limits we have not yet modelled: decision
0023 leaves them out until it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from fourpillars.domain import matching_foreign as match_rules
from fourpillars.domain import received as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.persons import parse_date
from fourpillars.domain.text import NAME_MAX, clean_text
from fourpillars.exchange.models import Peer
from fourpillars.received.models import RecordRequest
from fourpillars.register.models import Conviction, Person
from fourpillars.services import audit
from fourpillars.services.access import require
from fourpillars.services.errors import NotFound
from fourpillars.services.exchange import node, outbox

from . import identities
from .matching import _pk
from .receiving import request_target

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

ANSWER_TYPES = {
    rules.AnswerKind.RECORDS: MessageType.RECORD_RESPONSE,
    rules.AnswerKind.NO_RECORDS: MessageType.RECORD_RESPONSE,
    rules.AnswerKind.IDENTIFICATION: MessageType.IDENTIFICATION_REQUEST,
    rules.AnswerKind.DELAY: MessageType.DELAY_NOTICE,
}


def requests(actor: User, *, incoming: bool, open_only: bool = False) -> QuerySet[RecordRequest]:
    """Record requests received (or sent), soonest due first; the operator's alone."""
    require(actor, Permission.ANSWER_RECORD_REQUEST)
    rows = RecordRequest.objects.filter(incoming=incoming)
    if open_only:
        rows = rows.exclude(state=rules.RequestState.ANSWERED.value)
    return rows.order_by(F("due_date").asc(nulls_last=True), "-at", "-pk")


def find_request(actor: User, request_id: object, *, for_update: bool = False) -> RecordRequest:
    """One record request, for the operator (NotFound for anyone else)."""
    from fourpillars.services.access import allowed

    if not allowed(actor, Permission.ANSWER_RECORD_REQUEST):
        raise NotFound()
    rows = RecordRequest.objects.all()
    if for_update:
        rows = rows.select_for_update()
    found = rows.filter(pk=_pk(request_id)).first()
    if found is None:
        raise NotFound()
    return found


def active_peers() -> frozenset[str]:
    return frozenset(Peer.objects.filter(status="active").values_list("country", flat=True))


def _identity_input(data: Mapping[str, object]) -> dict[str, Any]:
    """The person to ask about: a person on the register (``person``), or typed names, date
    of birth and an optional identifier."""
    errors = Collector()
    if data.get("person") not in (None, ""):
        person = Person.objects.filter(pk=_pk(data["person"])).first()
        if person is None:
            raise DomainValidationError.single("person", "no such person")
        ident = identities.local_identities([person.pk])[person.pk]
        return {
            "names": list(ident.names),
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "identifiers": [
                {"kind": k, "value": v, "country": c} for k, v, c in sorted(ident.identifiers)
            ],
            "nationalities": list(person.nationalities),
        }
    family = clean_text(
        data.get("family_name"), "family_name", errors, required=True, max_length=NAME_MAX
    )
    given = clean_text(data.get("given_names"), "given_names", errors, max_length=NAME_MAX)
    born = parse_date(data.get("date_of_birth"), "date_of_birth", errors)
    errors.raise_if_any()
    return {
        "names": [{"family_name": family, "given_names": given}],
        "date_of_birth": born.isoformat() if born else None,
        "identifiers": [],
        "nationalities": [],
    }


def send_request(*, actor: User, data: Mapping[str, object]) -> RecordRequest:
    """[FD-2009-315] Art.6: ask another state's central authority for a person's record."""
    require(actor, Permission.ANSWER_RECORD_REQUEST)
    errors = Collector()
    asked: rules.OutgoingRequest | None = None
    person: dict[str, Any] = {}
    try:
        asked = rules.clean_outgoing_request(
            data.get("receiver"), data.get("purpose"), data.get("reason"), active_peers()
        )
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    try:
        person = _identity_input(data)
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    errors.raise_if_any()
    assert asked is not None
    with transaction.atomic():
        payload = {"person": person, "reason": asked.reason}
        message = outbox.enqueue(
            actor=actor,
            type=MessageType.RECORD_REQUEST,
            receiver=asked.receiver,
            purpose=Purpose(asked.purpose),
            payload=payload,
        )
        identity = match_rules.identity_from_payload(person)
        row = RecordRequest.objects.create(
            incoming=False,
            message_id=message.message_id,
            peer=asked.receiver,
            purpose=asked.purpose,
            reason=asked.reason,
            identity=match_rules.identity_document(identity),
            content=payload,
            at=timezone.now(),
            due_date=message.due_date,
            requested_by=actor,
            person_id=_pk(data["person"]) if data.get("person") not in (None, "") else None,
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="send_record_request",
            target=request_target(row),
            after={"message_id": row.message_id, "peer": row.peer, "purpose": row.purpose},
        )
        return row


def own_convictions(person_id: int) -> list[dict[str, Any]]:
    """The person's convictions handed down here, as a response carries them."""
    here = node.identity().country
    rows = Conviction.objects.filter(person_id=person_id, country=here).order_by("date", "pk")
    return [
        {
            "date": c.date.isoformat(),
            "court": c.court,
            "country": c.country,
            "offences": [{"code": c.ecris_code, "text": c.offence_text}],
            "completion": c.completion,
            "participation": c.participation,
            "sentence": c.sentence,
        }
        for c in rows
    ]


def _payload(kind: rules.AnswerKind, request: RecordRequest, note: str) -> dict[str, Any]:
    if kind is rules.AnswerKind.RECORDS:
        assert request.person_id is not None
        return {"records": own_convictions(request.person_id), "note": note}
    if kind is rules.AnswerKind.NO_RECORDS:
        return {"records": [], "note": note}
    if kind is rules.AnswerKind.IDENTIFICATION:
        return {"reason": note}
    return {"reason": note}


def answer_request(*, actor: User, request_id: object, data: Mapping[str, object]) -> RecordRequest:
    """[FD-2009-315] Art.7-8: answer a request received: the records of the person matched,
    no records, more information needed to identify the person, or a notice of delay."""
    require(actor, Permission.ANSWER_RECORD_REQUEST)
    answer = rules.clean_answer(data.get("answer"), data.get("person"), data.get("note"))
    with transaction.atomic():
        request = find_request(actor, request_id, for_update=True)
        if not request.incoming:
            raise NotFound()
        state = rules.answer_transition(request.state, answer.kind)
        if answer.person_id is not None:
            ids = {int(str(c["person_id"])) for c in request.candidates}
            if answer.person_id not in ids:
                raise DomainValidationError.single("person", "choose one of the candidates shown")
            request.person_id = answer.person_id
        if answer.kind is rules.AnswerKind.RECORDS and not own_convictions(answer.person_id or 0):
            raise DomainValidationError.single(
                "answer",
                "this person has no convictions from this country's courts: answer no records",
            )
        message = outbox.enqueue(
            actor=actor,
            type=ANSWER_TYPES[answer.kind],
            receiver=request.peer,
            purpose=Purpose(request.purpose),
            payload=_payload(answer.kind, request, answer.note),
            in_reply_to=request.message_id,
            person=request.person,
        )
        before = {"state": request.state}
        request.state, request.answer, request.answer_note = (
            state.value,
            answer.kind.value,
            answer.note,
        )
        request.answered_by, request.answered_at = actor, timezone.now()
        request.answers = [
            *request.answers,
            {
                "kind": answer.kind.value,
                "at": request.answered_at.isoformat(),
                "message_id": message.message_id,
                "note": answer.note,
            },
        ]
        request.version = F("version") + 1
        request.save()
        request.refresh_from_db()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action=f"answer_record_request_{answer.kind.value}",
            target=request_target(request),
            before=before,
            after={"state": request.state, "message_id": message.message_id},
        )
        return request
