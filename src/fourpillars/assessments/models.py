"""Risk of Serious Harm assessments and instrument results, stored on a case.

The rules live in ``domain/rosh/`` and ``domain/instruments``; every change goes through
``services/assessments.py`` in one transaction with its audit row. Assessment content is a
professional assessment, not fact (DPA 2018 s.38(2)); the UI and exports label it so.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fourpillars.domain.rosh import FactorKind, ScenarioKind, Status


class RoshAssessment(models.Model):
    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, related_name="rosh_assessments"
    )
    status = models.CharField(max_length=20, choices=Status.choices(), default=Status.DRAFT.value)
    # True from the moment the assessment is in force until a newer one supersedes it.
    is_current = models.BooleanField(default=False)
    assessment_date = models.DateField(null=True, blank=True)
    screening_triggers = models.JSONField(default=list, blank=True)
    sentence_months = models.PositiveIntegerField(null=True, blank=True)
    full_analysis_required = models.BooleanField(default=False)
    # Screening's reasons (register triggers and predictor thresholds) as last derived.
    screening_reasons = models.JSONField(default=list, blank=True)
    screening_policy_version = models.CharField(max_length=60, blank=True)
    # None: as screening says; False although screening calls for one: an exemption.
    full_analysis = models.BooleanField(null=True, blank=True)
    exemption_reason = models.TextField(blank=True)
    in_custody = models.BooleanField(default=False)
    ratings = models.JSONField(default=dict, blank=True)
    overall = models.CharField(max_length=20, blank=True)  # overall community rating
    overall_custody = models.CharField(max_length=20, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    formulation = models.TextField(blank=True)
    judgement_reason = models.TextField(blank=True)
    needs_countersignature = models.BooleanField(default=False)
    countersignature_reasons = models.JSONField(default=list, blank=True)
    countersignature_policy_version = models.CharField(max_length=60, blank=True)
    rules_version = models.CharField(max_length=60)
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    author_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    countersigned_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersign_note = models.TextField(blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "is_current"]),
            # What waits for a countersignature: a handful among every assessment ever made
            # (the caseload's "Waiting for me" read it by a full scan: 13 ms on 100,000).
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(
                    status="submitted",
                    needs_countersignature=True,
                    countersigned_at__isnull=True,
                ),
                name="rosh_awaiting_countersign",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(is_current=True), name="one_current_rosh"
            )
        ]

    def __str__(self) -> str:
        return f"RoSH assessment {self.pk} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def exempted(self) -> bool:
        """The full analysis was not done although screening called for one."""
        return self.full_analysis_required and self.full_analysis is False

    @property
    def awaiting_countersignature(self) -> bool:
        """Submitted but not in force: a manager has still to countersign it."""
        return self.status == Status.SUBMITTED and not self.is_current


class Factor(models.Model):
    """A risk or protective factor with its evidence; ``ident`` (rf1, pf2) is what plans cite."""

    assessment = models.ForeignKey(RoshAssessment, on_delete=models.CASCADE, related_name="factors")
    kind = models.CharField(max_length=10, choices=FactorKind.choices())
    ident = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=1000)
    evidence = models.TextField(blank=True)
    source_agency = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "ident"], name="factor_ident_unique")
        ]


class Scenario(models.Model):
    assessment = models.ForeignKey(
        RoshAssessment, on_delete=models.CASCADE, related_name="scenarios"
    )
    ident = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=ScenarioKind.choices())
    description = models.TextField(blank=True)
    victims = models.TextField(blank=True)
    harm = models.TextField(blank=True)
    likelihood = models.CharField(max_length=10, blank=True)
    imminence = models.CharField(max_length=30, blank=True)
    warning_signs = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "ident"], name="scenario_ident_unique")
        ]


class InstrumentResult(models.Model):
    """One scoring, kept with its inputs and the instrument version it was scored with."""

    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, related_name="instrument_results"
    )
    assessment = models.ForeignKey(
        RoshAssessment,
        on_delete=models.CASCADE,
        related_name="instrument_results",
        null=True,
        blank=True,
    )
    instrument = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=40)
    inputs = models.JSONField(default=dict)
    # Which inputs came from the register (field -> where), so nobody re-keys facts.
    from_register = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict)
    score = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=30, blank=True)
    probability_1y = models.FloatField(null=True, blank=True)
    probability_2y = models.FloatField(null=True, blank=True)
    scored_at = models.DateTimeField(default=timezone.now)
    scored_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scored_at", "id"]
        indexes = [models.Index(fields=["case", "scored_at"])]


class LevelDecision(models.Model):
    """A person's decision on the MAPPA level, next to what the rule indicated and why."""

    case = models.ForeignKey(
        "register.Case", on_delete=models.PROTECT, related_name="level_decisions"
    )
    assessment = models.ForeignKey(
        RoshAssessment, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    flags = models.JSONField(default=dict)
    indicated_level = models.PositiveSmallIntegerField()
    indicated_reasons = models.JSONField(default=list)
    rule_version = models.CharField(max_length=40)
    decided_level = models.PositiveSmallIntegerField()
    reason = models.TextField()
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
