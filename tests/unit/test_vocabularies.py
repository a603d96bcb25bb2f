"""Stored statuses and kinds: each vocabulary is defined once in domain/, its values are what
the database already holds, models build their choices from it, and the lifecycles refuse
illegal moves."""

from __future__ import annotations

import json
from itertools import product

import psycopg
import pytest
from django.db import models
from django.db.migrations.loader import MigrationLoader
from psycopg.adapt import PyFormat

from fourpillars.accounts.models import Agency, User
from fourpillars.assessments.models import Factor, RoshAssessment, Scenario
from fourpillars.audit.models import AuditEvent
from fourpillars.domain import plans, rosh
from fourpillars.domain.agencies import AgencyKind, Role
from fourpillars.domain.audit import Operation
from fourpillars.domain.decisions import DecisionKind
from fourpillars.domain.errors import IllegalTransition
from fourpillars.domain.identifiers import IdentifierKind
from fourpillars.domain.instruments.base import Kind
from fourpillars.domain.instruments.firearms_data import ProhibitionKind, SentenceKind
from fourpillars.domain.mappa import CaseStatus, transition_status
from fourpillars.domain.persons import NameKind
from fourpillars.domain.vocabulary import Vocabulary
from fourpillars.plans.models import Action, Decision, Plan
from fourpillars.register.models import Case, Identifier, PersonName

# (model, field, vocabulary): every stored column whose choices come from a vocabulary.
WITH_CHOICES: list[tuple[type[models.Model], str, type[Vocabulary]]] = [
    (Case, "status", CaseStatus),
    (RoshAssessment, "status", rosh.Status),
    (Factor, "kind", rosh.FactorKind),
    (Scenario, "kind", rosh.ScenarioKind),
    (Plan, "status", plans.PlanStatus),
    (Action, "status", plans.ActionStatus),
    (Decision, "kind", DecisionKind),
    (Agency, "kind", AgencyKind),
    (User, "role", Role),
    (AuditEvent, "operation", Operation),
    (PersonName, "kind", NameKind),
    (Identifier, "kind", IdentifierKind),
]
# Values stored without model choices (free columns, JSON documents, instrument results):
# pinned here, because changing one would change what is stored or returned.
STORED: dict[type[Vocabulary], list[str]] = {
    plans.Pillar: [
        "supervision",
        "monitoring_control",
        "interventions_treatment",
        "victim_safety_planning",
    ],
    plans.VictimKind: ["known_adult", "child", "group", "staff", "public"],
    plans.AssessmentStanding: ["current", "superseded"],
    plans.Severity: ["error", "warning"],
    Kind: ["actuarial", "checklist", "spj", "structured"],
    SentenceKind: ["custody", "suspended"],
    ProhibitionKind: ["lifetime", "five_years"],
}
VOCABULARIES = [v for _, _, v in WITH_CHOICES] + list(STORED)


def _ids(value: object) -> str:
    return getattr(value, "__name__", str(value))


@pytest.mark.parametrize(("model", "field", "vocabulary"), WITH_CHOICES, ids=_ids)
def test_model_choices_are_the_vocabulary(
    model: type[models.Model], field: str, vocabulary: type[Vocabulary]
) -> None:
    choices = model._meta.get_field(field).choices
    assert choices == [(m.value, m.label) for m in vocabulary]
    assert all(type(value) is str for value, _ in choices)


def test_migrated_choices_hold_the_same_values_and_labels() -> None:
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    for model, field, vocabulary in WITH_CHOICES:
        stored = state.models[model._meta.app_label, model._meta.model_name].fields[field]
        assert list(stored.choices) == vocabulary.choices(), model._meta.label


@pytest.mark.parametrize("vocabulary", list(STORED), ids=_ids)
def test_values_stored_without_choices_are_unchanged(vocabulary: type[Vocabulary]) -> None:
    assert [m.value for m in vocabulary] == STORED[vocabulary]


def test_model_defaults_are_vocabulary_values() -> None:
    assert Case._meta.get_field("status").default == CaseStatus.ACTIVE
    assert RoshAssessment._meta.get_field("status").default == rosh.Status.DRAFT
    assert Plan._meta.get_field("status").default == plans.PlanStatus.DRAFT
    assert Action._meta.get_field("status").default == plans.ActionStatus.PLANNED


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=_ids)
def test_every_member_has_a_label_and_a_distinct_value(vocabulary: type[Vocabulary]) -> None:
    values = [m.value for m in vocabulary]
    assert len(set(values)) == len(values)
    assert all(m.label and m.label.strip() == m.label for m in vocabulary)
    assert vocabulary.labels() == dict(vocabulary.choices())


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=_ids)
def test_members_read_write_and_serialise_as_their_stored_strings(
    vocabulary: type[Vocabulary],
) -> None:
    dumper = psycopg.adapters.get_dumper(vocabulary, PyFormat.TEXT)
    for m in vocabulary:
        assert m == m.value and hash(m) == hash(m.value)
        assert vocabulary(m.value) is m
        assert str(m) == f"{m}" == m.value
        assert json.dumps({"v": m}) == json.dumps({"v": m.value})
        assert bytes(dumper(vocabulary).dump(m)) == m.value.encode()  # PostgreSQL: not the name


def test_derived_tables_follow_the_vocabularies() -> None:
    assert plans.Pillar.labels() == plans.PILLARS
    assert plans.ActionStatus.labels() == plans.ACTION_STATUSES
    assert plans.VictimKind.labels() == plans.VICTIM_KINDS
    assert plans.AssessmentStanding.labels() == plans.ASSESSMENT_STATUSES
    assert rosh.Status.labels() == rosh.STATUS_LABELS
    assert rosh.ScenarioKind.labels() == rosh.SCENARIO_LABELS
    assert plans.FINISHED_ACTION_STATUSES == ("done", "not_done")
    assert {"known_adult", "child", "group", "staff"} == plans.IDENTIFIED_VICTIM_KINDS
    assert {"improvement"} == plans.NO_CONTINGENCY_KINDS


# --- lifecycles ------------------------------------------------------------------------

PLAN_MOVES = {("draft", "approve"): "active", ("active", "supersede"): "superseded"}
ROSH_MOVES = {
    ("draft", "submit"): "submitted",
    ("submitted", "countersign"): "countersigned",
    ("submitted", "supersede"): "superseded",
    ("countersigned", "supersede"): "superseded",
}
CASE_MOVES = {
    ("active", "suspended"),
    ("active", "closed"),
    ("suspended", "active"),
    ("suspended", "closed"),
    ("closed", "active"),
}


@pytest.mark.parametrize(
    ("status", "action"), list(product(plans.PlanStatus, ["approve", "supersede", "edit"]))
)
def test_plan_moves_only_draft_to_active_to_superseded(
    status: plans.PlanStatus, action: str
) -> None:
    if (status, action) in PLAN_MOVES:
        moved = plans.transition(status, action)
        assert moved == PLAN_MOVES[status, action] and isinstance(moved, plans.PlanStatus)
    else:
        with pytest.raises(IllegalTransition, match=f"This plan is {status}: it cannot be"):
            plans.transition(status, action)


def test_plan_transition_refuses_an_unknown_status() -> None:
    with pytest.raises(IllegalTransition):
        plans.transition("archived", "approve")


@pytest.mark.parametrize(
    ("status", "action"), list(product(rosh.Status, ["submit", "countersign", "supersede"]))
)
def test_rosh_assessment_moves_only_along_its_lifecycle(status: rosh.Status, action: str) -> None:
    if (status, action) in ROSH_MOVES:
        moved = rosh.transition(status, action)
        assert moved == ROSH_MOVES[status, action] and isinstance(moved, rosh.Status)
    else:
        with pytest.raises(IllegalTransition, match=f"A {status.label.lower()} assessment cannot"):
            rosh.transition(status, action)


@pytest.mark.parametrize(("current", "new"), list(product(CaseStatus, CaseStatus)))
def test_case_status_moves_only_along_its_lifecycle(current: CaseStatus, new: CaseStatus) -> None:
    if current == new or (current, new) in CASE_MOVES:
        assert transition_status(current, new) is new
    else:
        with pytest.raises(IllegalTransition):
            transition_status(current, new)


def test_plan_and_assessment_helpers_read_the_status() -> None:
    assert Plan(status="draft").is_draft and not Plan(status="draft").is_active
    assert Plan(status="active").is_active and not Plan(status="superseded").is_active
    assert RoshAssessment(status="draft").is_draft
    assert RoshAssessment(status="submitted", is_current=False).awaiting_countersignature
    assert not RoshAssessment(status="submitted", is_current=True).awaiting_countersignature
    assert not RoshAssessment(status="countersigned").awaiting_countersignature
