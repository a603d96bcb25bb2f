"""The envelope of a message between national nodes (decision 0020; [FD-2009-315] Art.4, 6,
7 for the ECRIS messages, beyond ECRIS for risk information and supervision transfers).

Every message is one JSON object: a message id, its type, the sender and receiver (ISO 3166
alpha-2 country codes of the nodes), when it was created, what it answers (``in_reply_to``),
the purpose it is sent for, and the payload whose shape depends on the type
(``domain/exchange/content.py``). The envelope is signed as a whole (JWS, RFC 7515/8037), so
the purpose and the addressee are covered by the signature too.

``Envelope.from_dict`` parses, it does not judge: it refuses what cannot be an envelope (a
missing or malformed field, named), while whether a message is addressed to this node, fresh
enough or a replay is decided by the inbox (``domain/exchange/transport.py``).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Collector
from ..vocabulary import Vocabulary


class MessageType(Vocabulary):
    """What a message is ([FD-2009-315] Art.4, 6, 7 and the ECRIS technical messages; beyond
    ECRIS: risk notification, supervision transfer [FD-2008-947], withdrawal; and between the
    nodes themselves, a checkpoint of the sender's audit trail for the receiver to witness,
    decision 0027)."""

    CONVICTION_NEW = "conviction_new", "Notification of a new conviction"
    CONVICTION_UPDATE = "conviction_update", "Update of a notified conviction"
    CONVICTION_DELETION = "conviction_deletion", "Deletion of a notified conviction"
    RECORD_REQUEST = "record_request", "Request for criminal-record information"
    RECORD_RESPONSE = "record_response", "Response to a criminal-record request"
    IDENTIFICATION_REQUEST = (
        "identification_request",
        "Request for additional information to identify the person",
    )
    DELAY_NOTICE = "delay_notice", "Notice of delay"
    ACKNOWLEDGEMENT = "acknowledgement", "Technical acknowledgement"
    ERROR = "error", "Error"
    RISK_NOTIFICATION = "risk_notification", "Risk notification"
    SUPERVISION_TRANSFER_REQUEST = (
        "supervision_transfer_request",
        "Request to transfer supervision",
    )
    SUPERVISION_TRANSFER_RESPONSE = (
        "supervision_transfer_response",
        "Answer to a supervision transfer request",
    )
    WITHDRAWAL = "withdrawal", "Withdrawal of a message sent earlier"
    AUDIT_CHECKPOINT = "audit_checkpoint", "Audit trail checkpoint to witness"


class Purpose(Vocabulary):
    """Why a message is sent; received data may only be used for compatible purposes
    ([FD-2009-315] Art.7, 9; [LED-2016] Art.4(2))."""

    CRIMINAL_PROCEEDINGS = "criminal_proceedings", "Criminal proceedings"
    OTHER_LAWFUL_PURPOSE = "other_lawful_purpose", "Another lawful purpose"
    WORK_WITH_CHILDREN = "work_with_children", "Work with children"
    OWN_REQUEST = "own_request", "The person's own request"
    PUBLIC_PROTECTION = "public_protection", "Public protection (risk information)"
    SUPERVISION = "supervision", "Supervision of a probation measure (FD 2008/947)"


COUNTRY = re.compile(r"^[A-Z]{2}$")
MESSAGE_ID_MAX = 64
FIELDS = (
    "message_id",
    "type",
    "sender",
    "receiver",
    "created",
    "in_reply_to",
    "purpose",
    "payload",
)


@dataclass(frozen=True)
class Envelope:
    """One message as signed and sent: who to whom, when, why, what it answers and its
    content (``payload``, checked per type by ``content.parse_payload``)."""

    message_id: str
    type: MessageType
    sender: str
    receiver: str
    created: dt.datetime
    purpose: Purpose
    payload: dict[str, Any] = field(default_factory=dict)
    in_reply_to: str | None = None

    @classmethod
    def from_dict(cls, data: object) -> Envelope:
        """Parse a decoded JSON envelope; DomainValidationError names every bad field."""
        errors = Collector()
        if not isinstance(data, Mapping):
            errors.add("envelope", "must be a JSON object")
            errors.raise_if_any()
            raise AssertionError  # pragma: no cover (raise_if_any raised)
        message_id = _uuid(data.get("message_id"), "message_id", errors)
        kind = _choice(MessageType, data.get("type"), "type", errors)
        sender = _country(data.get("sender"), "sender", errors)
        receiver = _country(data.get("receiver"), "receiver", errors)
        created = _aware(data.get("created"), "created", errors)
        purpose = _choice(Purpose, data.get("purpose"), "purpose", errors)
        reply = data.get("in_reply_to")
        if reply is not None:
            reply = _uuid(reply, "in_reply_to", errors)
        payload = data.get("payload")
        if not isinstance(payload, Mapping):
            errors.add("payload", "must be a JSON object")
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            errors.add(unknown[0], "is not a field of the envelope")
        errors.raise_if_any()
        assert kind is not None and purpose is not None and created is not None
        assert isinstance(payload, Mapping)
        return cls(
            message_id=message_id,
            type=MessageType(kind),
            sender=sender,
            receiver=receiver,
            created=created,
            purpose=Purpose(purpose),
            payload=dict(payload),
            in_reply_to=reply or None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The envelope as JSON-ready values (``created`` in UTC, ISO 8601)."""
        return {
            "message_id": self.message_id,
            "type": self.type.value,
            "sender": self.sender,
            "receiver": self.receiver,
            "created": self.created.astimezone(dt.UTC).isoformat(),
            "in_reply_to": self.in_reply_to,
            "purpose": self.purpose.value,
            "payload": self.payload,
        }


def new_message_id() -> str:
    """A fresh random message id (UUID 4)."""
    return str(uuid.uuid4())


def _uuid(value: object, name: str, errors: Collector) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.add(name, "is required (a UUID)")
        return ""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        errors.add(name, "must be a UUID such as 3f2b6c1e-8a4d-4f7e-9c1a-2b3c4d5e6f70")
        return ""


def _choice(
    kind: type[MessageType] | type[Purpose], value: object, name: str, errors: Collector
) -> str | None:
    allowed = [m.value for m in kind]
    if not isinstance(value, str) or value not in allowed:
        errors.add(name, "must be one of " + ", ".join(allowed))
        return None
    return value


def _country(value: object, name: str, errors: Collector) -> str:
    if not isinstance(value, str) or not COUNTRY.match(value):
        errors.add(name, "must be a two-letter country code in capitals, such as NL")
        return ""
    return value


def _aware(value: object, name: str, errors: Collector) -> dt.datetime | None:
    if not isinstance(value, str):
        errors.add(name, "is required (an ISO 8601 date and time with its offset)")
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        errors.add(name, "must be an ISO 8601 date and time such as 2026-12-03T10:00:00+00:00")
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        errors.add(name, "must carry its offset from UTC (such as +00:00)")
        return None
    return parsed
