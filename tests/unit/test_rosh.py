"""RoSH rules: screening triggers, overall rating, departures, lifecycle, level indication."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain import rosh
from fourpillars.domain.errors import DomainValidationError, IllegalTransition

TODAY = dt.date(2026, 11, 26)
RATINGS = list(rosh.RATING_ORDER)


def test_four_levels_and_no_no_risk_level() -> None:
    assert RATINGS == ["low", "medium", "high", "very_high"]
    assert "none" not in rosh.RATING_ORDER


@given(st.lists(st.sampled_from(RATINGS), min_size=1, max_size=7))
def test_overall_is_the_highest_group(ratings: list[str]) -> None:
    overall = rosh.highest(ratings)
    assert overall in ratings
    assert all(rosh.RATING_ORDER[r] <= rosh.RATING_ORDER[overall] for r in ratings)  # type: ignore[index]


def test_overall_of_nothing_is_none() -> None:
    assert rosh.highest([None, None]) is None


def test_sentence_of_four_years_triggers_full_analysis() -> None:
    assert rosh.screen([], 47).full_analysis_required is False
    result = rosh.screen([], 48)
    assert result.full_analysis_required and result.triggers == ("long_sentence",)
    assert "48 months" in result.reasons[0]


def test_screening_names_every_trigger() -> None:
    result = rosh.screen(["robbery", "previous_high"])
    assert result.triggers == ("robbery", "previous_high")
    assert result.reasons[1] == rosh.TRIGGER_LABELS["previous_high"]


def test_unknown_trigger_refused_naming_the_field() -> None:
    with pytest.raises(DomainValidationError) as exc:
        rosh.screen(["nope"])
    assert exc.value.errors[0].field == "screening.triggers"


@pytest.mark.parametrize(
    ("code", "trigger"),
    [
        ("0801 00", "homicide"),
        ("1010 00", "sexual_child"),
        ("1001", "sexual_adult"),
        ("1600 00", None),
        ("", None),
    ],
)
def test_ecris_codes_point_to_triggers(code: str, trigger: str | None) -> None:
    assert rosh.triggers_for_ecris(code) == trigger


def test_rating_matching_instruments_is_no_departure() -> None:
    d = rosh.compare_with_instruments("high", [rosh.InstrumentBand("ogrs3", "high")])
    assert d.direction == "none" and not d.needs_reason


def test_raising_needs_a_reason_but_no_countersignature() -> None:
    d = rosh.compare_with_instruments("very_high", [rosh.InstrumentBand("ogrs3", "medium")])
    assert d.direction == "raised" and d.needs_reason and not d.needs_countersignature


def test_lowering_below_an_actuarial_band_needs_countersignature() -> None:
    d = rosh.compare_with_instruments(
        "medium",
        [rosh.InstrumentBand("ogrs3", "low"), rosh.InstrumentBand("static-99r", "IVb")],
    )
    assert d.indicated == "very_high" and d.indicated_by == ("static-99r",)
    assert d.direction == "lowered" and d.needs_countersignature
    assert "static-99r" in d.explanation


def test_spj_results_indicate_nothing() -> None:
    d = rosh.compare_with_instruments("low", [rosh.InstrumentBand("sara", "high")])
    assert d.indicated is None and d.direction == "none"


def _doc(**extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "assessment_date": "2026-11-20",
        "screening": {"triggers": ["sexual_child"]},
        "ratings": {
            "community": {
                "children": "high",
                "public": "medium",
                "known_adult": "low",
                "staff": "low",
            }
        },
        "summary": {k: "answer" for k, _, _ in rosh.SUMMARY_QUESTIONS},
        "formulation": "Why he offended and what could lead to it again.",
        "risk_factors": [
            {
                "text": "Access to children",
                "evidence": "Police intelligence",
                "source_agency": "police",
            }
        ],
        "protective_factors": [{"id": "pf1", "text": "Stable housing"}],
        "scenarios": [
            {"kind": "most_likely", "description": "Grooming online"},
            {"kind": "worst_case", "description": "Contact offence"},
        ],
    }
    base.update(extra)
    return base


def test_complete_assessment_has_no_submission_problems() -> None:
    doc = rosh.clean_assessment(_doc(), TODAY)
    assert doc.overall == "high"
    assert doc.risk_factors[0].ident == "rf1"
    assert [s.ident for s in doc.scenarios] == ["sc1", "sc2"]
    departure = rosh.compare_with_instruments(doc.overall, [])
    assert rosh.submission_problems(doc, departure) == []


def test_full_analysis_requires_summary_formulation_and_scenarios() -> None:
    doc = rosh.clean_assessment(
        _doc(summary={}, formulation="", scenarios=[], risk_factors=[]), TODAY
    )
    fields = {
        f for f, _ in rosh.submission_problems(doc, rosh.compare_with_instruments("high", []))
    }
    assert {
        "summary.who_at_risk",
        "summary.reduces",
        "formulation",
        "scenarios",
        "risk_factors",
    } <= fields


def test_missing_ratings_are_named_per_group() -> None:
    doc = rosh.clean_assessment(_doc(ratings={"community": {"children": "high"}}), TODAY)
    fields = {
        f for f, _ in rosh.submission_problems(doc, rosh.compare_with_instruments("high", []))
    }
    assert "ratings.community.public" in fields and "ratings.community.children" not in fields


def test_departure_without_reason_blocks_submission() -> None:
    doc = rosh.clean_assessment(_doc(), TODAY)
    departure = rosh.compare_with_instruments("high", [rosh.InstrumentBand("ogrs3", "very_high")])
    problems = dict(rosh.submission_problems(doc, departure))
    assert "judgement_reason" in problems and "countersign" in problems["judgement_reason"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"ratings": {"community": {"children": "extreme"}}}, "ratings.community.children"),
        ({"ratings": {"community": {"aliens": "low"}}}, "ratings.community.aliens"),
        ({"ratings": {"orbit": {}}}, "ratings.orbit"),
        ({"assessment_date": "2099-01-01"}, "assessment_date"),
        ({"assessment_date": "26/11/2026"}, "assessment_date"),
        ({"summary": {"who_at_risk": 5}}, "summary.who_at_risk"),
        ({"summary": {"colour": "x"}}, "summary.colour"),
        ({"formulation": "x" * 20_000}, "formulation"),
        ({"formulation": "a\u202eb"}, "formulation"),
        ({"risk_factors": [{"id": "pf1", "text": "x"}]}, "risk_factors.0.id"),
        ({"risk_factors": [{"text": ""}]}, "risk_factors.0.text"),
        (
            {"risk_factors": [{"id": "rf1", "text": "a"}, {"id": "rf1", "text": "b"}]},
            "risk_factors.1.id",
        ),
        ({"risk_factors": "lots"}, "risk_factors"),
        ({"scenarios": [{"kind": "fantasy"}]}, "scenarios.0.kind"),
        ({"scenarios": [{"kind": "twist", "likelihood": "certain"}]}, "scenarios.0.likelihood"),
        ({"screening": {"triggers": ["x"]}}, "screening.triggers"),
        ({"screening": {"sentence_months": "ten"}}, "screening.sentence_months"),
        ({"screening": {"sentence_months": True}}, "screening.sentence_months"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_assessment_fields_are_named(data: dict[str, object], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        rosh.clean_assessment(data, TODAY)
    assert field in [e.field for e in exc.value.errors]


def test_clean_assessment_refuses_non_objects() -> None:
    with pytest.raises(DomainValidationError):
        rosh.clean_assessment(["not", "an", "object"], TODAY)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from([*rosh.DOCUMENT_FIELDS, "x"]), json_values, max_size=6))
def test_any_json_is_either_clean_or_refused_by_field(data: dict[str, object]) -> None:
    try:
        rosh.clean_assessment(data, TODAY)
    except DomainValidationError as exc:
        assert exc.errors and all(e.field for e in exc.errors)


def test_lifecycle() -> None:
    assert rosh.transition("draft", "submit") == "submitted"
    assert rosh.transition("submitted", "countersign") == "countersigned"
    assert rosh.transition("countersigned", "supersede") == "superseded"
    with pytest.raises(IllegalTransition):
        rosh.transition("superseded", "submit")
    with pytest.raises(IllegalTransition):
        rosh.transition("draft", "countersign")


@pytest.mark.parametrize(
    ("overall", "flags", "level"),
    [
        ("very_high", {}, 1),
        ("very_high", {"adds_value": True}, 2),
        ("medium", {"adds_value": True}, 1),
        ("medium", {"adds_value": True, "exceptional_coordination": True}, 2),
        ("low", {"adds_value": True, "step_down_from_3": True}, 2),
        ("high", {"adds_value": True, "senior_resources": True}, 3),
        (
            "medium",
            {"adds_value": True, "exceptional_coordination": True, "public_confidence": True},
            3,
        ),
        ("medium", {"adds_value": True, "public_confidence": True}, 1),
        (None, {"adds_value": True}, 1),
    ],
)
def test_level_indication_follows_the_criteria(
    overall: str | None, flags: dict[str, bool], level: int
) -> None:
    indication = rosh.indicate_level(overall, flags)
    assert indication.level == level
    assert indication.reasons


def test_level_indication_warns_when_high_risk_sits_at_level_1() -> None:
    reasons = rosh.indicate_level("high", {}).reasons
    assert any("Check this" in r for r in reasons)


def test_unknown_level_flag_refused() -> None:
    with pytest.raises(DomainValidationError) as exc:
        rosh.indicate_level("high", {"vibes": True})
    assert exc.value.errors[0].field == "flags.vibes"
