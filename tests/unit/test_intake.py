"""Whole-record validation of people and cases: every problem named by its field path."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.intake import clean_case, clean_person
from fourpillars.domain.mappa import DEFAULT_REVIEW_POLICY
from tests.cast import case_data, person_data

TODAY = dt.date(2026, 11, 26)


def fields(exc: pytest.ExceptionInfo[DomainValidationError]) -> list[str]:
    return [e.field for e in exc.value.errors]


def test_a_valid_person_is_accepted_with_every_script_kept() -> None:
    data = person_data(
        names=[
            {"kind": "primary", "family_name": "Ковальски", "given_names": "J\u0301an 😀 <script>"}
        ]
    )
    person = clean_person(data, TODAY)
    assert person.names[0].family_name == "Ковальски"
    assert person.names[0].given_names == "J\u0301an 😀 <script>"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date_of_birth": "2030-01-01"}, "date_of_birth"),
        ({"date_of_birth": "17/05/1980"}, "date_of_birth"),
        ({"date_of_birth": "1899-12-31"}, "date_of_birth"),
        ({"sex": "m"}, "sex"),
        ({"nationalities": ["Poland"]}, "nationalities"),
        ({"names": [{"kind": "primary", "family_name": "x" * 101}]}, "names.0.family_name"),
        ({"names": [{"kind": "primary", "family_name": "12345"}]}, "names.0.family_name"),
        ({"names": [{"kind": "primary", "family_name": "A\u202eB"}]}, "names.0.family_name"),
        ({"names": [{"kind": "alias", "family_name": "Nowak"}]}, "names"),
        ({"names": "Nowak"}, "names"),
        ({"identifiers": [{"kind": "pnc", "value": "2004/0012345A"}]}, "identifiers.0.value"),
        (
            {
                "identifiers": [
                    {"kind": "crn", "value": "X123456"},
                    {"kind": "crn", "value": "x123456"},
                ]
            },
            "identifiers.1.value",
        ),
        (
            {"convictions": [{"date": "1970-01-01", "offence_text": "Assault"}]},
            "convictions.0.date",
        ),
        (
            {"convictions": [{"date": "2027-01-01", "offence_text": "Assault"}]},
            "convictions.0.date",
        ),
        (
            {"convictions": [{"date": "2020-01-01", "offence_text": "A", "ecris_code": "9999 00"}]},
            "convictions.0.ecris_code",
        ),
        (
            {"convictions": [{"date": "2020-01-01", "offence_text": "A", "completion": "X"}]},
            "convictions.0.completion",
        ),
        (
            {
                "addresses": [
                    {"line1": "1 Road", "from_date": "2020-01-01", "to_date": "2019-01-01"}
                ]
            },
            "addresses.0.to_date",
        ),
    ],
)
def test_bad_person_input_names_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        clean_person(person_data(**change), TODAY)
    assert field in fields(exc)


def test_case_derives_review_date_and_notification_period() -> None:
    case = clean_case(
        case_data("police-a", level=2),
        today=TODAY,
        date_of_birth=dt.date(1980, 5, 17),
        policy=DEFAULT_REVIEW_POLICY,
    )
    assert case.next_review_date == TODAY + dt.timedelta(weeks=16)
    assert case.period is not None and case.period.indefinite  # 36 months' custody


def test_under_18_at_disposal_is_worked_out_from_the_date_of_birth() -> None:
    case = clean_case(
        case_data("police-a", disposal_date="2015-03-02", custody_months=12),
        today=TODAY,
        date_of_birth=dt.date(1998, 1, 1),
        policy=DEFAULT_REVIEW_POLICY,
    )
    assert case.under_18 and case.period is not None and case.period.months == 60


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": 3, "level": 1}, "level"),
        (
            {"level": 3, "next_review_date": (TODAY + dt.timedelta(weeks=9)).isoformat()},
            "next_review_date",
        ),
        ({"disposal": ""}, "disposal"),
        ({"disposal_date": ""}, "disposal_date"),
        ({"disposal_date": "1970-01-01"}, "disposal_date"),
        ({"custody_months": "many"}, "custody_months"),
        ({"start_date": "soon"}, "start_date"),
    ],
)
def test_bad_case_input_names_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        clean_case(
            case_data("police-a", **change),
            today=TODAY,
            date_of_birth=dt.date(1980, 5, 17),
            policy=DEFAULT_REVIEW_POLICY,
        )
    assert field in fields(exc)


def test_a_level_1_case_accepts_a_review_date_after_the_default() -> None:
    late = TODAY + dt.timedelta(weeks=30)
    case = clean_case(
        case_data("police-a", level=1, next_review_date=late.isoformat()),
        today=TODAY,
        date_of_birth=dt.date(1980, 5, 17),
        policy=DEFAULT_REVIEW_POLICY,
    )
    assert case.next_review_date == late
