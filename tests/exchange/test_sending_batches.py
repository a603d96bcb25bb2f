"""Sending a batch (decision 0025): its posts wait on the peer several at a time, every answer
is still read and recorded; a full batch sends the task round again (a backlog drains without
waiting for the scheduler's tick)."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest
from django_tasks_db.models import DBTaskResult

from fourpillars.domain.exchange.transport import MessageStatus
from fourpillars.exchange.models import Message
from fourpillars.jobs import tasks
from fourpillars.services.exchange import outbox, sending

from .fake_peer import FakePeer, enqueue_message
from .nodes import ForeignNode

pytestmark = pytest.mark.django_db


class SlowPeer(FakePeer):
    """Takes 0.1 s to answer, and counts how many posts wait on it at once."""

    def __init__(self, peer: ForeignNode) -> None:
        super().__init__(peer)
        self.lock = threading.Lock()
        self.now = self.most = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(0.1)
        with self.lock:
            self.now -= 1
            return super().__call__(request)


def _peer(monkeypatch: pytest.MonkeyPatch, peer: FakePeer) -> None:
    transport = httpx.MockTransport(peer)
    monkeypatch.setattr(sending, "client", lambda: httpx.Client(transport=transport))


def test_a_batchs_posts_wait_on_the_peer_together_and_each_is_recorded(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_POSTERS = 4
    peer = SlowPeer(nl)
    _peer(monkeypatch, peer)
    sent = [enqueue_message() for _ in range(8)]
    result = sending.send_due()
    assert (result.claimed, result.delivered) == (8, 8), result.errors
    assert peer.most == 4  # four waited on the peer at once, not eight one by one
    for message in sent:
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED.value and message.receipt_verified
    assert sorted(peer.posted) == sorted(m.raw for m in sent)  # each once, as signed


def test_one_poster_sends_one_at_a_time(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_POSTERS = 1
    peer = SlowPeer(nl)
    _peer(monkeypatch, peer)
    for _ in range(3):
        enqueue_message()
    assert sending.send_due().delivered == 3 and peer.most == 1


def test_a_full_batch_sends_the_task_round_again(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    _peer(monkeypatch, FakePeer(nl))
    monkeypatch.setattr(outbox, "_wakers", [])
    monkeypatch.setattr(tasks, "BATCH", 2)
    for _ in range(3):
        enqueue_message()
    queued = DBTaskResult.objects.filter(task_path__endswith="send_exchange_task")
    assert tasks.send_exchange_task.call()["delivered"] == 2
    assert queued.count() == 1  # two of three sent: round again
    assert tasks.send_exchange_task.call()["delivered"] == 1
    assert queued.count() == 1  # the last one was not a full batch: no more
    assert not Message.objects.filter(status=MessageStatus.QUEUED.value).exists()


@pytest.mark.django_db(transaction=True)
def test_commits_ask_for_one_sending_task_until_it_starts(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "_asked", [])
    asked = DBTaskResult.objects.filter(task_path__endswith="send_exchange_task")
    for _ in range(3):
        enqueue_message()
    assert asked.count() == 1  # one task, not one per commit: it will claim all three
    asked.update(status="RUNNING")  # a worker took it (and may have claimed already)
    enqueue_message()
    assert asked.count() == 2  # so the next commit asks again
