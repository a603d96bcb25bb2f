"""The inbox handlers of received information (decision 0023), registered with
``services.exchange.inbox.handler`` and imported by ``services/exchange/handlers.py``. Each
runs inside the inbox's one transaction; a DomainValidationError refuses the message and
nothing is applied."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.exchange import content, deadlines
from fourpillars.domain.exchange.envelope import Envelope, MessageType
from fourpillars.exchange.models import Message
from fourpillars.services.exchange.inbox import handler

from . import receiving


def origin_of(message: Message, envelope: Envelope) -> receiving.Origin:
    """The message's origin as the received item keeps it."""
    return receiving.Origin(
        message_id=envelope.message_id,
        type=envelope.type.value,
        sender=envelope.sender,
        purpose=envelope.purpose.value,
        received_at=message.received_at or timezone.now(),
        in_reply_to=envelope.in_reply_to or "",
    )


def _due_date(message: Message, envelope: Envelope) -> dt.date | None:
    """The reply's due date: the inbox's, else worked out here in this state's working days
    ([FD-2009-315] Art.8 through ``domain.exchange.deadlines``)."""
    if message.due_date is not None:
        return message.due_date
    received = timezone.localdate(message.received_at or timezone.now())
    return deadlines.due_for(envelope.type, envelope.purpose, received, envelope.receiver)


def _parsed(envelope: Envelope) -> object:
    """The payload as typed content (DomainValidationError names each bad field)."""
    return content.parse_payload(envelope.type, envelope.payload)


@handler(MessageType.CONVICTION_NEW)
@handler(MessageType.CONVICTION_UPDATE)
@handler(MessageType.CONVICTION_DELETION)
def on_conviction(message: Message, envelope: Envelope) -> None:
    parsed = _parsed(envelope)
    assert isinstance(
        parsed, content.ConvictionNew | content.ConvictionUpdate | content.ConvictionDeletion
    )
    receiving.receive_conviction(origin_of(message, envelope), envelope.payload, parsed)


@handler(MessageType.RISK_NOTIFICATION)
def on_risk_notification(message: Message, envelope: Envelope) -> None:
    parsed = _parsed(envelope)
    assert isinstance(parsed, content.RiskNotification)
    receiving.receive_risk_notification(origin_of(message, envelope), envelope.payload, parsed)


@handler(MessageType.WITHDRAWAL)
def on_withdrawal(message: Message, envelope: Envelope) -> None:
    parsed = _parsed(envelope)
    assert isinstance(parsed, content.Withdrawal)
    receiving.receive_withdrawal(origin_of(message, envelope), parsed)


@handler(MessageType.RECORD_REQUEST)
def on_record_request(message: Message, envelope: Envelope) -> None:
    parsed = _parsed(envelope)
    assert isinstance(parsed, content.RecordRequest)
    receiving.receive_record_request(
        origin_of(message, envelope), envelope.payload, parsed, _due_date(message, envelope)
    )


@handler(MessageType.RECORD_RESPONSE)
@handler(MessageType.IDENTIFICATION_REQUEST)
@handler(MessageType.DELAY_NOTICE)
def on_request_answer(message: Message, envelope: Envelope) -> None:
    parsed = _parsed(envelope)
    assert isinstance(
        parsed, content.RecordResponse | content.IdentificationRequest | content.DelayNotice
    )
    try:
        receiving.receive_request_answer(origin_of(message, envelope), envelope.payload, parsed)
    except IllegalTransition as exc:
        raise DomainValidationError.single("type", str(exc)) from None
