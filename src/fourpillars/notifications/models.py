"""In-app notifications, the record of reminders delivered, and the e-mail outbox.

Written only by ``services/notifications`` and ``services/reminders``, each change in one
transaction with its audit row. A reminder is delivered exactly once per action, kind, due date
and recipient: ``ReminderDelivery`` is unique on those four and is written in the same
transaction as the notification and its outbox row, so a worker stopped at any moment either
delivered all of it or nothing (decision 0017). E-mail leaves through ``OutboundEmail``: sent
after the transaction, then marked sent; its ``key`` is unique and goes out as the Message-ID,
so a resend after a crash between sending and marking is recognisable as the same message.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fourpillars.domain.reminders import NotificationKind, ReminderKind, opens


class Notification(models.Model):
    """Something a user should know, in plain words, with a link to what it concerns. Its
    subject and body hold only what the recipient may see (decided when it was written)."""

    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices())
    subject = models.CharField(max_length=300)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)  # a path in this site, or empty
    # What it concerns (only when its content names the case: never for a hidden one).
    case = models.ForeignKey(
        "register.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        "plans.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header's unread count and the notifications page, newest first.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def kind_label(self) -> str:
        return NotificationKind.labels().get(self.kind, self.kind)

    @property
    def opens(self) -> str:
        """What its button says: what the link opens (the meeting, the minutes, the action)."""
        return opens(self.kind)


class ReminderDelivery(models.Model):
    """A reminder delivered: unique per action, kind, due date and recipient, so it is
    delivered once however often the scan runs (a changed due date is a new reminder)."""

    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices())
    due = models.DateField()
    recipient = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="delivery"
    )
    delivered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due", "recipient"], name="reminder_once"
            )
        ]


class OutboundEmail(models.Model):
    """An e-mail waiting to be sent, or sent (the outbox): written with the notification,
    sent after commit by the worker, marked sent afterwards."""

    key = models.CharField(max_length=100, unique=True)  # idempotency key, the Message-ID
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # A worker that takes a message leases it until ``claimed_until``; another may take it
    # after that (the first died between taking and marking).
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "id"], name="outbox_pending")]
