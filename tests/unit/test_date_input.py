"""The GOV.UK date input: three boxes read back as one ISO date, or one GOV.UK message naming
the field and the boxes that are wrong."""

from __future__ import annotations

import pytest

from fourpillars.web.forms.dates import (
    DateParts,
    date_boxes,
    dates_in,
    first_box,
    parse_carried,
    parse_date_parts,
    subject,
)
from fourpillars.web.forms.messages import govuk_message


@pytest.mark.parametrize(
    ("day", "month", "year", "iso"),
    [
        ("27", "3", "2007", "2007-03-27"),
        ("07", "03", "2007", "2007-03-07"),
        (" 2 ", " 12 ", " 2026 ", "2026-12-02"),
        ("29", "2", "2024", "2024-02-29"),
        ("29", "2", "2000", "2000-02-29"),
        ("1", "march", "2026", "2026-03-01"),
        ("1", "Sept", "2026", "2026-09-01"),
        ("31", "Dec", "1999", "1999-12-31"),
    ],
)
def test_real_dates_become_iso(day: str, month: str, year: str, iso: str) -> None:
    parsed = parse_date_parts("Date of birth", day, month, year)
    assert (parsed.iso, parsed.error, parsed.value) == (iso, "", iso)


def test_nothing_typed_is_no_date_and_no_error() -> None:
    parsed = parse_date_parts("Date of birth", "", "  ", None)
    assert (parsed.iso, parsed.error, parsed.value) == ("", "", "")


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "wrong"),
    [
        ("", "3", "2007", "Date of birth must include a day", {"day"}),
        ("27", "", "2007", "Date of birth must include a month", {"month"}),
        ("27", "3", "", "Date of birth must include a year", {"year"}),
        ("", "", "2007", "Date of birth must include a day and month", {"day", "month"}),
        ("", "3", "", "Date of birth must include a day and year", {"day", "year"}),
        ("27", "", "", "Date of birth must include a month and year", {"month", "year"}),
        ("30", "2", "2024", "Date of birth must be a real date", {"day"}),
        ("29", "2", "2023", "Date of birth must be a real date", {"day"}),
        ("29", "2", "1900", "Date of birth must be a real date", {"day"}),
        ("31", "4", "2026", "Date of birth must be a real date", {"day"}),
        ("32", "1", "2026", "Date of birth must be a real date", {"day"}),
        ("0", "1", "2026", "Date of birth must be a real date", {"day"}),
        ("1", "13", "2026", "Date of birth must be a real date", {"month"}),
        ("1", "0", "2026", "Date of birth must be a real date", {"month"}),
        ("1", "smarch", "2026", "Date of birth must be a real date", {"month"}),
        ("x", "y", "2026", "Date of birth must be a real date", {"day", "month"}),
        ("1.5", "1", "2026", "Date of birth must be a real date", {"day"}),
        ("-1", "1", "2026", "Date of birth must be a real date", {"day"}),
        ("1", "1", "20266", "Date of birth must be a real date", {"year"}),
        ("1", "1", "two", "Date of birth must be a real date", {"year"}),
        ("1", "1", "26", "Date of birth must include a year with 4 numbers", {"year"}),
        ("1", "1", "926", "Date of birth must include a year with 4 numbers", {"year"}),
    ],
)
def test_each_govuk_error(day: str, month: str, year: str, message: str, wrong: set[str]) -> None:
    parsed = parse_date_parts("Date of birth", day, month, year)
    assert parsed.iso == ""
    assert parsed.error == message
    assert set(parsed.wrong) == wrong


def test_a_date_that_is_not_real_is_carried_as_typed_and_splits_back() -> None:
    parsed = parse_date_parts("Start", " 31 ", "2", "2026")
    assert parsed.value == "2026/2/31"
    assert DateParts.of(parsed.value) == DateParts("31", "2", "2026")
    assert parse_carried("Start", parsed.value).error == "Start must be a real date"


def test_a_carried_value_is_never_read_as_an_iso_date() -> None:
    import datetime as dt

    carried = parse_date_parts("Start", "1", "W01", "2026").value
    with pytest.raises(ValueError):
        dt.date.fromisoformat(carried)


def test_stored_iso_dates_show_without_leading_zeros() -> None:
    assert DateParts.of("2007-03-07") == DateParts("7", "3", "2007")
    assert DateParts.of("") == DateParts()
    assert DateParts.from_value(["1", "2"]) == DateParts("1", "2", "")


def test_the_label_names_the_field_without_asides() -> None:
    assert subject("Next review date (optional)") == "Next review date"
    assert subject("share until (optional)") == "Share until"
    message = parse_date_parts("Lived here until (optional)", "1", "", "2020").error
    assert message == "Lived here until must include a month"


def test_the_boxes_mark_only_the_wrong_part_and_the_summary_links_to_it() -> None:
    parts = DateParts("27", "", "2007")
    boxes = date_boxes(
        "id_dob", "dob", parts, "Date of birth", "Date of birth must include a month"
    )
    assert [(b.name, b.value, b.error) for b in boxes] == [
        ("dob-day", "27", False),
        ("dob-month", "", True),
        ("dob-year", "2007", False),
    ]
    assert first_box(boxes) == "id_dob-month"


def test_a_problem_with_the_whole_date_marks_every_box() -> None:
    boxes = date_boxes(
        "d", "d", DateParts("1", "1", "2999"), "Date", "Date cannot be in the future"
    )
    assert all(b.error for b in boxes)
    assert first_box(boxes) == "d-day"


def test_dates_are_found_by_their_three_boxes() -> None:
    keys = ["a-day", "a-month", "a-year", "b-day", "b-year", "c", "x.0.due-day", "x.0.due-month"]
    keys += ["x.0.due-year"]
    assert dates_in(keys) == ["a", "x.0.due"]


@pytest.mark.parametrize(
    ("path", "label", "message", "kind", "expected"),
    [
        (
            "category",
            "MAPPA category",
            "must be 1, 2, 3 or 4 (got '')",
            "choice",
            "Select a MAPPA category",
        ),
        (
            "case.lead_agency",
            "Lead agency",
            "unknown agency ''",
            "choice",
            "Select the lead agency",
        ),
        ("person.names.0.family_name", "Family name", "is required", "text", "Enter a family name"),
        ("date_of_birth", "Date of birth", "is required", "date", "Enter a date of birth"),
        (
            "reason",
            "Reason for the decision",
            "is required",
            "text",
            "Enter the reason for the decision",
        ),
        (
            "kind",
            "Kind of agency",
            "unknown agency kind 'x'",
            "choice",
            "Select the kind of agency",
        ),
        (
            "date_of_birth",
            "Date of birth",
            "cannot be in the future",
            "date",
            "Date of birth cannot be in the future",
        ),
        (
            "level",
            "Management level",
            "a category 3 case is managed only at level 2 or 3, never at level 1",
            "choice",
            "A category 3 case is managed only at level 2 or 3, never at level 1",
        ),
        (
            "sex",
            "Sex",
            "must be one of male, female (got 'x')",
            "text",
            "Sex must be one of male, female",
        ),
        (
            "name",
            "Name",
            "must be at most 200 characters (got 250)",
            "text",
            "Name must be at most 200 characters",
        ),
        (
            "period_end",
            "End of period",
            "must be on or after period_start (2026-01-01)",
            "date",
            "End of period must be on or after period start (1 January 2026)",
        ),
        (
            "due",
            "Due date",
            "must be a date written YYYY-MM-DD",
            "date",
            "Due date must be a real date",
        ),
        (
            "next_review_date",
            "Date of the next review",
            "must be on or before 2027-03-24: level 2 cases are reviewed at least every 16 weeks "
            "(mappa-review-2026.1 [M/U])",
            "date",
            "Date of the next review must be on or before 24 March 2027: level 2 cases are "
            "reviewed at least every 16 weeks",
        ),
    ],
)
def test_domain_errors_read_as_govuk_messages(
    path: str, label: str, message: str, kind: str, expected: str
) -> None:
    assert govuk_message(path, label, message, kind=kind) == expected  # type: ignore[arg-type]


def test_dates_read_as_the_govuk_style_guide_writes_them() -> None:
    import datetime as dt

    from fourpillars.domain.dates import long_date, long_datetime

    assert long_date(dt.date(2026, 12, 2)) == "2 December 2026"
    assert long_date("2026-12-02") == "2 December 2026"
    assert long_date(dt.datetime(2026, 12, 2, 14, 5, tzinfo=dt.UTC)) == "2 December 2026"
    assert long_datetime(dt.datetime(2026, 12, 2, 14, 5, tzinfo=dt.UTC)) == (
        "2 December 2026 at 14:05"
    )
    assert long_datetime("2026-12-02T09:30:00+00:00") == "2 December 2026 at 09:30"
    assert long_datetime(dt.date(2026, 1, 1)) == "1 January 2026"
    assert long_date(None) == "" and long_date("") == "" and long_date("soon") == "soon"
