"""The caller's own notifications (decision 0017): listed a page at a time, newest first, with
the unread count; marked read one at a time or all at once. Another user's notification is
404, like a missing one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Query

from fourpillars.notifications.models import Notification
from fourpillars.services import notifications as services

from .auth import actor
from .cases import READ_ERRORS, WRITE_ERRORS
from .paging import envelope, page_param, size_param

router = Router(tags=["notifications"])


def notification_out(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "subject": n.subject,
        "body": n.body,
        "link": n.link or None,
        "case_id": n.case_id,
        "action_id": n.action_id,
        "created_at": n.created_at.isoformat(),
        "read_at": n.read_at.isoformat() if n.read_at else None,
    }


@router.get("/me/notifications", response={200: dict[str, Any], **READ_ERRORS})
def list_notifications(
    request: HttpRequest,
    unread: bool = Query(False, description="only the unread ones"),
    page: int = page_param(),
    page_size: int = size_param(25),
) -> dict[str, Any]:
    """Your notifications, newest first, and how many are unread (audited)."""
    user = actor(request)
    found = services.list_notifications(
        actor=user, page=page, page_size=page_size, unread_only=unread
    )
    return {**envelope(found, notification_out), "unread": services.unread_count(user)}


@router.post(
    "/me/notifications/{notification_id}/read", response={200: dict[str, Any], **WRITE_ERRORS}
)
def mark_read(request: HttpRequest, notification_id: str) -> dict[str, Any]:
    """Mark one of your notifications read (404 for anyone else's)."""
    return notification_out(
        services.mark_read(actor=actor(request), notification_id=notification_id)
    )


@router.post("/me/notifications/read-all", response={200: dict[str, Any], **WRITE_ERRORS})
def mark_all_read(request: HttpRequest) -> dict[str, Any]:
    """Mark every unread notification of yours read; says how many."""
    return {"marked_read": services.mark_all_read(actor=actor(request))}
