"""SOA 2003 Part 2 notification records, risk notifications proposed when a person travels
abroad, and requests to transfer supervision of a probation measure (decision 0022).

The rules live in ``domain/soa``; every change goes through ``services/soa`` in one
transaction with its audit row (and, once approved, its outgoing message).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fourpillars.domain.soa.proposals import LawfulBasis, Status
from fourpillars.domain.soa.requirements import Kind, Travel
from fourpillars.domain.soa.transfers import TransferStatus


class Registration(models.Model):
    """A case's notification state: the release date (the initial notification runs from it
    when later than the conviction), no fixed abode, and the next date a notification falls
    due, kept by ``services.soa`` (a read model, so the caseload's "Notification missed" tag
    is one indexed condition)."""

    case = models.OneToOneField("register.Case", on_delete=models.CASCADE, related_name="soa")
    release_date = models.DateField(null=True, blank=True)
    no_fixed_abode = models.BooleanField(default=False)
    next_due = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=60, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["next_due", "case"], name="soa_next_due")]


class Notification(models.Model):
    """One notification made by the person to the police ([SOA-2003] ss.83-86): initial,
    annual, a change (what changed and when), foreign travel (every trip: departure and return,
    destinations, addresses abroad, how), or weekly with no fixed abode."""

    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, related_name="soa_notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices())
    notified_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)  # where it was made (police station)
    changed_on = models.DateField(null=True, blank=True)
    changes = models.JSONField(default=list, blank=True)  # Change values
    details = models.TextField(blank=True)
    departs = models.DateField(null=True, blank=True)
    returns = models.DateField(null=True, blank=True)
    destinations = models.JSONField(default=list, blank=True)  # ISO 3166-1 alpha-2 codes
    addresses_abroad = models.TextField(blank=True)
    travel_means = models.CharField(max_length=10, choices=Travel.choices(), blank=True)
    move_abroad = models.BooleanField(default=False)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-notified_on", "-id"]
        indexes = [models.Index(fields=["case", "notified_on"], name="soa_notification_case")]

    @property
    def kind_label(self) -> str:
        return Kind.labels().get(self.kind, self.kind)


class RiskNotification(models.Model):
    """A risk notification to another state: proposed from a travel notification, reviewed
    (what is included, what is left out and why), submitted, and approved or declined by a
    manager other than its author with a recorded decision; the approval writes the outgoing
    message in the same transaction. Once approved it can be withdrawn, with its reason: the
    withdrawal message tells the receiving state to stop using it (none when no node was
    connected: the state is told by the channel used)."""

    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, related_name="risk_notifications"
    )
    notification = models.ForeignKey(
        Notification, on_delete=models.PROTECT, related_name="proposals", null=True, blank=True
    )
    destination = models.CharField(max_length=2)
    status = models.CharField(
        max_length=20, choices=Status.choices(), default=Status.PROPOSED.value
    )
    reason = models.CharField(max_length=300)  # why it was proposed
    payload = models.JSONField(default=dict)  # pre-filled content, every section
    included = models.JSONField(default=list)  # Section values
    left_out = models.JSONField(default=dict)  # section -> why it is left out
    holds_until = models.DateField()
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    editors = models.JSONField(default=list, blank=True)  # user ids who reviewed or submitted
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices(), blank=True)
    necessity = models.TextField(blank=True)
    proportionality = models.TextField(blank=True)
    decline_reason = models.TextField(blank=True)
    peer_connected = models.BooleanField(default=False)
    message = models.ForeignKey(
        "exchange.Message", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    withdrawal_message = models.ForeignKey(
        "exchange.Message", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "case"], name="soa_risk_status_case")]

    @property
    def status_label(self) -> str:
        return Status.labels().get(self.status, self.status)


class SupervisionTransfer(models.Model):
    """A request to transfer supervision of a probation measure to the state of the person's
    normal residence ([FD-2008-947]): composed, approved by a second person and sent; the
    answer (accepted, or refused with its reason) arrives by the inbox."""

    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, related_name="supervision_transfers"
    )
    receiver = models.CharField(max_length=2)
    status = models.CharField(
        max_length=12, choices=TransferStatus.choices(), default=TransferStatus.SUBMITTED.value
    )
    measure = models.TextField()
    reason = models.TextField()
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    message = models.ForeignKey(
        "exchange.Message", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    response_reason = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def status_label(self) -> str:
        return TransferStatus.labels().get(self.status, self.status)
