"""The node operator's actions on messages (decision 0020): test the link to a peer (a
technical acknowledgement that carries no personal data), and send a dead letter, or a
message the peer refused, again. The same signed bytes go again (never re-signed or re-numbered:
as e-CODEX does), so the receiver still applies it at most once. Audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import IllegalTransition
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.exchange.transport import Direction, MessageStatus
from fourpillars.exchange.models import Message
from fourpillars.services import audit

from .operators import require_operator
from .outbox import enqueue, wake
from .reads import get_message

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

RESENDABLE = {MessageStatus.DEAD.value, MessageStatus.FAILED.value}


def resend(*, actor: User | None, pk: object) -> Message:
    """Queue a dead or refused outgoing message again, attempts from zero; IllegalTransition
    for any other."""
    require_operator(actor)
    with transaction.atomic():
        message = get_message(pk)
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.direction != Direction.OUT.value or message.status not in RESENDABLE:
            raise IllegalTransition(
                "Only a sent message that was not delivered (a dead letter, or one the "
                "receiver refused) can be sent again."
            )
        before = {"status": message.status, "attempts": message.attempts}
        message.status = MessageStatus.QUEUED.value
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.claimed_until = None
        message.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_until"])
        audit.record(
            actor=actor,
            operation=Operation.DISCLOSURE,
            action="resend_exchange_message",
            target=audit.Target(
                "exchange_message", str(message.pk), message.case_id, message.person_id
            ),
            recipients=[message.receiver],
            before=before,
            after={"status": message.status},
        )
        transaction.on_commit(wake)
    return message


def ping(*, actor: User | None, country: str) -> Message:
    """Send a technical acknowledgement with no personal data to ``country`` (to test the link:
    its receipt says the peer verified and took it)."""
    require_operator(actor)
    with transaction.atomic():
        return enqueue(
            actor=actor,
            type=MessageType.ACKNOWLEDGEMENT,
            receiver=str(country).upper(),
            purpose=Purpose.OTHER_LAWFUL_PURPOSE,
            payload={"ping": True, "note": "Link test from the node operator"},
        )
