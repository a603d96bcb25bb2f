"""OSP/DC and OSP/IIC ([MOJ-ARNS] OSPDCTransformationHelper.kt, OSPIICHierarchyBand.kt and
their tests)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import osp, score
from fourpillars.domain.instruments.osp import (
    age_points,
    last_sanction_age_points,
    osp_dc_band,
    osp_dc_probability,
    score_osp_dc,
    score_osp_iic,
)

# Worked example computed from the [MOJ-ARNS] rules: 35 -> High, p = 0.0456
EXAMPLE: dict[str, Any] = {
    "date_of_birth": "1985-03-01",
    "assessment_date": "2015-06-01",  # age 30 -> 10
    "contact_adult_sanctions": 1,  # 5
    "contact_child_sanctions": 0,
    "non_contact_sanctions": 0,
    "date_of_last_sexual_sanction": "2014-05-01",  # age 29 -> 10
    "total_sanctions": 3,  # 6
    "stranger_victim": "yes",  # 4
}


def with_(**changes: Any) -> dict[str, Any]:
    data = dict(EXAMPLE)
    data.update(changes)
    return data


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def points(result: Any) -> dict[str, Any]:
    return {t.name: t.value for t in result.terms}


def test_worked_example() -> None:
    result = score_osp_dc(EXAMPLE)
    assert result.instrument == "osp-dc"
    assert result.version == "arns-moj.2"
    assert result.score == 35
    assert result.band == "high"
    assert result.probabilities["2y"] == pytest.approx(0.0456, abs=1e-4)
    assert score("osp-dc", EXAMPLE).as_dict() == result.as_dict()
    p = points(result)
    assert (p["contact_adult"], p["age_at_start"], p["age_at_last_sexual_sanction"]) == (5, 10, 10)
    assert (p["total_sanctions"], p["stranger_victim"]) == (6, 4)
    assert result.warnings == ()


# --- weights -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "term", "weights"),
    [
        ("contact_adult_sanctions", "contact_adult", (0, 5, 10, 15, 15, 15)),
        ("contact_child_sanctions", "contact_child", (0, 3, 6, 9, 9, 9)),
        ("non_contact_sanctions", "non_contact", (0, 2, 4, 6, 6, 6)),
    ],
)
def test_count_weights(field: str, term: str, weights: tuple[int, ...]) -> None:
    for count, expected in enumerate(weights):
        result = score_osp_dc(with_(**{field: count, "total_sanctions": 10}))
        assert points(result)[term] == expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [(18, 14), (20, 14), (21, 13), (30, 10), (45, 5), (60, 0), (62, 0), (63, 0), (99, 0)],
)
def test_age_at_start_of_follow_up(age: int, expected: int) -> None:
    assert age_points(age) == expected
    result = score_osp_dc(
        with_(date_of_birth=f"{2015 - age}-06-01", date_of_last_sexual_sanction="2015-05-01")
    )
    assert points(result)["age_at_start"] == expected


@pytest.mark.parametrize(
    ("age", "expected"), [(10, 0), (15, 0), (16, 5), (17, 5), (18, 10), (40, 10)]
)
def test_age_at_last_sexual_sanction(age: int, expected: int) -> None:
    assert last_sanction_age_points(age) == expected
    result = score_osp_dc(
        with_(date_of_birth="1970-01-01", date_of_last_sexual_sanction=f"{1970 + age}-01-01")
    )
    assert points(result)["age_at_last_sexual_sanction"] == expected


def test_total_sanctions_and_stranger_weights() -> None:
    assert points(score_osp_dc(with_(total_sanctions=1)))["total_sanctions"] == 0
    assert points(score_osp_dc(with_(total_sanctions=2)))["total_sanctions"] == 6
    for answer, expected in (("yes", 4), ("no", 0), ("unknown", 2), ("Unknown", 2)):
        assert points(score_osp_dc(with_(stranger_victim=answer)))["stranger_victim"] == expected


def test_maximum_is_64() -> None:
    result = score_osp_dc(
        with_(
            contact_adult_sanctions=5,
            contact_child_sanctions=5,
            non_contact_sanctions=5,
            total_sanctions=20,
            date_of_birth="1997-01-01",
            assessment_date="2015-06-01",
            date_of_last_sexual_sanction="2015-05-01",
            stranger_victim="yes",
        )
    )
    assert result.score == 64
    assert result.band == "very_high"
    assert result.probabilities["2y"] == pytest.approx(0.831164, abs=1e-6)


def test_score_zero_is_not_applicable_with_probability_zero() -> None:
    result = score_osp_dc(
        with_(
            contact_adult_sanctions=0,
            date_of_birth="1940-01-01",
            date_of_last_sexual_sanction="1953-01-01",  # age 13
            total_sanctions=1,
            stranger_victim="no",
        )
    )
    assert result.score == 0
    assert result.band == "not_applicable"
    assert result.probabilities == {"2y": 0.0}


# --- bands and probabilities -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "not_applicable"),
        (1, "low"),
        (21, "low"),
        (22, "medium"),
        (29, "medium"),
        (30, "high"),
        (35, "high"),
        (36, "very_high"),
        (64, "very_high"),
    ],
)
def test_band_boundaries(value: int, band: str) -> None:
    assert osp_dc_band(value) == band


@pytest.mark.parametrize("value", [65, -1, True, 3.5])
def test_impossible_scores_are_refused(value: Any) -> None:
    with pytest.raises(DomainValidationError):
        osp_dc_band(value)
    with pytest.raises(DomainValidationError):
        osp_dc_probability(value)


def test_probabilities() -> None:
    assert osp_dc_probability(32) == pytest.approx(0.028757, abs=1e-6)
    assert osp_dc_probability(64) == pytest.approx(0.831164, abs=1e-6)
    assert osp_dc_probability(0) == 0.0
    assert osp.DC_INTERCEPT == -8.6333
    assert osp.DC_SLOPE == 0.1598


# --- population and validation -----------------------------------------------------------


def test_female_is_not_applicable_with_the_reason() -> None:
    result = score_osp_dc(with_(sex="female"))
    assert (result.score, result.band, dict(result.probabilities)) == (None, "not_applicable", {})
    assert result.reason is not None and "validated on men only" in result.reason
    assert not result.applicable and result.warnings == ()
    assert result.as_dict()["reason"] == result.reason
    male = score_osp_dc(with_(sex="male"))
    assert male.applicable and male.reason is None and male.warnings == ()


def test_female_needs_no_other_answer_but_bad_ones_are_still_refused() -> None:
    assert score_osp_dc({"sex": "female"}).band == "not_applicable"
    with pytest.raises(DomainValidationError) as exc:
        score_osp_dc({"sex": "female", "total_sanctions": "three"})
    assert fields_of(exc) == {"total_sanctions"}


def test_osp_iic_is_not_applicable_to_women() -> None:
    result = score_osp_iic({"sex": "female", "iioc_sanctions": 2})
    assert (result.score, result.band, dict(result.probabilities)) == (None, "not_applicable", {})
    assert result.reason and "women" in result.reason
    men = score_osp_iic(
        {
            "sex": "male",
            "iioc_sanctions": 2,
            "contact_child_sanctions": 0,
            "any_sexual_sanctions": True,
        }
    )
    assert men.band == "very_high" and men.reason is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": "1998-06-02"}, "date_of_birth"),  # 16 at assessment
        ({"date_of_birth": "1997-06-02"}, "date_of_birth"),  # 17, the day before 18
        ({"date_of_birth": "2016-01-01"}, "date_of_birth"),  # born after the assessment
        ({"date_of_birth": "1880-01-01"}, "date_of_birth"),  # absurd age
        ({"date_of_last_sexual_sanction": "1994-01-01"}, "date_of_last_sexual_sanction"),  # 8
        ({"date_of_last_sexual_sanction": "1980-01-01"}, "date_of_birth"),  # before birth
        ({"date_of_last_sexual_sanction": "2015-06-02"}, "date_of_last_sexual_sanction"),
        ({"date_of_last_sexual_sanction": "01/05/2014"}, "date_of_last_sexual_sanction"),
        ({"assessment_date": 2015}, "assessment_date"),
        ({"contact_adult_sanctions": -1}, "contact_adult_sanctions"),
        ({"contact_adult_sanctions": 4}, "contact_adult_sanctions"),  # more than the total
        ({"contact_child_sanctions": True}, "contact_child_sanctions"),
        ({"non_contact_sanctions": "2"}, "non_contact_sanctions"),
        ({"non_contact_sanctions": 5000}, "non_contact_sanctions"),
        ({"total_sanctions": 0}, "total_sanctions"),
        ({"total_sanctions": 1.5}, "total_sanctions"),
        ({"stranger_victim": "maybe"}, "stranger_victim"),
        ({"stranger_victim": True}, "stranger_victim"),
        ({"sex": "m"}, "sex"),
        ({"stranger": "yes"}, "stranger"),
    ],
)
def test_invalid_field_is_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_osp_dc(with_(**changes))
    assert field in fields_of(exc)


def test_every_missing_field_is_listed() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_osp_dc({})
    assert fields_of(exc) == set(osp.DC_FIELDS) - {"sex"}


# --- property: the score never falls when a count rises ----------------------------------


@given(
    field=st.sampled_from(
        ["contact_adult_sanctions", "contact_child_sanctions", "non_contact_sanctions"]
    ),
    count=st.integers(min_value=0, max_value=98),
    total=st.integers(min_value=99, max_value=1000),
    stranger=st.sampled_from(["yes", "no", "unknown"]),
)
def test_score_monotone_in_each_count(field: str, count: int, total: int, stranger: str) -> None:
    base = with_(total_sanctions=total, stranger_victim=stranger)
    lower = score_osp_dc(dict(base, **{field: count}))
    higher = score_osp_dc(dict(base, **{field: count + 1}))
    assert higher.score is not None and lower.score is not None
    assert higher.score >= lower.score
    assert higher.probabilities["2y"] >= lower.probabilities["2y"]
    assert 0 <= lower.score <= 64


@given(total=st.integers(min_value=1, max_value=999))
def test_score_monotone_in_total_sanctions(total: int) -> None:
    lower = score_osp_dc(with_(contact_adult_sanctions=1, total_sanctions=total))
    higher = score_osp_dc(with_(contact_adult_sanctions=1, total_sanctions=total + 1))
    assert higher.score is not None and lower.score is not None
    assert higher.score >= lower.score


# --- OSP/IIC -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("images", "child", "any_sexual", "band", "contribution", "row"),
    [
        (2, 0, True, "very_high", 0.10310, 1),
        (5, 3, True, "very_high", 0.10310, 1),  # the first matching row wins
        (1, 0, True, "high", 0.03328, 2),
        (1, 4, True, "high", 0.03328, 2),
        (0, 2, True, "medium", 0.00926, 3),
        (0, 1, True, "low", 0.00634, 4),
        (0, 0, False, "low", 0.00062, 5),
        (0, 0, True, "low", 0.00281, 6),
    ],
)
def test_iic_hierarchy(
    images: int, child: int, any_sexual: bool, band: str, contribution: float, row: int
) -> None:
    result = score_osp_iic(
        {
            "iioc_sanctions": images,
            "contact_child_sanctions": child,
            "any_sexual_sanctions": any_sexual,
        }
    )
    assert result.instrument == "osp-iic"
    assert result.score is None
    assert result.band == band
    assert result.probabilities == {"2y": contribution}
    matched = next(t for t in result.terms if t.name == "hierarchy_row")
    assert matched.value == row
    assert f"Row {row} of 6" in matched.label
    assert band == next(b.code for b in osp.IIC_BANDS if b.contains(contribution))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"iioc_sanctions": 1, "contact_child_sanctions": 0, "any_sexual_sanctions": False},
            "any_sexual_sanctions",
        ),
        (
            {"iioc_sanctions": -1, "contact_child_sanctions": 0, "any_sexual_sanctions": True},
            "iioc_sanctions",
        ),
        (
            {"iioc_sanctions": 0, "contact_child_sanctions": None, "any_sexual_sanctions": True},
            "contact_child_sanctions",
        ),
        (
            {"iioc_sanctions": 0, "contact_child_sanctions": 0, "any_sexual_sanctions": 1},
            "any_sexual_sanctions",
        ),
        ({"iioc_sanctions": 0, "contact_child_sanctions": 0}, "any_sexual_sanctions"),
        (
            {
                "iioc_sanctions": 0,
                "contact_child_sanctions": 0,
                "any_sexual_sanctions": True,
                "x": 1,
            },
            "x",
        ),
    ],
)
def test_iic_invalid_field_is_named(data: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_osp_iic(data)
    assert field in fields_of(exc)


def test_iic_accepts_yes_no_answers() -> None:
    result = score_osp_iic(
        {"iioc_sanctions": 0, "contact_child_sanctions": 0, "any_sexual_sanctions": "no"}
    )
    assert result.probabilities["2y"] == 0.00062
