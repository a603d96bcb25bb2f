"""Information received from other states (decision 0023): foreign convictions, risk
notifications and requests for a person's criminal record.

Each row keeps its origin (the sender state, the message id, when it arrived and the purpose
it was sent for), the content exactly as sent, and the person it names as sent. A person
confirms who it concerns (``person``), or says nobody here matches; until then it waits in a
queue with its candidates (``candidates``: the scored reasons of ``domain.matching_foreign``).
A withdrawal hides the content from practitioners and records why; nothing is deleted. The
rules live in ``domain/received.py``; every change goes through
``services/exchange_received/`` with its audit row in the same transaction.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from fourpillars.domain.received import MatchStatus, RequestState


class Received(models.Model):
    """What every received item has: its origin, the person as sent, the match and the
    withdrawal."""

    message_id = models.CharField(max_length=64)  # the message that brought it (the latest)
    sender = models.CharField(max_length=2)  # ISO country code of the sending state
    received_at = models.DateTimeField(default=timezone.now)
    purpose = models.CharField(max_length=40)  # what it was sent for (envelope purpose)
    identity = models.JSONField(default=dict)  # the person as sent: names, birth, identifiers
    status = models.CharField(
        max_length=12, choices=MatchStatus.choices(), default=MatchStatus.AWAITING.value
    )
    candidates = models.JSONField(default=list)  # [{person_id, score, reasons, rule_version}]
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    matched_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    matched_at = models.DateTimeField(null=True, blank=True)
    match_reason = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    withdrawal_message_id = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ForeignConviction(Received):
    """A conviction another state notified ([FD-2009-315] Art.4: new, update, deletion), one
    row per conviction (the sender's ``conviction_ref``); ``content`` is the latest as sent and
    ``history`` every earlier version with the message that brought it. A deletion marks it
    ``deleted`` (kept, hidden, as the sender's register no longer holds it: Art.5 mirroring)."""

    conviction_ref = models.CharField(max_length=100)
    content = models.JSONField(default=dict)
    history = models.JSONField(default=list)  # [{message_id, type, received_at, content}]
    deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Pulled from the content for the register's reads (the rescoring's convictions).
    date = models.DateField(null=True, blank=True)
    ecris_code = models.CharField(max_length=7, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "conviction_ref"], name="foreign_conviction_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="fconv_status"),
            models.Index(fields=["person", "status"], name="fconv_person"),
            models.Index(fields=["message_id"], name="fconv_message"),
        ]

    def __str__(self) -> str:
        return f"Conviction {self.conviction_ref} from {self.sender}"


class ReceivedRiskNotification(Received):
    """Risk information another state sent about a person travelling to or settling here
    (decision 0023): it waits for the receiving area's co-ordinator (``area``: the address's
    area if known, else the configured default), who matches it to a person and their case,
    or opens a case for them (``case``)."""

    content = models.JSONField(default=dict)
    area = models.ForeignKey(  # none: a node without areas; the operator's queue alone
        "accounts.Area", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "message_id"], name="risk_notice_once")
        ]
        indexes = [
            models.Index(fields=["area", "status"], name="rnotice_area_status"),
            models.Index(fields=["case"], name="rnotice_case"),
        ]

    def __str__(self) -> str:
        return f"Risk notification {self.message_id} from {self.sender}"


class RecordRequest(models.Model):
    """A request for a person's criminal record ([FD-2009-315] Art.6-8): ``incoming`` from
    another state's central authority (answered here by the exchange operator, by its
    ``due_date`` in this state's working days), or outgoing (asked by our operator, with the
    response when it comes)."""

    incoming = models.BooleanField()
    message_id = models.CharField(max_length=64)
    peer = models.CharField(max_length=2)  # the other state
    purpose = models.CharField(max_length=40)
    reason = models.TextField(blank=True)
    identity = models.JSONField(default=dict)  # the person as the request names them
    content = models.JSONField(default=dict)  # the request as sent
    state = models.CharField(
        max_length=20, choices=RequestState.choices(), default=RequestState.TO_ANSWER.value
    )
    at = models.DateTimeField(default=timezone.now)  # received (incoming) or sent (outgoing)
    due_date = models.DateField(null=True, blank=True)
    candidates = models.JSONField(default=list)
    person = models.ForeignKey(
        "register.Person", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=20, blank=True)  # AnswerKind (the latest)
    answer_note = models.TextField(blank=True)
    answers = models.JSONField(default=list)  # [{kind, at, message_id, note}] in order
    response = models.JSONField(default=dict)  # outgoing: the response as received
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incoming", "peer", "message_id"], name="record_request_once"
            )
        ]
        indexes = [models.Index(fields=["incoming", "state", "due_date"], name="rreq_state")]
        # An outgoing request is answered by a response whose in_reply_to is its message id.

    def __str__(self) -> str:
        return f"Record request {self.message_id} ({'in' if self.incoming else 'out'})"


# Items that wait for someone: not matched, not withdrawn.
WAITING = Q(status=MatchStatus.AWAITING.value, withdrawn_at__isnull=True)
