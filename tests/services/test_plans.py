"""Risk management plan services: versions, findings, approval, actions, decisions, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError, EditConflict
from fourpillars.plans.models import Decision, Plan
from fourpillars.register.models import Case
from fourpillars.services import access as policy
from fourpillars.services import cases as case_services
from fourpillars.services import decisions
from fourpillars.services import plans as svc
from fourpillars.services.errors import Forbidden, NotFound
from tests.audit_rows import opened
from tests.cast import World
from tests.documents import COMPLETE_ASSESSMENT, DEFENSIBILITY_NOTES, PLAN_CONTENT
from tests.factories import (
    acknowledge_all,
    colleague,
    level_decided,
    manager_of,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


def last(action: str) -> AuditEvent:
    row = opened(AuditEvent.objects.filter(action=action).order_by("-seq").first())
    assert row is not None, action
    return row


def draft(world: World) -> Plan:
    submitted_assessment(world)
    level_decided(world)
    return svc.start_plan(actor=world.users["police"], case_id=world.police_case.pk)


def saved(world: World, content: dict[str, object] | None = None) -> Plan:
    plan = draft(world)
    return svc.save_plan(
        actor=world.users["police"],
        plan_id=plan.pk,
        data=content or PLAN_CONTENT,
        expected_version=plan.version,
    )


def approved(world: World) -> Plan:
    plan = saved(world)
    return svc.approve(
        actor=colleague(world, "police_case"),
        plan_id=plan.pk,
        expected_version=plan.version,
        acknowledgements=acknowledge_all(plan),
        defensibility=DEFENSIBILITY_NOTES,
        rationale="Answers every risk found",
    )


def test_a_plan_needs_a_current_assessment(world: World) -> None:
    with pytest.raises(DomainValidationError) as exc:
        svc.start_plan(actor=world.users["police"], case_id=world.police_case.pk)
    assert exc.value.errors[0].field == "assessment"


def test_start_is_a_collection_responding_to_the_current_assessment(world: World) -> None:
    plan = draft(world)
    assert plan.status == "draft" and plan.number == 1 and plan.assessment.is_current
    assert plan.review_date is not None
    row = last("start_plan")
    assert row.operation == "collection" and row.case_id == world.police_case.pk
    assert svc.start_plan(actor=world.users["police"], case_id=world.police_case.pk).pk == plan.pk


def test_only_managers_start_and_hidden_is_404(world: World) -> None:
    submitted_assessment(world)
    with pytest.raises(NotFound):
        svc.start_plan(actor=world.users["outsider"], case_id=world.police_case.pk)
    with pytest.raises(Forbidden):
        svc.start_plan(actor=world.users["housing"], case_id=world.shared_case.pk)


def test_an_empty_draft_has_error_findings(world: World) -> None:
    plan = draft(world)
    found = svc.findings(plan)
    errors = [f for f in found if f.severity == "error"]
    assert any("rf1" in f.refs for f in errors)  # the uncovered risk factor
    assert any("sc1" in f.refs for f in errors)  # a scenario without contingency


def test_save_records_before_and_after_and_a_complete_plan_has_no_errors(world: World) -> None:
    plan = saved(world)
    assert plan.actions.count() == 4 and plan.version == 2
    assert [f for f in svc.findings(plan) if f.severity == "error"] == []
    row = last("save_plan")
    assert row.operation == "alteration" and "actions" in row.after


def test_malformed_plan_names_the_field_and_saves_nothing(world: World) -> None:
    plan = draft(world)
    bad = {
        "actions": [{"id": "a1", "pillar": "astrology", "text": "x", "owner_agency": "police-a"}]
    }
    with pytest.raises(DomainValidationError) as exc:
        svc.save_plan(
            actor=world.users["police"], plan_id=plan.pk, data=bad, expected_version=plan.version
        )
    assert "actions.0.pillar" in [e.field for e in exc.value.errors]
    unknown = {"actions": [{**PLAN_CONTENT["actions"][0], "owner_agency": "nowhere"}]}  # type: ignore[index]
    with pytest.raises(DomainValidationError) as exc:
        svc.save_plan(
            actor=world.users["police"],
            plan_id=plan.pk,
            data=unknown,
            expected_version=plan.version,
        )
    assert "actions.0.owner_agency" in [e.field for e in exc.value.errors]
    assert Plan.objects.get(pk=plan.pk).actions.count() == 0


def test_second_save_with_a_stale_version_is_a_conflict(world: World) -> None:
    plan = draft(world)
    v = plan.version
    svc.save_plan(
        actor=world.users["police"], plan_id=plan.pk, data=PLAN_CONTENT, expected_version=v
    )
    with pytest.raises(EditConflict) as exc:
        svc.save_plan(
            actor=world.users["coordinator"],
            plan_id=plan.pk,
            data={"pillar_reasons": {}},
            expected_version=v,
        )
    assert "actions" in exc.value.changed_fields
    assert Plan.objects.get(pk=plan.pk).actions.count() == 4  # nothing lost


def test_approval_refuses_errors_unacknowledged_warnings_and_missing_notes(world: World) -> None:
    plan = draft(world)
    with pytest.raises(DomainValidationError) as exc:
        svc.approve(
            actor=colleague(world, "police_case"),
            plan_id=plan.pk,
            expected_version=plan.version,
            defensibility={},
            rationale="",
        )
    fields = {e.field for e in exc.value.errors}
    assert "findings" in fields and "rationale" in fields
    assert "defensibility.reasonable_steps" in fields
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_approval_supersedes_and_records_a_defensible_decision(world: World) -> None:
    case = world.police_case
    case.refresh_from_db()
    assert not case.has_active_plan and case.plan_review_date is None
    first = approved(world)
    assert first.status == "active" and first.approved_by == colleague(world, "police_case")
    assert last("approve_plan").after["approval_policy"] == "plan-approval-2026.1"
    case.refresh_from_db()  # the case row holds the plan in force (the caseload reads it)
    assert case.has_active_plan and case.plan_review_date == first.review_date
    decision = Decision.objects.filter(kind="plan_approval").get()
    assert decision.defensibility == DEFENSIBILITY_NOTES
    assert {e["type"] for e in decision.evidence} == {"plan", "rosh_assessment"}
    assert last("approve_plan").after["decision"] == decision.pk
    second = svc.start_plan(actor=world.users["police"], case_id=world.police_case.pk)
    assert second.number == 2 and second.actions.count() == 4  # starts from the active plan
    assert _live(first) == {True} and _live(second) == {False}  # the copies wait in the draft
    second = svc.approve(
        actor=colleague(world, "police_case"),
        plan_id=second.pk,
        expected_version=second.version,
        acknowledgements=acknowledge_all(second),
        defensibility=DEFENSIBILITY_NOTES,
        rationale="Reviewed, no change",
    )
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_by_id == second.pk
    # The work lists read the action's own copy of its case and of "on the active plan".
    assert _live(first) == {False} and _live(second) == {True}
    assert set(second.actions.values_list("case_id", flat=True)) == {case.pk}
    diff = svc.compare(first, second)
    assert diff["actions_added"] == [] and diff["actions_removed"] == []


def _live(plan: Plan) -> set[bool]:
    return set(plan.actions.values_list("live", flat=True))


def test_the_author_of_a_plan_cannot_approve_it(world: World) -> None:
    plan = saved(world)
    with pytest.raises(Forbidden) as exc:
        svc.approve(
            actor=world.users["police"],
            plan_id=plan.pk,
            expected_version=plan.version,
            acknowledgements=acknowledge_all(plan),
            defensibility=DEFENSIBILITY_NOTES,
            rationale="My own plan",
        )
    assert str(exc.value) == "You wrote this plan: another person must approve it."
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_a_deployment_may_choose_the_single_person_policy(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FOURPILLARS_PLAN_APPROVAL = "plan-approval-2026.1-single"
    plan = saved(world)
    done = svc.approve(
        actor=world.users["police"],
        plan_id=plan.pk,
        expected_version=plan.version,
        acknowledgements=acknowledge_all(plan),
        defensibility=DEFENSIBILITY_NOTES,
        rationale="One officer, by local choice",
    )
    assert done.status == "active" and done.approved_by == world.users["police"]
    assert last("approve_plan").after["approval_policy"] == "plan-approval-2026.1-single"
    settings.FOURPILLARS_PLAN_APPROVAL = "no-such-policy"
    with pytest.raises(ImproperlyConfigured, match="no-such-policy"):
        policy.allowed(world.users["coordinator"], Permission.APPROVE_PLAN, done)


def test_whoever_saved_the_draft_is_an_author_too(world: World) -> None:
    """The co-ordinator who saved the police officer's draft may not approve it either; a
    colleague who only read it may."""
    plan = saved(world)
    coordinator = world.users["coordinator"]
    plan = svc.save_plan(
        actor=coordinator, plan_id=plan.pk, data=PLAN_CONTENT, expected_version=plan.version
    )
    assert set(plan.editors) == {world.users["police"].pk, coordinator.pk}
    with pytest.raises(Forbidden):
        svc.approve(
            actor=coordinator,
            plan_id=plan.pk,
            expected_version=plan.version,
            acknowledgements=acknowledge_all(plan),
            defensibility=DEFENSIBILITY_NOTES,
            rationale="Saved it myself",
        )
    done = svc.approve(
        actor=colleague(world, "police_case"),
        plan_id=plan.pk,
        expected_version=plan.version,
        acknowledgements=acknowledge_all(plan),
        defensibility=DEFENSIBILITY_NOTES,
        rationale="Read by a second person",
    )
    assert done.status == "active"


def test_a_plan_on_a_superseded_assessment_cannot_be_approved(world: World) -> None:
    plan = saved(world)
    submitted_assessment(world)  # a newer assessment supersedes the one the plan responds to
    plan.refresh_from_db()
    errors = [f for f in svc.findings(plan) if f.severity == "error"]
    assert errors, "responding to a superseded assessment is an error"
    with pytest.raises(DomainValidationError):
        svc.approve(
            actor=colleague(world, "police_case"),
            plan_id=plan.pk,
            expected_version=plan.version,
            acknowledgements=acknowledge_all(plan),
            defensibility=DEFENSIBILITY_NOTES,
            rationale="x",
        )


def test_action_status_history_and_my_actions(world: World) -> None:
    plan = approved(world)
    mine = list(svc.my_actions(world.users["police"]))
    assert {a.ident for a in mine} == {"a1", "a2", "a3", "a4"}
    assert list(svc.my_actions(world.users["outsider"])) == []
    a1 = plan.actions.get(ident="a1")
    with pytest.raises(DomainValidationError) as exc:
        svc.update_action_status(actor=world.users["police"], action_id=a1.pk, status="not_done")
    assert exc.value.errors[0].field == "reason"
    svc.update_action_status(actor=world.users["police"], action_id=a1.pk, status="in_progress")
    with pytest.raises(DomainValidationError) as exc:  # done: say what was done
        svc.update_action_status(actor=world.users["police"], action_id=a1.pk, status="done")
    assert exc.value.errors[0].field == "reason"
    svc.update_action_status(
        actor=world.users["police"], action_id=a1.pk, status="done", reason="Visited weekly"
    )
    a1.refresh_from_db()
    assert a1.status == "done" and a1.completion_note == "Visited weekly"
    assert a1.completed_by == world.users["police"] and a1.completed_at is not None
    assert [(h.from_status, h.to_status) for h in a1.history.all()] == [
        ("planned", "in_progress"),
        ("in_progress", "done"),
    ]
    assert last("complete_action").after["status"] == "done"
    assert "a1" not in {a.ident for a in svc.my_actions(world.users["police"])}
    with pytest.raises(NotFound):
        svc.update_action_status(actor=world.users["outsider"], action_id=a1.pk, status="done")


def test_decisions_are_never_edited_and_corrections_refer_back(world: World) -> None:
    first = decisions.record_decision(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        data={
            "kind": "other",
            "summary": "Refer to MARAC",
            "rationale": "Partner at risk",
            "dissent": [{"who": "Housing", "reason": "Premature"}],
        },
    )
    first.summary = "changed"
    with pytest.raises(ValueError):
        first.save()
    fix = decisions.record_decision(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        data={
            "kind": "other",
            "summary": "Refer to MARAC (corrected)",
            "rationale": "Date was wrong",
            "refers_to": first.pk,
        },
    )
    assert fix.refers_to_id == first.pk
    assert last("record_decision").after["refers_to"] == first.pk
    with pytest.raises(DomainValidationError) as exc:
        decisions.record_decision(
            actor=world.users["police"],
            case_id=world.police_case.pk,
            data={"kind": "whim", "summary": "", "rationale": ""},
        )
    assert {"kind", "summary", "rationale"} <= {e.field for e in exc.value.errors}


def test_level_and_closure_and_overrides_become_decisions(world: World) -> None:
    from fourpillars.services import assessments

    submitted_assessment(world)
    assessments.decide_level(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        flags={"adds_value": True},
        level=2,
        reason="Meetings add value",
    )
    case_services.change_status(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        status="closed",
        reason="Deceased",
    )
    kinds = list(Decision.objects.filter(case=world.police_case).values_list("kind", flat=True))
    assert "level" in kinds and "case_closure" in kinds


def test_a_partial_save_keeps_what_it_does_not_name(world: World) -> None:
    plan = saved(world)
    start, end = plan.period_start, plan.period_end
    assert start is not None and end is not None
    plan = svc.save_plan(
        actor=world.users["police"],
        plan_id=plan.pk,
        data={"pillar_reasons": {}},
        expected_version=plan.version,
    )
    assert (plan.period_start, plan.period_end) == (start, end)
    assert plan.actions.count() == 4 and len(plan.contingencies) == 2


def test_plan_document_fills_the_case_facts_and_the_new_plan_fields(world: World) -> None:
    from fourpillars.services import assessments
    from fourpillars.services import persons as person_services

    police = world.users["police"]
    a = assessments.start_assessment(actor=police, case_id=world.police_case.pk)
    a = assessments.save_draft(
        actor=police,
        assessment_id=a.pk,
        data={**COMPLETE_ASSESSMENT, "judgement_reason": "Grooming seen this month"},
        expected_version=a.version,
    )
    assessments.score_instrument(
        actor=police,
        assessment_id=a.pk,
        code="rm2000-c",
        payload={"s_band": "low", "v_band": "low"},
    )
    a.refresh_from_db()
    a = assessments.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
    needed = a.needs_countersignature
    if needed:
        a = assessments.countersign(actor=manager_of(police), assessment_id=a.pk, note="Agreed")
    person_services.add_conviction(
        actor=police,
        person_id=world.police_case.person_id,
        data={"date": "2012-02-02", "offence_text": "Wounding", "ecris_code": "0809 00"},
    )
    assessments.decide_level(
        actor=police, case_id=world.police_case.pk, flags={}, level=2, reason="Meetings add value"
    )
    plan = svc.start_plan(actor=police, case_id=world.police_case.pk)
    plan = svc.save_plan(
        actor=police, plan_id=plan.pk, data=PLAN_CONTENT, expected_version=plan.version
    )
    doc = svc.plan_document(plan)
    case = Case.objects.get(pk=world.police_case.pk)
    assert doc["mappa_category"] == 1 and doc["mappa_level"] == 2
    assert doc["level_decision"]["level"] == 2
    assert doc["level_decision"]["reason"] == "Meetings add value"
    assert doc["next_mappa_review"] == case.next_review_date.isoformat()
    assert doc["offending"] == ["sexual", "violent"]  # category 1; the 08xx conviction
    assert doc["instruments"] == ["rm2000-c"]
    assert doc["assessment"]["countersignature_required"] is needed
    assert doc["assessment"]["countersigned"] is needed
    for key in ("information_considered", "information_gaps", "communicated"):
        assert doc[key] == PLAN_CONTENT[key]
    assert plan.information_gaps == "None known"
    assert plan.review_date is not None and plan.review_date <= case.next_review_date
    codes = {f.code for f in svc.findings(plan)}
    assert "RELIABLE_METHOD_MISSING" in codes  # violent, and no RSR scored
    assert "LEVEL_NOT_SUPPORTED_BY_ROSH" not in codes and "PLAN_NOT_COMMUNICATED" not in codes
    # A new version keeps what was considered, and is sent out again.
    svc.approve(
        actor=colleague(world, "police_case"),
        plan_id=plan.pk,
        expected_version=plan.version,
        acknowledgements=acknowledge_all(plan),
        defensibility=DEFENSIBILITY_NOTES,
        rationale="Answers every risk found",
    )
    following = svc.start_plan(actor=police, case_id=world.police_case.pk)
    assert following.information_considered == PLAN_CONTENT["information_considered"]
    assert following.communicated == []


def test_unknown_agencies_in_the_new_fields_are_named(world: World) -> None:
    plan = draft(world)
    for data, fields in (
        (
            {
                "information_considered": [{"agency": "nowhere", "summary": "x"}],
                "communicated": [{"to": "elsewhere", "on": "2026-11-26"}],
            },
            {"information_considered.0.agency", "communicated.0.to"},
        ),
        ({"communicated": [{"to": "police-a", "on": "26 Nov"}]}, {"communicated.0.on"}),
        ({"information_gaps": ["none"]}, {"information_gaps"}),
    ):
        with pytest.raises(DomainValidationError) as exc:
            svc.save_plan(
                actor=world.users["police"], plan_id=plan.pk, data=data, expected_version=1
            )
        assert {e.field for e in exc.value.errors} == fields
    assert Plan.objects.get(pk=plan.pk).communicated == []
