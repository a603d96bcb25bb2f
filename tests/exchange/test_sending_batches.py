"""Sending a batch (decisions 0025, 0026): each peer's messages go several to a post, the posts
wait on peers several at a time, every message's answer is still read and recorded on its own;
the task goes round while messages are due, and asks for another when its time is up."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest
from django_tasks_db.models import DBTaskResult

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.exchange.transport import MessageStatus
from fourpillars.exchange.models import Message
from fourpillars.jobs import tasks
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, outbox, sending

from .fake_peer import FakePeer, enqueue_message
from .nodes import ForeignNode

pytestmark = pytest.mark.django_db


class SlowPeer(FakePeer):
    """Takes 0.1 s to answer a post, and counts how many posts wait on it at once."""

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


def _peers(monkeypatch: pytest.MonkeyPatch, **peers: FakePeer) -> None:
    """Route each post to the fake inbox of the country its URL names."""
    transport = httpx.MockTransport(lambda r: peers[r.url.path.split("/")[1]](r))
    monkeypatch.setattr(sending, "client", lambda: httpx.Client(transport=transport))


def _delivered(sent: list[Message]) -> bool:
    for message in sent:
        message.refresh_from_db()
        if message.status != MessageStatus.DELIVERED.value or not message.receipt_verified:
            return False
    return True


def test_a_peers_messages_go_several_to_a_post_and_each_is_answered_and_recorded(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_PER_POST = 3
    settings.FOURPILLARS_EXCHANGE_POSTERS = 2
    peer = FakePeer(nl)
    _peers(monkeypatch, NL=peer)
    sent = [enqueue_message() for _ in range(8)]
    result = sending.send_due()
    assert (result.claimed, result.delivered) == (8, 8), result.errors
    assert peer.posts == 3  # 3 + 3 + 2
    assert sorted(peer.posted) == sorted(m.raw for m in sent)  # each once, as signed
    assert _delivered(sent)
    assert AuditEvent.objects.filter(action="exchange_message_delivered").count() == 8


def test_a_few_messages_are_spread_over_the_posters(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_PER_POST = 20
    settings.FOURPILLARS_EXCHANGE_POSTERS = 4
    peer = SlowPeer(nl)
    _peers(monkeypatch, NL=peer)
    monkeypatch.setattr(sending, "SPREAD_FROM", 2)
    sent = [enqueue_message() for _ in range(7)]
    assert sending.send_due().delivered == 7
    assert peer.posts == 4 and peer.most == 4  # 2 + 2 + 2 + 1, the peer's workers together
    monkeypatch.setattr(sending, "SPREAD_FROM", 4)
    for _ in range(7):
        enqueue_message()
    assert sending.send_due().delivered == 7 and peer.posts == 6  # not fewer than 4 a post
    assert _delivered(sent)


def test_posts_wait_on_the_peer_together(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(sending, "SPREAD_FROM", 1)
    settings.FOURPILLARS_EXCHANGE_POSTERS = 4
    settings.FOURPILLARS_EXCHANGE_PER_POST = 2
    peer = SlowPeer(nl)
    _peers(monkeypatch, NL=peer)
    sent = [enqueue_message() for _ in range(8)]
    assert sending.send_due().delivered == 8
    assert peer.posts == 4 and peer.most == 4  # four posts waited at once, not one by one
    assert _delivered(sent)


def test_one_poster_and_one_message_a_post_send_one_at_a_time(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_POSTERS = 1
    settings.FOURPILLARS_EXCHANGE_PER_POST = 1
    peer = SlowPeer(nl)
    _peers(monkeypatch, NL=peer)
    for _ in range(3):
        enqueue_message()
    assert sending.send_due().delivered == 3 and peer.most == 1 and peer.posts == 3


def test_a_peer_that_reads_one_message_a_post_gets_them_one_by_one(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_POSTERS = 1
    peer = FakePeer(nl)
    peer.one_a_post = True
    _peers(monkeypatch, NL=peer)
    sent = [enqueue_message() for _ in range(3)]
    assert sending.send_due().delivered == 3
    assert peer.posts == 4  # the list, refused as malformed; then each alone
    assert sorted(peer.posted) == sorted(m.raw for m in sent) and _delivered(sent)


def test_each_peer_gets_its_own_posts_and_one_that_is_down_fails_only_its_own(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_POSTERS = 1  # each peer's messages in one post
    lv = ForeignNode("LV")
    with request_context("cli"):
        directory.add_peer(actor=None, introduction=lv.introduction())
    to_nl, to_lv = FakePeer(nl), FakePeer(lv)
    to_lv.mode = "down"
    _peers(monkeypatch, NL=to_nl, LV=to_lv)
    for_nl = [enqueue_message() for _ in range(3)]
    for_lv = [enqueue_message(receiver="LV") for _ in range(2)]
    result = sending.send_due()
    assert (result.delivered, result.retried) == (3, 2)
    assert to_nl.posts == 1 and to_lv.posts == 1
    assert _delivered(for_nl)
    for message in for_lv:
        message.refresh_from_db()
        assert message.status == MessageStatus.QUEUED.value
        assert "connection refused" in message.last_error and message.attempts == 1


def test_a_batch_post_that_fails_on_the_peer_is_tried_again_for_each_message(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(500, text="Server Error"))
    monkeypatch.setattr(sending, "client", lambda: httpx.Client(transport=transport))
    sent = [enqueue_message() for _ in range(2)]
    assert sending.send_due().retried == 2
    for message in sent:
        message.refresh_from_db()
        assert message.status == MessageStatus.QUEUED.value and "HTTP 500" in message.last_error


def test_the_task_goes_round_while_messages_are_due(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    _peers(monkeypatch, NL=FakePeer(nl))
    monkeypatch.setattr(outbox, "_wakers", [])
    monkeypatch.setattr(tasks, "BATCH", 2)
    monkeypatch.setattr(tasks, "LINGER", 0.0)
    for _ in range(3):
        enqueue_message()
    done = tasks.send_exchange_task.call()
    assert done["delivered"] == 3 and done["rounds"] == 3  # 2, 1, then nothing due
    assert not DBTaskResult.objects.filter(task_path__endswith="send_exchange_task").exists()
    assert not Message.objects.filter(status=MessageStatus.QUEUED.value).exists()


class Clock:
    """The task's clock and sleep: each sleep moves time on, and may queue a message."""

    def __init__(self, on_sleep: Any = None) -> None:
        self.now, self.sleeps, self.on_sleep = 0.0, 0, on_sleep

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep(self.sleeps)


def test_a_task_that_sent_looks_again_for_a_while_and_sends_what_came_meanwhile(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    _peers(monkeypatch, NL=FakePeer(nl))
    monkeypatch.setattr(outbox, "_wakers", [])
    clock = Clock(lambda n: enqueue_message() if n == 3 else None)  # one more, while it looks
    monkeypatch.setattr(tasks, "time", clock)
    enqueue_message()
    done = tasks.send_exchange_task.call()
    assert done["delivered"] == 2  # the second without another task
    # It looked every LOOK_EVERY seconds until LINGER seconds after the last it found.
    assert clock.now == pytest.approx(3 * tasks.LOOK_EVERY + tasks.LINGER)
    assert not DBTaskResult.objects.filter(task_path__endswith="send_exchange_task").exists()


def test_a_task_that_found_nothing_ends_at_once(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(tasks, "time", clock)
    assert tasks.send_exchange_task.call()["rounds"] == 1 and clock.sleeps == 0


def test_the_task_asks_for_another_when_its_time_is_up(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    _peers(monkeypatch, NL=FakePeer(nl))
    monkeypatch.setattr(outbox, "_wakers", [])
    monkeypatch.setattr(tasks, "BATCH", 2)
    monkeypatch.setattr(tasks, "SENDING_FOR", 0.0)
    for _ in range(3):
        enqueue_message()
    queued = DBTaskResult.objects.filter(task_path__endswith="send_exchange_task")
    assert tasks.send_exchange_task.call()["delivered"] == 2
    assert queued.count() == 1  # the worker's other tasks get their turn, then this one
    assert tasks.send_exchange_task.call()["delivered"] == 1


def test_the_task_stops_when_only_a_peer_that_is_down_was_due(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_BACKOFF_BASE = 0  # due again at once: no waiting to stop it
    down = FakePeer(nl)
    down.mode = "down"
    _peers(monkeypatch, NL=down)
    monkeypatch.setattr(outbox, "_wakers", [])
    enqueue_message()
    done = tasks.send_exchange_task.call()
    assert (done["retried"], done["rounds"]) == (1, 1)  # not round and round at a dead peer


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
