"""SOA 2003 notification periods ([SOA-2003] s.82 table and halving)."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.notification import RULES_VERSION as NOTIFICATION_RULES_VERSION
from fourpillars.domain.notification import notification_period

START = dt.date(2020, 1, 15)


@pytest.mark.parametrize(
    ("disposal", "custody", "months"),
    [
        ("custody", 29, 120),
        ("custody", 7, 120),
        ("custody", 6, 84),
        ("custody", 1, 84),
        ("hospital_order", None, 84),
        ("caution", None, 24),
        ("other", None, 60),
    ],
)
def test_adult_finite_periods_follow_the_table(
    disposal: str, custody: int | None, months: int
) -> None:
    p = notification_period(disposal, START, under_18=False, custody_months=custody)
    assert (p.indefinite, p.months) == (False, months)
    assert p.end == dt.date(2020 + months // 12, 1 + months % 12, 15)


@pytest.mark.parametrize(
    ("disposal", "custody"),
    [
        ("custody", 30),
        ("custody", 240),
        ("life_or_indeterminate", None),
        ("hospital_order_restricted", None),
    ],
)
def test_thirty_months_or_more_life_and_restricted_orders_are_indefinite(
    disposal: str, custody: int | None
) -> None:
    p = notification_period(disposal, START, under_18=False, custody_months=custody)
    assert p.indefinite and p.end is None and p.review_after_years == 15


def test_under_18_halves_finite_periods_and_reviews_indefinite_after_8_years() -> None:
    assert notification_period("custody", START, under_18=True, custody_months=12).months == 60
    assert notification_period("custody", START, under_18=True, custody_months=3).months == 42
    assert notification_period("caution", START, under_18=True).months == 12
    p = notification_period("custody", START, under_18=True, custody_months=36)
    assert p.indefinite and p.review_after_years == 8


@pytest.mark.parametrize(
    ("disposal", "extra", "adult", "child"),
    [
        ("custody", {"custody_months": 12}, 120, 60),
        ("custody", {"custody_months": 6}, 84, 42),
        ("hospital_order", {}, 84, 42),
        ("other", {}, 60, 30),
        ("caution", {}, 24, 12),
        # s.82(2): a conditional discharge period is not halved.
        ("conditional_discharge", {"discharge_months": 18}, 18, 18),
        ("conditional_discharge", {"discharge_months": 3}, 3, 3),
    ],
)
def test_only_the_fixed_periods_are_halved_for_under_18s(
    disposal: str, extra: dict[str, int], adult: int, child: int
) -> None:
    assert notification_period(disposal, START, under_18=False, **extra).months == adult  # type: ignore[arg-type]
    young = notification_period(disposal, START, under_18=True, **extra)  # type: ignore[arg-type]
    assert young.months == child
    assert young.version == NOTIFICATION_RULES_VERSION
    if disposal == "conditional_discharge":
        assert "not halved" in young.explanation


def test_conditional_discharge_lasts_as_long_as_the_discharge() -> None:
    p = notification_period("conditional_discharge", START, under_18=False, discharge_months=18)
    assert p.months == 18 and p.end == dt.date(2021, 7, 15)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"disposal": "custody"}, "custody_months"),
        ({"disposal": "custody", "custody_months": 0}, "custody_months"),
        ({"disposal": "conditional_discharge"}, "discharge_months"),
        ({"disposal": "fine-ish"}, "disposal"),
    ],
)
def test_missing_or_unknown_disposal_facts_name_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainValidationError) as exc:
        notification_period(start=START, under_18=False, **kwargs)  # type: ignore[arg-type]
    assert exc.value.errors[0].field == field
