"""Signing in: which second step a password leads to, how long an API token lives, and how
a typed one-time code is read (decision 0028).

Sources: [NCSC-MFA] (two factors for services holding sensitive personal data; throttle and
lock out guessing) [M]; [ASVS-4] V2.2 (anti-automation), V2.8 (one-time verifiers), V3.3
(sessions ended on logout and password change) [M].
"""

from __future__ import annotations

import re
from enum import StrEnum

from .errors import DomainValidationError


class SecondStep(StrEnum):
    """What follows a correct password."""

    NONE = "none"  # signed in with the password alone
    CODE = "code"  # a code from the user's authenticator app, or a recovery code
    SET_UP = "set_up"  # set an authenticator app up first, then signed in


class Factor(StrEnum):
    """What completed a sign-in (kept in its audit row)."""

    PASSWORD = "password"  # noqa: S105 - the name of a factor
    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"


def second_step(*, required: bool, exempt: bool, has_device: bool) -> SecondStep:
    """[NCSC-MFA]: a user with an authenticator app is always asked for a code; a user without
    one sets one up before anything else while two factors are required, unless exempt (the
    demo's synthetic cast only)."""
    if has_device:
        return SecondStep.CODE
    if required and not exempt:
        return SecondStep.SET_UP
    return SecondStep.NONE


TOTP_DIGITS = 6
_SEPARATORS = re.compile(r"[\s-]+")


def read_code(raw: object) -> tuple[Factor, str] | None:
    """A typed code as the step that checks it: six digits are an authenticator app's code,
    letters and digits (8 to 16) a recovery code; spaces and hyphens are ignored. None for
    anything else."""
    text = _SEPARATORS.sub("", str(raw or "")).lower()
    if text.isdigit() and len(text) == TOTP_DIGITS:
        return Factor.TOTP, text
    if text.isascii() and text.isalnum() and 8 <= len(text) <= 16:
        return Factor.RECOVERY_CODE, text
    return None


def token_days(days: int | None, *, default: int, maximum: int, field: str = "days") -> int:
    """[ASVS-4] V3.3 [M]: every API token expires; its lifetime in days, ``default`` unless
    given, never more than ``maximum`` (decision 0028)."""
    if days is None:
        return default
    if days < 1 or days > maximum:
        raise DomainValidationError.single(field, f"must be between 1 and {maximum} days")
    return days
