"""Three nodes on the loopback address, each its own process, database and keys: this test
process is the United Kingdom (a live server), the Netherlands and Latvia run ``fourpillars
serve`` with their own SQLite files. They introduce themselves to each other from their
``node.json``, and messages go every way over real HTTP with signed receipts; a message sent
twice is applied once and answered with the same receipt."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import transaction

from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.exchange.transport import MessageStatus
from fourpillars.exchange.models import Message
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, outbox, sending, signing
from tests import received_payloads
from tests.exchange.live_nodes import NodeProcess, migrated_copy


@pytest.fixture
def peers(tmp_path: Path, transactional_db: None) -> Iterator[dict[str, NodeProcess]]:
    nl = NodeProcess("NL", tmp_path / "nl", tmp_path / "pycache")
    lv = NodeProcess("LV", tmp_path / "lv", tmp_path / "pycache")
    for n in (nl, lv):
        n.home.mkdir()
    migrated_copy(nl)
    shutil.copy(nl.home / "node.sqlite3", lv.home / "node.sqlite3")  # empty, migrated
    try:
        for n in (nl, lv):
            n.start()
        for n in (nl, lv):
            n.wait()
        yield {"NL": nl, "LV": lv}
    finally:
        for n in (nl, lv):
            n.stop()


# Valid content for each type sent (the receivers' handlers parse it: decision 0023).
PAYLOADS = {
    MessageType.RECORD_REQUEST: received_payloads.record_request,
    MessageType.RISK_NOTIFICATION: received_payloads.risk_notification,
}


def _send(type: MessageType, receiver: str, purpose: Purpose) -> Message:
    with transaction.atomic():
        return outbox.enqueue(
            actor=None, type=type, receiver=receiver, purpose=purpose, payload=PAYLOADS[type]()
        )


@pytest.mark.django_db(transaction=True)
def test_three_nodes_exchange_signed_messages_every_way(
    peers: dict[str, NodeProcess], live_server: Any, settings: Any
) -> None:
    settings.FOURPILLARS_SITE_URL = live_server.url
    nl, lv = peers["NL"], peers["LV"]
    gb_intro = f"{live_server.url}/exchange/node.json"
    with request_context("cli"):
        directory.add_peer_from_url(actor=None, url=f"{nl.url}/exchange/node.json")
        directory.add_peer_from_url(actor=None, url=f"{lv.url}/exchange/node.json")

    # The Netherlands adds the others and tests each link (sent at commit: tasks run at once).
    # Latvia does not know the Netherlands yet, so it refuses, and the message waits.
    nl.cli("node", "add-peer", "--ping", gb_intro, f"{lv.url}/exchange/node.json")
    lv.cli("node", "add-peer", "--ping", gb_intro, f"{nl.url}/exchange/node.json")
    # Now it does: the next sending round delivers it.
    assert "delivered 1" in nl.cli("exchange", "send")

    # The United Kingdom to both, over HTTP, receipts verified with their keys.
    with request_context("cli"):
        request = _send(MessageType.RECORD_REQUEST, "NL", Purpose.CRIMINAL_PROCEEDINGS)
        notice = _send(MessageType.RISK_NOTIFICATION, "LV", Purpose.PUBLIC_PROTECTION)
        result = sending.send_due()
    assert result.delivered == 2, result.errors
    for sent in (request, notice):
        sent.refresh_from_db()
        assert sent.status == MessageStatus.DELIVERED.value and sent.receipt_verified

    # What the two peers sent us arrived and was applied.
    received = Message.objects.filter(direction="in")
    assert sorted(received.values_list("sender", flat=True)) == ["LV", "NL"]
    assert set(received.values_list("status", flat=True)) == {MessageStatus.APPLIED.value}

    # The same bytes again: the same receipt, nothing applied twice.
    again = httpx.post(f"{nl.url}/exchange/inbox/", content=request.raw.encode(), timeout=10)
    assert again.status_code == 200 and again.json()["receipt"] == request.receipt

    # Each peer holds what the others sent it, once, and its own messages delivered.
    nl_rows, lv_rows = nl.messages(), lv.messages()
    for rows, other in ((nl_rows, "LV"), (lv_rows, "NL")):
        incoming = sorted(r["sender"] for r in rows if r["direction"] == "in")
        assert incoming == sorted(["GB", other])
        assert {r["status"] for r in rows if r["direction"] == "out"} == {"delivered"}
    assert len([r for r in nl_rows if r["message_id"] == request.message_id]) == 1
    retried = [r for r in nl_rows if r["direction"] == "out" and r["receiver"] == "LV"]
    assert [r["attempts"] for r in retried] == [2]  # refused once (unknown sender), then taken
    due = [r for r in nl_rows if r["type"] == "record_request"]
    assert due and due[0]["due_date"] and due[0]["answered_at"] is None

    # Tampered on the way: refused with its reason.
    header, payload, sig = request.raw.split(".")
    forged = f"{header}.{payload[:-4]}AAAA.{sig}"
    refused = httpx.post(f"{lv.url}/exchange/inbox/", content=forged.encode(), timeout=10)
    assert refused.status_code in (400, 401)
    assert refused.json()["accepted"] is False
    assert signing.sha256(request.raw) == request.raw_sha256
