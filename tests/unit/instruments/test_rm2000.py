"""Risk Matrix 2000 /S, /V and /C ([RM2000])."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import rm2000
from fourpillars.domain.instruments.rm2000 import (
    rm2000_c_total,
    score_rm2000_c,
    score_rm2000_s,
    score_rm2000_v,
)

UNCONFIRMED = "cut-offs unconfirmed [M]"

# Worked example computed from the [RM2000] rules [M]: a man of 27 with 2 sexual and 6 criminal
# appearances
EXAMPLE_S: dict[str, Any] = {
    "date_of_birth": "1988-01-10",
    "assessment_date": "2015-06-01",
    "sexual_appearances": 2,
    "criminal_appearances": 6,
    "male_victim": False,
    "stranger_victim": True,
    "non_contact_offence": False,
    "single": True,
}
EXAMPLE_V: dict[str, Any] = {
    "date_of_birth": "1988-01-10",
    "assessment_date": "2015-06-01",
    "violent_appearances": 2,
    "burglary": True,
}


def s_with(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE_S, **changes}


def v_with(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE_V, **changes}


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def values(result: Any) -> dict[str, Any]:
    return {t.name: t.value for t in result.terms}


NO_FACTORS = {"male_victim": False, "stranger_victim": False, "non_contact_offence": False}


# --- the worked example ------------------------------------------------------------------


def test_worked_example_step1_high_raised_to_very_high() -> None:
    result = score_rm2000_s(EXAMPLE_S)
    assert result.instrument == "rm2000-s"
    assert result.version == "2007-thornton.1"
    v = values(result)
    assert (v["age"], v["sexual_appearances"], v["criminal_appearances"]) == (1, 1, 1)
    assert result.score == 3
    assert "High" in next(t.label for t in result.terms if t.name == "step1")
    assert v["step2"] == 1
    assert result.band == "very_high"
    assert UNCONFIRMED in result.warnings
    assert result.probabilities == {}


def test_without_aggravating_factors_stays_high() -> None:
    result = score_rm2000_s(s_with(stranger_victim=False))  # only "single" left: 1 factor
    assert result.score == 3
    assert result.band == "high"


def test_four_factors_raise_medium_to_very_high() -> None:
    result = score_rm2000_s(
        s_with(
            date_of_birth="1970-01-01",  # 45 -> 0
            sexual_appearances=2,  # 1
            criminal_appearances=3,  # 0
            male_victim=True,
            stranger_victim=True,
            non_contact_offence=True,
            single=True,
        )
    )
    assert result.score == 1
    assert result.band == "very_high"
    assert values(result)["step2"] == 2


@pytest.mark.parametrize(
    ("step1_dob", "sexual", "criminal", "step1_band"),
    [
        ("1970-01-01", 1, 1, "low"),  # 0
        ("1970-01-01", 2, 5, "medium"),  # 2
        ("1995-01-01", 3, 5, "very_high"),  # 2 + 2 + 1 = 5
    ],
)
@pytest.mark.parametrize(
    ("factors", "raise_by"),
    [
        (0, 0),
        (1, 0),
        (2, 1),
        (3, 1),
        (4, 2),
    ],
)
def test_step2_raises_and_caps(
    step1_dob: str, sexual: int, criminal: int, step1_band: str, factors: int, raise_by: int
) -> None:
    names = ["male_victim", "stranger_victim", "non_contact_offence", "single"]
    answers = {name: i < factors for i, name in enumerate(names)}
    result = score_rm2000_s(
        s_with(
            date_of_birth=step1_dob,
            sexual_appearances=sexual,
            criminal_appearances=criminal,
            **answers,
        )
    )
    order = ["low", "medium", "high", "very_high"]
    assert order[min(order.index(step1_band) + raise_by, 3)] == result.band
    assert values(result)["step2"] == raise_by


@pytest.mark.parametrize(
    ("dob", "points"),
    [
        ("1997-06-01", 2),  # 18
        ("1990-06-02", 2),  # 24
        ("1990-06-01", 1),  # 25
        ("1980-06-02", 1),  # 34
        ("1980-06-01", 0),  # 35
        ("1930-06-01", 0),  # 85
    ],
)
def test_s_age_points(dob: str, points: int) -> None:
    assert values(score_rm2000_s(s_with(date_of_birth=dob)))["age"] == points


@pytest.mark.parametrize(("sexual", "points"), [(1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (30, 3)])
def test_sexual_appearance_points(sexual: int, points: int) -> None:
    result = score_rm2000_s(s_with(sexual_appearances=sexual, criminal_appearances=30))
    assert values(result)["sexual_appearances"] == points


@pytest.mark.parametrize(("criminal", "points"), [(2, 0), (4, 0), (5, 1), (100, 1)])
def test_criminal_appearance_points(criminal: int, points: int) -> None:
    result = score_rm2000_s(s_with(sexual_appearances=2, criminal_appearances=criminal))
    assert values(result)["criminal_appearances"] == points


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "low"),
        (1, "medium"),
        (2, "medium"),
        (3, "high"),
        (4, "high"),
        (5, "very_high"),
        (6, "very_high"),
    ],
)
def test_step1_cut_offs(total: int, band: str) -> None:
    assert next(b.code for b in rm2000.S_BANDS if b.contains(total)) == band


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": "1998-06-02"}, "date_of_birth"),  # 16
        ({"date_of_birth": "1997-06-02"}, "date_of_birth"),  # one day short of 18
        ({"date_of_birth": "2016-01-01"}, "date_of_birth"),
        ({"date_of_birth": "1880-01-01"}, "date_of_birth"),
        ({"assessment_date": "2015-02-30"}, "assessment_date"),
        ({"sexual_appearances": 0}, "sexual_appearances"),
        ({"sexual_appearances": True}, "sexual_appearances"),
        ({"criminal_appearances": 1}, "criminal_appearances"),  # fewer than sexual ones
        ({"criminal_appearances": 2000}, "criminal_appearances"),
        ({"male_victim": "perhaps"}, "male_victim"),
        ({"stranger_victim": 1}, "stranger_victim"),
        ({"non_contact_offence": None}, "non_contact_offence"),
        ({"single": []}, "single"),
        ({"married": False}, "married"),
    ],
)
def test_s_invalid_field_is_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_rm2000_s(s_with(**changes))
    assert field in fields_of(exc)


@given(
    age=st.integers(min_value=18, max_value=90),
    sexual=st.integers(min_value=1, max_value=20),
    extra=st.integers(min_value=0, max_value=20),
    factors=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_s_final_category_never_below_step1(
    age: int, sexual: int, extra: int, factors: list[bool]
) -> None:
    names = ["male_victim", "stranger_victim", "non_contact_offence", "single"]
    result = score_rm2000_s(
        s_with(
            date_of_birth=f"{2015 - age}-01-01",
            sexual_appearances=sexual,
            criminal_appearances=sexual + extra,
            **dict(zip(names, factors, strict=True)),
        )
    )
    assert result.score is not None and 0 <= result.score <= 6
    order = ["low", "medium", "high", "very_high"]
    step1 = next(b.code for b in rm2000.S_BANDS if b.contains(result.score))
    assert order.index(result.band or "") >= order.index(step1)


# --- RM2000/V ---------------------------------------------------------------------------


def test_v_example() -> None:
    result = score_rm2000_v(EXAMPLE_V)  # 27 -> 2, 2 violent -> 2, burglary -> 2
    assert result.instrument == "rm2000-v"
    assert result.score == 6
    assert result.band == "very_high"
    assert UNCONFIRMED in result.warnings


@pytest.mark.parametrize(
    ("dob", "points"),
    [
        ("1997-06-01", 3),
        ("1990-06-02", 3),
        ("1990-06-01", 2),
        ("1980-06-02", 2),
        ("1980-06-01", 1),
        ("1970-06-02", 1),
        ("1970-06-01", 0),
    ],
)
def test_v_age_points(dob: str, points: int) -> None:
    assert values(score_rm2000_v(v_with(date_of_birth=dob)))["age"] == points


@pytest.mark.parametrize(("violent", "points"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (50, 3)])
def test_v_violent_points(violent: int, points: int) -> None:
    assert (
        values(score_rm2000_v(v_with(violent_appearances=violent)))["violent_appearances"] == points
    )


@pytest.mark.parametrize(
    ("dob", "violent", "burglary", "total", "band"),
    [
        ("1960-01-01", 0, False, 0, "low"),
        ("1960-01-01", 1, False, 1, "low"),
        ("1960-01-01", 0, True, 2, "medium"),
        ("1975-01-01", 2, False, 3, "medium"),
        ("1975-01-01", 1, True, 4, "high"),
        ("1985-01-01", 3, False, 4, "high"),
        ("1985-01-01", 1, True, 5, "high"),
        ("1985-01-01", 2, True, 6, "very_high"),
        ("1995-01-01", 1, True, 6, "very_high"),
        ("1995-01-01", 4, True, 8, "very_high"),
    ],
)
def test_v_totals_and_bands(dob: str, violent: int, burglary: bool, total: int, band: str) -> None:
    result = score_rm2000_v(
        v_with(date_of_birth=dob, violent_appearances=violent, burglary=burglary)
    )
    assert (result.score, result.band) == (total, band)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": "2000-01-01"}, "date_of_birth"),
        ({"violent_appearances": -1}, "violent_appearances"),
        ({"violent_appearances": False}, "violent_appearances"),
        ({"burglary": "often"}, "burglary"),
        ({"assessment_date": None}, "assessment_date"),
        ({"burglaries": 2}, "burglaries"),
    ],
)
def test_v_invalid_field_is_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_rm2000_v(v_with(**changes))
    assert field in fields_of(exc)


# --- RM2000/C ---------------------------------------------------------------------------

POINTS = {"low": 1, "medium": 2, "high": 3, "very_high": 4}


@pytest.mark.parametrize("s_band", list(POINTS))
@pytest.mark.parametrize("v_band", list(POINTS))
def test_c_every_combination(s_band: str, v_band: str) -> None:
    result = score_rm2000_c({"s_band": s_band, "v_band": v_band})
    total = POINTS[s_band] + POINTS[v_band]
    assert result.score == total == rm2000_c_total(s_band, v_band)
    expected = {
        2: "low",
        3: "medium",
        4: "medium",
        5: "high",
        6: "high",
        7: "very_high",
        8: "very_high",
    }
    assert result.band == expected[total]
    assert result.version == "2007-thornton.1"
    assert UNCONFIRMED in result.warnings


SECOND_READING = {
    2: "low",
    3: "low",
    4: "medium",
    5: "medium",
    6: "high",
    7: "high",
    8: "very_high",
}
CURRENT_READING = {
    2: "low",
    3: "medium",
    4: "medium",
    5: "high",
    6: "high",
    7: "very_high",
    8: "very_high",
}


@pytest.mark.parametrize("s_band", list(POINTS))
@pytest.mark.parametrize("v_band", list(POINTS))
def test_c_second_reading_of_the_cut_offs(s_band: str, v_band: str) -> None:
    result = score_rm2000_c({"s_band": s_band, "v_band": v_band, "cutoffs": "second_reading"})
    total = POINTS[s_band] + POINTS[v_band]
    assert result.score == total
    assert result.band == SECOND_READING[total]
    assert result.version == "2007-thornton.1-reading2"
    assert result.extra["other_reading"] == {
        "cutoffs": "current",
        "version": "2007-thornton.1",
        "band": CURRENT_READING[total],
    }


@pytest.mark.parametrize("cutoffs", [None, "current", "second_reading"])
def test_c_every_result_says_the_cut_offs_are_disputed_and_names_the_other_reading(
    cutoffs: str | None,
) -> None:
    data = {"s_band": "high", "v_band": "low"}  # total 4: medium under both readings
    data2 = {"s_band": "high", "v_band": "medium"}  # total 5: high, or medium (second)
    for d in (data, data2):
        result = score_rm2000_c({**d, **({"cutoffs": cutoffs} if cutoffs else {})})
        notes = [w for w in result.warnings if "disputed" in w]
        assert len(notes) == 1
        other = result.extra["other_reading"]
        assert other["cutoffs"] == ("current" if cutoffs == "second_reading" else "second_reading")
        label = {"medium": "Medium", "high": "High"}[other["band"]]
        assert f"gives {label}" in notes[0] and other["version"] in notes[0]
    five = score_rm2000_c({**data2, **({"cutoffs": cutoffs} if cutoffs else {})})
    assert five.band == ("medium" if cutoffs == "second_reading" else "high")


def test_c_definition_offers_the_second_reading_as_a_version() -> None:
    from fourpillars.domain.instruments import REGISTRY

    d = REGISTRY["rm2000-c"].definition
    assert d.version == "2007-thornton.1"
    assert d.alternative_versions == ("2007-thornton.1-reading2",)
    assert d.knows_version("2007-thornton.1-reading2") and not d.knows_version("x")
    assert any("disputed" in note for note in d.notes)


def test_c_chains_from_s_and_v() -> None:
    s = score_rm2000_s(EXAMPLE_S)
    v = score_rm2000_v(EXAMPLE_V)
    c = score_rm2000_c({"s_band": s.band, "v_band": v.band})
    assert (c.score, c.band) == (8, "very_high")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"s_band": "severe", "v_band": "low"}, "s_band"),
        ({"s_band": "low", "v_band": 3}, "v_band"),
        ({"s_band": "low"}, "v_band"),
        ({"s_band": "low", "v_band": "low", "c_band": "low"}, "c_band"),
        ({"s_band": "low", "v_band": "low", "cutoffs": "2007"}, "cutoffs"),
    ],
)
def test_c_invalid_field_is_named(data: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_rm2000_c(data)
    assert field in fields_of(exc)


def test_c_total_refuses_unknown_category() -> None:
    with pytest.raises(DomainValidationError) as exc:
        rm2000_c_total("low", "extreme")
    assert fields_of(exc) == {"v_band"}
