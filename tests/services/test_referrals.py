"""Referral for level 2 or 3 and its screening (decision 0018): each change with its audit
rows, who may do it, the level decision it records, and what waits for whom."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fourpillars.assessments.models import LevelDecision
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.plans.models import Decision
from fourpillars.referrals.models import Referral
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from fourpillars.services import referrals as seam
from fourpillars.services.cases.caseload import waiting_for
from fourpillars.services.errors import Forbidden, JustificationRequired, NotFound
from fourpillars.services.referrals import ages, screening
from tests.audit_rows import opened, opened_rows
from tests.cast import World

pytestmark = pytest.mark.django_db

MAPPA_A = {
    "reason": "Moved next to a primary school; contact with children reported",
    "current_risk": "High to children in the community",
    "cannot_manage": "Housing and police must agree the move and patrols together",
    "proposed_level": 2,
}
WHY = Justification(Purpose.MAPPA_COORDINATION)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the notification seam was asked to send."""
    calls: list[dict[str, Any]] = []

    def record(user_ids: Any, subject: str, body: str, link: str, kind: Any) -> None:
        del kind  # which kind of notification: tested through the real seam
        calls.append({"to": set(user_ids), "subject": subject, "body": body, "link": link})

    monkeypatch.setattr(seam, "notify", record)
    return calls


def rows(**filters: Any) -> list[AuditEvent]:
    return opened_rows(AuditEvent.objects.filter(**filters).order_by("seq"))


def refer(world: World, who: str = "police", case_attr: str = "police_case") -> Referral:
    case = getattr(world, case_attr)
    return screening.refer_case(actor=world.users[who], case_id=case.pk, data=MAPPA_A)


def test_the_lead_agency_refers_with_the_mappa_a_content(
    world: World, told: list[dict[str, Any]]
) -> None:
    made = refer(world)
    assert made.status == "open" and made.level_at_referral == 1
    assert made.referring_agency.code == "police-a" and made.referred_by == world.users["police"]
    [row] = rows(action="refer_case")
    assert (row.operation, row.target_type, row.case_id) == ("collection", "referral", made.case_id)
    assert row.after["proposed_level"] == 2 and row.after["referring_agency"] == "police-a"
    assert told == [
        {
            "to": {world.users["coordinator"].pk},
            "subject": f"Referral to screen: case {world.police_case.reference}",
            "body": f"Northshire Police referred case {world.police_case.reference} for level 2 "
            "management.",
            "link": f"/referrals/{made.pk}/",
        }
    ]


def test_any_agency_with_access_refers_and_others_get_404(world: World) -> None:
    made = refer(world, "housing", "shared_case")  # housing holds a share only
    assert made.referring_agency.code == "housing-a"
    for name in ("outsider", "auditor", "admin", "probation"):
        with pytest.raises(NotFound):
            refer(world, name, "police_case")
    assert Referral.objects.count() == 1


def test_one_open_referral_at_a_time_and_none_for_a_closed_case(world: World) -> None:
    refer(world)
    with pytest.raises(DomainValidationError) as exc:
        refer(world, "coordinator")
    assert exc.value.errors[0].field == "case"
    case_services.change_status(
        actor=world.users["probation"], case_id=world.shared_case.pk, status="closed", reason="x"
    )
    with pytest.raises(DomainValidationError, match="closed"):
        refer(world, "probation", "shared_case")


def test_bad_input_names_each_field_and_saves_nothing(world: World) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(DomainValidationError) as exc:
        screening.refer_case(
            actor=world.users["police"],
            case_id=world.police_case.pk,
            data={
                "reason": "",
                "current_risk": 5,
                "cannot_manage": "x" * 10_001,
                "proposed_level": 1,
            },
        )
    assert {e.field for e in exc.value.errors} == {
        "reason",
        "current_risk",
        "cannot_manage",
        "proposed_level",
    }
    assert Referral.objects.count() == 0 and AuditEvent.objects.count() == before


def test_accepting_sets_the_level_through_one_recorded_level_decision(
    world: World, told: list[dict[str, Any]]
) -> None:
    made = refer(world)
    start = opened(AuditEvent.objects.order_by("-seq").first())
    assert start is not None
    done = screening.screen(
        actor=world.users["coordinator"],
        referral_id=made.pk,
        outcome="accept",
        level=2,
        reason="Meetings add value: housing and police must act together",
    )
    case = Case.objects.get(pk=world.police_case.pk)
    assert (done.status, done.decided_level, case.level) == ("accepted", 2, 2)
    decision = LevelDecision.objects.get(case=case)
    assert done.level_decision == decision and decision.decided_level == 2
    assert decision.flags == {"adds_value": True}
    recorded = Decision.objects.get(case=case, kind="level")
    assert {"type": "referral", "id": str(made.pk), "label": "Referral (MAPPA A)"} in (
        recorded.evidence
    )
    actions = [
        e.action for e in opened_rows(AuditEvent.objects.filter(seq__gt=start.seq).order_by("seq"))
    ]
    assert actions == ["record_decision", "decide_level", "update_case", "screen_referral"]
    screened = rows(action="screen_referral")[0]
    assert screened.after["level_decision"] == decision.pk and screened.before == {"status": "open"}
    assert told[-1]["to"] == {world.users["police"].pk}
    assert "accepted: the case is managed at level 2" in told[-1]["body"]


def test_accepting_at_the_current_level_records_the_decision_without_changing_the_case(
    world: World,
) -> None:
    made = refer(world, "probation", "shared_case")  # already at level 2
    review = Case.objects.get(pk=world.shared_case.pk).next_review_date
    screening.screen(
        actor=world.users["coordinator"],
        referral_id=made.pk,
        outcome="accept",
        level="2",
        reason="Yes",
    )
    case = Case.objects.get(pk=world.shared_case.pk)
    assert (case.level, case.next_review_date) == (2, review)
    assert LevelDecision.objects.filter(case=case, decided_level=2).count() == 1
    assert not rows(action="update_case", case_id=case.pk)


def test_declining_returns_the_reason_and_level_1_keeps_its_lead_agency_review(
    world: World, told: list[dict[str, Any]]
) -> None:
    made = refer(world)
    before = Case.objects.get(pk=world.police_case.pk)
    done = screening.screen(
        actor=world.users["coordinator"],
        referral_id=made.pk,
        outcome="decline",
        reason="The level 1 plan manages this; review in a month",
    )
    after = Case.objects.get(pk=world.police_case.pk)
    assert done.status == "declined" and done.level_decision is None
    assert (after.level, after.next_review_date) == (1, before.next_review_date)
    assert after.next_review_date is not None  # the lead agency's own review stays
    assert not LevelDecision.objects.filter(case=after).exists()
    assert told[-1]["to"] == {world.users["police"].pk}
    assert "declined: The level 1 plan manages this" in told[-1]["body"]
    police = world.users["police"]
    assert waiting_for(police).referrals.declined == 1
    assert waiting_for(police).referrals.declined_id == made.pk
    with pytest.raises(Forbidden):
        screening.mark_read(actor=world.users["coordinator"], referral_id=made.pk)
    screening.mark_read(actor=police, referral_id=made.pk)
    assert waiting_for(police).referrals.declined == 0
    assert rows(action="read_referral_outcome")[0].target_id == str(made.pk)


def test_only_the_areas_coordinator_screens_and_only_once(world: World) -> None:
    made = refer(world)
    with pytest.raises(Forbidden):
        screening.screen(
            actor=world.users["police"], referral_id=made.pk, outcome="decline", reason="x"
        )
    with pytest.raises(NotFound):
        screening.screen(
            actor=world.users["outsider"], referral_id=made.pk, outcome="decline", reason="x"
        )
    with pytest.raises(DomainValidationError) as exc:
        screening.screen(actor=world.users["coordinator"], referral_id=made.pk, outcome="accept")
    assert {e.field for e in exc.value.errors} == {"level", "reason"}
    screening.screen(
        actor=world.users["coordinator"], referral_id=made.pk, outcome="decline", reason="No"
    )
    with pytest.raises(IllegalTransition):
        screening.screen(
            actor=world.users["coordinator"],
            referral_id=made.pk,
            outcome="accept",
            level=2,
            reason="x",
        )
    assert Referral.objects.get(pk=made.pk).status == "declined"


def test_reading_a_referral_is_a_consultation_of_its_case(world: World) -> None:
    made = refer(world, "probation", "shared_case")
    with pytest.raises(JustificationRequired):
        screening.consult_referral(
            actor=world.users["housing"], referral_id=made.pk, justification=None
        )
    screening.consult_referral(actor=world.users["housing"], referral_id=made.pk, justification=WHY)
    [row] = rows(action="view_referral")
    assert (row.operation, row.case_id, row.purpose) == (
        "consultation",
        world.shared_case.pk,
        "mappa-coordination",
    )
    with pytest.raises(NotFound):
        screening.consult_referral(
            actor=world.users["police"], referral_id=made.pk, justification=WHY
        )


def test_the_queue_lists_the_areas_referrals_with_their_age(world: World) -> None:
    old = refer(world)
    new = refer(world, "probation", "shared_case")
    Referral.objects.filter(pk=old.pk).update(referred_at=timezone.now() - dt.timedelta(days=30))
    found = screening.queue(actor=world.users["coordinator"])
    assert [r.referral.pk for r in found.waiting] == [old.pk, new.pk]  # oldest first
    assert [r.age.overdue for r in found.waiting] == [True, False]
    assert found.overdue == 1 and found.target.describe() == "10 working days"
    [row] = rows(action="view_referral_queue")
    assert set(row.record_ids) == {world.police_case.pk, world.shared_case.pk}
    coordinator = waiting_for(world.users["coordinator"]).referrals
    assert (coordinator.to_screen, coordinator.overdue) == (2, 1)
    for name in ("police", "housing", "outsider", "auditor"):
        with pytest.raises(Forbidden):
            screening.queue(actor=world.users[name])
    assert waiting_for(world.users["police"]).referrals.to_screen == 0


def test_the_target_is_a_setting_in_days_or_working_days(world: World, settings: Any) -> None:
    made = refer(world)
    Referral.objects.filter(pk=made.pk).update(referred_at=timezone.now() - dt.timedelta(days=6))
    made.refresh_from_db()
    settings.FOURPILLARS_REFERRAL_TARGET_DAYS = 5
    settings.FOURPILLARS_REFERRAL_WORKING_DAYS = False
    assert ages.age_of(made).overdue is True
    settings.FOURPILLARS_REFERRAL_TARGET_DAYS = 7
    assert ages.age_of(made).overdue is False


def test_bank_holidays_are_those_of_england_and_wales() -> None:
    found = ages.bank_holidays(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert {dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1)} <= found
    assert dt.date(2026, 3, 17) not in found  # St Patrick's Day: Northern Ireland only


def test_the_coordinator_and_then_the_referrer_are_notified(world: World) -> None:
    """Through the real seam: the area's co-ordinator hears of the referral, the referrer of
    its outcome, each once, in plain words with a link, and the e-mail names no person."""
    from fourpillars.notifications.models import Notification, OutboundEmail

    world.users["coordinator"].email = "coordinator@mappa-a.example"
    world.users["coordinator"].save(update_fields=["email"])
    referral = refer(world)
    to_screen = Notification.objects.get(kind="referral_received")
    assert to_screen.recipient == world.users["coordinator"]
    assert world.police_case.reference in to_screen.subject
    assert to_screen.link == f"/referrals/{referral.pk}/"
    mail = OutboundEmail.objects.get(notification=to_screen)
    person = world.police_case.person.display_name
    assert person not in mail.body and person not in mail.subject
    screening.screen(
        actor=world.users["coordinator"],
        referral_id=referral.pk,
        outcome="decline",
        reason="Level 1 management is working",
    )
    outcome = Notification.objects.get(kind="referral_decided")
    assert outcome.recipient == world.users["police"]
    assert "Level 1 management is working" in outcome.body
