"""Administration: users, agencies and areas; bearer tokens. Administrators manage these but
gain no case access by doing so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import Agency, ApiToken, Area, User, end_sessions
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import AgencyKind, Role
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.text import clean_text
from fourpillars.services import audit
from fourpillars.services.access import require

if TYPE_CHECKING:
    from collections.abc import Mapping


def _require_admin(actor: User | None) -> None:
    """The policy's ``ADMINISTER``; no actor is the set-up (``seed-demo``, migrations)."""
    if actor is not None:
        require(actor, Permission.ADMINISTER)


def create_user(*, actor: User | None, data: Mapping[str, object]) -> User:
    """Create a practitioner account in one agency with one role (actor None: set-up)."""
    _require_admin(actor)
    errors = Collector()
    username = clean_text(data.get("username"), "username", errors, required=True, max_length=150)
    if username and not all(ch.isalnum() or ch in "._-@" for ch in username):
        errors.add("username", "use letters, digits and . _ - @ only")
    if username and User.objects.filter(username=username).exists():
        errors.add("username", "is already taken")
    try:
        role = Role(str(data.get("role") or ""))
    except ValueError:
        errors.add("role", "choose one of " + ", ".join(r.value for r in Role))
        role = Role.DTC_OFFICER
    agency = Agency.objects.filter(code=str(data.get("agency") or "")).first()
    if agency is None:
        errors.add("agency", f"unknown agency {data.get('agency')!r}")
    password = str(data.get("password") or "")
    first_name = clean_text(data.get("first_name"), "first_name", Collector())
    last_name = clean_text(data.get("last_name"), "last_name", Collector())
    try:  # the policy sees the new account's names too (not like the username)
        validate_password(
            password, User(username=username, first_name=first_name, last_name=last_name)
        )
    except ValidationError as exc:
        errors.add("password", " ".join(exc.messages))
    errors.raise_if_any()
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            role=role.value,
            agency=agency,
            first_name=first_name,
            last_name=last_name,
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="create_user",
            target=audit.Target("user", str(user.pk)),
            after={
                "username": username,
                "role": role.value,
                "agency": agency.code if agency else "",
            },
        )
        return user


def set_user_active(*, actor: User, user_id: object, active: bool) -> User:
    """Deactivate an account (its tokens revoked and every session of it deleted, in the same
    transaction: it is signed out everywhere for good) or reactivate it."""
    _require_admin(actor)
    with transaction.atomic():
        user = User.objects.filter(pk=int(str(user_id)) if str(user_id).isdigit() else -1).first()
        if user is None:
            raise DomainValidationError.single("user", "no such user")
        if user.pk == actor.pk and not active:
            raise DomainValidationError.single("user", "you cannot deactivate yourself")
        before = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        ended = 0
        if not active:
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            ended = end_sessions(user.pk)
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="set_user_active",
            target=audit.Target("user", str(user.pk)),
            before={"is_active": before},
            after={"is_active": active, "sessions_ended": ended},
        )
        return user


def create_agency(
    *, actor: User | None, code: str, name: str, kind: str, area_code: str | None
) -> Agency:
    """Reference data: an agency of a known kind, optionally in an area."""
    _require_admin(actor)
    errors = Collector()
    code = clean_text(code, "code", errors, required=True, max_length=40)
    name = clean_text(name, "name", errors, required=True)
    try:
        AgencyKind(kind)
    except ValueError:
        errors.add("kind", f"unknown agency kind {kind!r}")
    area = Area.objects.filter(code=area_code).first() if area_code else None
    if area_code and area is None:
        errors.add("area", f"unknown area {area_code!r}")
    if code and Agency.objects.filter(code=code).exists():
        errors.add("code", "is already taken")
    errors.raise_if_any()
    with transaction.atomic():
        agency = Agency.objects.create(code=code, name=name, kind=kind, area=area)
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="create_agency",
            target=audit.Target("agency", str(agency.pk)),
            after={"code": code, "name": name, "kind": kind, "area": area_code or ""},
        )
        return agency


def create_area(*, actor: User | None, code: str, name: str) -> Area:
    _require_admin(actor)
    errors = Collector()
    code = clean_text(code, "code", errors, required=True, max_length=20)
    name = clean_text(name, "name", errors, required=True)
    if code and Area.objects.filter(code=code).exists():
        errors.add("code", "is already taken")
    errors.raise_if_any()
    with transaction.atomic():
        area = Area.objects.create(code=code, name=name)
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="create_area",
            target=audit.Target("area", str(area.pk)),
            after={"code": code, "name": name},
        )
        return area


def set_review_intervals(*, actor: User, area_code: str, weeks: Mapping[int, int | None]) -> Area:
    """Override the unconfirmed review intervals for one area (versioned in each case)."""
    _require_admin(actor)
    with transaction.atomic():
        area = Area.objects.select_for_update().filter(code=area_code).first()
        if area is None:
            raise DomainValidationError.single("area", f"unknown area {area_code!r}")
        before = {1: area.review_weeks_l1, 2: area.review_weeks_l2, 3: area.review_weeks_l3}
        for level, value in weeks.items():
            if value is not None and not 1 <= int(value) <= 52:
                raise DomainValidationError.single(f"level_{level}", "between 1 and 52 weeks")
        area.review_weeks_l1 = weeks.get(1, area.review_weeks_l1)
        area.review_weeks_l2 = weeks.get(2, area.review_weeks_l2)
        area.review_weeks_l3 = weeks.get(3, area.review_weeks_l3)
        area.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="set_review_intervals",
            target=audit.Target("area", str(area.pk)),
            before=before,
            after={1: area.review_weeks_l1, 2: area.review_weeks_l2, 3: area.review_weeks_l3},
        )
        return area
