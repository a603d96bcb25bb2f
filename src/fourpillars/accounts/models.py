"""Areas, agencies, users and API tokens: who is asking, for the access policy."""

from __future__ import annotations

import functools
import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from fourpillars.domain.access import Viewer
from fourpillars.domain.agencies import AGENCY_KIND_LABELS, ROLE_LABELS, AgencyKind, Role
from fourpillars.domain.mappa import DEFAULT_REVIEW_POLICY, ReviewPolicy


class Area(models.Model):
    """A MAPPA area (one of the 42 in England and Wales, following police-force boundaries).

    Review intervals are unconfirmed ([M]/[U]), so an area may override the national defaults.
    """

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    review_weeks_l1 = models.PositiveSmallIntegerField(null=True, blank=True)
    review_weeks_l2 = models.PositiveSmallIntegerField(null=True, blank=True)
    review_weeks_l3 = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def review_policy(self, defaults: dict[int, int] | None = None) -> ReviewPolicy:
        weeks = dict(defaults or DEFAULT_REVIEW_POLICY.weeks)
        overrides = {1: self.review_weeks_l1, 2: self.review_weeks_l2, 3: self.review_weeks_l3}
        changed = False
        for level, value in overrides.items():
            if value:
                weeks[level] = value
                changed = True
        version = DEFAULT_REVIEW_POLICY.version + (f"; {self.code} override" if changed else "")
        return ReviewPolicy(version=version, weeks=weeks, confirmed=False)


class Agency(models.Model):
    """An agency in an area: Responsible Authority or duty to co-operate (CJA 2003 s.325)."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=40, choices=[(k.value, v) for k, v in AGENCY_KIND_LABELS.items()]
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="agencies"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def kind_enum(self) -> AgencyKind:
        return AgencyKind(self.kind)


class FourPillarsUserManager(UserManager["User"]):
    def get_queryset(self) -> models.QuerySet[User]:
        return super().get_queryset().select_related("agency")


class User(AbstractUser):
    """A practitioner: one role in one agency. The role alone never grants case access."""

    role = models.CharField(max_length=40, choices=[(r.value, v) for r, v in ROLE_LABELS.items()])
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # A line manager may countersign assessments (e.g. a rating lowered below an actuarial band).
    is_manager = models.BooleanField(default=False)

    objects = FourPillarsUserManager()  # type: ignore[misc]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def viewer(self) -> Viewer:
        agency = self.agency
        return Viewer(
            role=Role(self.role) if self.role else Role.DTC_OFFICER,
            agency_id=agency.pk if agency else None,
            area_id=agency.area_id if agency else None,
            user_id=self.pk,
            is_manager=self.is_manager,
        )

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(Role(self.role), self.role) if self.role else ""


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no token."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100, default="cli")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "fp_" + secrets.token_urlsafe(32)

    def __str__(self) -> str:
        return f"token {self.pk} for {self.user}"


@functools.cache
def _user_sql(joins: str, where: str) -> str:
    """The user (with their agency's columns) for a condition, table and column names taken
    from the models (never from input). Raw SQL because it runs on every request and building
    this query through the ORM cost several times more than the database took to answer it
    (the scoring API's p95 in `make bench` fell below its 20 ms aim with this change)."""
    u, a = User._meta.db_table, Agency._meta.db_table
    agency_cols = ", ".join(
        f'a."{f.column}" AS "agency__{f.attname}"' for f in Agency._meta.concrete_fields
    )
    # Identifiers come from model metadata; values are always parameters.
    return (
        f'SELECT u.*, {agency_cols} FROM "{u}" u {joins} '  # noqa: S608
        f'LEFT JOIN "{a}" a ON a."id" = u."agency_id" WHERE {where}'
    )


def _user_with_agency(joins: str, where: str, params: list[Any]) -> User | None:
    found = list(User.objects.raw(_user_sql(joins, where), params))
    if not found:
        return None
    user = found[0]
    values = user.__dict__
    if values.get("agency__id") is not None:
        agency = Agency(
            **{f.attname: values[f"agency__{f.attname}"] for f in Agency._meta.concrete_fields}
        )
        agency._state.adding = False
        agency._state.db = user._state.db
        user.agency = agency
    return user


def user_for_token(key: str) -> User | None:
    """The active user of an unrevoked, unexpired token, with their agency; None otherwise."""
    from django.db import connection

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    t = ApiToken._meta.db_table
    return _user_with_agency(
        f'JOIN "{t}" t ON t."user_id" = u."id"',
        't."key_hash" = %s AND t."revoked_at" IS NULL '
        'AND (t."expires_at" IS NULL OR t."expires_at" > %s) AND u."is_active"',
        [ApiToken.hash_key(key), now],
    )


def user_by_id(user_id: object) -> User | None:
    """The user with this id and their agency, in one statement (web sessions)."""
    try:
        pk = int(str(user_id))
    except (TypeError, ValueError):
        return None
    return _user_with_agency("", 'u."id" = %s', [pk])


__all__: list[Any] = ["Agency", "ApiToken", "Area", "User", "user_for_token"]
