"""The plan quality checker (decision 0012): each rule alone, the rule table, acknowledgements, and
properties (adding an action never uncovers a risk factor; acknowledgements never hide a
finding)."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain import plans
from fourpillars.domain.mappa import ReviewPolicy
from tests.documents import clean_plan, set_path

Doc = dict[str, Any]


def codes(doc: Doc) -> list[str]:
    return [f.code for f in plans.check(plans.parse_plan(doc))]


def action(doc: Doc, ident: str) -> dict[str, Any]:
    return next(a for a in doc["actions"] if a["id"] == ident)


def _append(key: str, item: Any) -> Callable[[Doc], None]:
    return lambda doc: doc[key].append(item)


def _drop_action(ident: str) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        doc["actions"] = [a for a in doc["actions"] if a["id"] != ident]

    return apply


def _unlink(ident: str) -> Callable[[Doc], None]:
    def apply(doc: Doc) -> None:
        for a in doc["actions"]:
            a["addresses"] = [x for x in a["addresses"] if x != ident]

    return apply


def _all_low(doc: Doc) -> None:
    doc["rosh"]["community"] = dict.fromkeys(doc["rosh"]["community"], "low")
    action(doc, "a2")["proportionality"] = None


def _owned_by_housing(doc: Doc) -> None:
    action(doc, "a1")["owner_agency"] = "housing"
    doc["communicated"].append({"to": "housing", "on": "2026-11-26"})


def _three_factors_one_action_for_all(doc: Doc) -> None:
    doc["risk_factors"].append({"id": "rf3", "text": "Isolation after losing his job"})
    action(doc, "a3")["addresses"] = ["rf1", "rf2", "rf3", "pf1"]


def _level_1_very_high(doc: Doc) -> None:
    doc["mappa_level"] = 1
    doc["level_decision"] = None
    doc["rosh"]["community"]["children"] = "very_high"
    for c in doc["contingencies"]:
        c["within_hours"] = min(c["within_hours"], 24)


def _drop_interventions(doc: Doc) -> None:
    """No interventions action: pf1 is still built on (by the supervision action)."""
    _drop_action("a3")(doc)
    action(doc, "a1")["addresses"] = ["rf1", "rf2", "pf1"]


def _no_time_at_low(doc: Doc) -> None:
    """At a low overall rating no response time is required, but the contingency must say it."""
    doc["rosh"]["community"] = dict.fromkeys(doc["rosh"]["community"], "low")
    doc["contingencies"][0]["within_hours"] = None


RESTRICTIVE_TREATMENT = {
    "id": "a8",
    "pillar": "interventions_treatment",
    "text": "Exclusion zone around the community alcohol service's waiting room",
    "owner_agency": "probation",
    "owner": "J. Smith",
    "addresses": ["rf1"],
    "frequency": "weekly",
    "restrictive": True,
    "legal_basis": "Licence condition (CJA 2003 s.250)",
    "proportionality": "He drank with other clients there before the assault",
    "end": "2027-02-01",
}


def _category_3_level_1(doc: Doc) -> None:
    doc["mappa_category"] = 3
    doc["mappa_level"] = 1
    doc["rosh"]["community"] = dict.fromkeys(doc["rosh"]["community"], "medium")
    doc["level_decision"] = {"level": 1, "reason": "Managed by the police alone"}


def _low_at_level_3(doc: Doc) -> None:
    doc["mappa_level"] = 3
    doc["review_date"] = "2027-01-20"
    doc["rosh"]["community"] = dict.fromkeys(doc["rosh"]["community"], "low")


def _decision_for_level_2_at_3(doc: Doc) -> None:
    _low_at_level_3(doc)
    doc["level_decision"] = {"level": 2, "reason": "Needs children's services"}


def _no_risk_factors(doc: Doc) -> None:
    doc["risk_factors"] = []
    for a in doc["actions"]:
        a["addresses"] = ["pf1"]


def _only_improvement(doc: Doc) -> None:
    doc["scenarios"] = [s for s in doc["scenarios"] if s["kind"] == "improvement"]
    doc["contingencies"] = []


def _level_1_late_review(doc: Doc) -> None:
    doc["mappa_level"] = 1
    doc["rosh"]["community"] = dict.fromkeys(doc["rosh"]["community"], "medium")
    doc["level_decision"] = None
    doc["review_date"] = "2027-04-01"  # 18 weeks: after level 1's 17-week default
    action(doc, "a2")["end"] = "2027-05-26"


def _sexual_without_osp(doc: Doc) -> None:
    doc["offending"] = ["sexual"]
    doc["instruments"] = ["ogrs3", "rsr"]


NEW_ACTION = {
    "id": "a9",
    "pillar": "supervision",
    "text": "Monthly home visit by the police offender manager",
    "owner_agency": "police",
    "owner": "PC R. Patel",
    "addresses": ["rf1"],
    "frequency": "monthly",
}

# Each variant breaks exactly one rule of the clean plan; several rules have more than one way
# to break them.
BREAKS: list[tuple[str, str, Callable[[Doc], None]]] = [
    ("ASSESSMENT_SUPERSEDED", "superseded", set_path("assessment.status", "superseded")),
    ("RF_UNADDRESSED", "new factor", _append("risk_factors", {"id": "rf3", "text": "Isolation"})),
    ("RF_UNADDRESSED", "links removed", _unlink("rf1")),
    ("ACTION_UNKNOWN_FACTOR", "dangling", set_path("actions.0.addresses", ["rf1", "rf2", "rf9"])),
    ("VICTIM_SAFETY_MISSING", "victim, no action", _drop_action("a4")),
    ("ACTION_UNKNOWN_VICTIM", "dangling", set_path("actions.3.protects", ["v1", "v7"])),
    (
        "SCENARIO_NO_CONTINGENCY",
        "new scenario",
        _append("scenarios", {"id": "sc4", "kind": "twist"}),
    ),
    ("SCENARIO_NO_CONTINGENCY", "contingency gone", lambda d: d["contingencies"].pop()),
    (
        "CONTINGENCY_UNKNOWN_SCENARIO",
        "dangling",
        _append("contingencies", {**clean_plan()["contingencies"][0], "scenario": "sc9"}),
    ),
    ("ACTION_OWNER_NO_ACCESS", "no access", _owned_by_housing),
    ("ACTION_OWNER_NO_ACCESS", "no owner", set_path("actions.0.owner_agency", None)),
    (
        "CONTINGENCY_OWNER_NO_ACCESS",
        "no access",
        set_path("contingencies.0.owner_agency", "housing"),
    ),
    ("REVIEW_DATE_OUT_OF_INTERVAL", "level 2 late", set_path("review_date", "2027-03-19")),
    ("REVIEW_DATE_OUT_OF_INTERVAL", "level 3", set_path("mappa_level", 3)),
    ("REVIEW_DATE_OUT_OF_INTERVAL", "before plan", set_path("review_date", "2026-11-25")),
    ("REVIEW_DATE_OUT_OF_INTERVAL", "missing", set_path("review_date", None)),
    ("ACTION_NOT_TRACED", "no links", _append("actions", {**NEW_ACTION, "addresses": []})),
    ("PILLAR_EMPTY", "no interventions", _drop_interventions),
    (
        "VICTIM_UNPROTECTED",
        "new victim",
        _append("victims", {"id": "v2", "kind": "child", "text": "Ms K's son"}),
    ),
    ("CONTINGENCY_INCOMPLETE", "no time at low", _no_time_at_low),
    ("CONTINGENCY_INCOMPLETE", "no response", set_path("contingencies.1.response", "")),
    ("CONTINGENCY_INCOMPLETE", "no owner", set_path("contingencies.1.owner_agency", None)),
    ("ACTION_NO_TIMING", "neither", set_path("actions.2.frequency", None)),
    ("RESTRICTIVE_NO_LEGAL_BASIS", "none", set_path("actions.1.legal_basis", "")),
    ("RESTRICTIVE_NO_PROPORTIONALITY", "low rating", _all_low),
    ("RESTRICTIVE_NO_END", "open-ended", set_path("actions.1.end", None)),
    ("ACTION_TEXT_VAGUE", "one word", set_path("actions.0.text", "Monitor")),
    ("ACTION_NOT_DONE_NO_REASON", "no reason", set_path("actions.3.status", "not_done")),
    # plan-checks-2026.2
    ("CATEGORY_3_AT_LEVEL_1", "category 3", _category_3_level_1),
    ("LEVEL_NOT_SUPPORTED_BY_ROSH", "very high at level 1", _level_1_very_high),
    ("LEVEL_NOT_SUPPORTED_BY_ROSH", "low at level 3", _low_at_level_3),
    ("LEVEL_NOT_SUPPORTED_BY_ROSH", "decision for another level", _decision_for_level_2_at_3),
    ("PLAN_NO_RISK_FACTORS", "none", _no_risk_factors),
    ("PLAN_NO_SCENARIOS", "only improvement", _only_improvement),
    (
        "ASSESSMENT_NOT_COUNTERSIGNED",
        "needed, missing",
        set_path("assessment.countersigned", False),
    ),
    ("DUE_OUTSIDE_PLAN", "action before plan", set_path("actions.1.due", "2026-11-20")),
    ("DUE_OUTSIDE_PLAN", "action after review", set_path("actions.3.due", "2027-02-02")),
    ("DUE_OUTSIDE_PLAN", "contingency after review", set_path("contingencies.0.due", "2027-03-01")),
    (
        "REVIEW_AFTER_NEXT_MAPPA_REVIEW",
        "after the meeting",
        set_path("next_mappa_review", "2027-01-15"),
    ),
    ("LEVEL1_REVIEW_AFTER_DEFAULT", "level 1 late", _level_1_late_review),
    ("ACTION_TICK_BOX", "all of three", _three_factors_one_action_for_all),
    ("RESTRICTIVE_WRONG_PILLAR", "under interventions", _append("actions", RESTRICTIVE_TREATMENT)),
    ("RESTRICTIVE_LEGAL_BASIS_UNCLEAR", "because", set_path("actions.1.legal_basis", "because")),
    ("ACTION_NO_NAMED_OWNER", "no owner", set_path("actions.2.owner", None)),
    ("CONTINGENCY_TOO_SLOW", "slow at high", set_path("contingencies.0.within_hours", 96)),
    ("CONTINGENCY_TOO_SLOW", "no time at high", set_path("contingencies.0.within_hours", None)),
    ("RELIABLE_METHOD_MISSING", "no RSR", set_path("instruments", ["dash"])),
    ("RELIABLE_METHOD_MISSING", "sexual, no OSP", _sexual_without_osp),
    ("INFORMATION_NOT_RECORDED", "nothing considered", set_path("information_considered", [])),
    ("INFORMATION_NOT_RECORDED", "no gaps", set_path("information_gaps", None)),
    ("PROTECTIVE_FACTOR_UNUSED", "pf1 unlinked", set_path("actions.2.addresses", ["rf1"])),
    ("PLAN_NOT_COMMUNICATED", "no victim liaison", lambda d: d["communicated"].pop()),
    ("PLAN_NOT_COMMUNICATED", "not to probation", lambda d: d["communicated"].pop(1)),
]


def test_the_clean_plan_has_no_finding() -> None:
    assert codes(clean_plan()) == []


@pytest.mark.parametrize(
    ("code", "change"), [(c, f) for c, _, f in BREAKS], ids=[f"{c}-{n}" for c, n, _ in BREAKS]
)
def test_a_plan_breaking_one_rule_gets_exactly_that_finding(
    code: str, change: Callable[[Doc], None]
) -> None:
    doc = clean_plan()
    change(doc)
    assert codes(doc) == [code]


def test_every_rule_is_broken_alone_by_some_variant() -> None:
    assert {c for c, _, _ in BREAKS} == set(plans.RULES_BY_CODE)


def test_the_rule_table() -> None:
    assert len(plans.RULES) == len(plans.RULES_BY_CODE)  # codes are unique
    for rule in plans.RULES:
        assert rule.severity in (plans.ERROR, plans.WARNING)
        assert rule.summary and rule.source
        assert rule.code.isupper()
    severities = [r.severity for r in plans.RULES]
    assert severities == sorted(severities)  # errors first ("error" < "warning")
    # These must be errors (decision 0012).
    for code in (
        "RF_UNADDRESSED",
        "SCENARIO_NO_CONTINGENCY",
        "REVIEW_DATE_OUT_OF_INTERVAL",
        "ACTION_OWNER_NO_ACCESS",
        "ASSESSMENT_SUPERSEDED",
    ):
        assert plans.RULES_BY_CODE[code].severity == plans.ERROR
    table = plans.rules_table()
    assert table["count"] == len(plans.RULES)
    assert table["review_policy"]["max_weeks_by_level"] == {"1": 17, "2": 16, "3": 8}
    assert table["review_policy"]["confirmed"] is False


def test_findings_name_their_identifiers_in_plain_english() -> None:
    doc = clean_plan()
    doc["risk_factors"].append({"id": "rf3", "text": "Isolation after losing his job"})
    action(doc, "a1")["owner_agency"] = "housing"
    doc["scenarios"].append({"id": "sc4", "kind": "twist", "text": "A new partner"})
    found = {f.code: f for f in plans.check(plans.parse_plan(doc))}
    rf = found["RF_UNADDRESSED"]
    assert rf.refs == ("rf3",) and rf.severity == "error"
    assert "rf3" in rf.message and "Isolation after losing his job" in rf.message
    owner = found["ACTION_OWNER_NO_ACCESS"]
    assert owner.refs == ("a1",)
    assert "housing" in owner.message and "police and probation" in owner.message
    assert "sc4" in found["SCENARIO_NO_CONTINGENCY"].message
    assert "twist" in found["SCENARIO_NO_CONTINGENCY"].message
    assert all(f.source for f in found.values())


def test_the_review_rule_follows_the_policy_and_says_it_is_unconfirmed() -> None:
    doc = clean_plan()
    doc["review_date"] = "2027-03-19"  # 16 weeks + 1 day
    [finding] = plans.check(plans.parse_plan(doc))
    assert "2027-03-18" in finding.message and "16 weeks" in finding.message
    assert "unconfirmed" in finding.message and "mappa-review-2026.1" in finding.message
    doc["review_date"] = "2027-03-18"
    assert codes(doc) == []
    strict = ReviewPolicy(version="area-x-2027.1", weeks={1: 17, 2: 8, 3: 4}, confirmed=True)
    doc["review_date"] = "2027-02-01"
    [finding] = plans.check(plans.parse_plan(doc), policy=strict)
    assert "8 weeks" in finding.message and "unconfirmed" not in finding.message
    doc["review_date"] = None  # a draft without one: read, and an error
    [finding] = plans.check(plans.parse_plan(doc))
    assert finding.severity == "error" and "no review date" in finding.message
    assert "on or before 2027-03-18" in finding.message


def test_victim_safety_is_needed_for_ratings_even_without_listed_victims() -> None:
    doc = clean_plan()
    doc["victims"] = []
    for a in doc["actions"]:
        a["protects"] = []
    _drop_action("a4")(doc)
    [finding] = plans.check(plans.parse_plan(doc))
    assert finding.code == "VICTIM_SAFETY_MISSING" and finding.severity == "error"
    assert "children in the community is rated high" in finding.message
    # A recorded reason does not stand in for it ...
    doc["pillar_reasons"] = {"victim_safety_planning": "Handled by children's services"}
    assert codes(doc) == ["VICTIM_SAFETY_MISSING"]
    # ... but where nothing calls for victim safety, the reason answers the empty pillar.
    doc["rosh"]["community"].update(children="low", known_adult="low")
    assert codes(doc) == []
    doc["pillar_reasons"] = {}
    assert codes(doc) == ["PILLAR_EMPTY"]
    # The public at large is not an identified victim.
    doc["victims"] = [{"id": "v1", "kind": "public", "text": "Shoppers in the town centre"}]
    action(doc, "a2")["protects"] = ["v1"]
    assert codes(doc) == ["PILLAR_EMPTY"]
    doc["rosh"]["custody"] = {"prisoners": "low", "staff": "low", "known_adult": "medium"}
    assert codes(doc) == ["VICTIM_SAFETY_MISSING"]


def test_improvement_scenarios_need_no_contingency_but_others_do() -> None:
    doc = clean_plan()
    for kind in ("improvement", "twist"):
        doc["scenarios"][2]["kind"] = kind
        expected = [] if kind == "improvement" else ["SCENARIO_NO_CONTINGENCY"]
        assert codes(doc) == expected


def test_a_restrictive_measure_needs_its_proportionality_at_every_rating() -> None:
    for rating in ("low", "medium", "high", "very_high"):
        doc = clean_plan()
        doc["rosh"]["community"] = dict.fromkeys(doc["rosh"]["community"], rating)
        action(doc, "a2")["proportionality"] = None
        found = [f for f in plans.check(plans.parse_plan(doc)) if f.code.startswith("RESTRICT")]
        assert [(f.code, f.severity, f.refs) for f in found] == [
            ("RESTRICTIVE_NO_PROPORTIONALITY", "warning", ("a2",))
        ]


def test_findings_come_errors_first_in_a_stable_order() -> None:
    doc = clean_plan()
    action(doc, "a1")["text"] = "Monitor"
    doc["review_date"] = "2028-01-01"
    doc["risk_factors"].append({"id": "rf3", "text": "Isolation"})
    first = plans.check(plans.parse_plan(doc))
    assert [f.code for f in first] == [
        "RF_UNADDRESSED",
        "REVIEW_DATE_OUT_OF_INTERVAL",
        "REVIEW_AFTER_NEXT_MAPPA_REVIEW",
        "ACTION_TEXT_VAGUE",
    ]
    assert plans.check(plans.parse_plan(doc)) == first


# --- acknowledgements -------------------------------------------------------------------


def test_acknowledged_warnings_and_errors_that_cannot_be() -> None:
    doc = clean_plan()
    action(doc, "a1")["text"] = "Monitor"  # warning ACTION_TEXT_VAGUE [a1]
    action(doc, "a3")["frequency"] = None  # warning ACTION_NO_TIMING [a3]
    doc["risk_factors"].append({"id": "rf3", "text": "Isolation"})  # error RF_UNADDRESSED
    doc["acknowledgements"] = [
        {"code": "ACTION_TEXT_VAGUE", "refs": ["a1"], "reason": "Standard wording", "by": "js"},
        {"code": "RF_UNADDRESSED", "refs": ["rf3"], "reason": "Will add next week"},
        {"code": "ACTION_NO_TIMING", "refs": ["a2"], "reason": "Wrong action"},
    ]
    plan = plans.parse_plan(doc)
    ready = plans.acknowledged(plans.check(plan), plan.acknowledgements)
    assert [f.code for f in ready.errors] == ["RF_UNADDRESSED"]
    assert [(f.code, a.reason) for f, a in ready.acknowledged] == [
        ("ACTION_TEXT_VAGUE", "Standard wording")
    ]
    assert [f.code for f in ready.unacknowledged] == ["ACTION_NO_TIMING"]
    assert [a.code for a in ready.unused] == ["RF_UNADDRESSED", "ACTION_NO_TIMING"]
    assert not ready.approvable
    body = plans.report(plan)
    assert body["errors"] == 1 and body["warnings"] == 2
    assert body["unacknowledged_warnings"] == 1 and body["approvable"] is False
    flags = {f["code"]: f["acknowledged"] for f in body["findings"]}
    assert flags == {"RF_UNADDRESSED": False, "ACTION_TEXT_VAGUE": True, "ACTION_NO_TIMING": False}
    assert {a["code"] for a in body["unused_acknowledgements"]} == {
        "RF_UNADDRESSED",
        "ACTION_NO_TIMING",
    }


def test_a_plan_is_approvable_once_every_warning_is_acknowledged() -> None:
    doc = clean_plan()
    _drop_interventions(doc)  # PILLAR_EMPTY [interventions_treatment]
    action(doc, "a1")["frequency"] = None  # ACTION_NO_TIMING [a1]
    plan = plans.parse_plan(doc)
    assert not plans.acknowledged(plans.check(plan), plan.acknowledgements).approvable
    # Refs match as a set, whatever their order.
    doc["acknowledgements"] = [
        {"code": "PILLAR_EMPTY", "refs": ["interventions_treatment"], "reason": "Declined"},
        {"code": "ACTION_NO_TIMING", "refs": ["a1"], "reason": "As directed by the court"},
    ]
    plan = plans.parse_plan(doc)
    ready = plans.acknowledged(plans.check(plan), plan.acknowledgements)
    assert ready.approvable and not ready.unused
    assert plans.report(plan)["approvable"] is True


# --- properties -------------------------------------------------------------------------

FACTOR_IDS = [f"rf{i}" for i in range(1, 9)]
VICTIM_IDS = ["v1", "v2", "v3"]
pillars = st.sampled_from(list(plans.PILLARS))
action_strategy = st.fixed_dictionaries(
    {
        "pillar": pillars,
        "text": st.sampled_from(["Weekly reporting at the office", "Curfew", "Home visit"]),
        "owner_agency": st.sampled_from(["police", "probation", "housing", None]),
        "addresses": st.lists(st.sampled_from([*FACTOR_IDS, "pf1", "rf99"]), max_size=4),
        "protects": st.lists(st.sampled_from([*VICTIM_IDS, "v99"]), max_size=2),
        "frequency": st.sampled_from([None, "weekly"]),
        "restrictive": st.booleans(),
        "legal_basis": st.sampled_from([None, "Licence condition"]),
        "end": st.sampled_from([None, "2027-06-01"]),
    }
)


@st.composite
def plan_documents(draw: st.DrawFn) -> Doc:
    doc = clean_plan()
    doc["risk_factors"] = [
        {"id": i, "text": f"Factor {i}"}
        for i in draw(st.lists(st.sampled_from(FACTOR_IDS), unique=True, max_size=8))
    ]
    doc["victims"] = [
        {"id": i, "kind": draw(st.sampled_from(list(plans.VICTIM_KINDS))), "text": "Someone"}
        for i in draw(st.lists(st.sampled_from(VICTIM_IDS), unique=True, max_size=3))
    ]
    actions = draw(st.lists(action_strategy, max_size=12))
    doc["actions"] = [{"id": f"a{n + 1}", **a} for n, a in enumerate(actions)]
    doc["rosh"]["community"] = {
        g: draw(st.sampled_from(["low", "medium", "high", "very_high"]))
        for g in ("children", "public", "known_adult", "staff")
    }
    doc["mappa_level"] = draw(st.sampled_from([1, 2, 3]))
    return doc


def _unaddressed(doc: Doc) -> set[tuple[str, ...]]:
    found = plans.check(plans.parse_plan(doc))
    return {f.refs for f in found if f.code == "RF_UNADDRESSED"}


@given(plan_documents(), action_strategy)
def test_adding_an_action_never_creates_an_uncovered_risk_factor(doc: Doc, new: Doc) -> None:
    before = _unaddressed(doc)
    bigger = copy.deepcopy(doc)
    bigger["actions"].append({"id": "a99", **new})
    assert _unaddressed(bigger) <= before


@given(
    plan_documents(),
    st.lists(
        st.fixed_dictionaries(
            {
                "code": st.sampled_from([r.code for r in plans.RULES]),
                "refs": st.lists(st.sampled_from([*FACTOR_IDS, "a1", "a2", "v1"]), max_size=2),
                "reason": st.just("Accepted by the MAPPA meeting"),
            }
        ),
        max_size=6,
    ),
)
def test_removing_acknowledgements_never_removes_findings(doc: Doc, acks: list[Doc]) -> None:
    with_acks = plans.parse_plan({**doc, "acknowledgements": acks})
    without = plans.parse_plan({**doc, "acknowledgements": acks[:-1]})
    found = plans.check(with_acks)
    assert plans.check(without) == found  # the checker never reads acknowledgements
    ready_with = plans.acknowledged(found, with_acks.acknowledgements)
    ready_without = plans.acknowledged(found, without.acknowledgements)
    assert set(ready_with.unacknowledged) <= set(ready_without.unacknowledged)
    assert ready_with.errors == ready_without.errors
    assert all(f.severity == plans.WARNING for f, _ in ready_with.acknowledged)


# --- speed ------------------------------------------------------------------------------


def test_checking_a_large_plan_is_fast() -> None:
    """200 actions and 50 risk factors: aim under 5 ms (the bench measures it properly; this
    only guards against a quadratic slip, with room for a loaded machine)."""
    from bench.plan_checker import generated_plan

    plan = plans.parse_plan(generated_plan())
    assert len(plan.actions) == 200 and len(plan.risk_factors) == 50
    plans.check(plan)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        plans.check(plan)
        timings.append(time.perf_counter() - started)
    assert sorted(timings)[len(timings) // 2] < 0.025
