"""OGRS3 ([OGRS3-2009]; figures from [MOJ-RSR-CALC], [MOJ-RSR-SVC] and [MOJ-ARNS])."""

from __future__ import annotations

import datetime as dt
import math
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import ogrs3, score
from fourpillars.domain.instruments.base import logistic
from fourpillars.domain.instruments.ogrs3 import (
    ogrs3_band,
    ogrs3_probabilities,
    score_ogrs3,
    score_ogrs3_facts,
)

WORKED: dict[str, Any] = {
    "sex": "female",
    "date_of_birth": "1972-09-09",
    "date_of_current_conviction": "2009-09-09",
    "date_of_first_sanction": "1986-09-09",
    "previous_sanctions": 3,
    "assessment_date": "2015-09-15",
    "offence_category": 16,
}


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def with_(**changes: Any) -> dict[str, Any]:
    data = dict(WORKED)
    data.update(changes)
    return data


def terms(result: Any) -> dict[str, Any]:
    return {t.name: t for t in result.terms}


# --- the worked example ([MOJ-RSR-SVC]) ---------------------------------------------------------


def test_worked_example_probabilities_exact() -> None:
    result = score_ogrs3(WORKED)
    assert result.probabilities["1y"] == pytest.approx(0.10966125120067907, abs=1e-12)
    assert result.probabilities["2y"] == pytest.approx(0.20180313320047938, abs=1e-12)
    assert result.instrument == "ogrs3"
    assert result.version == "2009-moj.1"
    assert result.score == 20.18
    assert result.band == "low"
    assert result.warnings == ()


def test_worked_example_terms_explain_each_step() -> None:
    t = terms(score_ogrs3(WORKED))
    assert t["age_gender"].value == -1.524652221
    assert t["age_gender"].label.startswith("Age 43 on 2015-09-15")
    assert "female" in t["age_gender"].label and "40-49" in t["age_gender"].label
    assert t["conviction_status"].value == 0.463062792
    assert t["age_at_current_conviction"].value == 37
    assert t["age_at_first_sanction"].value == 14
    assert t["total_sanctions"].value == 4
    assert "ln(4/33)" in t["sanction_rate"].label
    assert t["copas"].value == pytest.approx(-2.640139, abs=1e-6)
    assert t["offence_category"].value == 0.204960477
    assert "criminal damage" in t["offence_category"].label
    assert t["linear_predictor"].value == pytest.approx(-3.496768, abs=1e-6)
    assert t["two_year_percent"].value == 20


def test_registry_and_fast_path_agree_with_json_path() -> None:
    by_registry = score("ogrs3", WORKED)
    fast = score_ogrs3_facts(
        "female",
        dt.date(1972, 9, 9),
        dt.date(2009, 9, 9),
        dt.date(1986, 9, 9),
        3,
        dt.date(2015, 9, 15),
        16,
    )
    assert by_registry.as_dict() == fast.as_dict() == score_ogrs3(WORKED).as_dict()


# --- logistic and constants ([MOJ-ARNS] tests) --------------------------------------------------


@pytest.mark.parametrize(
    ("x", "p1", "p2"),
    [(0.0, 0.80259, 0.89299), (-2.776835807, 0.20193, 0.34183)],
)
def test_logistic_checks(x: float, p1: float, p2: float) -> None:
    # The Kotlin test values were computed with the intercepts rounded to 1.40256 and 2.1217;
    # with the full intercepts (needed for the exact worked example) p2(0) is 0.8929950,
    # which is 0.89299 truncated but 0.89300 rounded. Hence "to 5 dp" means within 1e-5.
    one, two = ogrs3_probabilities(x)
    assert one == pytest.approx(p1, abs=1e-5)
    assert two == pytest.approx(p2, abs=1e-5)
    assert math.floor(one * 1e5) / 1e5 == p1
    assert math.floor(two * 1e5) / 1e5 == p2


def test_kotlin_rounded_intercepts_give_the_kotlin_figures_exactly() -> None:
    assert round(logistic(0 + 2.1217), 5) == 0.89299
    assert round(logistic(0 + 1.40256), 5) == 0.80259


def test_logistic_one_year_at_one() -> None:
    assert round(ogrs3_probabilities(1.0)[0], 5) == 0.91702


def test_published_constants() -> None:
    assert ogrs3.INTERCEPT_1Y == 1.402562384
    assert ogrs3.INTERCEPT_2Y == 2.121705678
    assert ogrs3.COPAS_MULTIPLIER == 1.251124464
    assert ogrs3.REPEAT_OFFENDER == 0.463062792
    assert ogrs3.FIRST_SANCTION == 0.126142106
    assert ogrs3.AGE_GENDER[-1][2] == -2.025261458  # male 50+
    assert ogrs3.AGE_GENDER[0][2] == 0.0  # male 10-11
    assert len(ogrs3.OFFENCE_CATEGORIES) == 20
    assert ogrs3.OFFENCE_CATEGORIES[16][1] == 0.204960477


# --- bands ([MOJ-ARNS]) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (0, "low"),
        (49, "low"),
        (49.999, "low"),
        (50, "medium"),
        (74, "medium"),
        (74.99, "medium"),
        (75, "high"),
        (89, "high"),
        (89.99, "high"),
        (90, "very_high"),
        (99.99, "very_high"),
        (100, "very_high"),
    ],
)
def test_band_boundaries(percent: float, band: str) -> None:
    assert ogrs3_band(percent) == band


@pytest.mark.parametrize("percent", [-0.1, 100.1])
def test_band_refuses_impossible_percentages(percent: float) -> None:
    with pytest.raises(DomainValidationError):
        ogrs3_band(percent)


def test_high_scores_reach_every_band() -> None:
    # a young man with a fast sanction rate and a high-risk offence
    young = with_(
        sex="male",
        date_of_birth="1995-01-01",
        date_of_first_sanction="2007-01-01",
        date_of_current_conviction="2012-01-01",
        assessment_date="2012-06-01",
        offence_category=8,
    )
    seen = set()
    for previous in (1, 5, 10, 20, 40, 80):
        result = score_ogrs3(dict(young, previous_sanctions=previous))
        assert result.band == ogrs3_band(result.probabilities["2y"] * 100)
        assert int(result.score or 0) == int(result.probabilities["2y"] * 100)
        seen.add(result.band)
    assert seen == {"medium", "high", "very_high"}


# --- coefficients in use, warnings --------------------------------------------------------------


def test_female_under_16_flags_the_disputed_coefficients() -> None:
    young = with_(
        date_of_birth="2000-01-01",
        date_of_first_sanction="2011-01-01",
        date_of_current_conviction="2013-01-01",
        previous_sanctions=2,
        assessment_date="2014-06-01",
    )
    result = score_ogrs3(young)
    assert terms(result)["age_gender"].value == -0.669521331  # female 14-15, negative
    assert any("10-15" in w for w in result.warnings)
    male = score_ogrs3(dict(young, sex="male"))
    assert terms(male)["age_gender"].value == 0.075775765
    assert male.warnings == ()


def test_male_ten_year_old_first_sanction() -> None:
    result = score_ogrs3(
        with_(
            sex="male",
            date_of_birth="2004-03-01",
            date_of_first_sanction="2014-06-01",
            date_of_current_conviction="2014-06-01",
            previous_sanctions=0,
            assessment_date="2014-07-01",
            offence_category=0,
        )
    )
    t = terms(result)
    assert t["age_gender"].value == 0.0
    assert t["conviction_status"].value == 0.126142106
    assert "first sanction" in t["conviction_status"].label.lower()
    assert t["sanction_rate"].value == pytest.approx(-2.302585093, abs=1e-9)  # ln(1/10)


def test_age_gender_uses_age_on_assessment_date() -> None:
    older = score_ogrs3(with_(assessment_date="2022-09-09"))  # turns 50 on that day
    assert terms(older)["age_gender"].value == -2.44983716
    day_before = score_ogrs3(with_(assessment_date="2022-09-08"))
    assert terms(day_before)["age_gender"].value == -1.524652221


# --- property: more previous sanctions never lower p2 --------------------------------------------


@given(
    previous=st.integers(min_value=1, max_value=999),
    sex=st.sampled_from(["male", "female"]),
    category=st.integers(min_value=0, max_value=19),
)
def test_more_previous_sanctions_never_lower_p2(previous: int, sex: str, category: int) -> None:
    base = with_(
        sex=sex,
        offence_category=category,
        date_of_birth="1970-01-01",
        date_of_first_sanction="1982-01-01",
        date_of_current_conviction="2010-01-01",
        assessment_date="2011-01-01",
    )
    fewer = score_ogrs3(dict(base, previous_sanctions=previous))
    more = score_ogrs3(dict(base, previous_sanctions=previous + 1))
    assert more.probabilities["2y"] >= fewer.probabilities["2y"]
    assert more.probabilities["1y"] >= fewer.probabilities["1y"]


# --- invalid input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sex": "other"}, "sex"),
        ({"sex": True}, "sex"),
        ({"date_of_birth": "1972-13-01"}, "date_of_birth"),
        ({"date_of_birth": 19720909}, "date_of_birth"),
        ({"date_of_current_conviction": "yesterday"}, "date_of_current_conviction"),
        ({"date_of_first_sanction": ["1986-09-09"]}, "date_of_first_sanction"),
        ({"assessment_date": {}}, "assessment_date"),
        ({"previous_sanctions": True}, "previous_sanctions"),
        ({"previous_sanctions": "3"}, "previous_sanctions"),
        ({"previous_sanctions": 3.5}, "previous_sanctions"),
        ({"previous_sanctions": -1}, "previous_sanctions"),
        ({"previous_sanctions": 1001}, "previous_sanctions"),
        ({"previous_sanctions": 10**30}, "previous_sanctions"),
        ({"offence_category": 20}, "offence_category"),
        ({"offence_category": -1}, "offence_category"),
        ({"offence_category": "16"}, "offence_category"),
        ({"offence_category": False}, "offence_category"),
        ({"offence_category": 16.5}, "offence_category"),
        ({"offence_category": None}, "offence_category"),
        ({"previous_sanction": 3}, "previous_sanction"),  # a typo is refused
    ],
)
def test_invalid_field_is_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_ogrs3(with_(**changes))
    assert field in fields_of(exc)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # first sanction after the current conviction
        ({"date_of_first_sanction": "2010-01-01"}, "date_of_first_sanction"),
        # under 10 at the first sanction
        ({"date_of_first_sanction": "1982-09-08"}, "date_of_first_sanction"),
        # dates after the assessment
        ({"date_of_current_conviction": "2015-09-16"}, "date_of_current_conviction"),
        ({"assessment_date": "2009-09-08"}, "date_of_current_conviction"),
        # date of birth after other dates
        ({"date_of_birth": "1990-01-01"}, "date_of_birth"),
        ({"date_of_birth": "2016-01-01"}, "date_of_birth"),
        # no previous sanction, yet an earlier first sanction
        ({"previous_sanctions": 0}, "date_of_first_sanction"),
        # previous sanctions, yet the first sanction is the current one
        ({"date_of_first_sanction": "2009-09-09"}, "date_of_first_sanction"),
        # more previous sanctions than days to hold them
        (
            {"date_of_first_sanction": "2009-08-30", "previous_sanctions": 11},
            "previous_sanctions",
        ),
        # absurd age
        ({"date_of_birth": "1870-01-01"}, "date_of_birth"),
    ],
)
def test_inconsistent_facts_are_refused(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_ogrs3(with_(**changes))
    assert field in fields_of(exc)


def test_under_ten_at_conviction_and_assessment() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_ogrs3(
            with_(
                date_of_birth="2010-01-01",
                date_of_first_sanction="2015-01-01",
                date_of_current_conviction="2015-06-01",
                previous_sanctions=1,
                assessment_date="2015-09-15",
            )
        )
    assert {
        "date_of_first_sanction",
        "date_of_current_conviction",
        "assessment_date",
    } <= fields_of(exc)


def test_every_missing_field_is_listed_at_once() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_ogrs3({})
    assert fields_of(exc) == set(ogrs3.FIELDS)


def test_not_an_object() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_ogrs3([WORKED])  # type: ignore[arg-type]
    assert fields_of(exc) == {"input"}


def test_fast_path_refuses_bad_facts() -> None:
    good = (
        "female",
        dt.date(1972, 9, 9),
        dt.date(2009, 9, 9),
        dt.date(1986, 9, 9),
        3,
        dt.date(2015, 9, 15),
        16,
    )
    for index, bad, field in (
        (0, "x", "sex"),
        (6, 20, "offence_category"),
        (4, -1, "previous_sanctions"),
        (3, dt.date(2010, 1, 1), "date_of_first_sanction"),
    ):
        args: list[Any] = list(good)
        args[index] = bad
        with pytest.raises(DomainValidationError) as exc:
            score_ogrs3_facts(*args)
        assert field in fields_of(exc)


def test_definition_lists_every_field_with_answers() -> None:
    items = {i.code: i for i in ogrs3.DEFINITION.items}
    assert set(items) == set(ogrs3.FIELDS)
    assert items["sex"].answers == ("male", "female")
    assert items["offence_category"].answers == tuple(str(i) for i in range(20))
    assert "16 = criminal damage" in items["offence_category"].help
    assert [b.code for b in ogrs3.DEFINITION.bands] == ["low", "medium", "high", "very_high"]
    assert "[OGRS3-2009]" in ogrs3.DEFINITION.source


# --- the fast path for tidy input agrees with the full reader -------------------------------


def reader_path(data: dict[str, Any]) -> Any:
    """A read-only mapping is not a dict, so it always takes the full Reader path."""
    return score_ogrs3(MappingProxyType(data))


def test_tidy_and_untidy_spellings_score_the_same() -> None:
    untidy = with_(
        sex=" Female ",
        date_of_birth=" 1972-09-09",
        previous_sanctions=3.0,
        offence_category=16.0,
    )
    assert score_ogrs3(untidy).as_dict() == score_ogrs3(WORKED).as_dict()
    assert reader_path(WORKED).as_dict() == score_ogrs3(WORKED).as_dict()


@given(
    sex=st.sampled_from(["male", "female"]),
    dob=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2010, 1, 1)),
    offsets=st.lists(st.integers(min_value=-400, max_value=20000), min_size=3, max_size=3),
    previous=st.integers(min_value=-1, max_value=1001),
    category=st.integers(min_value=-1, max_value=20),
)
def test_fast_path_matches_reader_path(
    sex: str, dob: dt.date, offsets: list[int], previous: int, category: int
) -> None:
    first = dob + dt.timedelta(days=3650 + offsets[0])
    conviction = first + dt.timedelta(days=offsets[1])
    assessed = conviction + dt.timedelta(days=offsets[2])
    data = {
        "sex": sex,
        "date_of_birth": dob.isoformat(),
        "date_of_first_sanction": first.isoformat(),
        "date_of_current_conviction": conviction.isoformat(),
        "previous_sanctions": previous,
        "assessment_date": assessed.isoformat(),
        "offence_category": category,
    }
    try:
        fast = score_ogrs3(data).as_dict()
    except DomainValidationError as exc:
        with pytest.raises(DomainValidationError) as slow:
            reader_path(data)
        assert exc.errors == slow.value.errors
    else:
        assert reader_path(data).as_dict() == fast
