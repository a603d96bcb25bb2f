"""Audit rows of signing in and out (decision 0028): a sign-in with the factors that completed
it, a failed attempt (a wrong password, a wrong code, a bad API token), a lockout, a sign-out.

Each is a collection of data about the account (when, from which address, with what): none is
a consultation of anyone's record. The row of a sign-in is written in the transaction that
starts its session; a failure's in its own (django-axes has counted it in its own tables by
then). Attempts refused while locked are not written one by one: the lockout's row stands for
them, so a flood of attempts cannot flood the trail.
"""

from __future__ import annotations

from django.db import transaction

from fourpillars.accounts.models import User, end_sessions
from fourpillars.domain.audit import Operation
from fourpillars.domain.sign_in import Factor
from fourpillars.services import audit

USERNAME_KEPT = 150


def _user_target(user: User | None) -> audit.Target:
    return audit.Target("user", str(user.pk)) if user is not None else audit.Target("user", "")


def signed_in(*, user: User, address: str, factor: Factor, security_key: int | None = None) -> None:
    """The row of a completed sign-in (with the security key used, if one was); call it in
    the transaction that starts the session."""
    after: dict[str, object] = {"address": address, "factor": factor.value}
    if security_key is not None:
        after["security_key"] = security_key
    with transaction.atomic():
        audit.record(
            actor=user,
            operation=Operation.COLLECTION,
            action="sign_in",
            target=_user_target(user),
            after=after,
        )


def sign_in_failed(
    *,
    username: str,
    address: str,
    step: str,
    locked: bool,
    failures: int | None = None,
    signed_in: bool = False,
) -> None:
    """A failed attempt counted against ``username`` and the address (``step``: password,
    code, security_key, token, or current_password when a signed-in user changing their
    password typed a wrong one); with ``locked``, the lockout it caused as a second row. A
    lockout from inside a session (``signed_in``) also ends every session of the account, in
    the same transaction: nobody stays signed in to an account locked against sign-in, and its
    row says how many ended."""
    typed = username[:USERNAME_KEPT]
    user = User.objects.filter(username=typed).first() if typed else None
    details: dict[str, object] = {"username": typed, "address": address, "step": step}
    with transaction.atomic():
        audit.record(
            actor=None,
            operation=Operation.COLLECTION,
            action="sign_in_failed",
            target=_user_target(user),
            after={**details, "failures": failures},
        )
        if locked:
            if signed_in and user is not None:
                details["sessions_ended"] = end_sessions(user.pk)
            audit.record(
                actor=None,
                operation=Operation.COLLECTION,
                action="lock_out",
                target=_user_target(user),
                after=details,
            )


def signed_out(*, user: User, address: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=user,
            operation=Operation.COLLECTION,
            action="sign_out",
            target=_user_target(user),
            after={"address": address},
        )
