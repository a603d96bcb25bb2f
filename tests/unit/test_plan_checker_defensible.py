"""The plan checker's defensibility rules (plan-checks-2026.2): each rule's failing plan gives its
code, severity and refs, and the fixed plan no such finding; the plans that used to pass with
no finding; older documents without the new fields; bad input in the new fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fourpillars.domain import plans
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.plans.constants import LEGAL_BASIS_TERMS, RESPONSE_TIMES, TICK_BOX_POLICY
from tests.documents import clean_plan, set_path

Doc = dict[str, Any]
Change = Callable[[Doc], None]


def found(doc: Doc, code: str) -> list[plans.Finding]:
    return [f for f in plans.check(plans.parse_plan(doc)) if f.code == code]


def action(doc: Doc, ident: str) -> Doc:
    return next(a for a in doc["actions"] if a["id"] == ident)


def both(*changes: Change) -> Change:
    def apply(doc: Doc) -> None:
        for change in changes:
            change(doc)

    return apply


def ratings(value: str) -> Change:
    return lambda doc: doc["rosh"].update(community=dict.fromkeys(doc["rosh"]["community"], value))


def fourth_factor(doc: Doc) -> None:
    doc["risk_factors"] += [
        {"id": "rf3", "text": "Isolation after losing his job"},
        {"id": "rf4", "text": "Minimises the harm he caused"},
    ]
    action(doc, "a1")["addresses"] = ["rf1", "rf2", "rf3", "rf4"]


# (code, severity, refs, the change that breaks the clean plan, the change that mends it again)
CASES: list[tuple[str, str, tuple[str, ...], Change, Change]] = [
    (
        "CATEGORY_3_AT_LEVEL_1",
        "error",
        (),
        both(set_path("mappa_category", 3), set_path("mappa_level", 1), ratings("medium")),
        set_path("mappa_level", 2),
    ),
    (
        "LEVEL_NOT_SUPPORTED_BY_ROSH",
        "error",
        (),
        both(set_path("mappa_level", 1), set_path("level_decision", None)),
        set_path("level_decision", {"level": 1, "reason": "Police manage alone; no barriers"}),
    ),
    (
        "LEVEL_NOT_SUPPORTED_BY_ROSH",
        "error",
        (),
        both(
            set_path("mappa_level", 3),
            set_path("review_date", "2027-01-20"),
            ratings("low"),
            set_path("level_decision", {"level": 3, "reason": None}),
        ),
        set_path("level_decision", {"level": 3, "reason": "National media interest"}),
    ),
    (
        "PLAN_NO_RISK_FACTORS",
        "error",
        (),
        both(
            set_path("risk_factors", []),
            lambda d: [a.update(addresses=["pf1"]) for a in d["actions"]],
        ),
        both(
            set_path("risk_factors", [{"id": "rf1", "text": "Alcohol misuse"}]),
            lambda d: [a.update(addresses=["rf1", "pf1"]) for a in d["actions"]],
        ),
    ),
    (
        "PLAN_NO_SCENARIOS",
        "error",
        (),
        both(set_path("scenarios", []), set_path("contingencies", [])),
        both(
            set_path("scenarios", [{"id": "sc1", "kind": "most_likely", "text": "Assault"}]),
            lambda d: d.update(contingencies=clean_plan()["contingencies"][:1]),
        ),
    ),
    (
        "ASSESSMENT_NOT_COUNTERSIGNED",
        "error",
        ("42",),
        set_path("assessment.countersigned", None),
        set_path("assessment.countersigned", True),
    ),
    (
        "DUE_OUTSIDE_PLAN",
        "error",
        ("a2",),
        set_path("actions.1.due", "2026-11-01"),
        set_path("actions.1.due", "2026-11-26"),
    ),
    (
        "DUE_OUTSIDE_PLAN",
        "error",
        ("sc2",),
        set_path("contingencies.1.due", "2027-02-02"),
        set_path("contingencies.1.due", "2027-02-01"),
    ),
    (
        "REVIEW_AFTER_NEXT_MAPPA_REVIEW",
        "error",
        (),
        set_path("next_mappa_review", "2027-01-31"),
        set_path("review_date", "2027-01-31"),
    ),
    (
        "LEVEL1_REVIEW_AFTER_DEFAULT",
        "warning",
        (),
        both(
            set_path("mappa_level", 1),
            ratings("medium"),
            set_path("level_decision", None),
            set_path("review_date", "2027-06-01"),
        ),
        set_path("review_date", "2027-03-25"),  # 17 weeks from the plan date
    ),
    (
        "ACTION_TICK_BOX",
        "warning",
        ("a1",),
        fourth_factor,
        both(
            set_path("actions.0.addresses", ["rf1", "rf2", "rf3"]),  # 3 of 4: not more than 75%
            set_path("actions.2.addresses", ["rf1", "rf4", "pf1"]),
        ),
    ),
    (
        "RESTRICTIVE_WRONG_PILLAR",
        "warning",
        ("a3",),
        both(
            set_path("actions.2.restrictive", True),
            set_path("actions.2.legal_basis", "Licence condition to attend"),
            set_path("actions.2.proportionality", "Each offence followed drinking"),
            set_path("actions.2.end", "2027-02-01"),
        ),
        set_path("actions.2.pillar", "monitoring_control"),
    ),
    (
        "RESTRICTIVE_LEGAL_BASIS_UNCLEAR",
        "warning",
        ("a2",),
        set_path("actions.1.legal_basis", "because"),
        set_path("actions.1.legal_basis", "Sexual Harm Prevention Order"),
    ),
    (
        "RESTRICTIVE_NO_PROPORTIONALITY",
        "warning",
        ("a2",),
        set_path("actions.1.proportionality", None),
        set_path("actions.1.proportionality", "Two assaults at her address"),
    ),
    (
        "ACTION_NO_NAMED_OWNER",
        "warning",
        ("a4",),
        set_path("actions.3.owner", None),
        set_path("actions.3.owner", "A. Green"),
    ),
    (
        "CONTINGENCY_TOO_SLOW",
        "warning",
        ("sc1",),
        set_path("contingencies.0.within_hours", 73),
        set_path("contingencies.0.within_hours", 72),
    ),
    (
        "CONTINGENCY_TOO_SLOW",
        "warning",
        ("sc2",),
        set_path("contingencies.1.within_hours", None),
        set_path("contingencies.1.within_hours", 2),
    ),
    (
        "RELIABLE_METHOD_MISSING",
        "warning",
        ("domestic_abuse",),
        set_path("instruments", ["rsr", "ogrs3"]),
        set_path("instruments", ["rsr", "ogrs3", "sara"]),
    ),
    (
        "RELIABLE_METHOD_MISSING",
        "warning",
        ("sexual",),
        set_path("offending", ["sexual"]),
        set_path("instruments", ["rm2000-s"]),
    ),
    (
        "INFORMATION_NOT_RECORDED",
        "warning",
        (),
        both(set_path("information_considered", []), set_path("information_gaps", None)),
        both(
            set_path("information_considered", [{"agency": "police", "summary": "PNC"}]),
            set_path("information_gaps", "None known"),
        ),
    ),
    (
        "PROTECTIVE_FACTOR_UNUSED",
        "warning",
        ("pf1",),
        set_path("actions.2.addresses", ["rf1"]),
        set_path("actions.0.addresses", ["rf1", "rf2", "pf1"]),
    ),
    (
        "PLAN_NOT_COMMUNICATED",
        "warning",
        ("victim_liaison",),
        lambda d: d["communicated"].pop(),
        lambda d: d["communicated"].append({"to": "victim_liaison", "on": "2026-12-01"}),
    ),
    (
        "PLAN_NOT_COMMUNICATED",
        "warning",
        ("probation",),
        lambda d: d["communicated"].pop(1),
        lambda d: d["communicated"].append({"to": "probation", "on": "2026-11-30"}),
    ),
]


@pytest.mark.parametrize(
    ("code", "severity", "refs", "breaks", "mends"),
    CASES,
    ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)],
)
def test_each_new_rule_finds_its_plan_and_not_the_mended_one(
    code: str, severity: str, refs: tuple[str, ...], breaks: Change, mends: Change
) -> None:
    doc = clean_plan()
    breaks(doc)
    [finding] = found(doc, code)
    assert (finding.severity, finding.refs) == (severity, refs)
    assert finding.source and finding.message
    for ref in refs:
        assert ref.replace("_", " ") in finding.message.replace("_", " ")
    mends(doc)
    assert found(doc, code) == []


def test_every_new_rule_has_a_case_and_the_version_moved() -> None:
    new = {
        "CATEGORY_3_AT_LEVEL_1",
        "LEVEL_NOT_SUPPORTED_BY_ROSH",
        "PLAN_NO_RISK_FACTORS",
        "PLAN_NO_SCENARIOS",
        "ASSESSMENT_NOT_COUNTERSIGNED",
        "DUE_OUTSIDE_PLAN",
        "REVIEW_AFTER_NEXT_MAPPA_REVIEW",
        "LEVEL1_REVIEW_AFTER_DEFAULT",
        "ACTION_TICK_BOX",
        "RESTRICTIVE_WRONG_PILLAR",
        "RESTRICTIVE_LEGAL_BASIS_UNCLEAR",
        "ACTION_NO_NAMED_OWNER",
        "CONTINGENCY_TOO_SLOW",
        "RELIABLE_METHOD_MISSING",
        "INFORMATION_NOT_RECORDED",
        "PROTECTIVE_FACTOR_UNUSED",
        "PLAN_NOT_COMMUNICATED",
    }
    assert new <= set(plans.RULES_BY_CODE)
    assert new <= {c for c, *_ in CASES}
    assert plans.RULES_VERSION == "plan-checks-2026.2"


# --- the plans that passed with no finding before plan-checks-2026.2 -----------------------


def _very_high_at_level_1(doc: Doc) -> None:
    doc.update(mappa_level=1, level_decision=None)
    doc["rosh"]["community"]["children"] = "very_high"


def _every_action_every_factor(doc: Doc) -> None:
    doc["risk_factors"].append({"id": "rf3", "text": "Isolation after losing his job"})
    for a in doc["actions"]:
        a["addresses"] = ["rf1", "rf2", "rf3", "pf1"]


def _exclusion_zone_under_interventions(doc: Doc) -> None:
    doc["actions"].append(
        {
            **action(doc, "a2"),
            "id": "a5",
            "pillar": "interventions_treatment",
            "text": "Exclusion zone around the alcohol service's waiting room",
        }
    )


def _very_high_72_hours(doc: Doc) -> None:
    _very_high_at_level_1(doc)
    doc.update(mappa_level=3, review_date="2027-01-20")
    doc["contingencies"][1]["within_hours"] = 72


FORMERLY_SILENT: list[tuple[str, Change, str, str]] = [
    ("Very High RoSH at level 1", _very_high_at_level_1, "LEVEL_NOT_SUPPORTED_BY_ROSH", "error"),
    (
        "no risk factors and no scenarios",
        both(
            set_path("risk_factors", []),
            set_path("scenarios", []),
            set_path("contingencies", []),
            lambda d: [a.update(addresses=["pf1"]) for a in d["actions"]],
        ),
        "PLAN_NO_RISK_FACTORS",
        "error",
    ),
    (
        "no risk factors and no scenarios",
        both(
            set_path("risk_factors", []),
            set_path("scenarios", []),
            set_path("contingencies", []),
            lambda d: [a.update(addresses=["pf1"]) for a in d["actions"]],
        ),
        "PLAN_NO_SCENARIOS",
        "error",
    ),
    (
        "every action linked to every factor",
        _every_action_every_factor,
        "ACTION_TICK_BOX",
        "warning",
    ),
    (
        "an exclusion zone under interventions and treatment",
        _exclusion_zone_under_interventions,
        "RESTRICTIVE_WRONG_PILLAR",
        "warning",
    ),
    (
        'a legal basis of "because"',
        set_path("actions.1.legal_basis", "because"),
        "RESTRICTIVE_LEGAL_BASIS_UNCLEAR",
        "warning",
    ),
    (
        "an action due before the plan date",
        set_path("actions.3.due", "2026-11-25"),
        "DUE_OUTSIDE_PLAN",
        "error",
    ),
    (
        "a restrictive measure with no proportionality at Medium",
        both(ratings("medium"), set_path("actions.1.proportionality", None)),
        "RESTRICTIVE_NO_PROPORTIONALITY",
        "warning",
    ),
    (
        "a restrictive measure with no proportionality at High",
        set_path("actions.1.proportionality", None),
        "RESTRICTIVE_NO_PROPORTIONALITY",
        "warning",
    ),
    (
        "an action with no named owner",
        set_path("actions.0.owner", None),
        "ACTION_NO_NAMED_OWNER",
        "warning",
    ),
    (
        "a Very High case whose contingency allows 72 hours",
        _very_high_72_hours,
        "CONTINGENCY_TOO_SLOW",
        "warning",
    ),
]


@pytest.mark.parametrize(
    ("change", "code", "severity"),
    [(c, code, s) for _, c, code, s in FORMERLY_SILENT],
    ids=[f"{what}-{code}" for what, _, code, _ in FORMERLY_SILENT],
)
def test_plans_that_used_to_pass_now_get_their_finding(
    change: Change, code: str, severity: str
) -> None:
    doc = clean_plan()
    change(doc)
    hits = found(doc, code)
    assert hits and all(f.severity == severity for f in hits)


def test_a_very_high_case_at_level_3_answered_within_a_day_is_fine() -> None:
    doc = clean_plan()
    _very_high_72_hours(doc)
    doc["contingencies"][1]["within_hours"] = 24
    assert found(doc, "CONTINGENCY_TOO_SLOW") == []
    assert found(doc, "LEVEL_NOT_SUPPORTED_BY_ROSH") == []
    assert RESPONSE_TIMES.limit("very_high") == 24 and RESPONSE_TIMES.limit("low") is None


# --- level decisions --------------------------------------------------------------------


def test_a_recorded_level_decision_with_its_reason_answers_the_level_finding() -> None:
    doc = clean_plan()
    _very_high_at_level_1(doc)
    [finding] = found(doc, "LEVEL_NOT_SUPPORTED_BY_ROSH")
    assert "very high" in finding.message and "level 1" in finding.message
    doc["level_decision"] = {"level": 2, "reason": "Old decision"}
    [finding] = found(doc, "LEVEL_NOT_SUPPORTED_BY_ROSH")
    assert "recorded level decision is for level 2" in finding.message
    doc["level_decision"] = {"level": 1, "reason": "", "decided_on": "2026-11-20"}
    [finding] = found(doc, "LEVEL_NOT_SUPPORTED_BY_ROSH")
    assert "gives no reason" in finding.message
    doc["level_decision"]["reason"] = "Lead agency confident; screening found no barriers"
    assert found(doc, "LEVEL_NOT_SUPPORTED_BY_ROSH") == []
    # No decision stands in for category 3 at level 1.
    doc["mappa_category"] = 3
    assert [f.severity for f in found(doc, "CATEGORY_3_AT_LEVEL_1")] == ["error"]


# --- review intervals -------------------------------------------------------------------


def test_level_1_review_is_a_default_and_levels_2_and_3_a_limit() -> None:
    doc = clean_plan()
    doc.update(mappa_level=1, level_decision=None, review_date="2027-12-01")
    ratings("medium")(doc)
    action(doc, "a2")["end"] = "2027-12-01"
    codes = [f.code for f in plans.check(plans.parse_plan(doc))]
    assert codes == ["LEVEL1_REVIEW_AFTER_DEFAULT"]
    doc["next_mappa_review"] = "2027-01-01"  # not a MAPPA meeting case at level 1
    assert found(doc, "REVIEW_AFTER_NEXT_MAPPA_REVIEW") == []
    doc["mappa_level"] = 2
    codes = [f.code for f in plans.check(plans.parse_plan(doc))]
    assert codes == ["REVIEW_DATE_OUT_OF_INTERVAL", "REVIEW_AFTER_NEXT_MAPPA_REVIEW"]
    doc.update(mappa_level=1, review_date=None)  # missing is an error at every level
    [finding] = found(doc, "REVIEW_DATE_OUT_OF_INTERVAL")
    assert "by default every 17 weeks" in finding.message


# --- data the rules read ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "names_one"),
    [
        ("because", False),
        ("He agreed to it", False),
        ("We act on concerns", False),
        ("Licence condition 7", True),
        ("SHPO", True),
        ("Sexual Risk Order (SRO)", True),
        ("CJA 2003 s.250", True),
        ("Police and Criminal Evidence Act", True),
        ("Notification requirements, SOA 2003", True),
        ("Police powers of entry", True),
        ("Bail conditions", True),
        ("Non-molestation injunction", True),
        ("Section 325", True),
    ],
)
def test_legal_basis_terms(basis: str, names_one: bool) -> None:
    assert bool(LEGAL_BASIS_TERMS.matcher().search(basis)) is names_one
    assert "(ours)" in LEGAL_BASIS_TERMS.version


def test_the_tick_box_share_is_data() -> None:
    assert (TICK_BOX_POLICY.min_factors, TICK_BOX_POLICY.max_share) == (3, 0.75)
    doc = clean_plan()
    # Two factors, one action addressing both: not a tick box (fewer than three factors).
    assert found(doc, "ACTION_TICK_BOX") == []
    fourth_factor(doc)
    [finding] = found(doc, "ACTION_TICK_BOX")
    assert "every one of the plan's 4 risk factors" in finding.message


# --- older documents and bad input ------------------------------------------------------

NEW_FIELDS = (
    "mappa_category",
    "level_decision",
    "next_mappa_review",
    "offending",
    "instruments",
    "information_considered",
    "information_gaps",
    "communicated",
)


def test_a_document_in_the_old_shape_still_reads_and_checks() -> None:
    doc = clean_plan()
    for key in NEW_FIELDS:
        del doc[key]
    doc["assessment"] = {"id": "42", "status": "current"}
    for a in doc["actions"]:
        a.pop("owner", None)
    plan = plans.parse_plan(doc)
    assert plans.parse_plan(plan.as_dict()) == plan
    assert plan.mappa_category is None and plan.level_decision is None and plan.offending == ()
    assert plan.assessment is not None and plan.assessment.countersignature_required is None
    codes = {f.code for f in plans.check(plan)}
    # Only the defensibility warnings the old shape cannot answer; no error.
    assert codes == {"ACTION_NO_NAMED_OWNER", "INFORMATION_NOT_RECORDED", "PLAN_NOT_COMMUNICATED"}
    assert all(f.severity == "warning" for f in plans.check(plan))
    report = plans.report(plan)
    assert report["errors"] == 0 and report["rules_version"] == "plan-checks-2026.2"


def test_the_new_fields_round_trip() -> None:
    plan = plans.parse_plan(clean_plan())
    assert plans.parse_plan(plan.as_dict()) == plan
    assert plan.level_decision is not None and plan.level_decision.level == 2
    assert plan.offending == ("violent", "domestic_abuse")
    assert [c.to for c in plan.communicated] == ["police", "probation", "victim_liaison"]


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("mappa_category", 5, "mappa_category"),
        ("mappa_category", "1", "mappa_category"),
        ("mappa_category", True, "mappa_category"),
        ("level_decision", "level 2", "level_decision"),
        ("level_decision", {"reason": "x"}, "level_decision.level"),
        ("level_decision", {"level": 4, "reason": "x"}, "level_decision.level"),
        ("level_decision", {"level": 2, "why": "x"}, "level_decision.why"),
        ("level_decision", {"level": 2, "decided_on": "2026-13-01"}, "level_decision.decided_on"),
        ("next_mappa_review", "soon", "next_mappa_review"),
        ("offending", "sexual", "offending"),
        ("offending", ["arson"], "offending.0"),
        ("instruments", ["OSP/DC"], "instruments.0"),
        ("instruments", [7], "instruments.0"),
        ("information_considered", [{"summary": "x"}], "information_considered.0.agency"),
        ("information_considered", ["police"], "information_considered.0"),
        ("information_considered", [{"agency": "p", "text": "x"}], "information_considered.0.text"),
        ("information_gaps", 3, "information_gaps"),
        ("communicated", [{"to": "police"}], "communicated.0.on"),
        ("communicated", [{"to": "", "on": "2026-11-26"}], "communicated.0.to"),
        ("communicated", [{"to": "police", "on": "26/11/2026"}], "communicated.0.on"),
        ("communicated", {"to": "police"}, "communicated"),
        ("assessment.countersigned", "yes", "assessment.countersigned"),
        ("assessment.countersignature_required", 1, "assessment.countersignature_required"),
        ("contingencies.0.due", "tomorrow", "contingencies.0.due"),
    ],
)
def test_bad_input_in_the_new_fields_names_the_field(path: str, value: Any, field: str) -> None:
    doc = clean_plan()
    set_path(path, value)(doc)
    with pytest.raises(DomainValidationError) as caught:
        plans.parse_plan(doc)
    assert field in {e.field for e in caught.value.errors}


def test_the_overview_lists_every_rule() -> None:
    from pathlib import Path

    overview = (Path(__file__).resolve().parents[2] / "docs" / "overview.md").read_text("utf-8")
    missing = [r.code for r in plans.RULES if f"| `{r.code}` | {r.severity} |" not in overview]
    assert missing == []
