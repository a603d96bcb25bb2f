"""RoSH rules: screening triggers and predictor thresholds, overall rating per setting, the
countersignature policy, lifecycle, level indication and the level statement."""

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


def test_no_band_indicates_a_rating_any_more() -> None:
    # A predictor describes a group: the band-to-rating indication is gone with its rule.
    assert not hasattr(rosh, "BAND_INDICATES")
    assert not hasattr(rosh, "compare_with_instruments")


P = rosh.PredictorResult


@pytest.mark.parametrize(
    ("results", "triggered"),
    [
        ([P("rsr", "low")], ()),
        ([P("rsr", "medium")], ("rsr",)),
        ([P("rsr", "high")], ("rsr",)),
        ([P("osp-dc", "low"), P("osp-iic", "medium")], ("osp-iic",)),
        ([P("osp-dc", "very_high"), P("rsr", "medium")], ("rsr", "osp-dc")),
        ([P("osp-dc", "not_applicable")], ()),
        # OGRS3 predicts any proven reoffending, not serious harm: never a screening trigger.
        ([P("ogrs3", "very_high")], ()),
        ([P("static-99r", "IVb"), P("rm2000-s", "very_high")], ()),
    ],
)
def test_predictor_thresholds_trigger_a_full_analysis(
    results: list[rosh.PredictorResult], triggered: tuple[str, ...]
) -> None:
    s = rosh.screen([], None, results)
    assert tuple(t.instrument for t in s.predictors) == triggered
    assert s.full_analysis_required is bool(triggered)
    assert s.policy_version == rosh.DEFAULT_SCREENING_POLICY.version
    if triggered:
        assert any("RSR" in r or "OSP" in r for r in s.reasons)


def test_screening_policy_is_data_an_area_can_version() -> None:
    strict = rosh.ScreeningPolicy("area-x-2027.1", {"rsr": "low"})
    assert rosh.screen([], None, [P("rsr", "low")], strict).full_analysis_required
    assert not rosh.screen([], None, [P("rsr", "low")]).full_analysis_required


@pytest.mark.parametrize(
    ("overall", "exempted", "training", "needed"),
    [
        (["low", None], False, False, 0),
        (["medium", "medium"], False, False, 0),
        (["high", None], False, False, 1),
        (["medium", "very_high"], False, False, 1),  # the custody overall counts too
        (["low", None], True, False, 1),
        (["low", None], False, True, 1),
        (["very_high", None], True, True, 3),
    ],
)
def test_countersignature_policy(
    overall: list[str | None], exempted: bool, training: bool, needed: int
) -> None:
    reasons = rosh.DEFAULT_COUNTERSIGNATURE_POLICY.reasons(
        overall, exempted=exempted, author_in_training=training
    )
    assert len(reasons) == needed


def test_a_lower_rating_than_a_band_needs_no_countersignature_by_itself() -> None:
    # Under the earlier rules a medium rating beside Static-99R IVb needed a countersignature.
    reasons = rosh.DEFAULT_COUNTERSIGNATURE_POLICY.reasons(
        ["medium", None], exempted=False, author_in_training=False
    )
    assert reasons == ()


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
    assert rosh.submission_problems(doc, doc.screening()) == []


def test_full_analysis_requires_summary_formulation_and_scenarios() -> None:
    doc = rosh.clean_assessment(
        _doc(summary={}, formulation="", scenarios=[], risk_factors=[]), TODAY
    )
    fields = {f for f, _ in rosh.submission_problems(doc, doc.screening())}
    assert {
        "summary.who_at_risk",
        "summary.reduces",
        "formulation",
        "scenarios",
        "risk_factors",
    } <= fields


def test_missing_ratings_are_named_per_group() -> None:
    doc = rosh.clean_assessment(_doc(ratings={"community": {"children": "high"}}), TODAY)
    fields = {f for f, _ in rosh.submission_problems(doc, doc.screening())}
    assert "ratings.community.public" in fields and "ratings.community.children" not in fields


def test_exemption_needs_a_reason_and_skips_the_full_analysis() -> None:
    doc = rosh.clean_assessment(
        _doc(screening={"triggers": ["sexual_child"], "full_analysis": False}, summary={}),
        TODAY,
    )
    screening = doc.screening()
    assert doc.exempted(screening)
    problems = dict(rosh.submission_problems(doc, screening))
    assert "screening.exemption_reason" in problems and "summary.who_at_risk" not in problems
    given = rosh.clean_assessment(
        _doc(
            screening={
                "triggers": ["sexual_child"],
                "full_analysis": False,
                "exemption_reason": "Full analysis completed last month by the prison",
            },
            summary={},
        ),
        TODAY,
    )
    assert rosh.submission_problems(given, given.screening()) == []


def test_predictor_at_threshold_calls_for_the_full_analysis_on_submission() -> None:
    doc = rosh.clean_assessment(_doc(screening={"triggers": []}, summary={}), TODAY)
    assert "summary.who_at_risk" not in dict(rosh.submission_problems(doc, doc.screening()))
    with_rsr = doc.screening((P("rsr", "medium"),))
    assert "summary.who_at_risk" in dict(rosh.submission_problems(doc, with_rsr))


def test_ratings_by_setting_are_reported_separately() -> None:
    custody = {g: "low" for g, _ in rosh.RISK_GROUPS["custody"]} | {"prisoners": "very_high"}
    doc = rosh.clean_assessment(
        _doc(
            in_custody=True,
            ratings={
                "community": {
                    "children": "high",
                    "public": "medium",
                    "known_adult": "low",
                    "staff": "low",
                },
                "custody": custody,
            },
        ),
        TODAY,
    )
    assert doc.overall == "high" and doc.overall_custody == "very_high"
    assert rosh.overall_by_setting(doc.ratings) == {"community": "high", "custody": "very_high"}
    assert rosh.submission_problems(doc, doc.screening()) == []


def test_custody_groups_cover_children_public_known_adult_staff_and_prisoners() -> None:
    assert [g for g, _ in rosh.RISK_GROUPS["custody"]] == [
        "children",
        "public",
        "known_adult",
        "staff",
        "prisoners",
    ]


def test_a_custody_case_rates_the_community_as_if_release_were_imminent() -> None:
    doc = rosh.clean_assessment(_doc(in_custody=True), TODAY)
    problems = dict(rosh.submission_problems(doc, doc.screening()))
    assert "ratings.custody.prisoners" in problems and "ratings.custody.children" in problems
    bare = rosh.clean_assessment(_doc(in_custody=True, ratings={}), TODAY)
    message = dict(rosh.submission_problems(bare, bare.screening()))["ratings.community.public"]
    assert "as if release were imminent" in message


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


def test_level_indication_says_it_reads_the_community_rating() -> None:
    assert "community" in rosh.indicate_level("high", {"adds_value": True}).reasons[0]


ON = dt.date(2026, 5, 3)


def test_level_statement_without_a_decision_asks_for_one() -> None:
    s = rosh.level_statement(2, "high", None)
    assert s.needs_action
    assert "level 2" in s.sentence and "record a level decision" in s.sentence
    assert "indicate level 1" not in s.sentence  # nothing weighed, nothing indicated
    assert "criterion (a)" not in s.sentence
    assert "criterion (a)" in rosh.level_statement(1, "very_high", None).sentence


def test_level_statement_agreeing_needs_nothing() -> None:
    s = rosh.level_statement(2, "high", (2, {"adds_value": True}, ON))
    assert not s.needs_action and "3 May 2026" in s.sentence


def test_level_statement_explained_difference_needs_nothing() -> None:
    s = rosh.level_statement(2, "medium", (2, {}, ON))
    assert not s.needs_action
    assert "indicate level 1" in s.sentence and "the decision records why" in s.sentence


def test_level_statement_when_the_level_moved_after_the_decision() -> None:
    s = rosh.level_statement(3, "high", (2, {"adds_value": True}, ON))
    assert s.needs_action and "chose level 2" in s.sentence


def test_unknown_level_flag_refused() -> None:
    with pytest.raises(DomainValidationError) as exc:
        rosh.indicate_level("high", {"vibes": True})
    assert exc.value.errors[0].field == "flags.vibes"
