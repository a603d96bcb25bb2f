"""DASH checklists and the MARAC referral routes ([DASH-2009], [SAFELIVES-DASH],
[SAFELIVES-MARAC])."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import REGISTRY, score
from fourpillars.domain.instruments.base import ScoreResult
from fourpillars.domain.instruments.dash import (
    BAND_RANK,
    DASH_BANDS,
    ESCALATION,
    POLICE_DASH,
    SAFELIVES_DASH,
    SAFELIVES_TO_POLICE,
    score_police,
    score_safelives,
)

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.dates().map(lambda d: d.isoformat()),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def payload(yes: int = 0, size: int = 27, **changes: Any) -> dict[str, Any]:
    """``yes`` questions answered yes (q1..), the rest no; no other route."""
    data: dict[str, Any] = {
        "answers": {f"q{i}": "yes" if i <= yes else "no" for i in range(1, size + 1)},
        "professional_judgement": False,
        "judgement_reason": "",
        "incidents_last_12_months": 0,
        "last_marac_referral_date": None,
        "assessment_date": "2026-03-01",
    }
    data.update(changes)
    return data


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def routes(result: ScoreResult) -> dict[str, str]:
    marac = result.extra["marac"]
    return {r["route"]: r["reason"] for r in marac["routes"]}


def terms(result: ScoreResult) -> dict[str, Any]:
    return {t.name: t for t in result.terms}


# --- definitions --------------------------------------------------------------------------


def test_police_dash_has_27_questions_and_safelives_24() -> None:  # [DASH-2009], [SAFELIVES-DASH]
    assert len(POLICE_DASH.items) == 27
    assert [i.code for i in POLICE_DASH.items] == [f"q{i}" for i in range(1, 28)]
    assert len(SAFELIVES_DASH.items) == 24
    assert [i.code for i in SAFELIVES_DASH.items] == [f"q{i}" for i in range(1, 25)]
    assert REGISTRY["dash"].definition is POLICE_DASH
    assert REGISTRY["dash-safelives"].definition is SAFELIVES_DASH


def test_safelives_form_is_the_police_form_without_10_to_12_and_says_so() -> None:
    assert len(SAFELIVES_TO_POLICE) == 24
    assert not {10, 11, 12} & set(SAFELIVES_TO_POLICE)
    assert "Police DASH question 13" in SAFELIVES_DASH.items[9].help
    assert "[M" in SAFELIVES_DASH.items[0].help
    assert any("[M]" in note for note in SAFELIVES_DASH.notes)


def test_questions_12_to_27_are_flagged_unconfirmed() -> None:
    for item in POLICE_DASH.items:
        number = int(item.code[1:])
        assert ("[M]" in item.help) == (number >= 12), item.code
        assert item.answers == ("yes", "no", "unknown")
        assert item.section


def test_bands_are_data_with_the_local_cut_offs() -> None:
    assert [(b.code, b.low, b.high) for b in DASH_BANDS] == [
        ("standard", 0, 9),
        ("medium", 10, 13),
        ("high", 14, None),
    ]
    assert ESCALATION.incidents == 3 and ESCALATION.months == 12


# --- golden facts -------------------------------------------------------------------------


def test_fact_11_fourteen_yes_is_visible_high_risk() -> None:
    result = score("dash", payload(yes=14))
    assert result.score == 14
    assert result.band == "high"
    assert result.extra["marac"]["refer"] is True
    assert list(routes(result)) == ["visible_high_risk"]
    assert "14 of 27" in routes(result)["visible_high_risk"]


def test_fact_11_thirteen_yes_without_judgement_is_not_visible_high_risk() -> None:
    result = score("dash", payload(yes=13))
    assert result.score == 13
    assert result.band == "medium"
    assert result.extra["marac"] == {"refer": False, "routes": []}
    assert terms(result)["marac_visible_high_risk"].value == "no"


def test_fact_11_safelives_uses_the_same_threshold() -> None:
    assert score("dash-safelives", payload(yes=14, size=24)).band == "high"
    thirteen = score("dash-safelives", payload(yes=13, size=24))
    assert thirteen.band == "medium" and not thirteen.extra["marac"]["refer"]


def test_fact_12_three_incidents_in_12_months_is_potential_escalation() -> None:
    assert "potential_escalation" in routes(score_police(payload(incidents_last_12_months=3)))
    assert routes(score_police(payload(incidents_last_12_months=2))) == {}


def test_fact_12_repeat_is_an_incident_within_12_months_of_the_last_referral() -> None:
    within = score_police(
        payload(last_marac_referral_date="2025-03-02", assessment_date="2026-03-01")
    )
    assert "repeat" in routes(within)
    anniversary = score_police(
        payload(last_marac_referral_date="2025-03-01", assessment_date="2026-03-01")
    )
    assert "repeat" in routes(anniversary)
    later = score_police(
        payload(last_marac_referral_date="2025-02-28", assessment_date="2026-03-01")
    )
    assert routes(later) == {}
    assert "not a repeat" in terms(later)["marac_repeat"].explanation


@pytest.mark.parametrize(
    ("yes", "band"),
    [
        (0, "standard"),
        (1, "standard"),
        (9, "standard"),
        (10, "medium"),
        (13, "medium"),
        (14, "high"),
        (27, "high"),
    ],
)
def test_bands(yes: int, band: str) -> None:
    assert score_police(payload(yes=yes)).band == band


# --- professional judgement --------------------------------------------------------------


def test_professional_judgement_raises_to_high_with_the_reason() -> None:
    result = score_police(
        payload(yes=4, professional_judgement=True, judgement_reason="Threats to kill, fear.")
    )
    assert result.score == 4
    assert result.band == "high"
    assert routes(result) == {
        "professional_judgement": "Professional judgement of high risk: Threats to kill, fear."
    }
    assert terms(result)["professional_judgement"].value == "raised to high"
    assert terms(result)["count_band"].value == "standard"


def test_professional_judgement_needs_a_reason() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_police(payload(professional_judgement=True, judgement_reason="  "))
    assert fields_of(exc) == {"judgement_reason"}


def test_a_reason_without_professional_judgement_is_refused() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_police(payload(judgement_reason="gut feeling"))
    assert fields_of(exc) == {"judgement_reason"}


# --- the four MARAC routes alone and together ---------------------------------------------

ROUTE_CHANGES: dict[str, dict[str, Any]] = {
    "visible_high_risk": {"answers": payload(yes=15)["answers"]},
    "professional_judgement": {
        "professional_judgement": True,
        "judgement_reason": "Recent non-fatal strangulation",
    },
    "potential_escalation": {"incidents_last_12_months": 4},
    "repeat": {"last_marac_referral_date": "2025-09-01"},
}
ROUTE_REASON_WORDS = {
    "visible_high_risk": "15 of 27 questions answered yes",
    "professional_judgement": "Recent non-fatal strangulation",
    "potential_escalation": "4 domestic abuse incidents in the last 12 months",
    "repeat": "Previously referred to MARAC on 2025-09-01",
}


@pytest.mark.parametrize("route", list(ROUTE_CHANGES))
def test_each_route_alone(route: str) -> None:
    result = score_police(payload(**ROUTE_CHANGES[route]))
    assert result.extra["marac"]["refer"] is True
    found = routes(result)
    assert list(found) == [route]
    assert ROUTE_REASON_WORDS[route] in found[route]
    assert terms(result)[f"marac_{route}"].value == "yes"
    others = set(ROUTE_CHANGES) - {route}
    assert all(terms(result)[f"marac_{o}"].value == "no" for o in others)


def test_all_four_routes_together() -> None:
    changes: dict[str, Any] = {}
    for change in ROUTE_CHANGES.values():
        changes.update(change)
    result = score_police(payload(**changes))
    found = routes(result)
    assert list(found) == [
        "visible_high_risk",
        "professional_judgement",
        "potential_escalation",
        "repeat",
    ]
    for route, words in ROUTE_REASON_WORDS.items():
        assert words in found[route]
    assert result.band == "high"
    assert terms(result)["professional_judgement"].value == "agrees with high"


def test_routes_other_than_judgement_do_not_change_the_band() -> None:
    result = score_police(payload(yes=2, incidents_last_12_months=5))
    assert result.band == "standard" and result.extra["marac"]["refer"] is True


def test_as_dict_puts_marac_at_the_top_level() -> None:
    out = score_police(payload(yes=14)).as_dict()
    assert out["marac"]["refer"] is True
    assert out["instrument"] == "dash" and out["version"] == POLICE_DASH.version


# --- warnings -----------------------------------------------------------------------------


def test_unknown_answers_count_as_no_and_are_counted_in_a_warning() -> None:
    data = payload(yes=3)
    data["answers"].update({"q20": "unknown", "q21": "Unknown"})
    result = score_police(data)
    assert result.score == 3
    assert terms(result)["unknown_count"].value == 2
    assert any("2 question(s) answered 'unknown'" in w and "q20, q21" in w for w in result.warnings)


def test_wording_warning_is_always_given() -> None:
    assert any("12-27" in w and "[M]" in w for w in score_police(payload()).warnings)
    assert any("[M]" in w for w in score_safelives(payload(size=24)).warnings)


def test_red_flags_below_high_suggest_professional_judgement() -> None:
    data = payload()
    data["answers"]["q18"] = "yes"
    result = score_police(data)
    assert any("q18 non-fatal strangulation" in w for w in result.warnings)
    # on the SafeLives form the same question is q15
    data = payload(size=24)
    data["answers"]["q15"] = "yes"
    assert any("q15 non-fatal strangulation" in w for w in score_safelives(data).warnings)


# --- invalid input: every field named ------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answers": None}, "answers"),
        ({"answers": ["yes"] * 27}, "answers"),
        ({"answers": {**payload()["answers"], "q7": "maybe"}}, "answers.q7"),
        ({"answers": {**payload()["answers"], "q7": True}}, "answers.q7"),
        ({"answers": {**payload()["answers"], "q28": "no"}}, "answers.q28"),
        ({"answers": {k: v for k, v in payload()["answers"].items() if k != "q27"}}, "answers.q27"),
        ({"professional_judgement": "perhaps"}, "professional_judgement"),
        ({"professional_judgement": None}, "professional_judgement"),
        ({"judgement_reason": 5}, "judgement_reason"),
        ({"judgement_reason": "x" * 10_001, "professional_judgement": True}, "judgement_reason"),
        ({"judgement_reason": "bad\x00", "professional_judgement": True}, "judgement_reason"),
        ({"incidents_last_12_months": -1}, "incidents_last_12_months"),
        ({"incidents_last_12_months": "3"}, "incidents_last_12_months"),
        ({"incidents_last_12_months": 2.5}, "incidents_last_12_months"),
        ({"incidents_last_12_months": None}, "incidents_last_12_months"),
        ({"last_marac_referral_date": "01/02/2025"}, "last_marac_referral_date"),
        ({"last_marac_referral_date": "2026-03-02"}, "last_marac_referral_date"),
        ({"assessment_date": None}, "assessment_date"),
        ({"assessment_date": "9999-12-31"}, "assessment_date"),
        ({"assessment_date": 20260301}, "assessment_date"),
        ({"extra_field": 1}, "extra_field"),
    ],
)
def test_invalid_input_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score_police(payload(**change))
    assert fields_of(exc) == {field}


def test_every_bad_answer_is_named_at_once() -> None:
    data = payload()
    data["answers"].update({"q1": "y", "q2": 1})
    del data["answers"]["q3"]
    data["assessment_date"] = "never"
    with pytest.raises(DomainValidationError) as exc:
        score_police(data)
    assert fields_of(exc) == {"answers.q1", "answers.q2", "answers.q3", "assessment_date"}


def test_safelives_refuses_question_25() -> None:
    data = payload(size=24)
    data["answers"]["q25"] = "no"
    with pytest.raises(DomainValidationError) as exc:
        score_safelives(data)
    assert fields_of(exc) == {"answers.q25"}


def test_not_an_object_is_refused() -> None:
    with pytest.raises(DomainValidationError):
        score_police([])  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------

ANSWER_LISTS = st.lists(st.sampled_from(["yes", "no", "unknown"]), min_size=27, max_size=27)


def _from(answers: list[str], **changes: Any) -> dict[str, Any]:
    return payload(answers={f"q{i}": a for i, a in enumerate(answers, start=1)}, **changes)


CONTEXT = st.fixed_dictionaries(
    {
        "incidents_last_12_months": st.integers(0, 6),
        "last_marac_referral_date": st.none()
        | st.dates(dt.date(2024, 1, 1), dt.date(2026, 3, 1)).map(lambda d: d.isoformat()),
    }
)


@given(ANSWER_LISTS, st.integers(0, 26), CONTEXT, st.booleans())
def test_a_no_turned_yes_never_lowers_score_band_or_routes(
    answers: list[str], index: int, context: dict[str, Any], judgement: bool
) -> None:
    extra = {"professional_judgement": judgement, "judgement_reason": "why" if judgement else ""}
    answers = list(answers)
    answers[index] = "no"
    before = score_police(_from(answers, **context, **extra))
    answers[index] = "yes"
    after = score_police(_from(answers, **context, **extra))
    assert after.score == before.score + 1  # type: ignore[operator]
    assert BAND_RANK[after.band or ""] >= BAND_RANK[before.band or ""]
    assert set(routes(before)) <= set(routes(after))
    assert after.extra["marac"]["refer"] >= before.extra["marac"]["refer"]


@given(ANSWER_LISTS, CONTEXT)
def test_professional_judgement_never_lowers(answers: list[str], context: dict[str, Any]) -> None:
    without = score_police(_from(answers, **context))
    with_pj = score_police(
        _from(answers, **context, professional_judgement=True, judgement_reason="because")
    )
    assert with_pj.score == without.score
    assert BAND_RANK[with_pj.band or ""] >= BAND_RANK[without.band or ""]
    assert with_pj.band == "high"
    assert set(routes(without)) <= set(routes(with_pj))
    assert with_pj.extra["marac"]["refer"] is True


@given(ANSWER_LISTS)
def test_score_is_the_count_of_yes(answers: list[str]) -> None:
    result = score_police(_from(answers))
    assert result.score == answers.count("yes")
    assert ("visible_high_risk" in routes(result)) == (answers.count("yes") >= 14)


@pytest.mark.parametrize("code", ["dash", "dash-safelives"])
@given(data=JSON)
def test_any_json_scores_or_is_refused(code: str, data: Any) -> None:
    try:
        result = score(code, data)
    except DomainValidationError as exc:
        assert exc.errors
    else:
        assert isinstance(result, ScoreResult)


@given(st.sampled_from(list(payload())), JSON, st.sampled_from(["q1", "q9", "q27", "zz"]), JSON)
def test_any_json_in_any_field_scores_or_is_refused(
    key: str, value: Any, question: str, answer: Any
) -> None:
    data = copy.deepcopy(payload(yes=10))
    data["answers"][question] = answer
    data[key] = value
    try:
        score_police(data)
    except DomainValidationError as exc:
        assert exc.errors
