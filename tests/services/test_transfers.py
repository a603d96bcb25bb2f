"""A case that moves to another area (decision 0018): the request, the receiving
co-ordinator's decision, the hand-over of lead agency and access, the old area's access ending
on the recorded date, each step audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fourpillars import demo
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.referrals.models import Transfer
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import cases as case_services
from fourpillars.services import referrals as seam
from fourpillars.services.access import visible_case
from fourpillars.services.cases.caseload import waiting_for
from fourpillars.services.errors import Forbidden, NotFound
from fourpillars.services.referrals import transfers
from tests.audit_rows import opened, opened_rows
from tests.cast import PASSWORD, World

pytestmark = pytest.mark.django_db
WHY = Justification(Purpose.MAPPA_COORDINATION)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def record(user_ids: Any, subject: str, body: str, link: str, kind: Any) -> None:
        del kind  # which kind of notification: tested through the real seam
        calls.append({"to": set(user_ids), "subject": subject, "body": body, "link": link})

    monkeypatch.setattr(seam, "notify", record)
    return calls


def request_in(world: World) -> Transfer:
    """Area B's police ask area A to take the other area's case, led by police-a."""
    return transfers.request(
        actor=world.users["outsider"],
        case_id=world.other_area_case.pk,
        proposed_lead_agency="police-a",
        reason="Moved to Northtown with a new licence address",
    )


def sees(user: Any, case: Case, now: dt.datetime | None = None) -> bool:
    return Case.objects.visible_to(user, now).filter(pk=case.pk).exists()


def test_a_request_is_a_disclosure_to_the_receiving_area(
    world: World, told: list[dict[str, Any]]
) -> None:
    made = request_in(world)
    assert (made.status, made.from_area.code, made.to_area.code) == ("requested", "B", "A")
    assert made.from_lead_agency.code == "police-b"
    [row] = opened_rows(AuditEvent.objects.filter(action="request_transfer"))
    assert (row.operation, row.legal_basis, row.recipients) == (
        "disclosure",
        "cja2003_s325_4",
        ["A"],
    )
    assert row.case_id == world.other_area_case.pk
    assert told[0]["to"] == {world.users["coordinator"].pk}
    assert told[0]["link"] == f"/transfers/{made.pk}/"
    coordinator = world.users["coordinator"]
    assert waiting_for(coordinator).referrals.to_decide == 1
    # The receiving co-ordinator reads the request, not the case.
    transfers.consult_transfer(actor=coordinator, transfer_id=made.pk, justification=None)
    [read] = opened_rows(AuditEvent.objects.filter(action="view_transfer"))
    assert (read.purpose, read.justification) == (
        "mappa-coordination",
        "mappa-coordination; deciding a transfer into the area",
    )
    with pytest.raises(NotFound):
        visible_case(coordinator, world.other_area_case.pk)
    for name in ("police", "probation", "housing", "auditor"):
        with pytest.raises(NotFound):
            transfers.find_transfer(world.users[name], made.pk)


def test_accepting_hands_over_lead_agency_area_and_the_whole_history(
    world: World, told: list[dict[str, Any]]
) -> None:
    made = request_in(world)
    case = world.other_area_case
    before = set(AuditEvent.objects.filter(case_id=case.pk).values_list("seq", flat=True))
    last = max(AuditEvent.objects.values_list("seq", flat=True))
    ends = timezone.localdate() + dt.timedelta(days=14)
    done = transfers.accept(
        actor=world.users["coordinator"],
        transfer_id=made.pk,
        handover_note="Hand-over call with Southvale on 2 December; plan carried over",
        access_ends_on=ends.isoformat(),
    )
    moved = Case.objects.get(pk=case.pk)
    assert (moved.area.code, moved.lead_agency.code) == ("A", "police-a")
    assert (moved.handover_area.code, timezone.localdate(moved.handover_until)) == ("B", ends)
    assert done.status == "accepted" and timezone.localdate(done.access_ends_at) == ends
    share = CaseShare.objects.get(pk=done.handover_share_id)
    assert (share.agency.code, share.lawful_basis, share.expires_at) == (
        "police-b",
        "cja2003_s325_4",
        done.access_ends_at,
    )
    actions = list(
        AuditEvent.objects.filter(seq__gt=last)
        .filter(action__in=["transfer_case", "share_case", "accept_transfer"])
        .order_by("seq")
        .values_list("action", "operation")
    )
    assert actions == [
        ("transfer_case", "alteration"),
        ("share_case", "disclosure"),
        ("accept_transfer", "alteration"),
    ]
    moved_row = opened(AuditEvent.objects.get(action="transfer_case"))
    assert moved_row.before == {"lead_agency": "police-b", "area": "B"}
    # The new area sees the case and everything recorded on it before the move.
    police = world.users["police"]
    assert sees(police, moved) and sees(world.users["coordinator"], moved)
    shown = case_services.timeline_events(moved, limit=500)
    assert before <= {e.seq for e in shown}
    # The requester and the old area's co-ordinators are told.
    assert told[-1]["to"] >= {world.users["outsider"].pk}


def test_the_old_area_loses_access_after_the_recorded_date(world: World) -> None:
    old_coordinator = demo.ensure_coordinators(PASSWORD)["coordinator-b"]
    made = request_in(world)
    case = world.other_area_case
    assert sees(old_coordinator, case)
    ends = timezone.localdate() + dt.timedelta(days=3)
    transfers.accept(
        actor=world.users["coordinator"],
        transfer_id=made.pk,
        handover_note="Note",
        access_ends_on=ends,
    )
    outsider = world.users["outsider"]
    last_moment = timezone.make_aware(dt.datetime.combine(ends, dt.time(23, 0)))
    after = last_moment + dt.timedelta(hours=2)
    for user in (outsider, old_coordinator):
        assert sees(user, case) and sees(user, case, last_moment)
        assert not sees(user, case, after)
    # Seeing is not managing: the old area can no longer change the case.
    with pytest.raises(Forbidden):
        case_services.update_case(
            actor=old_coordinator, case_id=case.pk, data={"level": 2}, expected_version=None
        )
    with pytest.raises(Forbidden):
        case_services.update_case(
            actor=outsider, case_id=case.pk, data={"level": 2}, expected_version=None
        )


def test_refusing_keeps_the_case_and_tells_the_requester(
    world: World, told: list[dict[str, Any]]
) -> None:
    made = request_in(world)
    done = transfers.refuse(
        actor=world.users["coordinator"], transfer_id=made.pk, reason="No address approved yet"
    )
    case = Case.objects.get(pk=world.other_area_case.pk)
    assert done.status == "refused" and case.area.code == "B" and case.handover_area_id is None
    assert opened(AuditEvent.objects.get(action="refuse_transfer")).after["reason"] == (
        "No address approved yet"
    )
    assert told[-1]["to"] == {world.users["outsider"].pk}
    outsider = world.users["outsider"]
    assert waiting_for(outsider).referrals.decided == 1
    transfers.mark_read(actor=outsider, transfer_id=made.pk)
    assert waiting_for(outsider).referrals.decided == 0
    with pytest.raises(IllegalTransition):
        transfers.accept(actor=world.users["coordinator"], transfer_id=made.pk, handover_note="x")


def test_only_the_receiving_coordinator_decides_and_the_sender_withdraws(world: World) -> None:
    made = request_in(world)
    with pytest.raises(Forbidden):
        transfers.accept(actor=world.users["outsider"], transfer_id=made.pk, handover_note="x")
    with pytest.raises(NotFound):
        transfers.refuse(actor=world.users["police"], transfer_id=made.pk, reason="x")
    with pytest.raises(Forbidden):
        transfers.withdraw(actor=world.users["coordinator"], transfer_id=made.pk, reason="x")
    done = transfers.withdraw(actor=world.users["outsider"], transfer_id=made.pk, reason="Stays")
    assert done.status == "withdrawn"
    assert (
        opened(AuditEvent.objects.get(action="withdraw_transfer")).case_id
        == world.other_area_case.pk
    )


def test_a_transfer_out_of_area_a_goes_to_area_bs_coordinator(world: World) -> None:
    bea = demo.ensure_coordinators(PASSWORD)["coordinator-b"]
    made = transfers.request(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        proposed_lead_agency="probation-b",
        reason="Moving south",
    )
    assert waiting_for(bea).referrals.to_decide == 1
    with pytest.raises(Forbidden):
        transfers.accept(actor=world.users["coordinator"], transfer_id=made.pk, handover_note="x")
    transfers.accept(actor=bea, transfer_id=made.pk, handover_note="Agreed by phone")
    case = Case.objects.get(pk=world.police_case.pk)
    assert (case.area.code, case.lead_agency.code) == ("B", "probation-b")
    assert sees(world.users["coordinator"], case)  # until the hand-over ends (28 days)
    assert sees(bea, case) and not sees(world.users["outsider"], case)


def test_bad_requests_name_the_field_and_change_nothing(world: World) -> None:
    police = world.users["police"]
    case = world.police_case.pk
    cases = [
        ("housing-a", "x", {"proposed_lead_agency"}),  # not a Responsible Authority agency
        ("probation-a", "x", {"proposed_lead_agency"}),  # the case's own area
        ("nowhere", "", {"proposed_lead_agency", "reason"}),
    ]
    for agency, reason, wanted in cases:
        with pytest.raises(DomainValidationError) as exc:
            transfers.request(
                actor=police, case_id=case, proposed_lead_agency=agency, reason=reason
            )
        assert {e.field for e in exc.value.errors} == wanted
    assert not Transfer.objects.exists()
    transfers.request(actor=police, case_id=case, proposed_lead_agency="police-b", reason="x")
    with pytest.raises(DomainValidationError) as exc:
        transfers.request(actor=police, case_id=case, proposed_lead_agency="police-b", reason="y")
    assert exc.value.errors[0].field == "case"
    for name in ("housing", "outsider", "auditor"):
        with pytest.raises((Forbidden, NotFound)):
            transfers.request(
                actor=world.users[name], case_id=case, proposed_lead_agency="police-b", reason="x"
            )


def test_acceptance_input_is_checked(world: World) -> None:
    made = request_in(world)
    coordinator = world.users["coordinator"]
    for ends in ("2020-01-01", "not a date", (timezone.localdate() + dt.timedelta(days=91))):
        with pytest.raises(DomainValidationError) as exc:
            transfers.accept(
                actor=coordinator, transfer_id=made.pk, handover_note="", access_ends_on=ends
            )
        assert {e.field for e in exc.value.errors} == {"handover_note", "access_ends_on"}
    assert Transfer.objects.get(pk=made.pk).status == "requested"
    assert Case.objects.get(pk=world.other_area_case.pk).area.code == "B"


def test_the_queue_lists_transfers_into_the_area(world: World) -> None:
    made = request_in(world)
    found = transfers.queue(actor=world.users["coordinator"])
    assert [t.pk for t in found.waiting] == [made.pk] and found.decided == []
    assert AuditEvent.objects.filter(action="view_transfer_queue").count() == 1
    for name in ("police", "outsider", "auditor"):
        with pytest.raises(Forbidden):
            transfers.queue(actor=world.users[name])
    assert [t.pk for t in transfers.requested_by(actor=world.users["outsider"])] == [made.pk]


def test_the_old_coordinators_caseload_leaves_out_a_case_handed_over(world: World) -> None:
    """Decision 0018: the area that handed a case over still opens it until the hand-over
    ends, but it is the new area's caseload (and its co-ordinator's figures)."""
    from fourpillars.services.cases.caseload import CaseloadQuery, caseload

    bea = demo.ensure_coordinators(PASSWORD)["coordinator-b"]
    made = request_in(world)
    transfers.accept(actor=world.users["coordinator"], transfer_id=made.pk, handover_note="x")
    case = world.other_area_case
    assert visible_case(bea, case.pk).pk == case.pk
    listed = caseload(actor=bea, query=CaseloadQuery(scope="all"))
    assert case.pk not in [row.case.pk for row in listed.rows]
    mine = caseload(actor=world.users["coordinator"], query=CaseloadQuery(scope="all"))
    assert case.pk in [row.case.pk for row in mine.rows]


def test_a_case_closed_while_its_transfer_waits_is_not_moved(world: World) -> None:
    made = request_in(world)
    case_services.change_status(
        actor=world.users["outsider"],
        case_id=world.other_area_case.pk,
        status="closed",
        reason="Notification period ended",
    )
    with pytest.raises(DomainValidationError, match="closed after the request"):
        transfers.accept(actor=world.users["coordinator"], transfer_id=made.pk, handover_note="x")
    assert Case.objects.get(pk=world.other_area_case.pk).area.code == "B"
