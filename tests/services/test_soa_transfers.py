"""Supervision transfer requests ([FD-2008-947]; decision 0022): composed by the case's
managers, approved by a second person (who queues the request in the same transaction) or not
approved with a reason; the other state's signed answer, received by the inbox, is applied to
the request and told to its author. Only a case whose disposal puts the person under probation
supervision in the community (a licence, a community order or suspended sentence) has a
measure to transfer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError
from fourpillars.exchange.models import Message
from fourpillars.notifications.models import Notification as Notice
from fourpillars.register.models import Case
from fourpillars.services.context import request_context
from fourpillars.services.errors import Forbidden
from fourpillars.services.exchange import directory, inbox
from fourpillars.services.soa import transfers
from fourpillars.soa.models import SupervisionTransfer
from tests.cast import World
from tests.exchange.nodes import ForeignNode
from tests.factories import manager_of


@pytest.fixture
def nl(db: None, settings: Any, tmp_path: Path) -> Iterator[ForeignNode]:
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "keys"
    settings.FOURPILLARS_NODE_COUNTRY = "GB"
    peer = ForeignNode("NL")
    with request_context("cli"):
        directory.add_peer(actor=None, introduction=peer.introduction())
    yield peer


def _request(world: World) -> SupervisionTransfer:
    return transfers.request(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        receiver="NL",
        measure="Supervision by probation for 12 months, no contact with children",
        reason="He lives in Amsterdam with his family",
    )


def test_a_request_is_composed_and_its_approvers_told(world: World, nl: ForeignNode) -> None:
    manager = manager_of(world.users["police"])
    t = _request(world)
    assert t.status == "submitted"
    assert Notice.objects.filter(recipient=manager, kind="abroad_to_decide").exists()
    with pytest.raises(DomainValidationError) as exc:
        transfers.request(
            actor=world.users["police"],
            case_id=world.police_case.pk,
            receiver="GB",
            measure="",
            reason="",
        )
    assert {e.field for e in exc.value.errors} == {"receiver"}


def test_approval_by_a_second_person_queues_one_request(world: World, nl: ForeignNode) -> None:
    t = _request(world)
    with pytest.raises(Forbidden):
        transfers.approve(actor=world.users["police"], transfer_id=t.pk)
    done = transfers.approve(actor=manager_of(world.users["police"]), transfer_id=t.pk)
    assert done.status == "sent"
    (message,) = Message.objects.all()
    assert (message.type, message.purpose, message.receiver) == (
        "supervision_transfer_request",
        "supervision",
        "NL",
    )


def test_not_approving_is_recorded(world: World, nl: ForeignNode) -> None:
    t = _request(world)
    done = transfers.decline(
        actor=manager_of(world.users["police"]), transfer_id=t.pk, reason="Licence ends soon"
    )
    assert done.status == "declined" and not Message.objects.exists()


def _answer(nl: ForeignNode, t: SupervisionTransfer, payload: dict[str, Any]) -> Any:
    raw = nl.sign(
        nl.envelope(
            type="supervision_transfer_response",
            purpose="supervision",
            in_reply_to=t.message.message_id if t.message else None,
            payload=payload,
        )
    )
    return inbox.receive(raw)


def test_a_refusal_from_the_other_state_is_shown_with_its_reason(
    world: World, nl: ForeignNode
) -> None:
    t = transfers.approve(actor=manager_of(world.users["police"]), transfer_id=_request(world).pk)
    _answer(
        nl,
        t,
        {
            "decision": "refused",
            "ground": "not_resident",
            "reason": "No address in the Netherlands",
        },
    )
    t.refresh_from_db()
    assert t.status == "refused" and "No address in the Netherlands" in t.response_reason
    assert Notice.objects.filter(recipient=world.users["police"], kind="abroad_answered").exists()


def test_an_acceptance_is_applied_once(world: World, nl: ForeignNode) -> None:
    t = transfers.approve(actor=manager_of(world.users["police"]), transfer_id=_request(world).pk)
    _answer(nl, t, {"decision": "accepted"})
    t.refresh_from_db()
    assert t.status == "accepted" and t.responded_at is not None


def test_an_answer_to_no_request_of_ours_is_refused(world: World, nl: ForeignNode) -> None:
    raw = nl.sign(
        nl.envelope(
            type="supervision_transfer_response",
            purpose="supervision",
            in_reply_to="no-such-request",
            payload={"decision": "accepted"},
        )
    )
    answer = inbox.receive(raw)
    assert "in_reply_to" in str(answer.body())
    assert not SupervisionTransfer.objects.exists()


@pytest.mark.parametrize("disposal", ["caution", "conditional_discharge", "hospital_order", ""])
def test_a_case_with_no_probation_measure_is_refused_by_name(
    world: World, nl: ForeignNode, disposal: str
) -> None:
    Case.objects.filter(pk=world.police_case.pk).update(disposal=disposal)
    with pytest.raises(DomainValidationError) as exc:
        _request(world)
    (error,) = exc.value.errors
    assert error.field == "disposal" and "no probation measure to transfer" in error.message
    assert not SupervisionTransfer.objects.exists()
    assert not AuditEvent.objects.filter(action="request_supervision_transfer").exists()


@pytest.mark.parametrize("disposal", ["custody", "life_or_indeterminate", "other"])
def test_a_licence_or_community_sentence_can_be_transferred(
    world: World, nl: ForeignNode, disposal: str
) -> None:
    Case.objects.filter(pk=world.police_case.pk).update(disposal=disposal)
    assert _request(world).status == "submitted"


def test_a_disposal_changed_before_approval_stops_the_request(
    world: World, nl: ForeignNode
) -> None:
    t = _request(world)
    Case.objects.filter(pk=world.police_case.pk).update(disposal="caution")
    with pytest.raises(DomainValidationError) as exc:
        transfers.approve(actor=manager_of(world.users["police"]), transfer_id=t.pk)
    assert exc.value.errors[0].field == "disposal"
    t.refresh_from_db()
    assert t.status == "submitted" and not Message.objects.exists()
