"""Risk management plans (Four Pillars), their actions, and the record of decisions.

A plan belongs to a case and responds to one RoSH assessment; it has versions (draft, active,
superseded) and every version stays readable. Actions cite the assessment's factor identifiers
(rf1, pf2) and the plan's victims (v1). Rules live in ``domain/plans/``; every change goes
through ``services/plans.py`` with its audit row. Decisions are never edited: a correction is a
new decision that refers to the old one.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fourpillars.domain.decisions import DecisionKind
from fourpillars.domain.plans import ActionStatus, PlanStatus

PLAN_STATUSES = PlanStatus.choices()
ACTION_STATUSES = ActionStatus.choices()


class Plan(models.Model):
    case = models.ForeignKey("register.Case", on_delete=models.PROTECT, related_name="plans")
    assessment = models.ForeignKey(
        "assessments.RoshAssessment", on_delete=models.PROTECT, related_name="plans"
    )
    number = models.PositiveIntegerField()  # version number within the case: 1, 2, 3 ...
    status = models.CharField(max_length=12, choices=PLAN_STATUSES, default=PlanStatus.DRAFT.value)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    plan_date = models.DateField(default=timezone.localdate)
    review_date = models.DateField(null=True, blank=True)
    pillar_reasons = models.JSONField(default=dict, blank=True)
    victims = models.JSONField(default=list, blank=True)  # [{id, kind, text, measures}]
    contingencies = models.JSONField(default=list, blank=True)
    acknowledgements = models.JSONField(default=list, blank=True)  # [{code, refs, reason, by}]
    # Which agencies' information the plan considered, and what was lacking ([KEMSHALL-DD]).
    information_considered = models.JSONField(default=list, blank=True)  # [{agency, summary}]
    information_gaps = models.TextField(blank=True)
    # Who received the plan and when: agency codes, or "victim_liaison".
    communicated = models.JSONField(default=list, blank=True)  # [{to, on}]
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # The plan's authors: the user ids of who opened the draft and everyone who saved it (the
    # second-person approval policy refuses them approval; domain/access.py).
    editors = models.JSONField(default=list, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_number_unique"),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=PlanStatus.ACTIVE.value),
                name="one_active_plan",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=PlanStatus.DRAFT.value),
                name="one_draft_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.number} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_active(self) -> bool:
        """The approved plan the case is managed by."""
        return self.status == PlanStatus.ACTIVE


OPEN_ACTION = ~models.Q(status__in=[ActionStatus.DONE.value, ActionStatus.NOT_DONE.value])


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    # Copied from the plan so that the work lists ("my actions", "Waiting for me") read one
    # index, not every plan: its case (which never changes) and whether it is the case's
    # active plan (``live``: set when the action is made, moved by the approval that makes a
    # plan active and supersedes the one before).
    case = models.ForeignKey("register.Case", on_delete=models.CASCADE, related_name="+")
    live = models.BooleanField(default=False)
    ident = models.CharField(max_length=8)  # a1, a2 ...
    position = models.PositiveIntegerField(default=0)
    pillar = models.CharField(max_length=30)
    text = models.TextField()
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="plan_actions"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    owner_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="plan_actions",
        null=True,
        blank=True,
    )
    frequency = models.CharField(max_length=100, blank=True)
    due = models.DateField(null=True, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ACTION_STATUSES, default=ActionStatus.PLANNED.value
    )
    status_reason = models.TextField(blank=True)
    addresses = models.JSONField(default=list, blank=True)  # factor idents: rf1, pf2
    protects = models.JSONField(default=list, blank=True)  # victim idents: v1
    restrictive = models.BooleanField(default=False)
    legal_basis = models.CharField(max_length=300, blank=True)
    proportionality = models.TextField(blank=True)
    # Completion ([MAPPA-G] 1.5 step 7): what was done, by whom and when; cleared if the action
    # is reopened (its history keeps every move).
    completion_note = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ident"], name="action_ident_unique")
        ]
        indexes = [
            models.Index(fields=["owner_agency", "status"]),
            # "My actions" by due date within an agency, and the reminder scan's window.
            models.Index(fields=["owner_agency", "due", "id"], name="action_agency_due"),
            models.Index(fields=["due", "id"], name="action_due"),
            # The work lists: open actions of active plans by owner and due date, finished
            # ones by when they were finished.
            models.Index(
                fields=["owner_agency", "due", "id"],
                condition=models.Q(live=True) & OPEN_ACTION,
                name="action_live_open_agency",
            ),
            models.Index(
                fields=["owner_user", "due", "id"],
                condition=models.Q(live=True) & OPEN_ACTION,
                name="action_live_open_user",
            ),
            models.Index(
                fields=["owner_agency", "completed_at", "id"],
                condition=models.Q(live=True) & ~OPEN_ACTION,
                name="action_live_done_agency",
            ),
            models.Index(
                fields=["owner_user", "completed_at", "id"],
                condition=models.Q(live=True) & ~OPEN_ACTION,
                name="action_live_done_user",
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is None:  # a new row, or a copy into another version
            self.case_id = self.plan.case_id
            self.live = self.plan.status == PlanStatus.ACTIVE
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ActionStatusChange(models.Model):
    """One move of an action's status, by whom and when; ``reason`` says why it was not done,
    or what was done when it was completed."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]


class Decision(models.Model):
    """A significant decision and why (Kemshall's defensible decision; never edited)."""

    KINDS = DecisionKind.choices()

    case = models.ForeignKey("register.Case", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=30, choices=KINDS)
    summary = models.TextField()  # what was decided
    options = models.JSONField(default=list, blank=True)  # options considered
    rationale = models.TextField()
    evidence = models.JSONField(default=list, blank=True)  # [{type, id, label}]
    dissent = models.JSONField(default=list, blank=True)  # [{who, reason}]
    defensibility = models.JSONField(default=dict, blank=True)  # criterion -> note
    refers_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="corrections", null=True, blank=True
    )
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_by_agency = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["case", "decided_at"])]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:  # saved before: its automatic key is set
            raise ValueError("decisions are never edited: record a correction instead")
        super().save(*args, **kwargs)
