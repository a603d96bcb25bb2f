"""SARA, SAPROF, STABLE-2007, ACUTE-2007 ([SARA-1999], [SAPROF-2012], [STABLE-2007],
[ACUTE-2007])."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments import REGISTRY, score
from fourpillars.domain.instruments.base import Kind, ScoreResult
from fourpillars.domain.instruments.spj import (
    ACUTE_2007,
    ACUTE_GUIDE,
    SAPROF,
    SAPROF_GUIDE,
    SARA,
    SARA_GUIDE,
    STABLE_2007,
    STABLE_BANDS,
    STABLE_CHILD_ITEM,
    STABLE_GUIDE,
    Guide,
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


def items(guide: Guide, rating: int = 0, **ratings: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in guide.items:
        value = ratings.get(item.code, rating)
        out[item.code] = {
            "rating": value,
            "evidence": f"seen in file ({item.code})" if value else "",
        }
    return out


def sara(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "items": items(SARA_GUIDE),
        "final_judgement": {
            "risk_to_partner": "moderate",
            "risk_to_others": "low",
            "reasons": "Pattern of controlling behaviour; no violence outside the home.",
        },
        "assessment_date": "2026-03-01",
    }
    data.update(changes)
    return data


def saprof(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "items": items(SAPROF_GUIDE, 1),
        "final_judgement": {"protection": "moderate", "reasons": "Stable work and housing."},
        "assessment_date": "2026-03-01",
    }
    data.update(changes)
    return data


def stable(child_victims: bool = False, rating: int = 0, **changes: Any) -> dict[str, Any]:
    rated = items(STABLE_GUIDE, rating)
    if not child_victims:
        del rated[STABLE_CHILD_ITEM]
    data: dict[str, Any] = {
        "child_victims": child_victims,
        "items": rated,
        "assessment_date": "2026-03-01",
    }
    data.update(changes)
    return data


def acute(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"items": items(ACUTE_GUIDE), "assessment_date": "2026-03-01"}
    data.update(changes)
    return data


def fields_of(exc: pytest.ExceptionInfo[DomainValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def terms(result: ScoreResult) -> dict[str, Any]:
    return {t.name: t for t in result.terms}


# --- golden facts -------------------------------------------------------------------------


def test_fact_32_sara_has_20_items_in_4_sections_rated_0_1_2() -> None:
    assert len(SARA.items) == 20
    assert list(Counter(i.section for i in SARA.items).values()) == [3, 7, 7, 3]
    assert all(i.answers == ("0", "1", "2") for i in SARA.items)
    assert SARA.kind is Kind.SPJ
    assert len({i.code for i in SARA.items}) == 20


def test_fact_31_saprof_has_17_items_5_7_5_two_static_rated_0_1_2() -> None:
    assert len(SAPROF.items) == 17
    assert list(Counter(i.section for i in SAPROF.items).values()) == [5, 7, 5]
    assert [i.code for i in SAPROF_GUIDE.items if i.static] == [
        "intelligence",
        "secure_attachment_childhood",
    ]
    assert all(i.answers == ("0", "1", "2") for i in SAPROF.items)


def test_stable_and_acute_item_lists() -> None:
    assert len(STABLE_2007.items) == 13
    assert len(ACUTE_2007.items) == 7
    assert all(i.answers == ("0", "1", "3") for i in ACUTE_2007.items)
    assert "child victims" in STABLE_2007.items[2].help
    for code in ("sara", "saprof", "stable-2007", "acute-2007"):
        for item in REGISTRY[code].definition.items:
            assert item.code.replace("_", "").isalnum() and item.code.islower()
            assert item.section


# --- SARA ---------------------------------------------------------------------------------


def test_sara_has_no_score_and_the_band_is_the_higher_judgement() -> None:
    result = score("sara", sara())
    assert result.score is None
    assert result.band == "moderate"
    assert "total" not in terms(result)
    assert terms(result)["risk_to_partner"].value == "moderate"
    assert terms(result)["risk_to_others"].value == "low"
    other = sara(
        final_judgement={"risk_to_partner": "low", "risk_to_others": "high", "reasons": "r"}
    )
    assert score("sara", other).band == "high"


def test_sara_item_terms_carry_rating_evidence_and_critical_flag() -> None:
    rated = items(SARA_GUIDE, past_physical_assault=2)
    rated["past_physical_assault"]["critical"] = True
    result = score("sara", sara(items=rated))
    term = terms(result)["item_past_physical_assault"]
    assert term.value == 2
    assert "[critical]" in term.label
    assert "seen in file" in term.explanation
    assert terms(result)["critical_items"].value == "11 past_physical_assault"
    assert terms(result)["section_spousal_assault_history"].value == (
        "1 rated 2, 0 rated 1, 6 rated 0"
    )


def test_sara_critical_items_with_low_judgements_are_questioned() -> None:
    rated = items(SARA_GUIDE, recent_escalation=2)
    rated["recent_escalation"]["critical"] = True
    result = score(
        "sara",
        sara(
            items=rated,
            final_judgement={"risk_to_partner": "low", "risk_to_others": "low", "reasons": "r"},
        ),
    )
    assert any("critical" in w for w in result.warnings)


def test_evidence_is_required_above_zero() -> None:
    rated = items(SARA_GUIDE, recent_escalation=1)
    rated["recent_escalation"]["evidence"] = "   "
    with pytest.raises(DomainValidationError) as exc:
        score("sara", sara(items=rated))
    assert fields_of(exc) == {"items.recent_escalation.evidence"}
    assert "defensible" in exc.value.errors[0].message


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(items=None), "items"),
        (lambda d: d.update(items=[]), "items"),
        (lambda d: d["items"].pop("recent_escalation"), "items.recent_escalation"),
        (lambda d: d["items"].update(hostility={"rating": 0}), "items.hostility"),
        (lambda d: d["items"].update(recent_escalation=2), "items.recent_escalation"),
        (
            lambda d: d["items"]["recent_escalation"].update(rating=3),
            "items.recent_escalation.rating",
        ),
        (
            lambda d: d["items"]["recent_escalation"].update(rating="2"),
            "items.recent_escalation.rating",
        ),
        (
            lambda d: d["items"]["recent_escalation"].update(rating=True),
            "items.recent_escalation.rating",
        ),
        (lambda d: d["items"]["recent_escalation"].pop("rating"), "items.recent_escalation.rating"),
        (
            lambda d: d["items"]["recent_escalation"].update(rating=1, evidence=None),
            "items.recent_escalation.evidence",
        ),
        (
            lambda d: d["items"]["recent_escalation"].update(evidence="a\x07b"),
            "items.recent_escalation.evidence",
        ),
        (
            lambda d: d["items"]["recent_escalation"].update(evidence="x" * 4001),
            "items.recent_escalation.evidence",
        ),
        (
            lambda d: d["items"]["recent_escalation"].update(critical=True),
            "items.recent_escalation.critical",
        ),
        (
            lambda d: d["items"]["recent_escalation"].update(critical="very"),
            "items.recent_escalation.critical",
        ),
        (
            lambda d: d["items"]["recent_escalation"].update(key=True),
            "items.recent_escalation.key",
        ),
        (lambda d: d.update(final_judgement=None), "final_judgement"),
        (lambda d: d.update(final_judgement="high"), "final_judgement"),
        (
            lambda d: d["final_judgement"].update(risk_to_partner="medium"),
            "final_judgement.risk_to_partner",
        ),
        (lambda d: d["final_judgement"].pop("risk_to_others"), "final_judgement.risk_to_others"),
        (lambda d: d["final_judgement"].update(reasons=""), "final_judgement.reasons"),
        (lambda d: d["final_judgement"].update(total=12), "final_judgement.total"),
        (lambda d: d.update(assessment_date="2026-02-30"), "assessment_date"),
        (lambda d: d.pop("assessment_date"), "assessment_date"),
        (lambda d: d.update(score=10), "score"),
    ],
)
def test_sara_invalid_input_names_the_field(mutate: Any, field: str) -> None:
    data = copy.deepcopy(sara())
    mutate(data)
    with pytest.raises(DomainValidationError) as exc:
        score("sara", data)
    assert fields_of(exc) == {field}


# --- SAPROF -------------------------------------------------------------------------------


def test_saprof_total_is_a_term_that_is_not_a_cut_off() -> None:
    rated = items(SAPROF_GUIDE, 1, work=2)
    rated["work"]["key"] = True
    rated["coping"]["goal"] = True
    result = score("saprof", saprof(items=rated))
    assert result.score is None
    assert result.band == "moderate"
    total = terms(result)["total_not_a_cut_off"]
    assert total.value == 18
    assert "not a cut-off" in total.label
    assert terms(result)["key_factors"].value == "work"
    assert terms(result)["goal_factors"].value == "coping"
    assert "[key]" in terms(result)["item_work"].label


def test_saprof_static_goal_is_warned() -> None:
    rated = items(SAPROF_GUIDE, 1)
    rated["intelligence"]["goal"] = True
    assert any("Static" in w for w in score("saprof", saprof(items=rated)).warnings)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["items"]["work"].update(critical=True), "items.work.critical"),
        (lambda d: d["items"]["work"].update(goal="yes please"), "items.work.goal"),
        (lambda d: d["final_judgement"].update(protection="strong"), "final_judgement.protection"),
        (lambda d: d["final_judgement"].pop("protection"), "final_judgement.protection"),
        (lambda d: d["items"].pop("external_control"), "items.external_control"),
    ],
)
def test_saprof_invalid_input_names_the_field(mutate: Any, field: str) -> None:
    data = copy.deepcopy(saprof())
    mutate(data)
    with pytest.raises(DomainValidationError) as exc:
        score("saprof", data)
    assert fields_of(exc) == {field}


# --- STABLE-2007 --------------------------------------------------------------------------


def test_stable_without_child_victims_scores_12_items_out_of_24() -> None:
    result = score("stable-2007", stable(rating=2))
    assert result.score == 24
    assert result.extra["maximum"] == 24
    assert result.band == "high"
    assert any("item 3" in w for w in result.warnings)


def test_stable_with_child_victims_scores_13_items_out_of_26() -> None:
    result = score("stable-2007", stable(child_victims=True, rating=2))
    assert result.score == 26
    assert result.extra["maximum"] == 26


def test_stable_item_3_is_refused_without_child_victims() -> None:
    data = stable()
    data["items"][STABLE_CHILD_ITEM] = {"rating": 1, "evidence": "x"}
    with pytest.raises(DomainValidationError) as exc:
        score("stable-2007", data)
    assert fields_of(exc) == {f"items.{STABLE_CHILD_ITEM}"}


def test_stable_item_3_is_required_with_child_victims() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score("stable-2007", stable(child_victims=False) | {"child_victims": True})
    assert fields_of(exc) == {f"items.{STABLE_CHILD_ITEM}"}


@pytest.mark.parametrize(
    ("total", "band"), [(0, "low"), (3, "low"), (4, "moderate"), (11, "moderate"), (12, "high")]
)
def test_stable_bands(total: int, band: str) -> None:
    codes = [i.code for i in STABLE_GUIDE.items if i.code != STABLE_CHILD_ITEM]
    ratings = {c: 2 for c in codes[: total // 2]}
    if total % 2:
        ratings[codes[-1]] = 1
    data = stable()
    data["items"] = {k: v for k, v in items(STABLE_GUIDE, **ratings).items() if k in codes}
    result = score("stable-2007", data)
    assert (result.score, result.band) == (total, band)


def test_stable_bands_are_data_flagged_unconfirmed() -> None:
    assert [(b.code, b.low, b.high) for b in STABLE_BANDS] == [
        ("low", 0, 3),
        ("moderate", 4, 11),
        ("high", 12, None),
    ]
    assert any("[U]" in n for n in STABLE_2007.notes)
    assert str(STABLE_2007.confidence) == "U"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"child_victims": None}, "child_victims"),
        ({"child_victims": 1}, "child_victims"),
        ({"items": {}}, "items.significant_social_influences"),
    ],
)
def test_stable_invalid_input_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        score("stable-2007", stable(**change))
    assert field in fields_of(exc)


# --- ACUTE-2007 ---------------------------------------------------------------------------


def test_acute_indices_and_band() -> None:
    ratings = {"victim_access": 1, "hostility": 1, "emotional_collapse": 3, "substance_abuse": 3}
    result = score("acute-2007", acute(items=items(ACUTE_GUIDE, **ratings)))
    assert result.score is None
    assert result.extra["indices"] == {
        "sexual_violent": {"score": 2, "band": "moderate"},
        "general": {"score": 8, "band": "high"},
    }
    assert result.band == "moderate"  # the sexual/violent index band
    assert terms(result)["sexual_violent_index"].value == 2
    assert terms(result)["general_index"].value == 8
    assert any("intervene now" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("ratings", "sv_band", "general_band"),
    [
        ({}, "low", "low"),
        ({"collapse_of_social_supports": 1}, "low", "low"),
        ({"victim_access": 1}, "moderate", "low"),
        ({"victim_access": 1, "emotional_collapse": 1}, "moderate", "moderate"),
        ({"hostility": 3}, "high", "moderate"),
        ({"hostility": 3, "substance_abuse": 3}, "high", "high"),
    ],
)
def test_acute_bands(ratings: dict[str, int], sv_band: str, general_band: str) -> None:
    result = score("acute-2007", acute(items=items(ACUTE_GUIDE, **ratings)))
    assert result.band == sv_band
    assert result.extra["indices"]["general"]["band"] == general_band


def test_acute_refuses_a_rating_of_2() -> None:
    with pytest.raises(DomainValidationError) as exc:
        score("acute-2007", acute(items=items(ACUTE_GUIDE, hostility=2)))
    assert fields_of(exc) == {"items.hostility.rating"}
    assert "0, 1, 3" in exc.value.errors[0].message


# --- any JSON -----------------------------------------------------------------------------

CODES = ["sara", "saprof", "stable-2007", "acute-2007"]
VALID = {"sara": sara, "saprof": saprof, "stable-2007": stable, "acute-2007": acute}


@pytest.mark.parametrize("code", CODES)
@given(data=JSON)
def test_any_json_scores_or_is_refused(code: str, data: Any) -> None:
    try:
        result = score(code, data)
    except DomainValidationError as exc:
        assert exc.errors
    else:
        assert isinstance(result, ScoreResult)


@pytest.mark.parametrize("code", CODES)
@given(st.data(), JSON, JSON)
def test_any_json_in_any_field_scores_or_is_refused(
    code: str, draw: st.DataObject, value: Any, nested: Any
) -> None:
    data = copy.deepcopy(VALID[code]())
    item = draw.draw(st.sampled_from(sorted(data["items"])))
    key = draw.draw(st.sampled_from(["rating", "evidence", "critical", "key", "goal", "x"]))
    data["items"][item][key] = nested
    data[draw.draw(st.sampled_from([*data, "other"]))] = value
    try:
        score(code, data)
    except DomainValidationError as exc:
        assert exc.errors
