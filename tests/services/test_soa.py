"""SOA 2003 notification records and risk notifications abroad (decision 0022): recording,
the next date due, the proposal pre-filled from a real assessment and plan, who may submit and
decide, one message enqueued with the approval (or none, and nothing kept, if it fails)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.content import RiskNotification as RiskContent
from fourpillars.domain.exchange.content import parse_payload
from fourpillars.domain.soa.proposals import Section, Status
from fourpillars.exchange.models import Message, Peer
from fourpillars.notifications.models import Notification as Notice
from fourpillars.services.errors import Forbidden, NotFound
from fourpillars.services.soa import proposals, records
from fourpillars.soa.models import Registration, RiskNotification
from tests.cast import World
from tests.factories import active_plan_and_draft, manager_of

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def node(db: None, settings: Any, tmp_path: Path) -> None:
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "keys"
    Peer.objects.create(country="NL", name="Netherlands", inbox_url="http://127.0.0.1:9/inbox")


def travel(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "travel",
        "notified_on": TODAY.isoformat(),
        "departs": (TODAY + dt.timedelta(days=10)).isoformat(),
        "returns": (TODAY + dt.timedelta(days=20)).isoformat(),
        "destinations": ["NL"],
        "addresses_abroad": "Hotel Centraal, Damrak 1, Amsterdam",
        "travel_means": "air",
    }
    data.update(extra)
    return data


def test_recording_notifications_keeps_the_next_date_due(world: World) -> None:
    police = world.users["police"]
    case = world.police_case  # category 1, convicted 2 March 2015
    records.record_notification(
        actor=police, case_id=case.pk, data={"kind": "initial", "notified_on": "2015-03-04"}
    )
    reg = Registration.objects.get(case=case)
    assert reg.next_due == dt.date(2016, 3, 4)  # a year on: long missed today
    last = TODAY - dt.timedelta(days=10)
    records.record_notification(
        actor=police, case_id=case.pk, data={"kind": "annual", "notified_on": last.isoformat()}
    )
    reg.refresh_from_db()
    assert reg.next_due is not None and reg.next_due > TODAY
    assert AuditEvent.objects.filter(action="record_soa_notification").count() == 2


def test_no_fixed_abode_brings_the_next_date_due_to_a_week(world: World) -> None:
    police, case = world.users["police"], world.police_case
    records.record_notification(
        actor=police, case_id=case.pk, data={"kind": "annual", "notified_on": TODAY.isoformat()}
    )
    records.record_notification(
        actor=police, case_id=case.pk, data={"kind": "initial", "notified_on": "2015-03-03"}
    )
    reg = records.set_circumstances(
        actor=police, case_id=case.pk, release_date="", no_fixed_abode="on"
    )
    assert reg.next_due == TODAY + dt.timedelta(days=7)


def test_a_change_needs_what_changed_and_when(world: World) -> None:
    with pytest.raises(DomainValidationError) as exc:
        records.record_notification(
            actor=world.users["police"],
            case_id=world.police_case.pk,
            data={"kind": "change", "notified_on": TODAY.isoformat()},
        )
    assert {e.field for e in exc.value.errors} == {"changed_on", "changes"}


def test_travel_needs_dates_destinations_address_and_means(world: World) -> None:
    with pytest.raises(DomainValidationError) as exc:
        records.record_notification(
            actor=world.users["police"],
            case_id=world.police_case.pk,
            data={"kind": "travel", "notified_on": TODAY.isoformat(), "destinations": "GB"},
        )
    fields = {e.field for e in exc.value.errors}
    assert {"departs", "returns", "destinations", "addresses_abroad", "travel_means"} <= fields
    assert not RiskNotification.objects.exists()


def test_only_those_managing_the_case_record_notifications(world: World) -> None:
    data = {"kind": "annual", "notified_on": TODAY.isoformat()}
    with pytest.raises(Forbidden):
        records.record_notification(
            actor=world.users["housing"], case_id=world.shared_case.pk, data=data
        )
    with pytest.raises(NotFound):
        records.record_notification(
            actor=world.users["outsider"], case_id=world.police_case.pk, data=data
        )


def _proposed(world: World) -> RiskNotification:
    records.record_notification(
        actor=world.users["police"], case_id=world.police_case.pk, data=travel()
    )
    return RiskNotification.objects.get(case=world.police_case)


def test_travel_by_a_registered_offender_proposes_a_prefilled_risk_notification(
    world: World,
) -> None:
    active_plan_and_draft(world, "police_case")  # a real assessment in force and an active plan
    p = _proposed(world)
    assert p.status == Status.PROPOSED and p.destination == "NL" and p.peer_connected
    data = p.payload
    assert data[Section.ROSH]["ratings"]["community"]["children"] == "high"
    assert data[Section.RISK_FACTORS] == ["Sexual interest in children"]
    assert "Seen near the school" in data[Section.WARNING_SIGNS]
    needs = [m["text"] for m in data[Section.MONITORING]]
    assert needs == [
        "Weekly home visits by the offender manager",
        "Exclusion zone around Northtown Primary",
    ]
    assert data[Section.CATEGORY_LEVEL] == {"category": 1, "level": 1}
    assert p.holds_until == TODAY + dt.timedelta(days=20 + 14)
    assert data[Section.CONTINGENCY]["available_24_7"] is True


def test_travel_by_a_medium_risk_category_2_person_proposes_nothing(world: World) -> None:
    records.record_notification(
        actor=world.users["probation"], case_id=world.shared_case.pk, data=travel()
    )
    assert not RiskNotification.objects.exists()


def test_approval_by_a_second_person_enqueues_exactly_one_message(world: World) -> None:
    active_plan_and_draft(world, "police_case")
    police = world.users["police"]
    p = _proposed(world)
    left = [s.value for s in Section if s is not Section.WARNING_SIGNS]
    proposals.review(
        actor=police, proposal_id=p.pk, included=left, left_out={"warning_signs": "Not needed"}
    )
    proposals.submit(actor=police, proposal_id=p.pk)
    manager = manager_of(police)
    assert proposals.waiting_count(manager) == 1 and proposals.waiting_count(police) == 0
    assert Notice.objects.filter(recipient=manager, kind="abroad_to_decide").exists()
    with pytest.raises(Forbidden, match="another person"):
        proposals.approve(
            actor=police,
            proposal_id=p.pk,
            lawful_basis="dpa2018_s73_adequacy",
            necessity="n",
            proportionality="p",
        )
    done = proposals.approve(
        actor=manager,
        proposal_id=p.pk,
        lawful_basis="dpa2018_s73_adequacy",
        necessity="He travels alone to a city with schools near his hotel",
        proportionality="Only what the Dutch police need to manage the visit",
    )
    assert done.status == Status.APPROVED
    (message,) = Message.objects.filter(direction="out")
    assert done.message == message
    assert (message.type, message.purpose, message.receiver) == (
        "risk_notification",
        "public_protection",
        "NL",
    )
    sent = parse_payload("risk_notification", message.payload)
    assert isinstance(sent, RiskContent)
    assert sent.warning_signs == ("Not given by the sender",)
    assert sent.risk_factors == ("Sexual interest in children",)
    assert [(g.group, g.rating) for g in sent.ratings if g.rating == "high"] == [
        ("children", "high")
    ]
    assert AuditEvent.objects.filter(
        action="approve_risk_notification", legal_basis="dpa2018_s73_adequacy"
    ).exists()
    assert proposals.waiting_count(manager) == 0


def test_a_failed_approval_rolls_back_the_message_and_the_decision(world: World) -> None:
    active_plan_and_draft(world, "police_case")
    police = world.users["police"]
    p = _proposed(world)
    proposals.submit(actor=police, proposal_id=p.pk)
    real = proposals.audit.record

    def fail(**kwargs: Any) -> Any:
        if kwargs.get("action") == "approve_risk_notification":
            raise RuntimeError("disk full")
        return real(**kwargs)

    with (
        mock.patch.object(proposals.audit, "record", side_effect=fail),
        pytest.raises(RuntimeError),
    ):
        proposals.approve(
            actor=manager_of(police),
            proposal_id=p.pk,
            lawful_basis="dpa2018_s73_adequacy",
            necessity="n",
            proportionality="p",
        )
    assert not Message.objects.exists()
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED and p.decided_by is None


def test_declining_is_recorded_with_its_reason(world: World) -> None:
    police = world.users["police"]
    p = _proposed(world)
    proposals.submit(actor=police, proposal_id=p.pk)
    with pytest.raises(DomainValidationError):
        proposals.decline(actor=manager_of(police), proposal_id=p.pk, reason="")
    done = proposals.decline(
        actor=manager_of(police), proposal_id=p.pk, reason="Trip cancelled by the court"
    )
    assert done.status == Status.DECLINED and done.decline_reason.startswith("Trip")
    assert not Message.objects.exists()


def test_with_no_rosh_in_force_the_approval_is_refused_by_name(world: World) -> None:
    police = world.users["police"]
    p = _proposed(world)
    proposals.submit(actor=police, proposal_id=p.pk)
    with pytest.raises(DomainValidationError) as exc:
        proposals.approve(
            actor=manager_of(police),
            proposal_id=p.pk,
            lawful_basis="dpa2018_s73_adequacy",
            necessity="n",
            proportionality="p",
        )
    assert exc.value.errors[0].field == "rosh"
    assert not Message.objects.exists()
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED


def test_a_destination_with_no_node_is_decided_and_nothing_queued(world: World) -> None:
    police = world.users["police"]
    records.record_notification(
        actor=police, case_id=world.police_case.pk, data=travel(destinations=["FR"])
    )
    p = RiskNotification.objects.get()
    assert not p.peer_connected
    proposals.submit(actor=police, proposal_id=p.pk)
    done = proposals.approve(
        actor=manager_of(police),
        proposal_id=p.pk,
        lawful_basis="dpa2018_s76_special",
        necessity="n",
        proportionality="p",
    )
    assert done.status == Status.APPROVED_NO_NODE and not Message.objects.exists()


def test_a_missed_notification_tags_the_case_and_filters_the_caseload(world: World) -> None:
    from fourpillars.services.cases.caseload import CaseloadQuery, caseload

    police = world.users["police"]
    records.record_notification(
        actor=police,
        case_id=world.police_case.pk,
        data={"kind": "initial", "notified_on": "2015-03-04"},
    )  # the annual one fell due on 4 March 2016
    listing = caseload(actor=police, query=CaseloadQuery(tags=frozenset({"notification_missed"})))
    assert [r.case.pk for r in listing.rows] == [world.police_case.pk]
    assert "notification_missed" in listing.rows[0].tags
    assert listing.figures["notification_missed"] == 1
    records.record_notification(
        actor=police,
        case_id=world.police_case.pk,
        data={"kind": "annual", "notified_on": TODAY.isoformat()},
    )
    listing = caseload(actor=police, query=CaseloadQuery(tags=frozenset({"notification_missed"})))
    assert listing.rows == [] and listing.figures["notification_missed"] == 0


def test_a_submitted_risk_notification_waits_for_the_manager_only(world: World) -> None:
    from fourpillars.services.cases.caseload import waiting_for

    police = world.users["police"]
    p = _proposed(world)
    proposals.submit(actor=police, proposal_id=p.pk)
    manager = manager_of(police)
    waiting = waiting_for(manager)
    assert waiting.abroad == 1 and waiting.abroad_href == f"/risk-notifications/{p.pk}/"
    assert waiting_for(police).abroad == 0
    assert waiting_for(world.users["coordinator"]).abroad == 1
    assert waiting_for(world.users["outsider"]).abroad == 0


def test_a_change_to_no_fixed_abode_starts_weekly_notification_and_a_new_home_ends_it(
    world: World,
) -> None:
    police, case = world.users["police"], world.police_case
    records.record_notification(
        actor=police, case_id=case.pk, data={"kind": "initial", "notified_on": "2015-03-04"}
    )
    day = TODAY - dt.timedelta(days=1)
    change = {"kind": "change", "notified_on": day.isoformat(), "changed_on": day.isoformat()}
    records.record_notification(
        actor=police, case_id=case.pk, data={**change, "changes": ["no_fixed_abode"]}
    )
    reg = Registration.objects.get(case=case)
    assert reg.no_fixed_abode and reg.next_due == day + dt.timedelta(days=7)
    records.record_notification(
        actor=police, case_id=case.pk, data={**change, "changes": ["home_address"]}
    )
    reg.refresh_from_db()
    assert not reg.no_fixed_abode and reg.next_due is not None
    assert reg.next_due > TODAY + dt.timedelta(days=300)
