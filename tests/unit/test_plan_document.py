"""Reading a plan document (decision 0012): strict types, every bad field named by dotted path,
identifiers unique, caps on size, and any JSON at all either read or refused by field."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain import plans
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.mappa import MappaLevel
from tests.documents import clean_plan, set_path

ISSUE_EXAMPLE = """
{"plan_date": "2026-11-26", "review_date": "2027-02-01", "mappa_level": 2,
 "rosh": {"community": {"children": "high", "public": "medium", "known_adult": "low",
                        "staff": "low"}},
 "risk_factors": [{"id": "rf1", "text": "..."}], "protective_factors": [{"id": "pf1",
                  "text": "..."}],
 "scenarios": [{"id": "sc1", "kind": "most_likely", "text": "..."}],
 "victims": [{"id": "v1", "kind": "known_adult", "text": "..."}],
 "agencies_with_access": ["police", "probation"],
 "actions": [{"id": "a1", "pillar": "supervision", "text": "...", "owner_agency": "probation",
              "addresses": ["rf1"], "frequency": "weekly", "due": null, "restrictive": false,
              "protects": []}],
 "pillar_reasons": {"victim_safety_planning": null},
 "contingencies": [{"scenario": "sc1", "warning_signs": "...", "response": "...",
                    "owner_agency": "police", "within_hours": 24}]}
"""


def fields_of(doc: object) -> dict[str, str]:
    with pytest.raises(DomainValidationError) as caught:
        plans.parse_plan(doc)
    assert caught.value.errors
    return {e.field: e.message for e in caught.value.errors}


def test_the_issue_example_reads() -> None:
    plan = plans.parse_plan(json.loads(ISSUE_EXAMPLE))
    assert plan.plan_date == dt.date(2026, 11, 26) and plan.mappa_level is MappaLevel(2)
    assert plan.rosh.overall_community == "high"
    assert [a.id for a in plan.actions] == ["a1"] and plan.actions[0].addresses == ("rf1",)
    assert plan.pillar_reasons == {"victim_safety_planning": None}
    assert plan.contingencies[0].within_hours == 24 and plan.assessment is None


def test_reading_the_document_back_gives_the_same_plan() -> None:
    doc = clean_plan()
    doc["period_start"], doc["period_end"] = "2026-11-26", "2027-05-26"
    doc["acknowledgements"] = [{"code": "PILLAR_EMPTY", "refs": ["x"], "reason": "r", "by": "js"}]
    plan = plans.parse_plan(doc)
    assert plans.parse_plan(plan.as_dict()) == plan
    assert plans.parse_plan(json.loads(json.dumps(plan.as_dict()))) == plan


def test_the_plan_apps_names_are_read() -> None:
    doc = clean_plan()
    doc["actions"][0].pop("owner")
    doc["actions"][0]["owner_name"] = "J. Smith"
    doc.update(id=7, case_id=3, version=2, status="draft")  # the envelope, ignored
    assert plans.parse_plan(doc).actions[0].owner == "J. Smith"
    doc["actions"][0]["owner"] = "Someone else"
    assert fields_of(doc) == {"actions.0.owner_name": "differs from owner: give one of them"}


def test_text_is_cleaned_and_lists_default_to_empty() -> None:
    doc = clean_plan()
    doc["actions"][0]["text"] = "  Weekly visit to the cafe\u0301 he works at  "
    for key in ("victims", "protective_factors", "contingencies", "pillar_reasons"):
        doc.pop(key)
    for a in doc["actions"]:
        a["protects"] = []
    plan = plans.parse_plan(doc)
    assert plan.actions[0].text == "Weekly visit to the caf\u00e9 he works at"  # NFC, stripped
    assert plan.victims == () and plan.contingencies == () and plan.pillar_reasons == {}


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("plan_date", "26/11/2026", "plan_date"),
        ("plan_date", "2026-02-30", "plan_date"),
        ("plan_date", "20261126", "plan_date"),
        ("review_date", 20270201, "review_date"),
        ("mappa_level", 4, "mappa_level"),
        ("mappa_level", True, "mappa_level"),
        ("mappa_level", "2", "mappa_level"),
        ("rosh", None, "rosh"),
        ("rosh.community.children", "severe", "rosh.community.children"),
        ("rosh.community.staff", None, "rosh.community.staff"),
        ("rosh.community", [], "rosh.community"),
        ("rosh.prison", {}, "rosh.prison"),
        ("risk_factors", {"id": "rf1"}, "risk_factors"),
        ("risk_factors.0", "rf1", "risk_factors.0"),
        ("risk_factors.0.id", "rf 1", "risk_factors.0.id"),
        ("risk_factors.0.id", 1, "risk_factors.0.id"),
        ("risk_factors.0.text", "", "risk_factors.0.text"),
        ("risk_factors.0.text", "x" * 1001, "risk_factors.0.text"),
        ("risk_factors.1.id", "rf1", "risk_factors.1.id"),
        ("protective_factors.0.id", "rf2", "protective_factors.0.id"),
        ("scenarios.0.kind", "likely", "scenarios.0.kind"),
        ("victims.0.kind", "partner", "victims.0.kind"),
        ("victims.0.id", "a1", "actions.0.id"),  # the later use is refused
        ("agencies_with_access.0", "police force", "agencies_with_access.0"),
        ("agencies_with_access", "police", "agencies_with_access"),
        ("actions.3.pillar", "treatment", "actions.3.pillar"),
        ("actions.3.pillar", None, "actions.3.pillar"),
        ("actions.0.text", None, "actions.0.text"),
        ("actions.0.text", "a\x00b", "actions.0.text"),
        ("actions.0.text", "x" * 2001, "actions.0.text"),
        ("actions.0.addresses", "rf1", "actions.0.addresses"),
        ("actions.0.addresses.0", 5, "actions.0.addresses.0"),
        ("actions.0.protects", [None], "actions.0.protects.0"),
        ("actions.0.restrictive", "no", "actions.0.restrictive"),
        ("actions.0.due", "soon", "actions.0.due"),
        ("actions.1.end", "2026-11-01", "actions.1.end"),
        ("actions.0.owner_agency", 12, "actions.0.owner_agency"),
        ("actions.0.status", "finished", "actions.0.status"),
        ("actions.0.frequency", ["weekly"], "actions.0.frequency"),
        ("actions.0.adresses", ["rf1"], "actions.0.adresses"),
        ("actions.1.id", "a1", "actions.1.id"),
        ("actions.0.id", "", "actions.0.id"),
        ("pillar_reasons.care", "x", "pillar_reasons.care"),
        ("pillar_reasons.supervision", 3, "pillar_reasons.supervision"),
        ("contingencies.0.scenario", None, "contingencies.0.scenario"),
        ("contingencies.0.within_hours", 2.5, "contingencies.0.within_hours"),
        ("contingencies.0.within_hours", -1, "contingencies.0.within_hours"),
        ("contingencies.0.within_hours", True, "contingencies.0.within_hours"),
        ("contingencies.0.owner", "police", "contingencies.0.owner"),
        ("assessment.status", "draft", "assessment.status"),
        ("assessment.id", None, "assessment.id"),
        ("assessment", "42", "assessment"),
        (
            "acknowledgements",
            [{"code": "X_Y", "refs": [], "reason": ""}],
            "acknowledgements.0.reason",
        ),
        (
            "acknowledgements",
            [{"code": "lower", "refs": [], "reason": "r"}],
            "acknowledgements.0.code",
        ),
        (
            "acknowledgements",
            [{"code": "X_Y", "refs": "a1", "reason": "r"}],
            "acknowledgements.0.refs",
        ),
        ("period_end", "2026-01-01", "period_end"),
        ("risk_factor", [], "risk_factor"),
    ],
)
def test_a_malformed_document_names_the_field(path: str, value: Any, field: str) -> None:
    doc = clean_plan()
    doc["period_start"] = "2026-11-26"
    set_path(path, value)(doc)
    found = fields_of(doc)
    assert field in found, found


def test_every_problem_is_named_at_once() -> None:
    doc = clean_plan()
    doc["plan_date"] = "tomorrow"
    doc["actions"][2]["pillar"] = "care"
    doc["actions"][3]["due"] = "2026-13-01"
    doc["victims"][0]["kind"] = None
    assert set(fields_of(doc)) == {
        "plan_date",
        "actions.2.pillar",
        "actions.3.due",
        "victims.0.kind",
    }


def test_an_identifier_used_twice_says_where_it_was_first() -> None:
    doc = clean_plan()
    doc["victims"][0]["id"] = "rf2"
    assert fields_of(doc) == {"victims.0.id": "rf2 is already used by risk_factors.1"}


def test_not_an_object() -> None:
    for doc in (None, [], "plan", 3):
        assert fields_of(doc) == {"plan": "must be a JSON object"}


@pytest.mark.parametrize(
    ("key", "cap"),
    [
        ("actions", plans.MAX_ACTIONS),
        ("risk_factors", plans.MAX_FACTORS),
        ("scenarios", plans.MAX_SCENARIOS),
        ("victims", plans.MAX_VICTIMS),
        ("contingencies", plans.MAX_CONTINGENCIES),
        ("agencies_with_access", plans.MAX_AGENCIES),
        ("acknowledgements", plans.MAX_ACKNOWLEDGEMENTS),
    ],
)
def test_huge_documents_are_refused_by_count(key: str, cap: int) -> None:
    doc = clean_plan()
    doc[key] = [{}] * (cap + 1)
    found = fields_of(doc)
    assert found == {key: f"must have at most {cap} items (got {cap + 1})"}


def test_a_plan_at_the_action_cap_reads() -> None:
    doc = clean_plan()
    template = doc["actions"][0]
    doc["actions"] = [{**template, "id": f"a{n}"} for n in range(plans.MAX_ACTIONS)]
    assert len(plans.parse_plan(doc).actions) == plans.MAX_ACTIONS


def test_a_long_list_of_references_is_refused() -> None:
    doc = clean_plan()
    doc["actions"][0]["addresses"] = [f"rf{n}" for n in range(plans.MAX_REFS + 1)]
    assert "actions.0.addresses" in fields_of(doc)


def test_dangling_references_are_findings_not_malformed() -> None:
    doc = clean_plan()
    doc["actions"][0]["addresses"] = ["rf1", "rf2", "rf404"]
    doc["actions"][3]["protects"] = ["v1", "v404"]
    doc["contingencies"][0]["scenario"] = "sc404"
    plan = plans.parse_plan(doc)  # reads
    assert {f.code for f in plans.check(plan)} == {
        "ACTION_UNKNOWN_FACTOR",
        "ACTION_UNKNOWN_VICTIM",
        "CONTINGENCY_UNKNOWN_SCENARIO",
        "SCENARIO_NO_CONTINGENCY",  # sc1 lost its contingency
    }


# --- any JSON at all ---------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _outcome(doc: object) -> None:
    try:
        plans.parse_plan(doc)
    except DomainValidationError as exc:
        assert exc.errors
        assert all(e.field and e.message for e in exc.errors)
    else:
        plans.check(plans.parse_plan(doc))  # whatever reads can be checked


@given(json_values)
def test_any_json_reads_or_is_refused_by_field(doc: object) -> None:
    _outcome(doc)


@given(st.dictionaries(st.sampled_from([*plans.TOP_FIELDS, "x", ""]), json_values, max_size=8))
def test_any_object_with_plan_keys_reads_or_is_refused_by_field(doc: dict[str, Any]) -> None:
    _outcome(doc)


PATHS = [
    "plan_date",
    "mappa_level",
    "rosh.community",
    "rosh.community.children",
    "risk_factors.0",
    "risk_factors.0.id",
    "scenarios.0.kind",
    "victims.0",
    "agencies_with_access.1",
    "actions.0",
    "actions.0.addresses",
    "actions.1.end",
    "actions.1.restrictive",
    "actions.2.protects",
    "pillar_reasons",
    "contingencies.0.within_hours",
    "contingencies.1",
    "assessment",
]


@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_a_sound_plan_with_any_value_anywhere_reads_or_is_refused_by_field(
    changes: list[tuple[str, Any]],
) -> None:
    doc = copy.deepcopy(clean_plan())
    for path, value in changes:
        try:
            set_path(path, value)(doc)
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an earlier change replaced the parent
    _outcome(doc)
