"""Referrals to level 2 or 3 (MAPPA A), transfers of a case between areas, and possible
duplicates across areas (decision 0018).

Each belongs to a case (a possible duplicate to two) and is read only through the one
access-scoped case query, or by the co-ordinator of an area it concerns. The rules live in
``domain/referrals.py``, ``domain/transfers.py`` and ``domain/duplicates.py``; every change
goes through ``services/referrals/`` with its audit row in the same transaction.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from fourpillars.domain.duplicates import DuplicateStatus
from fourpillars.domain.referrals import ReferralStatus
from fourpillars.domain.transfers import TransferStatus


class Referral(models.Model):
    """A referral for level 2 or 3 management with the MAPPA A content ([MAPPA-G-2012]), and
    its screening: accepted through a recorded level decision, or declined with the reason
    returned to the referrer (who marks it read: ``outcome_seen_at``)."""

    case = models.ForeignKey("register.Case", on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices(), default=ReferralStatus.OPEN.value
    )
    reason = models.TextField()
    current_risk = models.TextField()
    cannot_manage = models.TextField()
    proposed_level = models.PositiveSmallIntegerField()
    level_at_referral = models.PositiveSmallIntegerField()
    referred_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    referring_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    screened_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    decided_level = models.PositiveSmallIntegerField(null=True, blank=True)
    screening_reason = models.TextField(blank=True)
    level_decision = models.ForeignKey(
        "assessments.LevelDecision",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    outcome_seen_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="open"), name="one_open_referral"
            )
        ]
        indexes = [
            models.Index(fields=["status", "referred_at"], name="referral_status_age"),
            models.Index(fields=["referred_by", "status"], name="referral_referrer"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.status})"


class Transfer(models.Model):
    """A request that another area take the case over, and its decision. On acceptance the
    case's lead agency and area change, the old lead agency keeps a share until
    ``access_ends_at`` (``handover_share``) and the old area's co-ordinator sees the case until
    then (``Case.handover_area``, ``Case.handover_until``)."""

    case = models.ForeignKey("register.Case", on_delete=models.PROTECT, related_name="transfers")
    status = models.CharField(
        max_length=12, choices=TransferStatus.choices(), default=TransferStatus.REQUESTED.value
    )
    from_area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="+")
    from_lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    to_area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="+")
    proposed_lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    handover_note = models.TextField(blank=True)
    access_ends_at = models.DateTimeField(null=True, blank=True)
    handover_share = models.ForeignKey(
        "register.CaseShare", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    outcome_seen_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="requested"), name="one_pending_transfer"
            )
        ]
        indexes = [
            models.Index(fields=["to_area", "status"], name="transfer_to_area"),
            models.Index(fields=["requested_by", "status"], name="transfer_requester"),
        ]

    def __str__(self) -> str:
        return f"Transfer {self.pk} ({self.status})"


class DuplicateFlag(models.Model):
    """Two open cases in different areas that may be one person (``case_a`` has the lower
    id), why (``reasons``: identity only) under which rule, and its resolution."""

    case_a = models.ForeignKey("register.Case", on_delete=models.PROTECT, related_name="+")
    case_b = models.ForeignKey("register.Case", on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list)  # [{kind, text}]
    rule_version = models.CharField(max_length=60)
    status = models.CharField(
        max_length=20, choices=DuplicateStatus.choices(), default=DuplicateStatus.OPEN.value
    )
    detected_at = models.DateTimeField(default=timezone.now)
    detected_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    resolved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case_a", "case_b"], name="one_flag_per_pair"),
            models.CheckConstraint(condition=Q(case_a__lt=models.F("case_b")), name="flag_order"),
        ]
        indexes = [models.Index(fields=["status"], name="duplicate_status")]

    def __str__(self) -> str:
        return f"Possible duplicate {self.pk} ({self.status})"
