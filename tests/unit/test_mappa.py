"""MAPPA categories, levels, review intervals and case status moves ([MAPPA-G])."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.mappa import (
    CATEGORY_INFO,
    DEFAULT_REVIEW_POLICY,
    CaseStatus,
    MappaCategory,
    MappaLevel,
    ReviewPolicy,
    next_review_date,
    transition_status,
    validate_category_level,
)

DAY = dt.date(2026, 11, 26)


def test_category_3_is_refused_at_level_1_with_a_message_naming_level() -> None:
    with pytest.raises(DomainValidationError) as exc:
        validate_category_level(3, 1)
    assert [(e.field, "category 3" in e.message) for e in exc.value.errors] == [("level", True)]


@pytest.mark.parametrize("level", [2, 3])
def test_category_3_is_accepted_at_levels_2_and_3(level: int) -> None:
    assert validate_category_level(3, level) == (MappaCategory.OTHER_DANGEROUS, MappaLevel(level))


@pytest.mark.parametrize(
    ("category", "level", "field"),
    [(5, 1, "category"), (1, 4, "level"), ("x", 1, "category"), (1, None, "level")],
)
def test_unknown_category_or_level_names_the_field(
    category: object, level: object, field: str
) -> None:
    with pytest.raises(DomainValidationError) as exc:
        validate_category_level(category, level)  # type: ignore[arg-type]
    assert exc.value.errors[0].field == field


def test_category_4_is_flagged_unconfirmed_and_the_others_are_not() -> None:
    assert [c for c, info in CATEGORY_INFO.items() if not info.confirmed] == [MappaCategory(4)]
    assert "nconfirmed" in CATEGORY_INFO[MappaCategory(4)].label


def test_review_date_is_derived_from_the_level() -> None:
    assert next_review_date(DAY, MappaLevel(2), DEFAULT_REVIEW_POLICY) == DAY + dt.timedelta(
        weeks=16
    )
    assert next_review_date(DAY, MappaLevel(3), DEFAULT_REVIEW_POLICY) == DAY + dt.timedelta(
        weeks=8
    )


def test_requested_review_date_beyond_the_interval_is_refused() -> None:
    with pytest.raises(DomainValidationError) as exc:
        next_review_date(DAY, MappaLevel(3), DEFAULT_REVIEW_POLICY, DAY + dt.timedelta(weeks=9))
    err = exc.value.errors[0]
    assert err.field == "next_review_date"
    assert "8 weeks" in err.message and DEFAULT_REVIEW_POLICY.version in err.message


def test_requested_review_date_within_the_interval_is_kept() -> None:
    wanted = DAY + dt.timedelta(weeks=4)
    assert next_review_date(DAY, MappaLevel(3), DEFAULT_REVIEW_POLICY, wanted) == wanted


def test_review_intervals_are_configurable_data() -> None:
    policy = ReviewPolicy(version="area-x", weeks={1: 26, 2: 12, 3: 6})
    assert next_review_date(DAY, MappaLevel(2), policy) == DAY + dt.timedelta(weeks=12)
    assert DEFAULT_REVIEW_POLICY.confirmed is False


def test_closed_case_cannot_be_suspended_but_can_be_reopened() -> None:
    with pytest.raises(IllegalTransition):
        transition_status(CaseStatus.CLOSED, CaseStatus.SUSPENDED)
    assert transition_status(CaseStatus.CLOSED, CaseStatus.ACTIVE) is CaseStatus.ACTIVE


def test_a_level_1_review_date_after_the_default_is_accepted() -> None:
    """Level 1 cases are reviewed under the lead agency's own procedure: the interval is a
    default, never a limit; levels 2 and 3 still refuse a later date."""
    late = DAY + dt.timedelta(weeks=40)
    assert next_review_date(DAY, MappaLevel(1), DEFAULT_REVIEW_POLICY, late) == late
    assert next_review_date(DAY, MappaLevel(1), DEFAULT_REVIEW_POLICY) == DAY + dt.timedelta(
        weeks=17
    )
    with pytest.raises(DomainValidationError):
        next_review_date(DAY, MappaLevel(1), DEFAULT_REVIEW_POLICY, DAY - dt.timedelta(days=1))
    for level in (2, 3):
        with pytest.raises(DomainValidationError):
            next_review_date(DAY, MappaLevel(level), DEFAULT_REVIEW_POLICY, late)
    assert not ReviewPolicy.is_limit(MappaLevel(1)) and ReviewPolicy.is_limit(MappaLevel(2))
