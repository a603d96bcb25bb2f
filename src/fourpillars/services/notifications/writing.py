"""Writing a notification: the in-app row and, for a recipient with an e-mail address, its
outbox row, both in the caller's transaction (the caller audits what it sends)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection

from fourpillars.domain.reminders import NotificationKind
from fourpillars.notifications.models import Notification, OutboundEmail

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.plans.models import Action
    from fourpillars.register.models import Case

SUBJECT_MAX = 300


def absolute_link(path: str) -> str:
    """A path of this site as a full address for an e-mail (``FOURPILLARS_SITE_URL``)."""
    return f"{settings.FOURPILLARS_SITE_URL}{path}" if path else ""


def email_body(body: str, link: str) -> str:
    """The e-mail's text: the notification's words, where to see it, and how to stop."""
    where = f"\n\nOpen it in Four Pillars: {absolute_link(link)}" if link else ""
    return (
        f"{body}{where}\n\nThis message was sent by Four Pillars. Your notifications are at "
        f"{absolute_link('/notifications/')}."
    )


def write_notification(
    *,
    recipient: User,
    kind: NotificationKind,
    subject: str,
    body: str,
    link: str = "",
    case: Case | None = None,
    action: Action | None = None,
    email: tuple[str, str] | None = None,
) -> Notification:
    """The notification, and its e-mail (subject and text, which may say less than the
    notification) in the outbox when the recipient has an address (keyed by the notification,
    so it is one message however often it is sent); must run inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("write_notification must run inside the caller's transaction")
    subject = subject[:SUBJECT_MAX]
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind.value,
        subject=subject,
        body=body,
        link=link,
        case=case,
        action=action,
    )
    if email and recipient.email:
        OutboundEmail.objects.create(
            key=f"notification-{notification.pk}",
            notification=notification,
            to=recipient.email,
            subject=email[0][:SUBJECT_MAX],
            body=email_body(email[1], link),
        )
    return notification
