"""The outbox: written in the caller's transaction with its disclosure audit row, sent by the
worker with the exact bytes signed, the receipt verified with the peer's key and kept;
backoff with jitter, dead letters, resending, and two workers never posting the same
message."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import httpx
import pytest
from django.db import transaction
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.exchange.deadlines import DeadlineState
from fourpillars.domain.exchange.envelope import Envelope, MessageType, Purpose
from fourpillars.domain.exchange.transport import MessageStatus, PeerStatus, backoff
from fourpillars.exchange.models import Message
from fourpillars.services.exchange import actions, directory, node, outbox, sending, signing

from .fake_peer import FakePeer, enqueue_message
from .nodes import ForeignNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(nl: ForeignNode, monkeypatch: pytest.MonkeyPatch) -> FakePeer:
    peer = FakePeer(nl)
    transport = httpx.MockTransport(peer)
    monkeypatch.setattr(sending, "client", lambda: httpx.Client(transport=transport))
    return peer


@pytest.mark.django_db(transaction=True)
def test_enqueue_refuses_to_run_outside_a_transaction(nl: ForeignNode) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        outbox.enqueue(
            actor=None,
            type=MessageType.ACKNOWLEDGEMENT,
            receiver="NL",
            purpose=Purpose.CRIMINAL_PROCEEDINGS,
            payload={},
        )


def test_enqueue_signs_and_writes_the_row_and_its_disclosure_in_the_callers_transaction(
    nl: ForeignNode,
) -> None:
    message = enqueue_message()
    assert message.status == MessageStatus.QUEUED.value and message.direction == "out"
    key = node.own_key(message.kid)
    assert key is not None and signing.verify(message.raw, key)
    envelope = Envelope.from_dict(signing.split(message.raw).payload)
    assert (envelope.sender, envelope.receiver) == ("GB", "NL")
    assert message.due_date is not None  # in the Netherlands' working days
    row = AuditEvent.objects.get(action="send_exchange_message")
    assert row.operation == "disclosure" and row.recipients == ["NL"]


def test_a_rolled_back_change_leaves_no_message(nl: ForeignNode) -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        enqueue_message()
        _ = 1 / 0
    assert not Message.objects.exists()


def test_enqueue_to_an_unknown_or_suspended_peer_names_the_receiver(nl: ForeignNode) -> None:
    with pytest.raises(DomainValidationError, match="receiver"):
        enqueue_message(receiver="FR")
    directory.set_status(actor=None, country="NL", status=PeerStatus.SUSPENDED)
    with pytest.raises(DomainValidationError, match="suspended"):
        enqueue_message()


def test_delivery_keeps_the_verified_receipt(fake: FakePeer) -> None:
    message = enqueue_message()
    result = sending.send_due()
    assert result.delivered == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED.value and message.receipt_verified
    assert fake.posted == [message.raw]  # the exact bytes signed at enqueue
    assert sending.verify_receipt(message, message.receipt) is not None
    assert not sending.send_due().delivered  # nothing left


def test_a_refused_receipt_marks_the_message_failed_with_the_peers_reason(
    fake: FakePeer,
) -> None:
    fake.mode = "refuse"
    message = enqueue_message()
    assert sending.send_due().failed == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED.value
    assert "payload.x: bad" in message.last_error and message.receipt


def test_a_receipt_not_signed_by_the_peer_is_not_believed(fake: FakePeer) -> None:
    fake.mode = "forged"
    message = enqueue_message()
    assert sending.send_due().retried == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED.value and not message.receipt


def test_backoff_grows_with_jitter_up_to_the_cap() -> None:
    base, cap = dt.timedelta(seconds=30), dt.timedelta(hours=1)
    rng = random.Random(1)
    waits = [backoff(n, base, cap, rng) for n in range(1, 12)]
    for n, wait in enumerate(waits, start=1):
        ceiling = min(cap, base * 2 ** (n - 1))
        assert ceiling / 2 <= wait <= ceiling
    assert waits[-1] <= cap and waits[3] > waits[0]


def test_a_peer_that_is_down_gets_retries_then_a_dead_letter_that_can_be_sent_again(
    fake: FakePeer, settings: Any
) -> None:
    settings.FOURPILLARS_EXCHANGE_MAX_ATTEMPTS = 3
    fake.mode = "down"
    message = enqueue_message()
    for attempt in range(1, 4):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        result = sending.send_due()
        message.refresh_from_db()
        assert message.attempts == attempt
        if attempt < 3:
            assert result.retried == 1 and message.status == MessageStatus.QUEUED.value
            assert message.next_attempt_at is not None
            assert message.next_attempt_at > timezone.now()
            assert "connection refused" in message.last_error
    assert message.status == MessageStatus.DEAD.value
    assert AuditEvent.objects.filter(action="exchange_message_dead").count() == 1
    assert not sending.send_due().retried  # a dead letter is left alone
    fake.mode = "accept"
    actions.resend(actor=None, pk=message.pk)
    assert sending.send_due().delivered == 1
    assert fake.posted[-1] == message.raw  # the same bytes, never re-signed
    with pytest.raises(IllegalTransition):
        actions.resend(actor=None, pk=message.pk)


def test_two_workers_never_claim_the_same_message(nl: ForeignNode) -> None:
    ids = {enqueue_message().pk for _ in range(5)}
    first = sending.claim(limit=3)
    second = sending.claim(limit=10)
    assert len(first) == 3 and set(first) | set(second) == ids
    assert not set(first) & set(second)
    assert sending.claim(limit=10) == []  # leased until the lease runs out
    later = timezone.now() + sending.LEASE + dt.timedelta(seconds=1)
    assert set(sending.claim(limit=10, now=later)) == ids


def test_an_answer_marks_the_request_answered(fake: FakePeer, nl: ForeignNode) -> None:
    from fourpillars.services.exchange import inbox

    request = enqueue_message()
    reply = nl.envelope(
        type="record_response", in_reply_to=request.message_id, payload={"outcome": "none"}
    )
    assert inbox.receive(nl.sign(reply)).status == 200
    request.refresh_from_db()
    assert request.answered_at is not None and request.deadline() is DeadlineState.ON_TIME
