"""Areas, agencies, users and API tokens: who is asking, for the access policy."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connection, models
from django.utils import timezone
from django.utils.module_loading import import_string

from fourpillars.db import sql_rows
from fourpillars.domain.access import Viewer
from fourpillars.domain.agencies import AgencyKind, Role
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
    kind = models.CharField(max_length=40, choices=AgencyKind.choices())
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

    role = models.CharField(max_length=40, choices=Role.choices())
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # A line manager may countersign assessments (decision 0011: the countersignature policy).
    is_manager = models.BooleanField(default=False)
    # An author in training has every RoSH assessment countersigned (the countersignature
    # policy, decision 0011).
    in_training = models.BooleanField(default=False)
    # After an administrator's reset the user chooses a new password before anything else
    # (web.middleware.PasswordChangeRequiredMiddleware; decision 0028).
    must_change_password = models.BooleanField(default=False)
    # The demo's synthetic cast may sign in with a password alone while two factors are
    # required (decision 0028). Set by the demo's seeding only: no screen or route sets it.
    two_factor_exempt = models.BooleanField(default=False)

    objects = FourPillarsUserManager()  # type: ignore[misc]

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
        return Role(self.role).label if self.role else ""


class UserSession(AbstractBaseSession):
    """A web session (Django's database session) with the user it belongs to, so that ending
    every session of one user is one indexed delete: deactivating an account, resetting or
    changing its password (decision 0028). Written by ``accounts.sessions.SessionStore``."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=True
    )

    @classmethod
    def get_session_store_class(cls) -> type[Any]:
        """The configured engine's store (``accounts.sessions``, which imports this model)."""
        store: type[Any] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
        return store


def end_sessions(user_id: int, *, keep: str | None = None) -> int:
    """Delete every session of the user (but ``keep``, the session key of the request that
    asked, if given); returns how many ended."""
    found = UserSession.objects.filter(user_id=user_id)
    if keep:
        found = found.exclude(session_key=keep)
    deleted, _ = found.delete()
    return deleted


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

    @property
    def state(self) -> str:
        """ "revoked", "expired" or "active" (what a request with it gets: 401 but active)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def __str__(self) -> str:
        return f"token {self.pk} for {self.user}"


def _user_with_agency(where: str, params: list[Any]) -> User | None:
    """The user meeting ``where`` (SQL on alias ``u``) with their agency attached, in one
    hand-written statement (``fourpillars.db.sql_rows``): it runs on every request, where
    building the query through the ORM costs more than the database takes to answer it."""
    found = sql_rows.joined(User, "u", where, params, related={"agency": "a"}, tail="")
    return found[0] if found else None


def user_for_token(key: str) -> User | None:
    """The active user of an unrevoked, unexpired token, with their agency; None otherwise."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    t = ApiToken._meta.db_table
    return _user_with_agency(
        f'u."is_active" AND u."id" IN (SELECT t."user_id" FROM "{t}" t WHERE '  # noqa: S608
        't."key_hash" = %s AND t."revoked_at" IS NULL '
        'AND (t."expires_at" IS NULL OR t."expires_at" > %s))',
        [ApiToken.hash_key(key), now],
    )


def user_by_id(user_id: object) -> User | None:
    """The user with this id and their agency, in one statement (web sessions)."""
    try:
        pk = int(str(user_id))
    except (TypeError, ValueError):
        return None
    return _user_with_agency('u."id" = %s', [pk])


__all__: list[Any] = [
    "Agency",
    "ApiToken",
    "Area",
    "User",
    "UserSession",
    "end_sessions",
    "user_for_token",
]
