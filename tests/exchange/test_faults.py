"""The exchange's fault test (decision 0025): three nodes on the loopback address, 5,000
messages in flight from this node (the United Kingdom, on PostgreSQL) to the Netherlands, whose
server is killed (SIGKILL, no goodbye) and restarted twice while they are being sent; Latvia
receives beside it. After the queues drain: nothing lost, nothing applied twice, every receipt
verifiable with the receiver's key.

The heaviest test of the suite (about two minutes on two cores): marked ``faults`` and run only
on PostgreSQL, so the suite's SQLite run skips it and its PostgreSQL run does it once. The
sender is this process with real sending workers (threads calling ``sending.send_due``, as
``send_exchange_task`` does); the peers are ``fourpillars serve`` processes with their own
SQLite files and keys (tests/exchange/test_three_nodes.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count

from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.exchange.transport import Direction, MessageStatus
from fourpillars.exchange.models import Message
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, outbox, sending

from .live_nodes import NodeProcess, migrated_copy

# The figure is 5,000 (FOURPILLARS_FAULT_MESSAGES=5000): it passes, but takes 9 to 11
# minutes on this two-core machine shared with other work (decision 0025: every message is a
# real signed envelope posted over HTTP, applied in the receiver's transaction and receipted,
# about 40 ms of CPU across the two nodes). The suite sends 1,000, which keeps the test near
# its three minutes; the kills still land mid-stream (at 30% and 60%).
MESSAGES = int(os.environ.get("FOURPILLARS_FAULT_MESSAGES", "1000"))
TO_LATVIA = 200  # beside them, to the node that stays up
SENDERS = 4  # sending workers (threads), each claiming a small batch at a time
KILL_AT = (0.3, 0.6)  # the share of messages delivered when the receiver is killed
DOWN_SECONDS = 2.0  # how long it stays down each time
DRAIN_LIMIT = 240.0  # seconds: the test fails rather than hang

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="the fault test runs once, on PostgreSQL (DATABASE_URL=postgres://...)",
    ),
]


class Killable(NodeProcess):
    """A peer node whose server can be killed outright and started again on the same port."""

    def kill(self) -> None:
        assert self.server is not None
        os.killpg(self.server.pid, signal.SIGKILL)  # its own session: arbiter and workers
        self.server.wait(10)

    def counts(self) -> dict[str, int]:
        """What the node applied from GB, read from its database file: messages, distinct
        message ids, and the audit rows its inbox wrote on applying one."""
        with sqlite3.connect(f"file:{self.home / 'node.sqlite3'}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT count(*), count(DISTINCT message_id) FROM exchange_message "
                "WHERE direction = 'in' AND sender = 'GB' AND status = 'applied' "
                "AND type = 'acknowledgement'"
            ).fetchone()
            audited = db.execute(
                "SELECT count(*), count(DISTINCT json_extract(after, '$.message_id')) "
                "FROM audit_auditevent WHERE action = 'receive_exchange_message' "
                "AND json_extract(after, '$.type') = 'acknowledgement'"
            ).fetchone()
            pings = db.execute(
                "SELECT count(*) FROM exchange_message WHERE direction = 'in' "
                "AND json_extract(payload, '$.fault_test') IS NOT NULL"
            ).fetchone()
        return {
            "messages": rows[0],
            "distinct": rows[1],
            "audited": audited[0],
            "audited_distinct": audited[1],
            "fault_test": pings[0],
        }


@pytest.fixture
def nodes(tmp_path: Path, transactional_db: None) -> Iterator[dict[str, Killable]]:
    nl = Killable("NL", tmp_path / "nl", tmp_path / "pycache")
    lv = Killable("LV", tmp_path / "lv", tmp_path / "pycache")
    for n in (nl, lv):
        n.home.mkdir()
    migrated_copy(nl)
    shutil.copy(nl.home / "node.sqlite3", lv.home / "node.sqlite3")
    try:
        for n in (nl, lv):
            n.start()
        for n in (nl, lv):
            n.wait()
        yield {"NL": nl, "LV": lv}
    finally:
        for n in (nl, lv):
            n.stop()


def _enqueue(receiver: str, count: int, chunk: int = 500) -> None:
    """``count`` acknowledgements (no personal data; the inbox stores, audits and receipts
    each), numbered in their payload, queued ``chunk`` to a transaction."""
    with request_context("cli"):
        for start in range(0, count, chunk):
            with transaction.atomic():
                for i in range(start, min(count, start + chunk)):
                    outbox.enqueue(
                        actor=None,
                        type=MessageType.ACKNOWLEDGEMENT,
                        receiver=receiver,
                        purpose=Purpose.CRIMINAL_PROCEEDINGS,
                        payload={"fault_test": i},
                    )


class Senders:
    """Sending workers: threads claiming and posting due messages until told to stop."""

    def __init__(self, n: int) -> None:
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(n)]

    def run(self) -> None:
        try:
            with request_context("worker"):
                while not self.stop.is_set():
                    result = sending.send_due(limit=10)
                    if not (result.delivered or result.retried or result.failed or result.dead):
                        time.sleep(0.05)
        except BaseException as exc:  # reported by the test
            self.errors.append(exc)
        finally:
            connection.close()

    def __enter__(self) -> Senders:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(30)


def _outgoing(receiver: str) -> Any:
    return Message.objects.filter(direction=Direction.OUT.value, receiver=receiver)


def _wait_for(condition: Any, what: str, limit: float = DRAIN_LIMIT) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_messages_survive_the_receiver_killed_twice(
    nodes: dict[str, Killable],
    live_server: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.FOURPILLARS_SITE_URL = live_server.url
    # Retry soon and never give up while the receiver is down (the backoff itself is unit
    # tested in test_outbox.py; here it only has to let the queue drain in the test's time).
    settings.FOURPILLARS_EXCHANGE_BACKOFF_BASE = 1
    settings.FOURPILLARS_EXCHANGE_BACKOFF_CAP = 2
    settings.FOURPILLARS_EXCHANGE_MAX_ATTEMPTS = 10_000
    settings.FOURPILLARS_EXCHANGE_TIMEOUT = 10
    # The sending workers below are the only ones: no task per commit.
    monkeypatch.setattr(outbox, "_wakers", [])
    nl, lv = nodes["NL"], nodes["LV"]
    gb_intro = f"{live_server.url}/exchange/node.json"
    with request_context("cli"):
        directory.add_peer_from_url(actor=None, url=f"{nl.url}/exchange/node.json")
        directory.add_peer_from_url(actor=None, url=f"{lv.url}/exchange/node.json")
    nl.cli("node", "add-peer", gb_intro, f"{lv.url}/exchange/node.json")
    lv.cli("node", "add-peer", gb_intro, f"{nl.url}/exchange/node.json")

    _enqueue("NL", MESSAGES)
    _enqueue("LV", TO_LATVIA)
    assert _outgoing("NL").filter(status=MessageStatus.QUEUED.value).count() == MESSAGES

    started = time.monotonic()
    delivered = _outgoing("NL").filter(status=MessageStatus.DELIVERED.value)
    with Senders(SENDERS) as senders:
        for share in KILL_AT:
            _wait_for(
                lambda share=share: delivered.count() >= share * MESSAGES,
                f"{share:.0%} delivered",
            )
            nl.kill()  # mid-stream: requests in flight are cut, transactions rolled back
            time.sleep(DOWN_SECONDS)
            nl.start()
            nl.wait()
        _wait_for(
            lambda: (
                not Message.objects.filter(
                    direction=Direction.OUT.value, status=MessageStatus.QUEUED.value
                ).exists()
            ),
            "the queues to drain",
        )
    took = time.monotonic() - started
    assert not senders.errors, senders.errors

    # 0 lost: every message delivered, none failed or dead, each tried again where it had to be.
    for receiver, count in (("NL", MESSAGES), ("LV", TO_LATVIA)):
        statuses = dict(_outgoing(receiver).values_list("status").annotate(n=Count("id")))
        assert statuses == {MessageStatus.DELIVERED.value: count}, statuses
    assert _outgoing("NL").filter(attempts__gt=1).exists()  # the kills cost some attempts

    # 0 applied twice: the receiver holds each message once and audited its application once.
    assert nl.counts() == {
        "messages": MESSAGES,
        "distinct": MESSAGES,
        "audited": MESSAGES,
        "audited_distinct": MESSAGES,
        "fault_test": MESSAGES,
    }
    assert lv.counts()["fault_test"] == TO_LATVIA

    # Every receipt verifiable: signed by the receiver's key in our directory, naming the
    # message and the digest of the bytes sent, accepted.
    for message in Message.objects.filter(direction=Direction.OUT.value).select_related("peer"):
        data = sending.verify_receipt(message, message.receipt)
        assert data is not None and data["status"] == "accepted", message.message_id
        assert message.receipt_verified
    print(f"\n{MESSAGES + TO_LATVIA} messages, receiver killed twice: drained in {took:.1f} s")
