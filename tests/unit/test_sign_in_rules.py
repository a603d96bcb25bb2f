"""The sign-in rules (domain/sign_in.py): which step follows a password, how a typed code is
read, how long an API token lives, a security key's name, and where keys may be used."""

from __future__ import annotations

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.sign_in import (
    Factor,
    SecondStep,
    key_name,
    origin_problems,
    read_code,
    second_step,
    token_days,
)


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


@pytest.mark.parametrize(
    ("raw", "name"),
    [("Blue key", "Blue key"), ("  Work\tlaptop  ", "Work laptop"), ("é" * 50, "é" * 50)],
)
def test_a_key_name_is_tidied(raw: str, name: str) -> None:
    assert key_name(raw) == name


@pytest.mark.parametrize("raw", ["", "   ", None, "x" * 51])
def test_a_key_name_is_required_and_short(raw: object) -> None:
    with pytest.raises(DomainValidationError) as exc:
        key_name(raw)
    assert [e.field for e in exc.value.errors] == ["name"]


@pytest.mark.parametrize(
    ("rp_id", "origins"),
    [
        ("localhost", ["http://localhost:8000"]),
        ("localhost", ["http://localhost:8000", "http://localhost:8001"]),
        ("example.org", ["https://register.example.org", "https://example.org"]),
        ("register.example.org", ["https://register.example.org:8443"]),
    ],
)
def test_origins_that_fit_the_relying_party(rp_id: str, origins: list[str]) -> None:
    assert origin_problems(rp_id, origins) == []


@pytest.mark.parametrize(
    ("rp_id", "origins", "problem"),
    [
        ("127.0.0.1", ["http://127.0.0.1:8000"], "must be a domain"),  # browsers refuse it
        ("localhost", ["http://127.0.0.1:8000"], "must use https"),
        ("", ["http://localhost:8000"], "must be a domain"),
        ("Example.org", ["https://example.org"], "must be a domain"),
        ("example.org", ["http://register.example.org"], "must use https"),
        ("example.org", ["https://example.com"], "nor one of its subdomains"),
        ("example.org", ["https://notexample.org"], "nor one of its subdomains"),
        ("example.org", ["https://example.org/login"], "a scheme, a host and a port only"),
        ("example.org", [], "at least one origin"),
    ],
)
def test_origins_that_do_not_fit_are_named(rp_id: str, origins: list[str], problem: str) -> None:
    problems = origin_problems(rp_id, origins)
    assert problems and any(problem in p for p in problems), problems
