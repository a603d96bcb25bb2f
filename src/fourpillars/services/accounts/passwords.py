"""Passwords: a user changes their own; an administrator resets one, and the user must choose
a new one at their next sign-in (decision 0028). The policy (length, not common, not like the
account's names, a zxcvbn strength estimate) is Django's ``AUTH_PASSWORD_VALIDATORS``."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from fourpillars.accounts.models import User, end_sessions
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.services import audit
from fourpillars.services.access import require
from fourpillars.services.errors import NotFound, record_pk

from .two_factor import remove_devices

PASSWORD_MAX = 200


class WrongPassword(DomainValidationError):
    """The change was refused and the current password typed was not the account's: besides
    the form's errors, a failed sign-in that counts towards the account's lockout (decision
    0028), which the adapter asking counts (it knows the address)."""


def policy_problems(password: str, user: User, field: str, errors: Collector) -> None:
    """The password policy's refusals of ``password`` for ``user``, on ``field``."""
    if len(password) > PASSWORD_MAX:
        errors.add(field, f"must be at most {PASSWORD_MAX} characters")
        return
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors.add(field, " ".join(exc.messages))


def change_password(
    *, actor: User, current: str, new: str, confirm: str, keep_session: str | None = None
) -> User:
    """The user's own change: the current password, then a new one the policy accepts, typed
    twice. Every other session of theirs ends (``keep_session``, the one asking, stays)."""
    errors = Collector()
    wrong = bool(current) and not actor.check_password(current)
    if not current:
        errors.add("current_password", "enter your current password")
    elif wrong:
        errors.add("current_password", "your current password is not right")
    if not new:
        errors.add("new_password", "enter a new password")
    else:
        if new == current:
            errors.add("new_password", "must be different from your current password")
        policy_problems(new, actor, "new_password", errors)
        if confirm != new:
            errors.add("confirm_password", "must match the new password")
    if wrong:
        raise WrongPassword(errors.errors)
    errors.raise_if_any()
    with transaction.atomic():
        user = User.objects.select_for_update(of=("self",)).get(pk=actor.pk)
        user.set_password(new)
        forced = user.must_change_password
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        ended = end_sessions(user.pk, keep=keep_session)
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="change_password",
            target=audit.Target("user", str(user.pk)),
            before={"must_change_password": forced},
            after={"must_change_password": False, "sessions_ended": ended},
        )
    actor.password = user.password
    actor.must_change_password = False
    return user


def reset_password(
    *, actor: User, user_id: object, password: str, remove_two_factor: bool = False
) -> User:
    """An administrator sets a temporary password: every session of the user ends, and they
    must choose their own password at their next sign-in; with ``remove_two_factor`` their
    authenticator app and recovery codes go too (a lost phone), so they set one up again."""
    require(actor, Permission.ADMINISTER)
    pk = record_pk(user_id)
    target = User.objects.filter(pk=pk).first()
    if target is None:
        raise NotFound()
    errors = Collector()
    if not password:
        errors.add("password", "enter a temporary password")
    else:
        policy_problems(password, target, "password", errors)
    errors.raise_if_any()
    with transaction.atomic():
        user = User.objects.select_for_update(of=("self",)).get(pk=pk)
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        ended = end_sessions(user.pk)
        removed = remove_devices(user) if remove_two_factor else 0
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="reset_password",
            target=audit.Target("user", str(user.pk)),
            after={
                "must_change_password": True,
                "sessions_ended": ended,
                "two_factor_removed": bool(removed),
            },
        )
    return user
