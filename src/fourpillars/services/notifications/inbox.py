"""A user's own notifications: counted for the header, listed a page at a time (an audited
consultation of the cases they name), and marked read. Nobody reads another's: a notification
of someone else is missing (404) to the caller."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from fourpillars.domain.audit import Operation
from fourpillars.notifications.models import Notification
from fourpillars.services import audit
from fourpillars.services.access import refused_record
from fourpillars.services.errors import NotFound
from fourpillars.services.paging import Page, bounds, offset

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

PAGE_SIZE = 25


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one indexed count)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def list_notifications(
    *, actor: User, page: int = 1, page_size: int = PAGE_SIZE, unread_only: bool = False
) -> Page[Notification]:
    """One page of the actor's notifications, newest first, in two queries (the count and the
    page); audited as one consultation naming the cases the page shows ([DPA-2018] s.62)."""
    page, page_size = bounds(page, page_size)
    mine = Notification.objects.filter(recipient_id=actor.pk)
    if unread_only:
        mine = mine.filter(read_at__isnull=True)
    with transaction.atomic():
        total = mine.count()
        start = offset(page, page_size)
        items = list(mine.order_by("-created_at", "-id")[start : start + page_size])
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_notifications",
            target=audit.Target("notifications", str(actor.pk)),
            record_ids=sorted({n.case_id for n in items if n.case_id is not None}),
        )
    return Page(items, total, page, page_size)


def own_notification(actor: User, notification_id: object) -> Notification:
    """The actor's own notification; NotFound for anyone else's and for a missing one."""
    try:
        pk = int(str(notification_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    found = Notification.objects.filter(pk=pk, recipient_id=actor.pk).first()
    if found is None:  # another's: refused as its case, if that case is hidden from the actor
        raise refused_record(actor, Notification.objects.all(), pk)
    return found


def mark_read(*, actor: User, notification_id: object) -> Notification:
    """Mark one of the actor's notifications read (already read: unchanged, not audited)."""
    with transaction.atomic():
        notification = own_notification(actor, notification_id)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit.record(
                actor=actor,
                operation=Operation.ALTERATION,
                action="mark_notification_read",
                target=audit.Target("notification", str(notification.pk), notification.case_id),
                after={"read": True},
            )
        return notification


def mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    with transaction.atomic():
        changed = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if changed:
            audit.record(
                actor=actor,
                operation=Operation.ALTERATION,
                action="mark_all_notifications_read",
                target=audit.Target("notifications", str(actor.pk)),
                after={"marked_read": changed},
            )
        return int(changed)
