"""Withdrawing a risk notification sent to another state (decision 0022): those who may decide
withdraw one approved, with the reason; a withdrawal message goes to the same receiver in the
same transaction (none when no node was connected), with its audit row; every refusal changes
nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.exchange.content import Withdrawal, parse_payload
from fourpillars.domain.soa.proposals import Status
from fourpillars.exchange.models import Message, Peer
from fourpillars.services.errors import Forbidden, NotFound
from fourpillars.services.soa import proposals, records
from fourpillars.soa.models import RiskNotification
from tests.audit_rows import opened
from tests.cast import World
from tests.factories import active_plan_and_draft, manager_of

TODAY = timezone.localdate()
WHY = "The court cancelled the trip: he stays at home"


@pytest.fixture(autouse=True)
def node(db: None, settings: Any, tmp_path: Path) -> None:
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "keys"
    Peer.objects.create(country="NL", name="Netherlands", inbox_url="http://127.0.0.1:9/inbox")


def _approved(world: World, destination: str = "NL") -> RiskNotification:
    """The police case's trip to ``destination``, proposed and submitted by the officer and
    approved by their manager (sent when ``destination`` has a node)."""
    police = world.users["police"]
    if destination == "NL":
        active_plan_and_draft(world, "police_case")  # a RoSH assessment in force to send
    records.record_notification(
        actor=police,
        case_id=world.police_case.pk,
        data={
            "kind": "travel",
            "notified_on": TODAY.isoformat(),
            "departs": (TODAY + dt.timedelta(days=10)).isoformat(),
            "returns": (TODAY + dt.timedelta(days=20)).isoformat(),
            "destinations": [destination],
            "addresses_abroad": "Hotel Centraal, Damrak 1, Amsterdam",
            "travel_means": "air",
        },
    )
    p = RiskNotification.objects.get(case=world.police_case, destination=destination)
    proposals.submit(actor=police, proposal_id=p.pk)
    return proposals.approve(
        actor=manager_of(police),
        proposal_id=p.pk,
        lawful_basis="dpa2018_s73_adequacy",
        necessity="He travels alone to a city with schools near his hotel",
        proportionality="Only what the Dutch police need to manage the visit",
    )


def test_withdrawing_one_sent_queues_a_withdrawal_to_the_same_receiver(world: World) -> None:
    p = _approved(world)
    assert p.status == Status.APPROVED and p.message is not None
    original = p.message
    manager = manager_of(world.users["police"])

    done = proposals.withdraw(actor=manager, proposal_id=p.pk, reason=f"  {WHY}  ")

    assert done.status == Status.WITHDRAWN
    assert (done.withdrawn_by, done.withdrawal_reason) == (manager, WHY)
    assert done.withdrawn_at is not None and done.version == p.version + 1
    sent = Message.objects.get(direction="out", type="withdrawal")
    assert done.withdrawal_message == sent
    assert (sent.receiver, sent.purpose, sent.case_id) == ("NL", original.purpose, p.case_id)
    assert sent.payload == {"withdrawn_message_id": original.message_id, "reason": WHY}
    parsed = parse_payload("withdrawal", sent.payload)
    assert isinstance(parsed, Withdrawal) and parsed.withdrawn_message_id == original.message_id
    row = opened(AuditEvent.objects.get(action="withdraw_risk_notification"))
    assert row.operation == "disclosure" and row.recipients == ["NL"]
    assert row.legal_basis == "dpa2018_s73_adequacy" and row.actor_id == manager.pk
    assert row.before == {"status": "approved"}
    assert row.after == {
        "status": "withdrawn",
        "reason": WHY,
        "withdrawn_message_id": original.message_id,
    }
    stored = RiskNotification.objects.get(pk=p.pk)
    assert stored.status == Status.WITHDRAWN and stored.withdrawal_message_id == sent.pk


def test_the_coordinator_withdraws_what_a_manager_approved(world: World) -> None:
    p = _approved(world)
    done = proposals.withdraw(actor=world.users["coordinator"], proposal_id=p.pk, reason=WHY)
    assert done.status == Status.WITHDRAWN and done.withdrawal_message is not None


def test_with_no_node_nothing_is_sent_and_the_withdrawal_is_recorded(world: World) -> None:
    p = _approved(world, "FR")
    assert p.status == Status.APPROVED_NO_NODE
    done = proposals.withdraw(actor=manager_of(world.users["police"]), proposal_id=p.pk, reason=WHY)
    assert done.status == Status.WITHDRAWN and done.withdrawal_message is None
    assert not Message.objects.exists()
    row = opened(AuditEvent.objects.get(action="withdraw_risk_notification"))
    assert row.operation == "alteration" and row.after["withdrawn_message_id"] is None


def test_a_node_suspended_since_gets_no_message_and_the_officer_tells_it(world: World) -> None:
    p = _approved(world)
    Peer.objects.filter(country="NL").update(status="suspended")
    done = proposals.withdraw(actor=manager_of(world.users["police"]), proposal_id=p.pk, reason=WHY)
    assert done.status == Status.WITHDRAWN and done.withdrawal_message is None
    assert not Message.objects.filter(type="withdrawal").exists()


def _unchanged(p: RiskNotification) -> None:
    stored = RiskNotification.objects.get(pk=p.pk)
    assert (stored.status, stored.version, stored.withdrawn_at) == (p.status, p.version, None)
    assert not Message.objects.filter(type="withdrawal").exists()
    assert not AuditEvent.objects.filter(action="withdraw_risk_notification").exists()


def test_one_not_approved_yet_cannot_be_withdrawn(world: World) -> None:
    police = world.users["police"]
    records.record_notification(
        actor=police,
        case_id=world.police_case.pk,
        data={
            "kind": "travel",
            "notified_on": TODAY.isoformat(),
            "departs": (TODAY + dt.timedelta(days=10)).isoformat(),
            "returns": (TODAY + dt.timedelta(days=20)).isoformat(),
            "destinations": ["NL"],
            "addresses_abroad": "Hotel Centraal",
            "travel_means": "air",
        },
    )
    p = proposals.submit(actor=police, proposal_id=RiskNotification.objects.get().pk)
    with pytest.raises(IllegalTransition, match="Only a risk notification that was approved"):
        proposals.withdraw(actor=manager_of(police), proposal_id=p.pk, reason=WHY)
    _unchanged(p)


def test_one_withdrawn_cannot_be_withdrawn_again(world: World) -> None:
    p = _approved(world)
    manager = manager_of(world.users["police"])
    proposals.withdraw(actor=manager, proposal_id=p.pk, reason=WHY)
    with pytest.raises(IllegalTransition, match="withdrawn already"):
        proposals.withdraw(actor=manager, proposal_id=p.pk, reason="Again")
    assert Message.objects.filter(type="withdrawal").count() == 1
    assert AuditEvent.objects.filter(action="withdraw_risk_notification").count() == 1


def test_a_hidden_case_answers_not_found(world: World) -> None:
    p = _approved(world)
    for name in ("outsider", "auditor", "admin"):
        with pytest.raises(NotFound):
            proposals.withdraw(actor=world.users[name], proposal_id=p.pk, reason=WHY)
    with pytest.raises(NotFound):
        proposals.withdraw(actor=world.users["coordinator"], proposal_id=999_999, reason=WHY)
    _unchanged(p)


def test_its_author_and_the_officers_who_may_not_decide_are_refused(world: World) -> None:
    p = _approved(world)
    with pytest.raises(Forbidden, match="You prepared this"):
        proposals.withdraw(actor=world.users["police"], proposal_id=p.pk, reason=WHY)
    _unchanged(p)


def test_a_reader_of_the_case_who_does_not_manage_it_is_refused(world: World) -> None:
    from fourpillars.services import cases as case_services

    p = _approved(world)
    case_services.share_case(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        agency="housing-a",
        lawful_basis="cja2003_s325_4",
        reason="Housing placement",
    )
    with pytest.raises(Forbidden, match="withdraw what was sent"):
        proposals.withdraw(actor=world.users["housing"], proposal_id=p.pk, reason=WHY)
    _unchanged(p)


@pytest.mark.parametrize(
    "reason",
    ["", "   ", None, "x" * 2001, "Trip\x00cancelled", 12, ["list"]],
    ids=["empty", "blank", "none", "huge", "NUL", "number", "list"],
)
def test_a_bad_reason_is_refused_by_name_and_nothing_kept(world: World, reason: object) -> None:
    p = _approved(world, "FR")
    with pytest.raises(DomainValidationError) as exc:
        proposals.withdraw(actor=manager_of(world.users["police"]), proposal_id=p.pk, reason=reason)
    assert {e.field for e in exc.value.errors} == {"reason"}
    _unchanged(p)


def test_a_reason_in_another_alphabet_goes_as_written(world: World) -> None:
    p = _approved(world)
    why = "Η δίκη ορίστηκε ξανά: δεν ταξιδεύει\nПоездка отменена"
    proposals.withdraw(actor=manager_of(world.users["police"]), proposal_id=p.pk, reason=why)
    assert Message.objects.get(type="withdrawal").payload["reason"] == why


def test_a_failed_withdrawal_rolls_back_the_message_and_the_status(world: World) -> None:
    p = _approved(world)
    real = proposals.audit.record

    def fail(**kwargs: Any) -> Any:
        if kwargs.get("action") == "withdraw_risk_notification":
            raise RuntimeError("disk full")
        return real(**kwargs)

    with (
        mock.patch.object(proposals.audit, "record", side_effect=fail),
        pytest.raises(RuntimeError),
    ):
        proposals.withdraw(actor=manager_of(world.users["police"]), proposal_id=p.pk, reason=WHY)
    _unchanged(p)
