"""The shared register: people, their names, identifiers, addresses, convictions, and cases.

State changes go through ``fourpillars.services``; reads of cases go through
``Case.objects.visible_to(user)``, the one access-scoped query.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from fourpillars.accounts.models import Agency, Area
from fourpillars.domain.access import BreakGlassPolicy, Permission
from fourpillars.domain.agencies import (
    CASE_MANAGER_ROLES,
    LAWFUL_BASIS_LABELS,
    LEAD_KINDS,
    SHAREABLE_KINDS,
    Role,
)
from fourpillars.domain.identifiers import IdentifierKind
from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.notification import DISPOSAL_LABELS
from fourpillars.domain.persons import NameKind, Sex
from fourpillars.domain.retention import RetentionOutcome

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

_IDENTIFIER_LABEL_BY_VALUE: dict[str, str] = IdentifierKind.labels()


class Person(models.Model):
    """One person, shared by every agency that manages them; ``version`` guards concurrent edits."""

    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    sex = models.CharField(
        max_length=10, choices=[(s.value, s.value.title()) for s in Sex], default=Sex.UNKNOWN.value
    )
    nationalities = models.JSONField(default=list, blank=True)
    display_name = models.CharField(max_length=210, db_index=True)
    # Every name's folded tokens, space-separated; derived by services.persons.rebuild_name_index
    # with display_name, so search can rank candidates without loading their names.
    search_text = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.display_name


class PersonName(models.Model):
    """A name the person uses or used (primary, alias, previous, birth), in its own script."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=NameKind.choices())
    family_name = models.CharField(max_length=100)
    given_names = models.CharField(max_length=100, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    @property
    def full(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    def __str__(self) -> str:
        return self.full


class NameKey(models.Model):
    """Search index: one row per search key (``domain.names.search_keys``) of a person's names.

    One indexed column, so a query token's keys are found with one index-only lookup.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="namekey_key")]
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="namekey_unique"),
        ]


class Identifier(models.Model):
    """PNC, CRO, national ID, passport, CRN or prison number, stored in its normal form.

    Once per person; two people may hold the same identifier (decision 0030): an identifier
    already held by someone on a case the user cannot see is recorded as typed, and the
    co-ordinators of both cases' areas are asked whether they are one person, so that adding
    it tells the user nothing about the register beyond what they may see."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices())
    value = models.CharField(max_length=40)
    country = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value", "country"], name="identifier_once_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["value"], name="identifier_value"),
            models.Index(fields=["kind", "value"], name="identifier_kind_value"),
        ]

    @property
    def label(self) -> str:
        return _IDENTIFIER_LABEL_BY_VALUE.get(self.kind, self.kind)


class Address(models.Model):
    """An address the person lived at, with dates; the current one has no end date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="GB")
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-from_date", "-id"]


class Conviction(models.Model):
    """A conviction or caution, with its ECRIS common category and parameters."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="convictions")
    date = models.DateField()
    court = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, default="GB")
    offence_text = models.CharField(max_length=500)
    ecris_code = models.CharField(max_length=7, blank=True)
    completion = models.CharField(max_length=1, blank=True)
    participation = models.CharField(max_length=1, blank=True)
    sentence = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-id"]


def break_glass_policy() -> BreakGlassPolicy:
    """The emergency access policy in force (``FOURPILLARS_BREAK_GLASS_*``; decision 0030)."""
    return BreakGlassPolicy(
        "break-glass-2026.1",
        frozenset(Role(r) for r in settings.FOURPILLARS_BREAK_GLASS_ROLES),
        hours=int(settings.FOURPILLARS_BREAK_GLASS_HOURS),
        reason_min=int(settings.FOURPILLARS_BREAK_GLASS_REASON_MIN),
    )


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User, now: dt.datetime | None = None) -> CaseQuerySet:
        """The one access-scoped query; mirrors ``domain.access.can_view_case``.

        Conditions that cannot hold for the user's kind of agency are left out of the SQL
        (only Responsible Authority agencies lead cases and only RA and duty-to-co-operate
        agencies receive shares; ``services.cases`` enforces both), which keeps the query
        small for co-ordinators, whose MAPPA unit neither leads nor receives shares.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        now = now or timezone.now()
        viewer = user.viewer
        kind = user.agency.kind if user.agency is not None else None
        conditions: list[Q] = []
        if viewer.role is Role.COORDINATOR and viewer.area_id is not None:
            conditions.append(Q(area_id=viewer.area_id))
            # A case the area transferred out, until the hand-over's recorded end (decision 0018).
            conditions.append(Q(handover_area_id=viewer.area_id, handover_until__gt=now))
        if viewer.agency_id is not None and kind in LEAD_KINDS:
            conditions.append(Q(lead_agency_id=viewer.agency_id))
        if viewer.agency_id is not None and kind in SHAREABLE_KINDS:
            shares = CaseShare.objects.filter(
                case=OuterRef("pk"), agency_id=viewer.agency_id, revoked_at__isnull=True
            ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            conditions.append(Q(Exists(shares)))
        if break_glass_policy().eligible(viewer):
            # Emergency access (decision 0030): only for the roles the policy names, so that
            # nobody else's query carries the condition. Uncorrelated, so that PostgreSQL
            # reads the user's grants once (a hashed subplan), not once per case.
            grants = EmergencyAccess.objects.filter(user_id=user.pk, expires_at__gt=now)
            conditions.append(Q(pk__in=grants.values("case_id")))
        return self._any_of(conditions)

    def restrict(
        self, user: User, permission: Permission, now: dt.datetime | None = None
    ) -> CaseQuerySet:
        """The cases ``user`` may ``permission``, in one query (netbox's ``restrict``); mirrors
        ``domain.access`` for the permissions a case alone decides: viewing (``visible_to``),
        and managing, sharing, recording decisions and approving plans (the area co-ordinator
        or a case manager of the lead agency, ``can_manage_case``)."""
        if permission is Permission.VIEW_CASE:
            return self.visible_to(user, now)
        if permission not in CASE_PERMISSIONS:
            raise ValueError(f"{permission} is decided per record: ask services.access.allowed")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        viewer = user.viewer
        conditions: list[Q] = []
        # Each condition implies viewing (the area's co-ordinator; the lead agency), so the
        # viewing query's other branches (shares, a hand-over) are left out of the SQL: a
        # co-ordinator's managed cases are one indexed condition on the area.
        if viewer.role is Role.COORDINATOR and viewer.area_id is not None:
            conditions.append(Q(area_id=viewer.area_id))
        if viewer.role in CASE_MANAGER_ROLES and viewer.agency_id is not None:
            conditions.append(Q(lead_agency_id=viewer.agency_id))
        return self._any_of(conditions)

    def _any_of(self, conditions: list[Q]) -> CaseQuerySet:
        if not conditions:
            return self.none()
        condition = conditions[0]
        for extra in conditions[1:]:
            condition |= extra
        return self.filter(condition)


# The permissions whose rule reads nothing but the case (``CaseQuerySet.restrict``).
CASE_PERMISSIONS = frozenset(
    {
        Permission.MANAGE_CASE,
        Permission.SHARE_CASE,
        Permission.RECORD_DECISION,
        Permission.APPROVE_PLAN,
    }
)


class Case(models.Model):
    """A person registered for MAPPA management: category, level, lead agency and area."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=30, unique=True)
    category = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="led_cases")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="cases")
    start_date = models.DateField()
    status = models.CharField(
        max_length=12,
        default=CaseStatus.ACTIVE.value,
        choices=CaseStatus.choices(),
    )
    next_review_date = models.DateField(null=True, blank=True)
    review_policy_version = models.CharField(max_length=100, blank=True)
    disposal = models.CharField(
        max_length=30, blank=True, choices=[(d.value, v) for d, v in DISPOSAL_LABELS.items()]
    )
    disposal_date = models.DateField(null=True, blank=True)
    custody_months = models.PositiveIntegerField(null=True, blank=True)
    discharge_months = models.PositiveIntegerField(null=True, blank=True)
    under_18_at_disposal = models.BooleanField(default=False)
    notification_indefinite = models.BooleanField(default=False)
    notification_months = models.PositiveIntegerField(null=True, blank=True)
    notification_end = models.DateField(null=True, blank=True)
    notification_explanation = models.CharField(max_length=300, blank=True)
    notification_rules_version = models.CharField(max_length=60, blank=True)
    # What is in force, kept by the services that bring it into force (a read model for the
    # caseload, so that its tags, figures and sorting are plain columns): the overall community
    # RoSH of the current assessment and its rank (-1: none), and the active plan's review date.
    rosh_overall = models.CharField(max_length=20, blank=True)
    rosh_rank = models.SmallIntegerField(default=-1)
    has_active_plan = models.BooleanField(default=False)
    plan_review_date = models.DateField(null=True, blank=True)
    # After a transfer between areas: the area that handed the case over, whose co-ordinator
    # keeps access until ``handover_until`` (decision 0018; set by services.referrals.transfers).
    handover_area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handover_until = models.DateTimeField(null=True, blank=True)
    # Retention review (decision 0030): when the case was closed, and when its record is next
    # reviewed for retention ([MOPI-2005]); set on closing, moved by each decision to keep it.
    closed_on = models.DateField(null=True, blank=True)
    retention_review_due = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        # (scope column, person, id) lets the search's candidate query read only the index
        # (measured in `make bench`: the area scan was the slowest step of a broad search).
        indexes = [
            # Covering the caseload's figures (a count per tag over an area's open cases is
            # read from the index alone on PostgreSQL; elsewhere ``include`` is ignored).
            models.Index(
                fields=["area", "status"],
                include=[
                    "id",
                    "next_review_date",
                    "rosh_overall",
                    "has_active_plan",
                    "notification_end",
                    "notification_indefinite",
                    "level",
                    "category",
                ],
                name="case_area_status_cover",
            ),
            # The caseload's orders within an area (default: next review): a page is read off
            # the index whichever column the user sorts by, in either direction.
            models.Index(fields=["area", "next_review_date", "id"], name="case_area_review"),
            models.Index(fields=["area", "rosh_rank", "id"], name="case_area_rosh"),
            models.Index(fields=["area", "level", "id"], name="case_area_level"),
            models.Index(fields=["area", "category", "id"], name="case_area_category"),
            models.Index(fields=["area", "plan_review_date", "id"], name="case_area_plan_review"),
            models.Index(fields=["area", "person", "id"], name="case_area_person"),
            models.Index(fields=["lead_agency", "person", "id"], name="case_lead_person"),
            models.Index(fields=["area", "retention_review_due"], name="case_area_retention"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseShare(models.Model):
    """Access granted to another agency, with its lawful basis, reason and optional expiry."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="shares")
    lawful_basis = models.CharField(
        max_length=30, choices=[(b.value, v) for b, v in LAWFUL_BASIS_LABELS.items()]
    )
    reason = models.CharField(max_length=1000)
    granted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["agency", "case"], name="share_agency_case")]

    def is_active(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class EmergencyAccess(models.Model):
    """Emergency (break-glass) access to one case for one user outside need to know, with the
    reason they gave, until it expires (decision 0030). ``Case.objects.visible_to`` reads it;
    every read under it is audited with its reason; the case's lead agency and area
    co-ordinator are told when it is granted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_access")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=1000)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    policy_version = models.CharField(max_length=60)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [
            models.Index(fields=["case", "user", "expires_at"], name="emergency_case_user"),
            models.Index(fields=["user", "expires_at"], name="emergency_user"),
        ]


class RetentionReview(models.Model):
    """A recorded retention review of a closed case ([MOPI-2005]; decision 0030): the record
    kept until a next review, or its personal data deleted. After a deletion this row stays as
    the stub (the case's reference, what was deleted by kind and how many, when, by whom and
    why), holding no personal data; its ``case`` is then empty."""

    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="retention_reviews"
    )
    case_reference = models.CharField(max_length=30)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=RetentionOutcome.choices())
    reason = models.TextField()
    next_review = models.DateField(null=True, blank=True)
    review_group = models.CharField(max_length=10)
    policy_version = models.CharField(max_length=60)
    deleted = models.JSONField(default=dict, blank=True)  # kind -> how many rows removed
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["area", "-decided_at"], name="retention_area_recent")]
