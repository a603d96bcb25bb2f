"""Firearms suitability: the s.21 prohibition and the checks ([FA-1968] s.21;
[HO-FIREARMS-2021])."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import REGISTRY, score
from fourpillars.domain.instruments.base import Kind, ScoreResult
from fourpillars.domain.instruments.firearms import FIREARMS, MEDICAL_CONDITIONS

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


def sentence(
    kind: str = "custody",
    months: int = 12,
    sentenced: str = "2018-01-10",
    released: str | None = "2018-07-10",
) -> dict[str, Any]:
    return {
        "kind": kind,
        "length_months": months,
        "sentence_date": sentenced,
        "release_date": released,
    }


def payload(*sentences: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "sentences": list(sentences),
        "assessment_date": "2026-03-01",
        "domestic_abuse": {
            "incidents_or_pattern": False,
            "partner_interviews_done": True,
            "unit_and_mash_checks_done": True,
        },
        "medical": {
            "gp_notified": True,
            "medical_report_received": True,
            "marker_placed": True,
            "conditions": [],
        },
        "other_factors": {
            "intelligence": False,
            "criminality": False,
            "anger_or_violence": False,
            "extremism": False,
            "dishonesty": False,
            "poor_security": False,
            "references_unsatisfactory": False,
        },
    }
    data.update(changes)
    return data


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def terms(result: ScoreResult) -> dict[str, Any]:
    return {t.name: t for t in result.terms}


def run(data: dict[str, Any]) -> ScoreResult:
    return score("firearms-suitability", data)


def test_definition() -> None:
    assert REGISTRY["firearms-suitability"].definition is FIREARMS
    assert FIREARMS.kind is Kind.STRUCTURED
    assert {b.code for b in FIREARMS.bands} == {"prohibited", "review_required", "no_automatic_bar"}
    conditions = next(i for i in FIREARMS.items if i.code == "medical.conditions")
    assert set(conditions.answers) == set(MEDICAL_CONDITIONS)
    assert "[M]" in conditions.help


# --- s.21 periods -------------------------------------------------------------------------


@pytest.mark.parametrize("months", [36, 48, 1200])
def test_fact_28_three_years_custody_is_a_lifetime_ban(months: int) -> None:
    result = run(payload(sentence(months=months, sentenced="1990-05-01", released=None)))
    assert result.band == "prohibited"
    assert result.score is None
    assert result.extra["prohibitions"] == [
        {"sentence": 0, "kind": "lifetime", "starts": "1990-05-01", "ends": None, "in_force": True}
    ]
    assert "for life" in terms(result)["sentence_0"].explanation


@pytest.mark.parametrize("months", [3, 12, 35])
def test_fact_28_three_months_to_under_three_years_is_five_years_from_release(
    months: int,
) -> None:
    data = payload(sentence(months=months, sentenced="2020-01-01", released="2021-03-01"))
    on_last_day = run(data | {"assessment_date": "2026-03-01"})
    assert on_last_day.band == "prohibited"
    assert on_last_day.extra["prohibitions"] == [
        {
            "sentence": 0,
            "kind": "five_years",
            "starts": "2020-01-01",
            "ends": "2026-03-01",
            "in_force": True,
        }
    ]
    day_after = run(data | {"assessment_date": "2026-03-02"})
    assert day_after.band == "no_automatic_bar"
    assert day_after.extra["prohibitions"][0]["in_force"] is False
    assert "Not in force" in terms(day_after)["sentence_0"].explanation


def test_custody_prohibition_covers_the_time_in_custody() -> None:
    result = run(payload(sentence(months=30, sentenced="2025-06-01", released="2026-12-01")))
    assert result.band == "prohibited"
    assert result.extra["prohibitions"][0]["ends"] == "2031-12-01"


def test_release_on_29_february_ends_on_1_march() -> None:
    result = run(payload(sentence(months=6, sentenced="2023-09-01", released="2024-02-29")))
    assert result.extra["prohibitions"][0]["ends"] == "2029-03-01"


@pytest.mark.parametrize("kind", ["custody", "suspended"])
def test_under_three_months_brings_no_prohibition(kind: str) -> None:
    released = "2024-02-01" if kind == "custody" else None
    result = run(payload(sentence(kind, 2, "2024-01-01", released)))
    assert result.extra["prohibitions"] == []
    assert result.band == "no_automatic_bar"
    assert terms(result)["sentence_0"].value == "none"


def test_suspended_sentence_five_years_from_the_second_day_after_sentence() -> None:
    data = payload(sentence("suspended", 3, "2024-01-10", None))
    result = run(data)
    assert result.extra["prohibitions"] == [
        {
            "sentence": 0,
            "kind": "five_years",
            "starts": "2024-01-12",
            "ends": "2029-01-11",
            "in_force": True,
        }
    ]
    assert run(data | {"assessment_date": "2024-01-11"}).band == "no_automatic_bar"
    assert run(data | {"assessment_date": "2024-01-12"}).band == "prohibited"
    assert run(data | {"assessment_date": "2029-01-11"}).band == "prohibited"
    assert run(data | {"assessment_date": "2029-01-12"}).band == "no_automatic_bar"


def test_several_sentences_each_listed() -> None:
    result = run(
        payload(
            sentence("custody", 1, "2001-01-01", "2001-01-20"),
            sentence("suspended", 6, "2010-01-01", None),
            sentence("custody", 40, "2015-01-01", None),
        )
    )
    assert [p["sentence"] for p in result.extra["prohibitions"]] == [1, 2]
    assert [p["in_force"] for p in result.extra["prohibitions"]] == [False, True]
    assert result.band == "prohibited"


# --- bands and the person's decision -------------------------------------------------------


def test_domestic_abuse_means_review_required() -> None:
    data = payload()
    data["domestic_abuse"]["incidents_or_pattern"] = True
    result = run(data)
    assert result.band == "review_required"
    assert "unless" in terms(result)["domestic_abuse"].explanation


def test_a_prohibition_outranks_domestic_abuse() -> None:
    data = payload(sentence(months=40, released=None))
    data["domestic_abuse"]["incidents_or_pattern"] = True
    assert run(data).band == "prohibited"


def test_the_decision_is_a_persons() -> None:
    result = run(payload())
    assert result.band == "no_automatic_bar"
    assert any("decision is a person's" in w for w in result.warnings)
    assert any("not a finding" in w for w in result.warnings)
    assert terms(result)["decision"].value == "a person"


def test_incomplete_checks_are_warned() -> None:
    data = payload()
    data["domestic_abuse"]["partner_interviews_done"] = False
    data["medical"]["marker_placed"] = False
    data["medical"]["conditions"] = ["dementia", "psychotic_illness"]
    data["other_factors"]["extremism"] = True
    result = run(data)
    joined = " ".join(result.warnings)
    assert "partners" in joined
    assert "marker" in joined
    assert "2 relevant medical condition(s)" in joined
    assert "1 other factor(s)" in joined
    assert terms(result)["medical_conditions"].value == "Dementia, Psychotic illness"
    assert terms(result)["other_factors"].value == "Extremism"
    assert result.band == "no_automatic_bar"


# --- invalid input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(sentences=None), "sentences"),
        (lambda d: d.update(sentences={"kind": "custody"}), "sentences"),
        (lambda d: d.update(sentences=[sentence()] * 101), "sentences"),
        (lambda d: d["sentences"].append("custody"), "sentences.1"),
        (lambda d: d["sentences"][0].update(kind="prison"), "sentences.0.kind"),
        (lambda d: d["sentences"][0].pop("kind"), "sentences.0.kind"),
        (lambda d: d["sentences"][0].update(length_months=-1), "sentences.0.length_months"),
        (lambda d: d["sentences"][0].update(length_months="12"), "sentences.0.length_months"),
        (lambda d: d["sentences"][0].update(length_months=1201), "sentences.0.length_months"),
        (lambda d: d["sentences"][0].update(sentence_date="2018"), "sentences.0.sentence_date"),
        (
            lambda d: d["sentences"][0].update(
                sentence_date="2027-01-01", release_date=None, length_months=40
            ),
            "sentences.0.sentence_date",
        ),
        (lambda d: d["sentences"][0].update(release_date=None), "sentences.0.release_date"),
        (lambda d: d["sentences"][0].update(release_date="2017-01-01"), "sentences.0.release_date"),
        (lambda d: d["sentences"][0].update(kind="suspended"), "sentences.0.release_date"),
        (lambda d: d["sentences"][0].update(release_date="1800-01-01"), "sentences.0.release_date"),
        (lambda d: d["sentences"][0].update(note="x"), "sentences.0.note"),
        (lambda d: d.update(assessment_date="yesterday"), "assessment_date"),
        (lambda d: d.pop("assessment_date"), "assessment_date"),
        (lambda d: d.update(domestic_abuse=None), "domestic_abuse"),
        (lambda d: d.update(domestic_abuse=[True]), "domestic_abuse"),
        (
            lambda d: d["domestic_abuse"].update(incidents_or_pattern=1),
            "domestic_abuse.incidents_or_pattern",
        ),
        (
            lambda d: d["domestic_abuse"].pop("partner_interviews_done"),
            "domestic_abuse.partner_interviews_done",
        ),
        (lambda d: d["domestic_abuse"].update(mash=True), "domestic_abuse.mash"),
        (lambda d: d["medical"].update(gp_notified="maybe"), "medical.gp_notified"),
        (lambda d: d["medical"].update(conditions="dementia"), "medical.conditions"),
        (lambda d: d["medical"].pop("conditions"), "medical.conditions"),
        (lambda d: d["medical"].update(conditions=["dementia", "flu"]), "medical.conditions.1"),
        (
            lambda d: d["medical"].update(conditions=["dementia", "dementia"]),
            "medical.conditions.1",
        ),
        (lambda d: d["medical"].update(conditions=[3]), "medical.conditions.0"),
        (lambda d: d.update(other_factors=None), "other_factors"),
        (lambda d: d["other_factors"].update(extremism=None), "other_factors.extremism"),
        (lambda d: d.update(decision="grant"), "decision"),
    ],
)
def test_invalid_input_names_the_field(mutate: Any, field: str) -> None:
    data = copy.deepcopy(payload(sentence()))
    mutate(data)
    with pytest.raises(DomainValidationError) as exc:
        run(data)
    assert fields_of(exc) == {field}


def test_not_an_object_is_refused() -> None:
    with pytest.raises(DomainValidationError) as exc:
        run("sentences")  # type: ignore[arg-type]
    assert fields_of(exc) == {"input"}


# --- any JSON -----------------------------------------------------------------------------


@given(data=JSON)
def test_any_json_scores_or_is_refused(data: Any) -> None:
    try:
        result = run(data)
    except DomainValidationError as exc:
        assert exc.errors
    else:
        assert isinstance(result, ScoreResult)


SENTENCE = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["custody", "suspended"]),
        "length_months": st.integers(0, 1200),
        "sentence_date": st.dates().map(lambda d: d.isoformat()),
        "release_date": st.none() | st.dates().map(lambda d: d.isoformat()),
    }
)


@given(st.lists(SENTENCE, max_size=4), st.dates().map(lambda d: d.isoformat()))
def test_any_dates_and_lengths_score_or_are_refused(
    sentences: list[dict[str, Any]], assessed: str
) -> None:
    try:
        result = run(payload(*sentences, assessment_date=assessed))
    except DomainValidationError as exc:
        assert exc.errors
    else:
        assert result.band in {"prohibited", "no_automatic_bar"}
        assert (result.band == "prohibited") == any(
            p["in_force"] for p in result.extra["prohibitions"]
        )


@given(
    st.sampled_from(["sentences", "domestic_abuse", "medical", "other_factors", "x"]),
    JSON,
    st.sampled_from([*sentence(), "y"]),
    JSON,
)
def test_any_json_in_any_field_scores_or_is_refused(
    key: str, value: Any, sentence_key: str, nested: Any
) -> None:
    data = copy.deepcopy(payload(sentence()))
    data["sentences"][0][sentence_key] = nested
    data[key] = value
    try:
        run(data)
    except DomainValidationError as exc:
        assert exc.errors
