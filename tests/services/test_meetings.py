"""Meeting services: scheduling with the chair's grade and the level, invitations that share
a case (a recorded disclosure), contributions, minutes section by section, approval carrying
the decisions into the register, circulation as a disclosure, review moves, grades; each with
its audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError, EditConflict, IllegalTransition
from fourpillars.meetings.models import Contribution, Meeting, Minutes
from fourpillars.plans.models import Decision, Plan
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import meetings as svc
from fourpillars.services.errors import Forbidden, NotFound
from tests.audit_rows import opened
from tests.cast import World
from tests.factories import active_plan_and_draft
from tests.meetings import chairs, complete_minutes, held, meeting_data, scheduled

pytestmark = pytest.mark.django_db


def last(action: str) -> AuditEvent:
    row = opened(AuditEvent.objects.filter(action=action).order_by("-seq").first())
    assert row is not None, action
    return row


def test_scheduling_a_meeting_invites_the_chair_lead_and_chosen_agencies(world: World) -> None:
    meeting = scheduled(world)
    invited = set(meeting.invitations.values_list("agency__code", flat=True))
    assert invited == {"probation-a", "housing-a"}
    assert Minutes.objects.filter(item__meeting=meeting, status="draft").count() == 1
    row = last("schedule_meeting")
    assert row.operation == "collection" and row.after["chair"] == "probation-manager"
    assert row.record_ids == [world.shared_case.pk] and row.actor_username == "coordinator"


def test_inviting_an_agency_without_access_is_a_recorded_share_with_a_basis(world: World) -> None:
    chairs(world)
    data = meeting_data(cases=[world.shared_case.pk], agencies=["housing-a", "children-a"])
    with pytest.raises(DomainValidationError) as refused:
        svc.schedule_meeting(actor=world.users["coordinator"], data=data)
    assert refused.value.errors[0].field == "lawful_basis"
    assert not Meeting.objects.exists()
    data |= {"lawful_basis": "cja2003_s325_4", "reason": "Invited to the review meeting"}
    svc.schedule_meeting(actor=world.users["coordinator"], data=data)
    share = CaseShare.objects.get(case=world.shared_case, agency__code="children-a")
    assert share.lawful_basis == "cja2003_s325_4"
    row = last("invite_to_meeting")
    assert row.operation == "disclosure" and row.recipients == ["children-a"]
    assert row.legal_basis == "cja2003_s325_4" and row.case_id == world.shared_case.pk


def test_only_level_2_and_3_cases_have_meetings(world: World) -> None:
    chairs(world)
    data = meeting_data(cases=[world.police_case.pk])
    with pytest.raises(DomainValidationError) as refused:
        svc.schedule_meeting(actor=world.users["coordinator"], data=data)
    assert "level 2 or 3" in refused.value.errors[0].message


def test_a_level_3_meeting_needs_a_senior_chair(world: World) -> None:
    chairs(world)
    Case.objects.filter(pk=world.shared_case.pk).update(level=3)
    data = meeting_data(cases=[world.shared_case.pk])
    with pytest.raises(DomainValidationError) as refused:
        svc.schedule_meeting(actor=world.users["coordinator"], data=data)
    assert refused.value.errors[0].field == "chair" and "senior" in refused.value.errors[0].message
    senior = {**data, "chair": "police-manager"}
    with pytest.raises(DomainValidationError) as unshared:  # the chair's agency is invited
        svc.schedule_meeting(actor=world.users["coordinator"], data=senior)
    assert unshared.value.errors[0].field == "lawful_basis"
    senior |= {"lawful_basis": "cja2003_s325_4", "reason": "Chairs the level 3 meeting"}
    meeting = svc.schedule_meeting(actor=world.users["coordinator"], data=senior)
    assert meeting.chair.username == "police-manager"
    assert CaseShare.objects.filter(case=world.shared_case, agency__code="police-a").exists()


@pytest.mark.parametrize("name", ["police", "probation", "housing", "outsider", "auditor"])
def test_only_the_coordinator_schedules(world: World, name: str) -> None:
    chairs(world)
    with pytest.raises((Forbidden, NotFound)):
        svc.schedule_meeting(
            actor=world.users[name], data=meeting_data(cases=[world.shared_case.pk])
        )


def test_bad_meeting_input_names_every_field(world: World) -> None:
    chairs(world)
    data = {
        "kind": "party",
        "starts_at": "2001-01-01T10:00",
        "duration_minutes": "9999",
        "venue": "",
        "video_link": "http://insecure",
        "chair": "housing",
        "cases": [world.shared_case.pk],
    }
    with pytest.raises(DomainValidationError) as refused:
        svc.schedule_meeting(actor=world.users["coordinator"], data=data)
    fields = {e.field for e in refused.value.errors}
    assert {"kind", "starts_at", "duration_minutes", "video_link", "chair"} <= fields


def test_contributions_are_attributed_and_audited_as_collection(world: World) -> None:
    meeting = scheduled(world)
    row = svc.contribute(
        actor=world.users["housing"],
        meeting_id=meeting.pk,
        case_id=world.shared_case.pk,
        text="Tenancy stable; no visitors reported.",
    )
    assert row.agency.code == "housing-a" and row.author.username == "housing"
    assert not row.during_meeting
    audit_row = last("contribute_to_meeting")
    assert audit_row.operation == "collection" and audit_row.case_id == world.shared_case.pk
    with pytest.raises(NotFound):  # police-a cannot see the shared case
        svc.contribute(
            actor=world.users["police"],
            meeting_id=meeting.pk,
            case_id=world.shared_case.pk,
            text="x",
        )


def test_minutes_wait_for_the_meeting_to_be_held(world: World) -> None:
    meeting = scheduled(world)
    with pytest.raises(DomainValidationError):
        svc.save_minutes(
            actor=world.users["coordinator"],
            meeting_id=meeting.pk,
            case_id=world.shared_case.pk,
            section="headings",
            data={"risk": "x"},
            expected_version=1,
        )


def test_a_stale_version_is_a_conflict(world: World) -> None:
    meeting = held(world)
    version = complete_minutes(world, meeting)
    with pytest.raises(EditConflict):
        svc.save_minutes(
            actor=world.users["coordinator"],
            meeting_id=meeting.pk,
            case_id=world.shared_case.pk,
            section="headings",
            data={"risk": "x"},
            expected_version=version - 1,
        )


def test_next_review_must_fall_within_the_level_interval(world: World) -> None:
    meeting = held(world)
    version = complete_minutes(world, meeting)
    late = (timezone.localdate() + dt.timedelta(weeks=20)).isoformat()
    with pytest.raises(DomainValidationError) as refused:
        svc.save_minutes(
            actor=world.users["coordinator"],
            meeting_id=meeting.pk,
            case_id=world.shared_case.pk,
            section="next_review",
            data={"date": late},
            expected_version=version,
        )
    assert refused.value.errors[0].field == "next_review_date"


def test_approval_is_the_chairs_and_needs_every_required_section(world: World) -> None:
    meeting = held(world)
    case = world.shared_case
    with pytest.raises(Forbidden):
        svc.approve_minutes(
            actor=world.users["coordinator"],
            meeting_id=meeting.pk,
            case_id=case.pk,
            expected_version=1,
        )
    with pytest.raises(DomainValidationError) as refused:
        svc.approve_minutes(
            actor=world.users["probation-manager"],
            meeting_id=meeting.pk,
            case_id=case.pk,
            expected_version=1,
        )
    assert {"headings", "outcome", "disclosure", "next_review", "plan"} <= {
        e.field for e in refused.value.errors
    }
    assert Minutes.objects.get(item__meeting=meeting).status == "draft"


def test_approval_records_the_level_decision_review_and_actions(world: World) -> None:
    active_plan_and_draft(world, "shared_case")
    Plan.objects.filter(case=world.shared_case, status="draft").delete()
    meeting = held(world)
    case = world.shared_case
    version = complete_minutes(world, meeting)
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    minutes = svc.add_minutes_action(
        actor=world.users["coordinator"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        data={
            "pillar": "supervision",
            "text": "Home visit by probation within two weeks",
            "owner_agency": "probation-a",
            "owner_name": "Priya Probation",
            "due": due,
            "addresses": "rf1",
        },
        expected_version=version,
    )
    minutes = svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=minutes.version,
    )
    assert minutes.status == "approved" and minutes.level_decision is not None
    assert minutes.level_decision.decided_level == 2
    assert minutes.plan is not None and minutes.plan.status == "draft"
    added = minutes.plan.actions.get(ident=minutes.actions[0]["plan_action"])
    assert added.owner_agency.code == "probation-a" and added.due.isoformat() == due
    case.refresh_from_db()
    assert case.next_review_date == timezone.localdate() + dt.timedelta(weeks=8)
    assert Decision.objects.filter(case=case, kind="disclosure").exists()
    assert last("approve_minutes").after["actions"] == [added.ident]
    assert last("append_actions").target_type == "plan"


def test_an_action_owned_by_an_agency_without_access_is_refused(world: World) -> None:
    meeting = held(world)
    version = complete_minutes(world, meeting)
    with pytest.raises(DomainValidationError) as refused:
        svc.add_minutes_action(
            actor=world.users["coordinator"],
            meeting_id=meeting.pk,
            case_id=world.shared_case.pk,
            data={
                "pillar": "supervision",
                "text": "Visit",
                "owner_agency": "police-b",
                "owner_name": "X",
                "due": "",
            },
            expected_version=version,
        )
    assert {"owner_agency", "due"} <= {e.field for e in refused.value.errors}


def test_circulation_goes_to_attending_agencies_with_access_as_a_disclosure(world: World) -> None:
    meeting = held(world)
    case = world.shared_case
    version = complete_minutes(world, meeting)
    with pytest.raises(IllegalTransition):
        svc.circulate_minutes(
            actor=world.users["coordinator"], meeting_id=meeting.pk, case_id=case.pk
        )
    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=version,
    )
    minutes = svc.circulate_minutes(
        actor=world.users["coordinator"], meeting_id=meeting.pk, case_id=case.pk
    )
    assert minutes.circulated_to == ["probation-a"]  # housing sent apologies
    row = last("circulate_minutes")
    assert row.operation == "disclosure" and row.recipients == ["probation-a"]
    assert row.legal_basis == "cja2003_s325_4"


def test_draft_minutes_are_read_only_by_the_coordinator_and_chair(world: World) -> None:
    meeting = held(world)
    case = world.shared_case
    from fourpillars.domain.audit import Justification, Purpose

    why = Justification(Purpose.MAPPA_COORDINATION)
    assert (
        svc.consult_item(
            actor=world.users["coordinator"],
            meeting_id=meeting.pk,
            case_id=case.pk,
            justification=why,
        ).minutes
        is not None
    )
    assert (
        svc.consult_item(
            actor=world.users["housing"], meeting_id=meeting.pk, case_id=case.pk, justification=why
        ).minutes
        is None
    )
    assert last("view_meeting_case").justification.startswith("mappa-coordination")


def test_an_agency_whose_access_ends_no_longer_sees_the_minutes(world: World) -> None:
    meeting = held(world)
    case = world.shared_case
    version = complete_minutes(world, meeting)
    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=version,
    )
    from fourpillars.domain.audit import Justification, Purpose
    from fourpillars.services import cases

    why = Justification(Purpose.MAPPA_COORDINATION)
    seen = svc.consult_item(
        actor=world.users["housing"], meeting_id=meeting.pk, case_id=case.pk, justification=why
    )
    assert seen.minutes is not None  # did not attend, but holds access to the case
    share = CaseShare.objects.get(case=case, agency__code="housing-a")
    cases.revoke_share(
        actor=world.users["probation"], case_id=case.pk, share_id=share.pk, reason="Placement ended"
    )
    with pytest.raises(NotFound):
        svc.consult_item(
            actor=world.users["housing"], meeting_id=meeting.pk, case_id=case.pk, justification=why
        )
    with pytest.raises(NotFound):
        svc.consult_meeting(actor=world.users["housing"], meeting_id=meeting.pk)


def test_exit_from_mappa_is_minuted_and_closes_the_case(world: World) -> None:
    meeting = held(world)
    case = world.shared_case
    version = complete_minutes(world, meeting)
    minutes = svc.save_minutes(
        actor=world.users["coordinator"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        section="outcome",
        data={
            "outcome": "exit",
            "exit_reason": "licence_ended",
            "reason": "Licence expired last week.",
        },
        expected_version=version,
    )
    assert "next_review" not in minutes.content
    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=minutes.version,
    )
    case.refresh_from_db()
    assert case.status == "closed"
    closure = Decision.objects.get(case=case, kind="case_closure")
    assert "left MAPPA" in closure.summary and "Licence expired" in closure.rationale


def test_step_down_sets_level_1_through_a_level_decision(world: World) -> None:
    meeting = held(world)
    case = world.shared_case
    version = complete_minutes(world, meeting)
    minutes = svc.save_minutes(
        actor=world.users["coordinator"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        section="outcome",
        data={"outcome": "step_down", "reason": "Risk now managed by probation."},
        expected_version=version,
    )
    minutes = svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=minutes.version,
    )
    case.refresh_from_db()
    assert case.level == 1 and minutes.level_decision.decided_level == 1


def test_moving_a_review_needs_a_reason_and_stays_in_the_interval(world: World) -> None:
    case = world.shared_case
    later = (timezone.localdate() + dt.timedelta(weeks=10)).isoformat()
    with pytest.raises(DomainValidationError) as refused:
        svc.move_next_review(
            actor=world.users["coordinator"], case_id=case.pk, date=later, reason=""
        )
    assert refused.value.errors[0].field == "reason"
    moved = svc.move_next_review(
        actor=world.users["coordinator"], case_id=case.pk, date=later, reason="Chair on leave"
    )
    assert moved.next_review_date.isoformat() == later
    assert last("update_case").after["next_review_date"] == later
    too_late = (timezone.localdate() + dt.timedelta(weeks=30)).isoformat()
    with pytest.raises(DomainValidationError):
        svc.move_next_review(
            actor=world.users["coordinator"], case_id=case.pk, date=too_late, reason="Too late"
        )


def test_grades_roll_up_per_area_and_chair(world: World) -> None:
    meeting = held(world)
    scores = {
        slug: 3
        for slug in (
            "clear_concise",
            "category",
            "level",
            "lead_plan",
            "agenda",
            "information",
            "diversity",
            "risk",
            "disclosure",
        )
    }
    with pytest.raises(DomainValidationError):
        svc.grade_meeting(
            actor=world.users["coordinator"], meeting_id=meeting.pk, data={"scores": scores}
        )  # timeliness missing
    row = svc.grade_meeting(
        actor=world.users["coordinator"],
        meeting_id=meeting.pk,
        data={"scores": {**scores, "timeliness": 4}},
    )
    assert row.mean == 3.1
    assert last("grade_meeting").operation == "collection"
    quality = svc.quality(world.users["coordinator"])
    assert [r.label for r in quality.by_area] == ["Area A (Northshire)"]
    assert quality.by_chair[0].mean == 3.1 and quality.by_chair[0].meetings == 1


def test_the_dashboard_lists_upcoming_minutes_and_reviews(world: World) -> None:
    upcoming = scheduled(world)
    past = held(world)
    board = svc.dashboard(world.users["coordinator"])
    assert [m.pk for m in board.upcoming] == [upcoming.pk]
    assert [m.item.meeting_id for m in board.awaiting_approval] == [past.pk]
    assert board.awaiting_approval_count == 1
    assert last("view_meetings_dashboard").operation == "consultation"
    with pytest.raises(Forbidden):
        svc.dashboard(world.users["police"])


def test_cancelling_removes_the_empty_minutes(world: World) -> None:
    meeting = scheduled(world)
    svc.cancel_meeting(actor=world.users["coordinator"], meeting_id=meeting.pk, reason="Chair ill")
    assert not Minutes.objects.filter(item__meeting=meeting).exists()
    with pytest.raises(DomainValidationError):
        svc.contribute(
            actor=world.users["housing"],
            meeting_id=meeting.pk,
            case_id=world.shared_case.pk,
            text="late",
        )
    assert Contribution.objects.count() == 0


def test_the_invited_and_the_circulated_to_are_notified_only_of_cases_they_see(
    world: World,
) -> None:
    from fourpillars.notifications.models import Notification

    meeting = scheduled(world)  # the shared case; probation leads, housing holds a share
    invited = Notification.objects.filter(kind="meeting_invitation")
    told = set(invited.values_list("recipient__username", flat=True))
    assert {"probation", "housing", "probation-manager"} <= told
    assert "coordinator" not in told  # who scheduled it is not told of it
    assert "police" not in told and "outsider" not in told  # not invited
    first = invited.first()
    assert first is not None and first.case_id == world.shared_case.pk
    assert world.shared_case.reference in first.body and f"/meetings/{meeting.pk}/" == first.link

    held_meeting = held(world)
    version = complete_minutes(world, held_meeting)
    case = world.shared_case
    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=held_meeting.pk,
        case_id=case.pk,
        expected_version=version,
    )
    svc.circulate_minutes(
        actor=world.users["coordinator"], meeting_id=held_meeting.pk, case_id=case.pk
    )
    circulated = Notification.objects.filter(kind="minutes_circulated")
    people = set(circulated.values_list("recipient__username", flat=True))
    assert "probation" in people and "housing" not in people  # housing sent apologies


def test_minutes_wait_for_their_chair_on_the_caseload_home(world: World, client_for) -> None:
    from fourpillars.services.cases.caseload import waiting_for

    meeting = held(world)
    chair = world.users["probation-manager"]
    waiting = waiting_for(chair)
    case = world.shared_case
    assert waiting.minutes == 1 and waiting.any
    assert waiting.minutes_href == f"/meetings/{meeting.pk}/cases/{case.pk}/"
    assert waiting_for(world.users["probation"]).minutes == 0  # not the chair
    home = client_for("probation-manager").get("/").content.decode()
    assert f'href="/meetings/{meeting.pk}/cases/{case.pk}/" data-testid="waiting-minutes"' in home
    version = complete_minutes(world, meeting)
    svc.approve_minutes(
        actor=chair, meeting_id=meeting.pk, case_id=case.pk, expected_version=version
    )
    assert waiting_for(chair).minutes == 0


def test_minutes_waiting_for_a_chair_are_the_ones_the_policy_lets_them_approve(
    world: World,
) -> None:
    """The chair's count reads the chair copied onto the minutes; it must answer what the
    policy (``approve_minutes``) answers, for every user, held and cancelled meetings alike."""
    from fourpillars.domain.access import Permission
    from fourpillars.services.access import allowed
    from fourpillars.services.meetings.reads import minutes_to_approve

    meeting = held(world)
    assert Minutes.objects.filter(item__meeting=meeting, chair=meeting.chair).exists()
    for user in world.users.values():
        expected = [
            m
            for m in Minutes.objects.filter(status="draft").select_related("item__meeting")
            if m.item.meeting.status != "cancelled"
            and m.meeting_at <= timezone.now()
            and allowed(user, Permission.APPROVE_MINUTES, m.item.meeting)
        ]
        assert minutes_to_approve(user).count == len(expected), user.username
