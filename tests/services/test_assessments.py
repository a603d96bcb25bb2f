"""RoSH assessment services: every change audited, access scoped, lifecycle enforced."""

from __future__ import annotations

import pytest

from fourpillars.accounts.models import User
from fourpillars.assessments.models import RoshAssessment
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.domain.errors import DomainValidationError, EditConflict
from fourpillars.register.models import Case
from fourpillars.services import assessments as svc
from fourpillars.services.errors import Forbidden, JustificationRequired, NotFound
from tests.audit_rows import opened
from tests.cast import World
from tests.documents import COMPLETE_ASSESSMENT, OGRS3_ANSWERS, RSR_ANSWERS
from tests.factories import draft_assessment, manager_of, submitted_assessment

pytestmark = pytest.mark.django_db


def last_row() -> AuditEvent:
    row = opened(AuditEvent.objects.order_by("-seq").first())
    assert row is not None
    return row


def test_start_is_a_collection_with_triggers_from_the_register(world: World) -> None:
    a = draft_assessment(world)
    assert a.status == "draft" and not a.is_current
    # The register holds a sexual assault (ECRIS 1003): a screening trigger is suggested.
    assert "sexual_adult" in a.screening_triggers and a.full_analysis_required
    row = last_row()
    assert (row.operation, row.action, row.case_id) == (
        "collection",
        "start_rosh_assessment",
        world.police_case.pk,
    )
    # A second start returns the open draft rather than a second one.
    assert draft_assessment(world).pk == a.pk


def test_only_case_managers_start_and_hidden_cases_are_404(world: World) -> None:
    with pytest.raises(Forbidden):
        svc.start_assessment(actor=world.users["housing"], case_id=world.shared_case.pk)
    with pytest.raises(NotFound):
        svc.start_assessment(actor=world.users["outsider"], case_id=world.police_case.pk)
    with pytest.raises(NotFound):
        svc.start_assessment(actor=world.users["police"], case_id=999999)


def test_save_draft_records_before_and_after(world: World) -> None:
    a = draft_assessment(world)
    a = svc.save_draft(
        actor=world.users["police"],
        assessment_id=a.pk,
        data=COMPLETE_ASSESSMENT,
        expected_version=a.version,
    )
    assert a.overall == "high" and a.factors.count() == 2 and a.scenarios.count() == 2
    row = last_row()
    assert row.operation == "alteration" and row.action == "save_rosh_draft"
    assert row.after["overall"] == "high" and row.before["overall"] == ""
    assert row.after["version"] == a.version


def test_stale_draft_save_is_a_conflict_naming_fields(world: World) -> None:
    a = draft_assessment(world)
    v = a.version
    svc.save_draft(
        actor=world.users["police"],
        assessment_id=a.pk,
        data={"formulation": "First"},
        expected_version=v,
    )
    with pytest.raises(EditConflict) as exc:
        svc.save_draft(
            actor=world.users["coordinator"],
            assessment_id=a.pk,
            data={"formulation": "Second"},
            expected_version=v,
        )
    assert "formulation" in exc.value.changed_fields
    assert RoshAssessment.objects.get(pk=a.pk).formulation == "First"


def test_invalid_draft_saves_nothing(world: World) -> None:
    a = draft_assessment(world)
    before = AuditEvent.objects.count()
    with pytest.raises(DomainValidationError) as exc:
        svc.save_draft(
            actor=world.users["police"],
            assessment_id=a.pk,
            data={**COMPLETE_ASSESSMENT, "ratings": {"community": {"children": "huge"}}},
            expected_version=None,
        )
    assert exc.value.errors[0].field == "ratings.community.children"
    assert AuditEvent.objects.count() == before
    assert RoshAssessment.objects.get(pk=a.pk).factors.count() == 0


def test_instrument_result_keeps_inputs_version_and_register_sources(world: World) -> None:
    a = draft_assessment(world)
    row = svc.score_instrument(
        actor=world.users["police"], assessment_id=a.pk, code="ogrs3", payload=OGRS3_ANSWERS
    )
    assert row.instrument == "ogrs3" and row.instrument_version
    assert row.band in {"low", "medium", "high", "very_high"}
    assert row.probability_2y is not None and 0 < row.probability_2y < 1
    assert "date_of_birth" in row.from_register
    audit_row = last_row()
    assert audit_row.action == "score_instrument" and audit_row.after["result_id"] == row.pk


def test_invalid_instrument_input_is_refused_by_field(world: World) -> None:
    a = draft_assessment(world)
    with pytest.raises(DomainValidationError) as exc:
        svc.score_instrument(
            actor=world.users["police"],
            assessment_id=a.pk,
            code="ogrs3",
            payload={**OGRS3_ANSWERS, "offence_category": 99},
        )
    assert "offence_category" in [e.field for e in exc.value.errors]
    with pytest.raises(DomainValidationError) as exc:
        svc.score_instrument(
            actor=world.users["police"], assessment_id=a.pk, code="nope", payload={}
        )
    assert exc.value.errors[0].field == "instrument"


def test_submit_lists_what_is_missing(world: World) -> None:
    a = draft_assessment(world)
    with pytest.raises(DomainValidationError) as exc:
        svc.submit(actor=world.users["police"], assessment_id=a.pk, expected_version=a.version)
    fields = {e.field for e in exc.value.errors}
    assert "ratings.community.children" in fields and "formulation" in fields


def test_submit_brings_it_into_force_and_supersedes_the_last(world: World) -> None:
    first = submitted_assessment(world)
    assert first.status == "countersigned" and first.is_current
    second = submitted_assessment(world)
    first.refresh_from_db()
    assert second.is_current and not first.is_current
    assert first.status == "superseded" and first.superseded_by_id == second.pk
    # The new draft started from the previous content: identifiers carried over.
    assert set(second.factors.values_list("ident", flat=True)) == {"rf1", "pf1"}
    assert last_row().after["supersedes"] == first.pk
    assert RoshAssessment.objects.filter(case=world.police_case, is_current=True).count() == 1


LOW = {
    **COMPLETE_ASSESSMENT,
    "ratings": {
        "community": {"children": "low", "public": "low", "known_adult": "low", "staff": "low"}
    },
}


def test_a_rating_below_a_band_needs_no_countersignature_any_more(world: World) -> None:
    # Under the earlier rules RM2000/V very high beside a low rating needed a countersignature.
    a = draft_assessment(world)
    svc.score_instrument(
        actor=world.users["police"],
        assessment_id=a.pk,
        code="rm2000-v",
        payload={
            "date_of_birth": "2004-01-01",
            "assessment_date": "2026-11-20",
            "violent_appearances": 5,
            "burglary": True,
        },
    )
    a.refresh_from_db()
    a = svc.save_draft(
        actor=world.users["police"], assessment_id=a.pk, data=LOW, expected_version=a.version
    )
    assert not a.needs_countersignature and a.countersignature_reasons == []
    a = svc.submit(actor=world.users["police"], assessment_id=a.pk, expected_version=a.version)
    assert a.status == "submitted" and a.is_current


def test_a_high_rating_waits_for_a_managers_countersignature(
    world: World, police_manager: User
) -> None:
    a = submitted_assessment(world, countersign=False)
    assert a.overall == "high" and a.needs_countersignature
    assert a.countersignature_policy_version == "rosh-countersignature-2026.1 [M]"
    assert a.status == "submitted" and not a.is_current  # waits for the countersignature
    assert last_row().after["countersignature_reasons"] == a.countersignature_reasons
    with pytest.raises(Forbidden):
        svc.countersign(actor=world.users["police"], assessment_id=a.pk, note="self")
    with pytest.raises(DomainValidationError):
        svc.countersign(actor=police_manager, assessment_id=a.pk, note="")
    a = svc.countersign(actor=police_manager, assessment_id=a.pk, note="Agreed: see the analysis")
    assert a.status == "countersigned" and a.is_current
    row = last_row()
    assert row.action == "countersign_rosh_assessment" and row.actor_username == "police-manager"


def test_an_author_in_training_needs_a_countersignature(world: World) -> None:
    police = world.users["police"]
    police.in_training = True
    police.save(update_fields=["in_training"])
    a = draft_assessment(world)
    a = svc.save_draft(actor=police, assessment_id=a.pk, data=LOW, expected_version=a.version)
    assert a.countersignature_reasons == ["the author is in training"]
    a = svc.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
    assert a.awaiting_countersignature


def test_a_predictor_at_the_threshold_calls_for_the_full_analysis(world: World) -> None:
    police = world.users["police"]
    a = draft_assessment(world)
    a = svc.save_draft(
        actor=police,
        assessment_id=a.pk,
        data={**LOW, "screening": {"triggers": []}, "summary": {}},
        expected_version=a.version,
    )
    assert not a.full_analysis_required
    svc.score_instrument(
        actor=police,
        assessment_id=a.pk,
        code="osp-iic",
        payload={"iioc_sanctions": 0, "contact_child_sanctions": 2, "any_sexual_sanctions": True},
    )
    a.refresh_from_db()
    assert a.full_analysis_required
    assert any("OSP/IIC is medium" in r for r in a.screening_reasons)
    with pytest.raises(DomainValidationError) as exc:
        svc.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
    assert "summary.who_at_risk" in {e.field for e in exc.value.errors}


def test_an_exemption_needs_a_reason_a_decision_and_a_countersignature(
    world: World, police_manager: User
) -> None:
    police = world.users["police"]
    a = draft_assessment(world)
    exempt = {
        **LOW,
        "summary": {},
        "screening": {"triggers": ["sexual_child"], "full_analysis": False},
    }
    a = svc.save_draft(actor=police, assessment_id=a.pk, data=exempt, expected_version=a.version)
    assert a.exempted and a.needs_countersignature
    with pytest.raises(DomainValidationError) as exc:
        svc.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
    assert {e.field for e in exc.value.errors} == {"screening.exemption_reason"}
    reason = {"triggers": ["sexual_child"], "full_analysis": False, "exemption_reason": "Done"}
    a = svc.save_draft(
        actor=police, assessment_id=a.pk, data={"screening": reason}, expected_version=a.version
    )
    a = svc.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
    assert a.awaiting_countersignature
    decision = world.police_case.decisions.order_by("-id").first()
    assert decision is not None and decision.kind == "screening_exemption"
    a = svc.countersign(actor=police_manager, assessment_id=a.pk, note="Agreed")
    assert a.is_current


def test_non_manager_cannot_countersign(world: World) -> None:
    a = submitted_assessment(world)
    with pytest.raises(Forbidden):
        svc.countersign(actor=world.users["coordinator"], assessment_id=a.pk, note="x")


def test_submitted_assessments_cannot_change(world: World) -> None:
    a = submitted_assessment(world)
    with pytest.raises(DomainValidationError) as exc:
        svc.save_draft(
            actor=world.users["police"], assessment_id=a.pk, data={}, expected_version=None
        )
    assert exc.value.errors[0].field == "status"


def test_consultation_outside_the_lead_agency_needs_a_justification(world: World) -> None:
    a = submitted_assessment(world)
    coordinator = world.users["coordinator"]
    with pytest.raises(JustificationRequired):
        svc.consult_assessment(actor=coordinator, assessment_id=a.pk, justification=None)
    svc.consult_assessment(
        actor=coordinator,
        assessment_id=a.pk,
        justification=Justification(Purpose("mappa-coordination")),
    )
    row = last_row()
    assert row.operation == "consultation" and row.action == "view_rosh_assessment"
    assert row.justification.startswith("mappa-coordination")
    with pytest.raises(NotFound):
        svc.consult_assessment(
            actor=world.users["outsider"], assessment_id=a.pk, justification=None
        )
    with pytest.raises(NotFound):
        svc.consult_assessment(actor=world.users["housing"], assessment_id=a.pk, justification=None)


def test_history_charts_only_submitted_results(world: World) -> None:
    a = draft_assessment(world)
    svc.score_instrument(
        actor=world.users["police"], assessment_id=a.pk, code="ogrs3", payload=OGRS3_ANSWERS
    )
    assert svc.history(world.police_case) == []
    a.refresh_from_db()
    data = {**LOW, "judgement_reason": "OGRS3 predicts any reoffending, not harm"}
    a = svc.save_draft(
        actor=world.users["police"], assessment_id=a.pk, data=data, expected_version=a.version
    )
    assert not a.needs_countersignature
    svc.submit(actor=world.users["police"], assessment_id=a.pk, expected_version=a.version)
    points = svc.history(world.police_case)
    assert [p.instrument for p in points] == ["ogrs3"] and points[0].p2 is not None


def test_level_decision_records_indication_and_changes_the_level(world: World) -> None:
    submitted_assessment(world)  # overall high
    decision = svc.decide_level(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        flags={"adds_value": True},
        level=2,
        reason="Multi-agency meetings needed",
    )
    assert decision.indicated_level == 2 and decision.decided_level == 2
    case = Case.objects.get(pk=world.police_case.pk)
    assert case.level == 2
    actions = list(AuditEvent.objects.order_by("-seq").values_list("action", flat=True)[:2])
    assert actions == ["update_case", "decide_level"]


@pytest.mark.parametrize(
    ("flags", "level", "reason", "field"),
    [
        ({"vibes": True}, 2, "x", "flags.vibes"),
        ({"adds_value": "yes"}, 2, "x", "flags.adds_value"),
        ({}, 4, "x", "level"),
        ({}, True, "x", "level"),
        ({}, 2, "", "reason"),
    ],
)
def test_level_decision_validation(
    world: World, flags: dict[str, object], level: object, reason: str, field: str
) -> None:
    with pytest.raises(DomainValidationError) as exc:
        svc.decide_level(
            actor=world.users["police"],
            case_id=world.police_case.pk,
            flags=flags,
            level=level,
            reason=reason,
        )
    assert field in [e.field for e in exc.value.errors]
    assert not world.police_case.level_decisions.exists()


def test_timeline_collapses_a_run_of_draft_saves(world: World) -> None:
    from fourpillars.services.cases import reads

    a = draft_assessment(world)
    for i in range(3):
        a = svc.save_draft(
            actor=world.users["police"],
            assessment_id=a.pk,
            data={"formulation": f"v{i}"},
            expected_version=a.version,
        )
    events = reads.timeline(world.police_case)
    saves = [e for e in events if e.action == "save_rosh_draft"]
    assert len(saves) == 1 and saves[0].repeats == 3  # type: ignore[attr-defined]
    assert saves[0].after["formulation"] == "v2"
    # Every save is still its own audit row.
    assert AuditEvent.objects.filter(action="save_rosh_draft").count() == 3


def test_timeline_shows_nested_values_in_words() -> None:
    from fourpillars.web.templatetags.fp import _show

    shown = _show({"community": {"children": "high", "public": None}})
    assert shown == "community: children: high"
    assert _show([{"id": "rf1", "text": "x"}, {"id": "rf2"}]) == "rf1, rf2"
    assert len(_show("x" * 1000)) == 300


DYNAMIC = {
    "weapon": "yes",
    "accommodation": 2,
    "unemployed": "yes",
    "relationship": 1,
    "domestic_violence": "yes",
    "alcohol": 0,
    "binge_drinking": 0,
    "impulsivity": 2,
    "temper": 2,
    "pro_criminal": 2,
    "past_wounding_gbh": "yes",
}


def test_rsr_prefill_carries_the_dynamic_items_of_an_earlier_rsr(world: World) -> None:
    police = world.users["police"]
    case = world.police_case
    inputs, sources = svc.instrument_prefill(case, "rsr")
    assert "weapon" not in inputs
    assert any("static model" in n for n in svc.instrument_prefill_notes(case, "rsr"))
    a = draft_assessment(world)
    svc.score_instrument(
        actor=police, assessment_id=a.pk, code="rsr", payload={**RSR_ANSWERS, **DYNAMIC}
    )
    inputs, sources = svc.instrument_prefill(case, "rsr")
    assert {k: inputs[k] for k in DYNAMIC} == DYNAMIC
    assert sources["temper"].startswith("the RSR scored on ")
    assert "date_of_birth" in sources and not sources["date_of_birth"].startswith("the RSR")
    notes = svc.instrument_prefill_notes(case, "rsr")
    assert any(n.startswith("The dynamic items are carried over from the RSR") for n in notes)


def test_the_case_row_holds_the_rating_in_force(world: World) -> None:
    case = world.police_case
    waiting = submitted_assessment(world, countersign=False)
    case.refresh_from_db()
    assert (case.rosh_overall, case.rosh_rank) == ("", -1)  # not in force until countersigned
    svc.countersign(actor=manager_of(world.users["police"]), assessment_id=waiting.pk, note="Ok")
    case.refresh_from_db()
    assert (case.rosh_overall, case.rosh_rank) == ("high", 2)
