"""Parole review record on the Decision-Making Framework ([PB-DMF-2019])."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import REGISTRY, score
from fourpillars.domain.instruments.base import Kind, ScoreResult
from fourpillars.domain.instruments.parole import PAROLE, SECTIONS, STATUTORY_TESTS

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


def payload(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "sentence_type": "indeterminate",
        "assessment_date": "2026-03-01",
    }
    for section in SECTIONS:
        data[section.code] = {p.code: f"Answer to {section.code}.{p.code}" for p in section.prompts}
    data["outcome"]["recommendation"] = "open_conditions"
    data.update(changes)
    return data


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def terms(result: ScoreResult) -> dict[str, Any]:
    return {t.name: t for t in result.terms}


def run(data: dict[str, Any]) -> ScoreResult:
    return score("parole-review", data)


def test_fact_30_past_present_future_then_outcome_and_reflection() -> None:
    assert [s.code for s in SECTIONS] == ["past", "present", "future", "outcome", "reflection"]
    labels = [s.label for s in SECTIONS]
    assert "offending behaviour" in labels[0]
    assert "evidence of change" in labels[1]
    assert "manageability of risk" in labels[2]
    assert REGISTRY["parole-review"].definition is PAROLE
    assert PAROLE.kind is Kind.STRUCTURED
    assert "October 2019" in PAROLE.name


def test_definition_items_cover_every_input() -> None:
    codes = {i.code for i in PAROLE.items}
    assert "sentence_type" in codes
    assert "outcome.recommendation" in codes
    for section in SECTIONS:
        for prompt in section.prompts:
            assert f"{section.code}.{prompt.code}" in codes
    recommendation = next(i for i in PAROLE.items if i.code == "outcome.recommendation")
    assert recommendation.answers == ("release", "open_conditions", "no_release")


@pytest.mark.parametrize("recommendation", ["release", "open_conditions", "no_release"])
def test_band_is_the_recommendation_and_score_is_none(recommendation: str) -> None:
    data = payload()
    data["outcome"]["recommendation"] = recommendation
    result = run(data)
    assert result.score is None
    assert result.band == recommendation
    assert terms(result)["recommendation"].value == recommendation
    assert terms(result)["recommendation"].explanation == "Answer to outcome.reasons"


def test_statutory_test_follows_the_sentence_type() -> None:
    result = run(payload())
    test = terms(result)["statutory_test"]
    assert test.value == "indeterminate"
    assert "no longer necessary for the protection of the public" in test.explanation
    assert "[C]" in test.label
    assert not any("[M]" in w for w in result.warnings)
    for sentence_type in ("extended", "determinate_recall"):
        other = run(payload(sentence_type=sentence_type))
        assert terms(other)["statutory_test"].explanation == STATUTORY_TESTS[sentence_type][0]
        assert any("[M]" in w for w in other.warnings)


def test_every_prompt_answer_is_a_term() -> None:
    result = run(payload())
    assert terms(result)["past.offending_pattern"].explanation == "Answer to past.offending_pattern"
    assert terms(result)["reflection.gaps"].explanation == "Answer to reflection.gaps"


def test_the_decision_is_the_boards() -> None:
    assert any("decision is the Board's" in w for w in run(payload()).warnings)


def test_open_conditions_on_a_recall_is_questioned() -> None:
    result = run(payload(sentence_type="determinate_recall"))
    assert any("open conditions" in w for w in result.warnings)


def test_multiline_text_and_every_script_are_kept() -> None:
    data = payload()
    data["past"]["harm"] = "Line one\nLine two: Ковальски 😀"
    assert terms(run(data))["past.harm"].explanation == "Line one\nLine two: Ковальски 😀"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(sentence_type="life"), "sentence_type"),
        (lambda d: d.pop("sentence_type"), "sentence_type"),
        (lambda d: d.update(assessment_date="2026-13-01"), "assessment_date"),
        (lambda d: d.pop("assessment_date"), "assessment_date"),
        (lambda d: d.update(past=None), "past"),
        (lambda d: d.update(present="All good"), "present"),
        (lambda d: d["past"].update(harm=""), "past.harm"),
        (lambda d: d["past"].update(harm="   "), "past.harm"),
        (lambda d: d["past"].pop("harm"), "past.harm"),
        (lambda d: d["present"].update(conduct=["good"]), "present.conduct"),
        (lambda d: d["future"].update(warning_signs="x" * 10_001), "future.warning_signs"),
        (lambda d: d["future"].update(compliance="a\x1bb"), "future.compliance"),
        (lambda d: d["future"].update(compliance="a\u202eb"), "future.compliance"),
        (lambda d: d["future"].update(extra="x"), "future.extra"),
        (lambda d: d["outcome"].update(recommendation="parole"), "outcome.recommendation"),
        (lambda d: d["outcome"].pop("recommendation"), "outcome.recommendation"),
        (lambda d: d["outcome"].update(reasons=None), "outcome.reasons"),
        (lambda d: d["reflection"].update(recommendation="release"), "reflection.recommendation"),
        (lambda d: d.update(score=3), "score"),
    ],
)
def test_invalid_input_names_the_field(mutate: Any, field: str) -> None:
    data = copy.deepcopy(payload())
    mutate(data)
    with pytest.raises(DomainValidationError) as exc:
        run(data)
    assert fields_of(exc) == {field}


def test_every_missing_answer_is_named_at_once() -> None:
    data = payload()
    data["past"] = {}
    with pytest.raises(DomainValidationError) as exc:
        run(data)
    assert fields_of(exc) == {f"past.{p.code}" for p in SECTIONS[0].prompts}


@given(data=JSON)
def test_any_json_scores_or_is_refused(data: Any) -> None:
    try:
        result = run(data)
    except DomainValidationError as exc:
        assert exc.errors
    else:
        assert isinstance(result, ScoreResult)


@given(
    st.sampled_from([*payload(), "x"]),
    JSON,
    st.sampled_from([s.code for s in SECTIONS]),
    st.sampled_from(["reasons", "recommendation", "harm", "gaps", "y"]),
    JSON,
)
def test_any_json_in_any_field_scores_or_is_refused(
    key: str, value: Any, section: str, prompt: str, nested: Any
) -> None:
    data = copy.deepcopy(payload())
    data[section][prompt] = nested
    data[key] = value
    try:
        run(data)
    except DomainValidationError as exc:
        assert exc.errors
