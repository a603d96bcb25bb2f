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
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

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
        return {"accepted": self.error is None, "receipt": self.receipt, "error": error}


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


def _sign_receipt(data: dict[str, Any]) -> str:
    return node.sign(data)[0]


def _refusal_audit(
    raw_digest: str, code: Refusal, detail: str, message_id: str, sender: str
) -> None:
    with transaction.atomic():
        audit.record(
            actor=None,
            operation=Operation.COLLECTION,
            action="refuse_exchange_message",
            target=audit.Target("exchange_message", (message_id or raw_digest)[:40]),
            recipients=[sender] if sender else [],
            after={"code": code.value, "detail": detail[:300], "sha256": raw_digest},
        )


def _verified(raw: str) -> tuple[Envelope, Peer, str]:
    """Check the JWS against the directory; the envelope, its peer and its key id, or
    _Refused with the reason."""
    try:
        unverified = signing.split(raw)
    except signing.BadJws as exc:
        raise _Refused(Refusal.MALFORMED, str(exc)) from None
    data = unverified.payload
    message_id = str(data.get("message_id") or "")[:64]
    sender = data.get("sender")
    peer = Peer.objects.filter(country=str(sender)).first() if isinstance(sender, str) else None
    if peer is None:
        raise _Refused(Refusal.UNKNOWN_SENDER, f"sender {sender!r}", message_id)
    key_row = PeerKey.objects.filter(peer=peer, kid=unverified.kid).first()
    if key_row is None:
        raise _Refused(Refusal.UNKNOWN_KEY, f"key id {unverified.kid!r}", message_id)
    if not signing.verify(raw, signing.import_public(key_row.public_jwk)):
        raise _Refused(Refusal.BAD_SIGNATURE, "", message_id)
    if peer.status != PeerStatus.ACTIVE.value:
        raise _Refused(Refusal.SUSPENDED, f"{peer.country} is suspended", message_id)
    try:
        envelope = Envelope.from_dict(data)
    except DomainValidationError as exc:
        raise _Refused(Refusal.MALFORMED, exc.summary(), message_id) from None
    return envelope, peer, unverified.kid


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


def _stored(envelope: Envelope, digest: str) -> Message | None:
    """The earlier delivery of this message id (same content), or _Refused (other content)."""
    found = Message.objects.filter(
        direction=Direction.IN.value, message_id=envelope.message_id
    ).first()
    if found is not None and (found.raw_sha256 != digest or found.sender != envelope.sender):
        raise _Refused(Refusal.REPLAY, "", envelope.message_id)
    return found


def _apply(envelope: Envelope, peer: Peer, kid: str, raw: str, digest: str) -> Message:
    """Store the message as received and apply it, in one transaction; a handler's refusal
    rolls back what it did and stores the message as refused with an error receipt."""
    now = timezone.now()
    me = node.identity()
    with transaction.atomic():
        message = Message.objects.create(
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
            peer=peer,
            status=MessageStatus.APPLIED.value,
            received_at=now,
            due_date=due_for(envelope.type, envelope.purpose, now.date(), me.country),
        )
        if envelope.in_reply_to and answers(envelope.type):
            mark_answered(Direction.OUT, envelope.in_reply_to, now)
        refusal, detail = None, ""
        fn = handler_for(envelope.type)
        try:
            with transaction.atomic():
                if fn is not None:
                    fn(message, envelope)
        except DomainValidationError as exc:
            refusal, detail = Refusal.INVALID, exc.summary()
            message.refresh_from_db()  # forget what the handler set before refusing
        message.status = (MessageStatus.REFUSED if refusal else MessageStatus.APPLIED).value
        message.applied_at = None if refusal else timezone.now()
        message.last_error = detail
        message.receipt = _sign_receipt(
            receipt_data(
                message_id=envelope.message_id,
                digest=digest,
                refusal=refusal,
                detail=detail,
                applied_at=message.applied_at,
            )
        )
        message.receipt_verified = True
        message.save(
            update_fields=[
                "status",
                "applied_at",
                "last_error",
                "receipt",
                "receipt_verified",
                "case",
                "person",
            ]
        )
        audit.record(
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
                "sha256": digest,
                "status": message.status,
                "detail": detail[:300],
            },
        )
    return message


def _answer_for(message: Message) -> Answer:
    if message.status == MessageStatus.REFUSED.value:
        return Answer(_HTTP[Refusal.INVALID], message.receipt, Refusal.INVALID, message.last_error)
    return Answer(200, message.receipt)


def receive(raw: str) -> Answer:
    """Verify, store and apply one message (a JWS compact string, exactly as received); the
    same message again gets the same receipt and changes nothing. Never raises for bad input:
    every refusal is an answer with its code and an audit row."""
    digest = signing.sha256(raw)
    sender = ""
    try:
        envelope, peer, kid = _verified(raw)
        sender = envelope.sender
        found = _stored(envelope, digest)
        if found is not None:
            return _answer_for(found)
        _check_fresh(envelope)
        try:
            return _answer_for(_apply(envelope, peer, kid, raw, digest))
        except IntegrityError:  # the same message delivered twice at once: the first won
            found = _stored(envelope, digest)
            if found is None:
                raise
            return _answer_for(found)
    except _Refused as refused:
        log.warning("exchange message refused: %s %s", refused.code.value, refused.detail)
        _refusal_audit(digest, refused.code, refused.detail, refused.message_id, sender)
        receipt = None
        if refused.message_id:
            receipt = _sign_receipt(
                receipt_data(
                    message_id=refused.message_id,
                    digest=digest,
                    refusal=refused.code,
                    detail=refused.detail,
                    applied_at=None,
                )
            )
        return Answer(_HTTP[refused.code], receipt, refused.code, refused.detail)
