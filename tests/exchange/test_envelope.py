"""The envelope and the transport's pure rules: parsing names every bad field, a round trip
keeps everything, freshness bounds, what answers a request, the on-time share."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.deadlines import DeadlineState
from fourpillars.domain.exchange.envelope import Envelope, MessageType, Purpose
from fourpillars.domain.exchange.transport import (
    Refusal,
    answers,
    freshness,
    on_time_percentage,
)

GOOD = {
    "message_id": "3f2b6c1e-8a4d-4f7e-9c1a-2b3c4d5e6f70",
    "type": "record_request",
    "sender": "NL",
    "receiver": "GB",
    "created": "2026-12-03T10:00:00+01:00",
    "in_reply_to": None,
    "purpose": "work_with_children",
    "payload": {"person": {}},
}


def test_an_envelope_round_trips() -> None:
    e = Envelope.from_dict(GOOD)
    assert e.type is MessageType.RECORD_REQUEST and e.purpose is Purpose.WORK_WITH_CHILDREN
    again = Envelope.from_dict(e.to_dict())
    assert again == e and e.to_dict()["created"] == "2026-12-03T09:00:00+00:00"


def test_every_bad_field_is_named_at_once() -> None:
    bad = {
        **GOOD,
        "message_id": "12",
        "type": "gossip",
        "sender": "nl",
        "receiver": "",
        "created": "2026-12-03T10:00:00",
        "in_reply_to": "x",
        "purpose": "",
        "payload": [],
        "extra": 1,
    }
    with pytest.raises(DomainValidationError) as caught:
        Envelope.from_dict(bad)
    named = {e.field for e in caught.value.errors}
    assert named == {
        "message_id",
        "type",
        "sender",
        "receiver",
        "created",
        "in_reply_to",
        "purpose",
        "payload",
        "extra",
    }


def test_not_an_object_is_refused() -> None:
    with pytest.raises(DomainValidationError, match="envelope"):
        Envelope.from_dict(["a list"])


def test_freshness_has_a_window_each_way() -> None:
    now = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)
    day = dt.timedelta(hours=72)
    assert freshness(now - dt.timedelta(hours=71), now, day) is None
    assert freshness(now - dt.timedelta(hours=73), now, day) is Refusal.EXPIRED
    assert freshness(now + dt.timedelta(minutes=4), now, day) is None
    assert freshness(now + dt.timedelta(minutes=6), now, day) is Refusal.FUTURE


def test_a_delay_notice_does_not_answer_a_request() -> None:
    assert answers("record_response") and not answers("delay_notice")
    assert not answers("acknowledgement") and not answers("error")


def test_on_time_counts_answered_and_overdue_requests_only() -> None:
    assert on_time_percentage([]) is None
    assert on_time_percentage([(DeadlineState.ON_TIME, False)]) is None  # not yet due
    pairs = [
        (DeadlineState.ON_TIME, True),
        (DeadlineState.ANSWERED_LATE, True),
        (DeadlineState.OVERDUE, False),
        (DeadlineState.ON_TIME, True),
    ]
    assert on_time_percentage(pairs) == 50
