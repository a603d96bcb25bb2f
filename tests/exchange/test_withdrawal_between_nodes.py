"""A risk notification withdrawn between two real nodes (decision 0022): this test process is
the United Kingdom (a live server), the Netherlands runs ``fourpillars serve`` with its own
SQLite file and keys (tests/exchange/live_nodes.py). The officer's trip to the Netherlands is
approved and sent; the Dutch node holds it; withdrawn here, the withdrawal goes over HTTP with
a signed receipt and the Dutch node hides what it withdraws, recording why."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fourpillars.domain.exchange.transport import MessageStatus
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, sending
from fourpillars.services.soa import proposals
from tests.cast import build_world
from tests.exchange.live_nodes import NodeProcess, migrated_copy
from tests.factories import active_plan_and_draft, manager_of
from tests.soa_world import approved

WHY = "The court cancelled the trip: he stays at home"


@pytest.fixture
def netherlands(tmp_path: Path, transactional_db: None) -> Iterator[NodeProcess]:
    nl = NodeProcess("NL", tmp_path / "nl", tmp_path / "pycache")
    nl.home.mkdir()
    migrated_copy(nl)
    try:
        nl.start()
        nl.wait()
        yield nl
    finally:
        nl.stop()


def _held(nl: NodeProcess) -> list[sqlite3.Row]:
    """The risk notifications the Dutch node holds, read from its database file."""
    with sqlite3.connect(f"file:{nl.home / 'node.sqlite3'}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return db.execute(
            "SELECT message_id, sender, withdrawn_at, withdrawal_reason, withdrawal_message_id "
            "FROM received_receivedrisknotification"
        ).fetchall()


def _send() -> None:
    with request_context("cli"):
        result = sending.send_due()
    assert result.delivered == 1 and not result.errors, result.errors


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_risk_notification_is_hidden_by_the_receiving_node(
    netherlands: NodeProcess, live_server: Any, settings: Any
) -> None:
    nl = netherlands
    settings.FOURPILLARS_SITE_URL = live_server.url
    with request_context("cli"):
        directory.add_peer_from_url(actor=None, url=f"{nl.url}/exchange/node.json")
    nl.cli("node", "add-peer", f"{live_server.url}/exchange/node.json")
    world = build_world()
    active_plan_and_draft(world, "police_case")
    manager = manager_of(world.users["police"])

    p = approved(world, "police_case", manager, destination="NL")
    assert p.message is not None
    _send()
    (held,) = _held(nl)
    assert (held["message_id"], held["sender"]) == (p.message.message_id, "GB")
    assert held["withdrawn_at"] is None

    done = proposals.withdraw(actor=manager, proposal_id=p.pk, reason=WHY)
    assert done.withdrawal_message is not None
    _send()
    sent = done.withdrawal_message
    sent.refresh_from_db()
    assert sent.status == MessageStatus.DELIVERED.value and sent.receipt_verified
    (held,) = _held(nl)
    assert held["withdrawn_at"] is not None and held["withdrawal_reason"] == WHY
    assert held["withdrawal_message_id"] == sent.message_id
    applied = [r for r in nl.messages() if r["message_id"] == sent.message_id]
    assert [(r["type"], r["status"]) for r in applied] == [("withdrawal", "applied")]
