"""Static-99R ([S99R-2016]; 2016 levels [S99R-LEVELS-2017])."""

from __future__ import annotations

from typing import Any

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import static99r
from fourpillars.domain.instruments.static99r import (
    age_points,
    prior_sex_offence_points,
    score_static99r,
    static99r_level,
)

NOTHING: dict[str, Any] = {
    "age_at_release": 37,
    "lived_with_partner_2_years": True,
    "index_non_sexual_violence": False,
    "prior_non_sexual_violence": False,
    "prior_sex_offence_charges": 0,
    "prior_sex_offence_convictions": 0,
    "prior_sentencing_dates": 0,
    "non_contact_sex_offence": False,
    "unrelated_victim": False,
    "stranger_victim": False,
    "male_victim": False,
}
EVERYTHING: dict[str, Any] = {
    "age_at_release": 20,
    "lived_with_partner_2_years": False,
    "index_non_sexual_violence": True,
    "prior_non_sexual_violence": True,
    "prior_sex_offence_charges": 6,
    "prior_sex_offence_convictions": 4,
    "prior_sentencing_dates": 4,
    "non_contact_sex_offence": True,
    "unrelated_victim": True,
    "stranger_victim": True,
    "male_victim": True,
}


def with_(**changes: Any) -> dict[str, Any]:
    return {**NOTHING, **changes}


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def values(result: Any) -> dict[str, Any]:
    return {t.name: t.value for t in result.terms}


# --- totals and levels ------------------------------------------------------------------------


def test_maximum_total_is_12() -> None:
    result = score_static99r(EVERYTHING)
    assert result.instrument == "static-99r"
    assert result.version == "2016-coding-rules.1"
    assert result.score == 12
    assert result.band == "IVb"
    assert values(result)["pre_2016_label"] == "High"
    assert "cut-offs unconfirmed [M]" in result.warnings


def test_minimum_total_is_minus_3() -> None:
    result = score_static99r(with_(age_at_release=60))
    assert result.score == -3
    assert result.band == "I"
    assert values(result)["pre_2016_label"] == "Low"


@pytest.mark.parametrize(
    ("age", "points"),
    [
        (18, 1),
        (34.9, 1),
        (34.99, 1),
        (35, 0),
        (39.9, 0),
        (40, -1),
        (59.9, -1),
        (60, -3),
        (85.5, -3),
    ],
)
def test_age_bands(age: float, points: int) -> None:
    assert age_points(age) == points
    assert values(score_static99r(with_(age_at_release=age)))["item1_age"] == points


@pytest.mark.parametrize(
    ("total", "level", "old"),
    [
        (-3, "I", "Low"),
        (-2, "I", "Low"),
        (-1, "II", "Low"),
        (0, "II", "Low"),
        (1, "III", "Low"),
        (2, "III", "Moderate-Low"),
        (3, "III", "Moderate-Low"),
        (4, "IVa", "Moderate-High"),
        (5, "IVa", "Moderate-High"),
        (6, "IVb", "High"),
        (12, "IVb", "High"),
    ],
)
def test_levels_and_old_labels(total: int, level: str, old: str) -> None:
    assert static99r_level(total) == level
    assert next(b.label for b in static99r.OLD_BANDS if b.contains(total)) == old


@pytest.mark.parametrize("total", [-4, 13, True, 2.5])
def test_level_refuses_impossible_totals(total: Any) -> None:
    with pytest.raises(DomainValidationError):
        static99r_level(total)


def test_scored_levels_match_totals() -> None:
    # age 37 (0) plus n one-point items gives totals 0..
    one_point_items: list[dict[str, Any]] = [
        {"lived_with_partner_2_years": False},
        {"index_non_sexual_violence": True},
        {"prior_non_sexual_violence": True},
        {"prior_sentencing_dates": 4},
        {"male_victim": True},
        {"non_contact_sex_offence": True},
    ]
    changes: dict[str, Any] = {}
    for n, item in enumerate([{}, *one_point_items]):
        changes.update(item)
        result = score_static99r(with_(**changes))
        assert result.score == n
        assert result.band == static99r_level(n)
    assert result.band == "IVb"  # 6


# --- items ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charges", "convictions", "points"),
    [
        (0, 0, 0),
        (1, 0, 1),
        (2, 0, 1),
        (3, 0, 2),
        (5, 0, 2),
        (6, 0, 3),
        (0, 1, 1),
        (0, 2, 2),
        (0, 3, 2),
        (0, 4, 3),
        (2, 2, 2),  # convictions score higher
        (3, 1, 2),  # charges score higher
        (6, 1, 3),
        (1, 4, 3),
    ],
)
def test_item5_takes_the_higher_scale(charges: int, convictions: int, points: int) -> None:
    assert prior_sex_offence_points(charges, convictions) == points
    result = score_static99r(
        with_(prior_sex_offence_charges=charges, prior_sex_offence_convictions=convictions)
    )
    assert values(result)["item5_prior_sex_offences"] == points


def test_convictions_may_exceed_charges() -> None:
    # no rule relates the counts: item 5 just takes whichever scores higher
    result = score_static99r(with_(prior_sex_offence_charges=0, prior_sex_offence_convictions=2))
    assert result.score == 2


@pytest.mark.parametrize(("dates", "points"), [(0, 0), (3, 0), (4, 1), (40, 1)])
def test_item6_sentencing_dates(dates: int, points: int) -> None:
    assert (
        values(score_static99r(with_(prior_sentencing_dates=dates)))["item6_sentencing_dates"]
        == points
    )


def test_stranger_victim_also_scores_unrelated() -> None:
    result = score_static99r(with_(stranger_victim=True, unrelated_victim=False))
    v = values(result)
    assert v["item8_unrelated_victim"] == 1
    assert v["item9_stranger_victim"] == 1
    assert result.score == 2
    assert any("stranger victim is also an unrelated victim" in w for w in result.warnings)
    label = next(t.label for t in result.terms if t.name == "item8_unrelated_victim")
    assert "stranger" in label


def test_stranger_and_unrelated_no_extra_warning() -> None:
    result = score_static99r(with_(stranger_victim=True, unrelated_victim=True))
    assert result.score == 2
    assert result.warnings == ("cut-offs unconfirmed [M]",)


def test_unrelated_without_stranger() -> None:
    result = score_static99r(with_(unrelated_victim=True))
    assert result.score == 1


def test_yes_no_answers_are_accepted() -> None:
    result = score_static99r(with_(male_victim="yes", lived_with_partner_2_years="no"))
    assert result.score == 2


# --- invalid input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"age_at_release": 17.9}, "age_at_release"),
        ({"age_at_release": 121}, "age_at_release"),
        ({"age_at_release": "40"}, "age_at_release"),
        ({"age_at_release": True}, "age_at_release"),
        ({"age_at_release": None}, "age_at_release"),
        ({"lived_with_partner_2_years": 0}, "lived_with_partner_2_years"),
        ({"index_non_sexual_violence": "maybe"}, "index_non_sexual_violence"),
        ({"prior_non_sexual_violence": [True]}, "prior_non_sexual_violence"),
        ({"prior_sex_offence_charges": -2}, "prior_sex_offence_charges"),
        ({"prior_sex_offence_convictions": 1.5}, "prior_sex_offence_convictions"),
        ({"prior_sentencing_dates": True}, "prior_sentencing_dates"),
        ({"prior_sentencing_dates": 100000}, "prior_sentencing_dates"),
        ({"non_contact_sex_offence": {}}, "non_contact_sex_offence"),
        ({"unrelated_victim": "y"}, "unrelated_victim"),
        ({"stranger_victim": 1.0}, "stranger_victim"),
        ({"male_victim": None}, "male_victim"),
        ({"item_11": True}, "item_11"),
    ],
)
def test_invalid_field_is_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_static99r(with_(**changes))
    assert field in fields_of(exc)


def test_every_missing_field_is_listed() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_static99r({})
    assert fields_of(exc) == set(static99r.FIELDS)
