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

import datetime as dt
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
from fourpillars.domain.exchange import codes, content, deadlines
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.persons import parse_date
from fourpillars.domain.text import NAME_MAX, clean_text
from fourpillars.exchange.models import Peer
from fourpillars.received.models import RecordRequest
from fourpillars.register.models import Conviction, Person
from fourpillars.services import audit
from fourpillars.services.access import require
from fourpillars.services.errors import NotFound, record_pk
from fourpillars.services.exchange import node, outbox

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
    found = rows.filter(pk=record_pk(request_id)).first()
    if found is None:
        raise NotFound()
    return found


def active_peers() -> frozenset[str]:
    return frozenset(Peer.objects.filter(status="active").values_list("country", flat=True))


def person_payload(person: Person) -> dict[str, Any]:
    """A person on the register as a message names them (``content.Person``): the primary
    name first, other names as aliases, identifiers of the kinds a message carries."""
    names = list(person.names.all())
    primary = names[0] if names else None
    out: dict[str, Any] = {
        "family_names": [primary.family_name if primary else person.display_name],
        "given_names": [primary.given_names] if primary and primary.given_names else [],
        "birth_date": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "sex": person.sex if person.sex in {"male", "female", "other"} else "unknown",
        "nationalities": list(person.nationalities),
        "aliases": [n.full for n in names[1:]][:10],
        "identifiers": [
            {"kind": i.kind, "value": i.value, **({"country": i.country} if i.country else {})}
            for i in person.identifiers.all()
        ][:20],
    }
    return out


def _typed_person(data: Mapping[str, object]) -> dict[str, Any]:
    """The person to ask about when they are not on the register: names, date of birth, sex
    and nationality as typed."""
    errors = Collector()
    family = clean_text(
        data.get("family_name"), "family_name", errors, required=True, max_length=NAME_MAX
    )
    given = clean_text(data.get("given_names"), "given_names", errors, max_length=NAME_MAX)
    born = parse_date(data.get("date_of_birth"), "date_of_birth", errors)
    if born is None:
        errors.add("date_of_birth", "is required")
    nationality = str(data.get("nationality") or "").strip().upper()
    if len(nationality) != 2 or not nationality.isalpha():
        errors.add("nationality", "give a two-letter country code, such as NL")
    errors.raise_if_any()
    assert born is not None
    return {
        "family_names": [family],
        "given_names": [given] if given else [],
        "birth_date": born.isoformat(),
        "sex": str(data.get("sex") or "unknown"),
        "nationalities": [nationality],
    }


def _identity_input(data: Mapping[str, object]) -> tuple[dict[str, Any], Person | None]:
    """The person to ask about: a person on the register (``person``), or typed."""
    if data.get("person") not in (None, ""):
        person = Person.objects.filter(pk=record_pk(data["person"])).first()
        if person is None:
            raise DomainValidationError.single("person", "no such person")
        return person_payload(person), person
    return _typed_person(data), None


def _checked(type: MessageType, payload: dict[str, Any]) -> None:
    """What we send must be what a peer's node can read (``content.parse_payload``)."""
    content.parse_payload(type, payload)


def send_request(*, actor: User, data: Mapping[str, object]) -> RecordRequest:
    """[FD-2009-315] Art.6: ask another state's central authority for a person's record."""
    require(actor, Permission.ANSWER_RECORD_REQUEST)
    errors = Collector()
    asked: rules.OutgoingRequest | None = None
    person: dict[str, Any] = {}
    subject: Person | None = None
    try:
        asked = rules.clean_outgoing_request(
            data.get("receiver"), data.get("purpose"), data.get("reason"), active_peers()
        )
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    try:
        person, subject = _identity_input(data)
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    errors.raise_if_any()
    assert asked is not None
    with transaction.atomic():
        me = node.identity()
        payload = {
            "purpose": asked.purpose,
            "person": person,
            "reason": asked.reason,
            "requesting_authority": {"name": me.central_authority, "country": me.country},
        }
        _checked(MessageType.RECORD_REQUEST, payload)
        message = outbox.enqueue(
            actor=actor,
            type=MessageType.RECORD_REQUEST,
            receiver=asked.receiver,
            purpose=Purpose(asked.purpose),
            payload=payload,
            person=subject,
        )
        identity = match_rules.identity_of(content.RecordRequest.from_payload(payload).person)
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
            person=subject,
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="send_record_request",
            target=request_target(row),
            after={"message_id": row.message_id, "peer": row.peer, "purpose": row.purpose},
        )
        return row


# The penalty category a register sentence is sent under, by words in it (ours, unconfirmed
# [M]: the register keeps the sentence as text; the description carries it as recorded).
_PENALTY_WORDS = (
    (("imprison", "custod", "detention", "prison"), "1000"),
    (("fine",), "8000"),
    (("community", "unpaid work"), "5000"),
)


def _penalty_code(sentence: str) -> str:
    text = sentence.lower()
    for words, code in _PENALTY_WORDS:
        if any(w in text for w in words):
            return code
    return "5000"


def own_convictions(person_id: int) -> list[dict[str, Any]]:
    """The person's convictions handed down here with an offence code, as a response carries
    them (``content.Conviction``); the offence date is not on the register, so the year of
    conviction is sent as a partial date."""
    here = node.identity().country
    rows = Conviction.objects.filter(person_id=person_id, country=here).exclude(ecris_code="")
    return [
        {
            "conviction_id": f"{here}-CONVICTION-{c.pk}",
            "conviction_date": c.date.isoformat(),
            "court": {"name": c.court or "Not recorded", "country": c.country},
            "offences": [
                {
                    "code": c.ecris_code,
                    "legal_classification": c.offence_text,
                    "date": str(c.date.year),
                }
            ],
            "penalties": [{"code": _penalty_code(c.sentence), "description": c.sentence}],
        }
        for c in rows.order_by("date", "pk")
    ]


def _payload(kind: rules.AnswerKind, request: RecordRequest, note: str) -> dict[str, Any]:
    if kind is rules.AnswerKind.RECORDS:
        assert request.person is not None
        return {
            "outcome": "records",
            "person": person_payload(request.person),
            "convictions": own_convictions(request.person.pk),
            "remarks": note,
            "tables": {k: codes.TABLE_VERSIONS[k] for k in ("offences", "penalties")},
        }
    if kind is rules.AnswerKind.NO_RECORDS:
        return {"outcome": "none", "remarks": note}
    if kind is rules.AnswerKind.IDENTIFICATION:
        return {"missing": ["other"], "explanation": note}
    return {"reason": note, "expected_date": _expected(request).isoformat()}


def _expected(request: RecordRequest) -> dt.date:
    """When a delayed answer is expected: ten more working days here ([FD-2009-315] Art.8)."""
    start = max(request.due_date or timezone.localdate(), timezone.localdate())
    return deadlines.due_date(start, 10, node.identity().country)


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
            request.person = Person.objects.get(pk=answer.person_id)
        if answer.kind is rules.AnswerKind.RECORDS and not own_convictions(answer.person_id or 0):
            raise DomainValidationError.single(
                "answer",
                "this person has no convictions from this country's courts: answer no records",
            )
        payload = _payload(answer.kind, request, answer.note)
        _checked(ANSWER_TYPES[answer.kind], payload)
        message = outbox.enqueue(
            actor=actor,
            type=ANSWER_TYPES[answer.kind],
            receiver=request.peer,
            purpose=Purpose(request.purpose),
            payload=payload,
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
