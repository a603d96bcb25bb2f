"""The node's keys, its directory of peer nodes and the messages it sent and received
(decision 0020).

The node's identity (country, name) comes from settings; its private signing keys are files
under ``FOURPILLARS_NODE_KEY_DIR``, never in the database: ``NodeKey`` holds only each key's id
and public JWK, so old signatures stay verifiable after a rotation. ``Peer`` and ``PeerKey``
are the directory. ``Message`` is both the outbox (direction ``out``, written in the
transaction of the change that causes it) and the inbox (direction ``in``, the JWS kept
exactly as received). Every change goes through ``services/exchange`` with its audit row.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from fourpillars.domain.exchange.deadlines import DeadlineState, deadline_state
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.exchange.transport import Direction, MessageStatus, PeerStatus


class NodeKey(models.Model):
    """One of this node's Ed25519 signing keys: its id (the RFC 7638 thumbprint) and public
    JWK. The newest key not retired signs; retired ones stay published to verify old
    signatures."""

    kid = models.CharField(max_length=100, unique=True)
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.kid


class Peer(models.Model):
    """Another national node in the directory: who it is, where its inbox is and whether its
    messages are accepted (suspended: refused both ways)."""

    country = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=200)
    central_authority = models.CharField(max_length=300, blank=True)
    inbox_url = models.URLField(max_length=500)
    status = models.CharField(
        max_length=12, choices=PeerStatus.choices(), default=PeerStatus.ACTIVE.value
    )
    added_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["country"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def status_label(self) -> str:
        return PeerStatus.labels().get(self.status, self.status)


class PeerKey(models.Model):
    """A peer's public key as published in its JWKS, by key id; kept after the peer rotates
    so its old messages and receipts stay verifiable."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="keys")
    kid = models.CharField(max_length=100)
    public_jwk = models.JSONField()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["peer", "-added_at"]
        constraints = [models.UniqueConstraint(fields=["peer", "kid"], name="peer_key_once")]

    def __str__(self) -> str:
        return f"{self.peer.country} {self.kid}"


class Message(models.Model):
    """One message sent or received: its envelope's fields, the JWS exactly as signed or
    received (``raw``), where it stands, and the receiver's signed receipt. Outgoing rows are
    the outbox (``next_attempt_at``, ``attempts``, ``claimed_until`` for the workers);
    incoming rows are unique by message id, so a second delivery finds the first."""

    direction = models.CharField(max_length=3, choices=Direction.choices())
    message_id = models.CharField(max_length=64)
    type = models.CharField(max_length=40, choices=MessageType.choices())
    sender = models.CharField(max_length=2)
    receiver = models.CharField(max_length=2)
    created = models.DateTimeField()
    in_reply_to = models.CharField(max_length=64, blank=True, default="")
    purpose = models.CharField(max_length=40, choices=Purpose.choices())
    payload = models.JSONField(default=dict)
    raw = models.TextField()  # the JWS compact serialisation, exactly as sent or received
    raw_sha256 = models.CharField(max_length=64)
    kid = models.CharField(max_length=100, blank=True)  # the key that signed it
    peer = models.ForeignKey(
        Peer, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    status = models.CharField(max_length=12, choices=MessageStatus.choices())
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    receipt = models.TextField(blank=True)  # the receiver's signed receipt (a JWS)
    receipt_verified = models.BooleanField(default=False)
    received_at = models.DateTimeField(null=True, blank=True)  # in: arrived; out: receipt came
    applied_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)  # a request: its answer sent
    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "message_id"], name="message_once_per_direction"
            )
        ]
        indexes = [
            models.Index(fields=["direction", "status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["peer", "direction", "status"], name="message_peer"),
            models.Index(fields=["in_reply_to"], name="message_reply"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.type} {self.message_id}"

    @property
    def type_label(self) -> str:
        return MessageType.labels().get(self.type, self.type)

    @property
    def purpose_label(self) -> str:
        return Purpose.labels().get(self.purpose, self.purpose)

    @property
    def status_label(self) -> str:
        return MessageStatus.labels().get(self.status, self.status)

    @property
    def direction_label(self) -> str:
        return Direction.labels().get(self.direction, self.direction)

    def deadline(self, today: dt.date | None = None) -> DeadlineState | None:
        """Where this request stands against its due date (None: no answer owed)."""
        if self.due_date is None:
            return None
        answered = timezone.localdate(self.answered_at) if self.answered_at else None
        return deadline_state(self.due_date, answered, today or timezone.localdate())


class WitnessedCheckpoint(models.Model):
    """A checkpoint of a peer's audit trail that this node witnesses (decision 0027): the
    peer's signed JWS exactly as received, what it signs (checkpoint number, row count, last
    hash, time) and the message it came in. One per peer and number; a different checkpoint
    with a number already held is refused, so two histories cannot both be witnessed. Given
    back to the peer when it checks its trail (``POST /exchange/checkpoints/``). ``kind`` says
    whether it is a checkpoint or a restore marker (the peer restored a backup; ``count`` and
    ``head`` are then those of the restored log), since a marker may sign fewer rows than the
    entry before it."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="checkpoints")
    kind = models.CharField(
        max_length=20,
        choices=[("audit_checkpoint", "Checkpoint"), ("audit_restore", "Restore marker")],
        default="audit_checkpoint",
    )
    seq = models.BigIntegerField()
    count = models.BigIntegerField()
    head = models.CharField(max_length=64)
    signed_at = models.CharField(max_length=40)
    jws = models.TextField()
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["peer", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "seq"], name="witnessed_checkpoint_once")
        ]

    def __str__(self) -> str:
        return f"{self.peer.country} checkpoint {self.seq}"
