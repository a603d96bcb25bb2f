"""Identifier formats and check characters (PNC check letter; national IDs via python-stdnum)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.identifiers import normalise_identifier, pnc_check_letter


def test_pnc_check_letter_is_year_and_serial_mod_23() -> None:
    # "04" followed by "0012345" is 40012345, which leaves 4 when divided by 23.
    assert 40012345 % 23 == 4
    assert pnc_check_letter("04", "12345") == "ZABCDEFGHJKLMNPQRTUVWXY"[4]


def test_valid_pnc_is_normalised_to_long_form() -> None:
    letter = pnc_check_letter("04", "12345")
    assert normalise_identifier("pnc", f"04/12345{letter.lower()}").value == f"2004/0012345{letter}"


def test_pnc_with_wrong_check_letter_names_the_expected_letter() -> None:
    good = pnc_check_letter("04", "12345")
    bad = "Z" if good != "Z" else "A"
    with pytest.raises(DomainValidationError) as exc:
        normalise_identifier("pnc", f"2004/0012345{bad}")
    assert exc.value.errors[0].field == "value"
    assert f"expected {good}" in exc.value.errors[0].message


@given(st.integers(0, 99), st.integers(1, 9_999_999))
def test_every_generated_pnc_validates(year: int, serial: int) -> None:
    y, s = f"{year:02d}", f"{serial:07d}"
    value = f"20{y}/{s}{pnc_check_letter(y, s)}"
    assert normalise_identifier("pnc", value).value == value


@pytest.mark.parametrize(
    ("kind", "value", "country"),
    [
        ("crn", "X123456", ""),
        ("prison_number", "a1234bc", ""),
        ("cro", "123456/08X", ""),
        ("passport", "PL1234567", "PL"),
        ("national_id", "44051401359", "PL"),
    ],
)
def test_known_formats_are_accepted(kind: str, value: str, country: str) -> None:
    assert normalise_identifier(kind, value, country).value == value.upper()


@pytest.mark.parametrize(
    ("kind", "value", "country", "field"),
    [
        ("crn", "123456", "", "value"),
        ("prison_number", "A12BC", "", "value"),
        ("national_id", "44051401358", "PL", "value"),
        ("passport", "PL1234567", "", "country"),
        ("fingerprint", "x", "", "kind"),
        ("pnc", "", "", "value"),
        ("pnc", "9" * 60, "", "value"),
    ],
)
def test_malformed_identifiers_name_the_field(
    kind: str, value: str, country: str, field: str
) -> None:
    with pytest.raises(DomainValidationError) as exc:
        normalise_identifier(kind, value, country)
    assert exc.value.errors[0].field == field
