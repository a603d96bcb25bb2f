"""The sign-in rules (domain/sign_in.py): which step follows a password, how a typed code is
read, and how long an API token lives."""

from __future__ import annotations

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.sign_in import Factor, SecondStep, read_code, second_step, token_days


@pytest.mark.parametrize(
    ("required", "exempt", "has_device", "step"),
    [
        (True, False, False, SecondStep.SET_UP),
        (True, False, True, SecondStep.CODE),
        (True, True, False, SecondStep.NONE),
        (True, True, True, SecondStep.CODE),  # an exempt user with an app is still asked
        (False, False, False, SecondStep.NONE),
        (False, False, True, SecondStep.CODE),
    ],
)
def test_what_follows_a_password(required: bool, exempt: bool, has_device: bool, step) -> None:  # type: ignore[no-untyped-def]
    assert second_step(required=required, exempt=exempt, has_device=has_device) is step


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("123456", (Factor.TOTP, "123456")),
        (" 123 456 ", (Factor.TOTP, "123456")),
        ("123-456", (Factor.TOTP, "123456")),
        ("ABCD2345", (Factor.RECOVERY_CODE, "abcd2345")),
        ("abcd-2345", (Factor.RECOVERY_CODE, "abcd2345")),
        ("12345", None),
        ("1234567", (None)),
        ("", None),
        (None, None),
        ("abc", None),
        ("ab\x00cd2345", None),
        ("ａｂｃｄ２３４５", None),  # full-width letters and digits are not a code
        ("x" * 17, None),
    ],
)
def test_a_typed_code_is_read(typed: object, read: object) -> None:
    assert read_code(typed) == read


def test_a_token_lives_the_default_unless_given() -> None:
    assert token_days(None, default=90, maximum=366) == 90
    assert token_days(7, default=90, maximum=366) == 7
    assert token_days(366, default=90, maximum=366) == 366


@pytest.mark.parametrize("days", [0, -1, 367])
def test_a_token_lifetime_out_of_range_is_refused(days: int) -> None:
    with pytest.raises(DomainValidationError) as exc:
        token_days(days, default=90, maximum=366)
    assert exc.value.errors[0].field == "days"
