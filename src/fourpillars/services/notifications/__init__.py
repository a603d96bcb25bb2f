"""In-app notifications and the e-mail outbox (decision 0017): writing a notification with its
e-mail in the caller's transaction, a user's own notifications (listed, counted, marked read),
and sending what waits in the outbox.
"""

from __future__ import annotations

from .inbox import (
    list_notifications,
    mark_all_read,
    mark_read,
    own_notification,
    unread_count,
)
from .outbox import SendResult, send_pending_email
from .writing import absolute_link, write_notification

__all__ = [
    "SendResult",
    "absolute_link",
    "list_notifications",
    "mark_all_read",
    "mark_read",
    "own_notification",
    "send_pending_email",
    "unread_count",
    "write_notification",
]
