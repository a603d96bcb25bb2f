"""Receiving messages from peer nodes (decision 0020): the handler registry, and
``receive``, which verifies, stores and applies one message and answers with a signed receipt.

A feature registers what to do with a message type with ``@handler(MessageType.X)``; the
function ``fn(message, envelope)`` runs inside the inbox's one transaction after the signature
is verified and the message stored. Raising DomainValidationError refuses the message: an
error receipt is sent back and nothing the handler did is kept. Handlers are imported by
``services/exchange/handlers.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.db import sql_rows
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.deadlines import due_for
from fourpillars.domain.exchange.envelope import Envelope, MessageType
from fourpillars.domain.exchange.transport import (
    Direction,
    MessageStatus,
    PeerStatus,
    Refusal,
    answers,
    freshness,
)
from fourpillars.exchange.models import Message, Peer, PeerKey
from fourpillars.services import audit

from . import node, signing
from .outbox import mark_answered

Handler = Callable[[Message, Envelope], None]
_HANDLERS: dict[MessageType, Handler] = {}


def handler(type: MessageType) -> Callable[[Handler], Handler]:
    """Register ``fn`` as what applies incoming messages of ``type`` (one per type)."""

    def register(fn: Handler) -> Handler:
        existing = _HANDLERS.get(MessageType(type))
        if existing is not None and existing is not fn:
            raise RuntimeError(f"a handler for {type} is registered already: {existing!r}")
        _HANDLERS[MessageType(type)] = fn
        return fn

    return register


def handler_for(type: MessageType | str) -> Handler | None:
    """The registered handler of ``type``. Every feature's handlers are imported once Django
    is set up (``web.apps``: importing them here would make the inbox and each feature's
    handlers import each other)."""
    return _HANDLERS.get(MessageType(type))


# --- receiving ----------------------------------------------------------------------------

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """What the inbox answers: an HTTP status and a JSON body with the signed receipt (when
    one was given) and the error (when refused)."""

    status: int
    receipt: str | None = None
    error: Refusal | None = None
    detail: str = ""

    def body(self) -> dict[str, Any]:
        error = None
        if self.error is not None:
            error = {"code": self.error.value, "message": self.error.label, "detail": self.detail}
        elif self.status >= 500:  # not taken here, nothing kept: the sender tries again
            error = {"code": "server_error", "message": "Not applied; send it again", "detail": ""}
        return {"accepted": error is None, "receipt": self.receipt, "error": error}


_HTTP = {
    Refusal.MALFORMED: 400,
    Refusal.BAD_SIGNATURE: 401,
    Refusal.UNKNOWN_SENDER: 403,
    Refusal.UNKNOWN_KEY: 403,
    Refusal.SUSPENDED: 403,
    Refusal.WRONG_RECEIVER: 421,
    Refusal.EXPIRED: 422,
    Refusal.FUTURE: 422,
    Refusal.REPLAY: 409,
    Refusal.INVALID: 422,
}


class _Refused(Exception):
    def __init__(self, code: Refusal, detail: str = "", message_id: str = "") -> None:
        super().__init__(detail or code.label)
        self.code, self.detail, self.message_id = code, detail, message_id


def receipt_data(
    *, message_id: str, digest: str, refusal: Refusal | None, detail: str, applied_at: Any
) -> dict[str, Any]:
    """The receipt's content (after the e-CODEX evidence receipts): what it answers, the
    SHA-256 of the exact bytes received, accepted or refused and why, when applied, by whom
    and when."""
    return {
        "type": "receipt",
        "for_message_id": message_id,
        "for_digest": digest,
        "status": "refused" if refusal else "accepted",
        "applied_at": applied_at.isoformat() if applied_at else None,
        "error": {"code": refusal.value, "message": refusal.label, "detail": detail}
        if refusal
        else None,
        "issuer": node.identity().country,
        "issued_at": timezone.now().isoformat(),
    }


@dataclass(frozen=True)
class _Known:
    """What the directory and the inbox hold for one incoming message, read in one query:
    its sender's peer row and status, the public key its ``kid`` names for that peer, and
    an earlier delivery of the same message id (decision 0026)."""

    peer_id: int
    peer_status: str
    public_jwk: dict[str, Any] | None
    stored: _Stored | None


@dataclass(frozen=True)
class _Stored:
    """An earlier delivery of a message id: what answering it again needs."""

    sender: str
    raw_sha256: str
    status: str
    receipt: str
    last_error: str


_PEER, _KEY, _MESSAGE = (m._meta.db_table for m in (Peer, PeerKey, Message))
_STORED_COLUMNS = "m.sender, m.raw_sha256, m.status, m.receipt, m.last_error"
# The peer, its key by kid and an earlier delivery, in one round trip; by hand, as the ORM's
# compile of three queries cost more than the database's answers (decision 0026). Table names
# from the models' metadata; every value a bound parameter.
_KNOWN = (
    f"SELECT p.id, p.status, CAST(k.public_jwk AS TEXT), m.id, {_STORED_COLUMNS} "  # noqa: S608
    f"FROM {_PEER} p LEFT JOIN {_KEY} k ON k.peer_id = p.id AND k.kid = %s "
    f"LEFT JOIN {_MESSAGE} m ON m.direction = %s AND m.message_id = %s "
    "WHERE p.country = %s"
)
_STORED = (
    f"SELECT {_STORED_COLUMNS} FROM {_MESSAGE} m "  # noqa: S608
    "WHERE m.direction = %s AND m.message_id = %s"
)


def _known(country: str, kid: str, message_id: str) -> _Known | None:
    found = sql_rows.rows(_KNOWN, [kid, Direction.IN.value, message_id, country])
    if not found:
        return None
    peer_id, status, jwk, stored_pk, *stored = found[0]
    return _Known(
        int(peer_id),
        str(status),
        json.loads(jwk) if jwk is not None else None,
        _Stored(*stored) if stored_pk is not None else None,
    )


def _verified(raw: str) -> tuple[Envelope, _Known, str]:
    """Check the JWS against the directory; the envelope, what is known of it and its key
    id, or _Refused with the reason."""
    try:
        unverified = signing.split(raw)
    except signing.BadJws as exc:
        raise _Refused(Refusal.MALFORMED, str(exc)) from None
    data = unverified.payload
    message_id = str(data.get("message_id") or "")[:64]
    sender = data.get("sender")
    known = _known(sender, unverified.kid, message_id) if isinstance(sender, str) else None
    if known is None:
        raise _Refused(Refusal.UNKNOWN_SENDER, f"sender {sender!r}", message_id)
    if known.public_jwk is None:
        raise _Refused(Refusal.UNKNOWN_KEY, f"key id {unverified.kid!r}", message_id)
    try:
        key = signing.import_public(known.public_jwk)
    except signing.BadJws:
        raise _Refused(Refusal.UNKNOWN_KEY, f"key id {unverified.kid!r}", message_id) from None
    if not signing.verify(raw, key):
        raise _Refused(Refusal.BAD_SIGNATURE, "", message_id)
    if known.peer_status != PeerStatus.ACTIVE.value:
        raise _Refused(Refusal.SUSPENDED, f"{sender} is suspended", message_id)
    try:
        envelope = Envelope.from_dict(data)
    except DomainValidationError as exc:
        raise _Refused(Refusal.MALFORMED, exc.summary(), message_id) from None
    return envelope, known, unverified.kid


def _check_fresh(envelope: Envelope) -> None:
    if envelope.receiver != node.identity().country:
        raise _Refused(
            Refusal.WRONG_RECEIVER,
            f"addressed to {envelope.receiver}, this node is {node.identity().country}",
            envelope.message_id,
        )
    max_age = dt.timedelta(hours=settings.FOURPILLARS_EXCHANGE_MAX_AGE_HOURS)
    late = freshness(envelope.created, timezone.now(), max_age)
    if late is not None:
        raise _Refused(late, f"created {envelope.created.isoformat()}", envelope.message_id)


def _same(envelope: Envelope, digest: str, found: _Stored | None) -> _Stored | None:
    """The earlier delivery of this message id (same content), or _Refused (other content)."""
    if found is not None and (found.raw_sha256 != digest or found.sender != envelope.sender):
        raise _Refused(Refusal.REPLAY, "", envelope.message_id)
    return found


def _stored(envelope: Envelope, digest: str) -> _Stored | None:
    found = sql_rows.rows(_STORED, [Direction.IN.value, envelope.message_id])
    return _same(envelope, digest, _Stored(*found[0]) if found else None)


def _receipt(
    signer: node.Signer,
    message_id: str,
    digest: str,
    refusal: Refusal | None,
    detail: str,
    at: dt.datetime | None,
) -> str:
    return signer.sign(
        receipt_data(
            message_id=message_id, digest=digest, refusal=refusal, detail=detail, applied_at=at
        )
    )


def _refused(refused: _Refused, digest: str, sender: str, signer: node.Signer) -> _Taken:
    """The answer to a refused message (a signed refusal when its id can be read) and its
    audit row."""
    log.warning("exchange message refused: %s %s", refused.code.value, refused.detail)
    receipt = None
    if refused.message_id:
        receipt = _receipt(signer, refused.message_id, digest, refused.code, refused.detail, None)
    return _Taken(
        Answer(_HTTP[refused.code], receipt, refused.code, refused.detail),
        _refusal_entry(digest, refused.code, refused.detail, refused.message_id, sender),
    )


def _refusal_entry(
    digest: str, code: Refusal, detail: str, message_id: str, sender: str
) -> AuditEvent:
    return audit.entry(
        actor=None,
        operation=Operation.COLLECTION,
        action="refuse_exchange_message",
        target=audit.Target("exchange_message", (message_id or digest)[:40]),
        recipients=[sender] if sender else [],
        after={"code": code.value, "detail": detail[:300], "sha256": digest},
    )


@dataclass
class _Taken:
    """One message after the checks: answered already (a refusal, with its audit row, or a
    repeat), or a new message to store (with the accepting receipt signed)."""

    answer: Answer | None = None
    audit_row: AuditEvent | None = None
    message: Message | None = None
    envelope: Envelope | None = None


def _take(raw: str, signer: node.Signer) -> _Taken:
    """Verify ``raw`` against the directory, find an earlier delivery, check it is fresh; a
    new message comes back built as it will be stored, its accepting receipt signed (so it is
    stored with it in one INSERT)."""
    digest = signing.sha256(raw)
    sender = ""
    try:
        envelope, known, kid = _verified(raw)
        sender = envelope.sender
        found = _same(envelope, digest, known.stored)
        if found is not None:
            return _Taken(_answer_for(found))
        _check_fresh(envelope)
    except _Refused as refused:
        return _refused(refused, digest, sender, signer)
    now = timezone.now()
    message = Message(
        direction=Direction.IN.value,
        message_id=envelope.message_id,
        type=envelope.type.value,
        sender=envelope.sender,
        receiver=envelope.receiver,
        created=envelope.created,
        in_reply_to=envelope.in_reply_to or "",
        purpose=envelope.purpose.value,
        payload=envelope.payload,
        raw=raw,
        raw_sha256=digest,
        kid=kid,
        peer_id=known.peer_id,
        status=MessageStatus.APPLIED.value,
        received_at=now,
        applied_at=now,
        receipt=_receipt(signer, envelope.message_id, digest, None, "", now),
        receipt_verified=True,
        due_date=due_for(envelope.type, envelope.purpose, now.date(), node.identity().country),
    )
    return _Taken(message=message, envelope=envelope)


def _store(taken: _Taken, signer: node.Signer) -> None:
    """Store a new message as received and apply it (inside the post's transaction): its
    answer and audit row set on ``taken``; no answer when the same message id was stored
    meanwhile (another delivery at once won). A handler's refusal rolls back what it did and
    stores the message as refused with an error receipt; a handler that fails leaves nothing
    and answers 500 (the sender tries again)."""
    message, envelope = taken.message, taken.envelope
    assert message is not None and envelope is not None
    fn = handler_for(envelope.type)
    reply = bool(envelope.in_reply_to) and answers(envelope.type)
    refusal, detail = None, ""
    if fn is None and not reply:  # an acknowledgement: one statement, no savepoint
        if not sql_rows.insert_new(message):
            return
    else:
        try:
            with transaction.atomic():
                if not sql_rows.insert_new(message):
                    return
                if reply:
                    mark_answered(Direction.OUT, envelope.in_reply_to or "", timezone.now())
                refusal, detail = _run_handler(message, envelope)
        except Exception:
            log.exception("exchange message %s: applying it failed", envelope.message_id)
            taken.answer = Answer(500)
            return
    if refusal is not None:
        message.status, message.applied_at, message.last_error = (
            MessageStatus.REFUSED.value,
            None,
            detail,
        )
        message.receipt = _receipt(
            signer, envelope.message_id, message.raw_sha256, refusal, detail, None
        )
        sql_rows.update_each(
            Message,
            [
                (
                    message.pk,
                    {
                        "status": message.status,
                        "applied_at": None,
                        "last_error": detail,
                        "receipt": message.receipt,
                    },
                )
            ],
        )
    taken.answer = _answer_for(
        _Stored(message.sender, message.raw_sha256, message.status, message.receipt, detail)
    )
    taken.audit_row = audit.entry(
        actor=None,
        operation=Operation.COLLECTION,
        action="refuse_exchange_message" if refusal else "receive_exchange_message",
        target=audit.Target(
            "exchange_message", str(message.pk), message.case_id, message.person_id
        ),
        legal_basis=envelope.purpose.value,
        recipients=[envelope.sender],
        after={
            "message_id": envelope.message_id,
            "type": envelope.type.value,
            "sha256": message.raw_sha256,
            "status": message.status,
            "detail": detail[:300],
        },
    )


def _run_handler(message: Message, envelope: Envelope) -> tuple[Refusal | None, str]:
    """Run the type's handler in a savepoint: (None, "") when it applied (the case or person
    it linked the message to saved), (INVALID, why) when it refused (its work undone, and
    the message's links as they were)."""
    fn = handler_for(envelope.type)
    if fn is None:
        return None, ""
    try:
        with transaction.atomic():
            fn(message, envelope)
            if message.case_id is not None or message.person_id is not None:
                Message.objects.filter(pk=message.pk).update(
                    case_id=message.case_id, person_id=message.person_id
                )
    except DomainValidationError as exc:
        message.case_id = message.person_id = None
        return Refusal.INVALID, exc.summary()
    return None, ""


def _answer_for(message: _Stored) -> Answer:
    if message.status == MessageStatus.REFUSED.value:
        return Answer(_HTTP[Refusal.INVALID], message.receipt, Refusal.INVALID, message.last_error)
    return Answer(200, message.receipt)


def _receive_all(raws: list[str]) -> list[Answer]:
    """Take each message of one post: checked one by one, then the new ones stored and
    applied, each in a savepoint of its own where it needs one, and every audit row appended,
    in one transaction (one commit and one claim of the audit chain for the post; decision
    0026)."""
    signer = node.signer()
    taken = [_take(raw, signer) for raw in raws]
    new = [t for t in taken if t.message is not None]
    try:
        if new or any(t.audit_row is not None for t in taken):
            with transaction.atomic():
                for t in new:
                    _store(t, signer)
                audit.append([t.audit_row for t in taken if t.audit_row is not None])
    except DatabaseError:
        if len(raws) == 1:
            raise
        # One message the database would not store (nothing of the post was kept): each
        # again on its own, so the others are not held up by it.
        log.exception("exchange post of %d messages failed; taking each alone", len(raws))
        return [_alone(raw) for raw in raws]
    return [
        t.answer if t.answer is not None else _stored_meanwhile(raw, t, signer)
        for raw, t in zip(raws, taken, strict=True)
    ]


def _alone(raw: str) -> Answer:
    try:
        return _receive_all([raw])[0]
    except DatabaseError:
        log.exception("exchange message not stored")
        return Answer(500)


def _stored_meanwhile(raw: str, taken: _Taken, signer: node.Signer) -> Answer:
    """The answer to a message that another delivery at once stored first: its receipt, or a
    refusal if that one had other content."""
    assert taken.envelope is not None and taken.message is not None
    digest = taken.message.raw_sha256
    try:
        found = _stored(taken.envelope, digest)
    except _Refused as refused:
        again = _refused(refused, digest, taken.envelope.sender, signer)
        with transaction.atomic():
            audit.append([again.audit_row] if again.audit_row is not None else [])
        assert again.answer is not None
        return again.answer
    if found is None:
        raise IntegrityError(f"exchange message {taken.envelope.message_id}: not stored")
    return _answer_for(found)


def receive(raw: str) -> Answer:
    """Verify, store and apply one message (a JWS compact string, exactly as received); the
    same message again gets the same receipt and changes nothing. Never raises for bad input:
    every refusal is an answer with its code and an audit row."""
    return _receive_all([raw])[0]


MAX_BATCH = 100  # messages in one post


@dataclass(frozen=True)
class BatchAnswer:
    """The answers to messages posted together, in the order posted: each with its own HTTP
    status, receipt and error, as if posted alone."""

    answers: tuple[Answer, ...]
    status: int = 200

    def body(self) -> dict[str, Any]:
        return {"answers": [{"status": a.status, **a.body()} for a in self.answers]}


def receive_batch(body: str) -> Answer | BatchAnswer:
    """Several messages in one post (a JSON list of JWS compact strings, at most
    ``MAX_BATCH``; decision 0026): each verified, stored, applied, audited and receipted as
    ``receive`` takes one, in one transaction for the post. A body that is not such a list is
    refused as malformed (answered and audited) and nothing in it is read."""
    try:
        raws = json.loads(body)
    except ValueError:
        raws = None
    if (
        not isinstance(raws, list)
        or not 1 <= len(raws) <= MAX_BATCH
        or not all(isinstance(raw, str) for raw in raws)
    ):
        detail = f"body: must be a JSON list of 1 to {MAX_BATCH} JWS compact strings"
        log.warning("exchange batch refused: %s", detail)
        with transaction.atomic():
            audit.append([_refusal_entry(signing.sha256(body), Refusal.MALFORMED, detail, "", "")])
        return Answer(_HTTP[Refusal.MALFORMED], None, Refusal.MALFORMED, detail)
    return BatchAnswer(tuple(_receive_all(raws)))
