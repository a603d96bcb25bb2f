"""Sending the e-mail outbox (decision 0017): at least once, with an idempotency key.

A message is taken by a conditional update that leases it (``claimed_until``), so two workers
never send it at the same time; it is sent through Django's e-mail framework with its key as
the Message-ID, then marked sent with its audit row ([DPA-2018] s.62 disclosure). A worker
that dies after sending and before marking leaves the lease to run out, and the message is
sent again: the one duplicate possible, recognisable by its Message-ID. A failure keeps the
message, with the error, for a later try (backing off), up to ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from fourpillars.domain.audit import Operation
from fourpillars.notifications.models import OutboundEmail
from fourpillars.services import audit

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 10
BATCH = 200


@dataclass(frozen=True)
class SendResult:
    sent: int
    failed: int


def _takeable(now: dt.datetime) -> QuerySet[OutboundEmail]:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return OutboundEmail.objects.filter(free, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)


def _take(pk: int, now: dt.datetime) -> bool:
    """Lease one message to this worker (one conditional UPDATE: only one worker wins)."""
    taken = (
        _takeable(now).filter(pk=pk).update(claimed_until=now + LEASE, attempts=F("attempts") + 1)
    )
    return bool(taken)


def message_id(key: str) -> str:
    """The Message-ID every send of this outbox row carries (its idempotency key)."""
    return f"<{key}@fourpillars.invalid>"


def _send(email: OutboundEmail) -> None:
    EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": message_id(email.key)},
    ).send()


def _mark_sent(email: OutboundEmail) -> None:
    with transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now(), last_error="")
        notification = email.notification
        audit.record(
            actor=None,
            operation=Operation.DISCLOSURE,
            action="send_email",
            target=audit.Target(
                "notification",
                str(email.notification_id or ""),
                notification.case_id if notification else None,
            ),
            recipients=[email.to],
            after={"key": email.key, "subject": email.subject},
        )


def _backoff(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(minutes=2**attempts), dt.timedelta(hours=1))


def send_pending_email(limit: int = BATCH) -> SendResult:
    """Send up to ``limit`` waiting messages, oldest first."""
    now = timezone.now()
    pks = list(_takeable(now).order_by("id").values_list("pk", flat=True)[:limit])
    sent = failed = 0
    for pk in pks:
        if not _take(pk, now):
            continue  # another worker took it
        email = OutboundEmail.objects.select_related("notification").get(pk=pk)
        try:
            _send(email)
        except Exception as exc:  # any transport error: keep it for a later try
            log.warning("e-mail %s not sent: %s", email.key, exc)
            OutboundEmail.objects.filter(pk=pk).update(
                last_error=str(exc)[:500], claimed_until=timezone.now() + _backoff(email.attempts)
            )
            failed += 1
            continue
        _mark_sent(email)
        sent += 1
    return SendResult(sent, failed)
