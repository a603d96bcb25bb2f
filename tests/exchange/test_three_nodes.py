"""Three nodes on the loopback address, each its own process, database and keys: this test
process is the United Kingdom (a live server), the Netherlands and Latvia run ``fourpillars
serve`` with their own SQLite files. They introduce themselves to each other from their
``node.json``, and messages go every way over real HTTP with signed receipts; a message sent
twice is applied once and answered with the same receipt."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import connection, transaction

from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.exchange.transport import MessageStatus
from fourpillars.exchange.models import Message
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, outbox, sending, signing
from tests import received_payloads

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class NodeProcess:
    """A peer node: its environment, CLI and server."""

    country: str
    home: Path
    pycache: Path
    port: int = field(default_factory=_free_port)
    server: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        keep = {
            k: v for k, v in os.environ.items() if not k.startswith(("FOURPILLARS_", "DATABASE"))
        }
        return {
            **keep,
            "DATABASE_URL": f"sqlite:///{self.home / 'node.sqlite3'}",
            "FOURPILLARS_VAR": str(self.home),
            "FOURPILLARS_NODE_COUNTRY": self.country,
            "FOURPILLARS_NODE_NAME": f"Four Pillars {self.country}",
            "FOURPILLARS_NODE_KEY_DIR": str(self.home / "keys"),
            "FOURPILLARS_SITE_URL": self.url,
            "FOURPILLARS_SECRET_KEY": "test-only-" + self.country,
            "FOURPILLARS_ACCESS_LOG": "",
            # No worker: what a command queues is sent when it commits.
            "FOURPILLARS_TASKS": "immediate",
            "FOURPILLARS_EXCHANGE_BACKOFF_BASE": "0",
        }

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "fourpillars.cli", args[0], "--skip-checks", *args[1:]],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> None:
        cmd = [sys.executable, "-m", "fourpillars.cli", "serve", "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port), "--workers", "1", "--no-collectstatic"]
        log = (self.home / "server.log").open("wb")
        self.server = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.server is not None and self.server.poll() is None, (
                self.home / "server.log"
            ).read_text()
            try:
                if httpx.get(f"{self.url}/exchange/node.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.country} did not start")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()

    def messages(self) -> list[dict[str, Any]]:
        """The node's messages, read from its database file (no process to start)."""
        with sqlite3.connect(f"file:{self.home / 'node.sqlite3'}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM exchange_message ORDER BY id").fetchall()
        return [dict(r) for r in rows]


def _migrated(nl: NodeProcess) -> None:
    """An empty, migrated database for a peer: on SQLite a copy of this test's own (migrated,
    flushed) database, much faster than migrating again; else ``migrate``."""
    target = nl.home / "node.sqlite3"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        nl.cli("migrate", "--verbosity", "0")


@pytest.fixture
def peers(tmp_path: Path, transactional_db: None) -> Iterator[dict[str, NodeProcess]]:
    nl = NodeProcess("NL", tmp_path / "nl", tmp_path / "pycache")
    lv = NodeProcess("LV", tmp_path / "lv", tmp_path / "pycache")
    for n in (nl, lv):
        n.home.mkdir()
    _migrated(nl)
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
