"""The inbox: a message verified against the directory, stored exactly as received and applied
once in one transaction, answered with a signed receipt; every refusal answered with its code
and an audit row, and nothing applied."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.deadlines import DeadlineState
from fourpillars.domain.exchange.envelope import Envelope, MessageType
from fourpillars.domain.exchange.transport import MessageStatus, PeerStatus
from fourpillars.exchange.models import Message
from fourpillars.services.exchange import directory, inbox, node, signing

from .nodes import ForeignNode

pytestmark = pytest.mark.django_db

applied: list[str] = []


@pytest.fixture(autouse=True)
def _handlers() -> Any:
    """A handler for acknowledgements that records what it applied, and one for errors
    that refuses (to show a handler's refusal rolls back what it did)."""
    saved = dict(inbox._HANDLERS)
    applied.clear()

    @inbox.handler(MessageType.ACKNOWLEDGEMENT)
    def _ack(message: Message, envelope: Envelope) -> None:
        applied.append(envelope.message_id)

    @inbox.handler(MessageType.ERROR)
    def _err(message: Message, envelope: Envelope) -> None:
        Message.objects.filter(pk=message.pk).update(last_error="half done")
        raise DomainValidationError.single("payload.code", "is not a known error code")

    yield
    inbox._HANDLERS.clear()
    inbox._HANDLERS.update(saved)


def _receipt(answer: inbox.Answer) -> dict[str, Any]:
    assert answer.receipt is not None
    unverified = signing.split(answer.receipt)
    key = node.own_key(unverified.kid)
    assert key is not None and signing.verify(answer.receipt, key)
    return unverified.payload


def _refusals() -> list[str]:
    rows = AuditEvent.objects.filter(action="refuse_exchange_message")
    return [str((e.after or {}).get("code", "")) for e in rows]


def test_a_signed_message_is_stored_as_received_applied_once_and_receipted(
    nl: ForeignNode,
) -> None:
    raw = nl.sign(nl.envelope())
    answer = inbox.receive(raw)
    assert answer.status == 200 and answer.error is None
    message = Message.objects.get(direction="in")
    assert message.raw == raw and message.status == MessageStatus.APPLIED.value
    assert applied == [message.message_id]
    receipt = _receipt(answer)
    assert receipt["for_message_id"] == message.message_id
    assert receipt["for_digest"] == signing.sha256(raw)
    assert receipt["status"] == "accepted" and receipt["applied_at"]
    assert AuditEvent.objects.filter(action="receive_exchange_message").count() == 1


def test_the_same_message_again_gets_the_same_receipt_and_changes_nothing(
    nl: ForeignNode,
) -> None:
    raw = nl.sign(nl.envelope())
    first = inbox.receive(raw)
    audit_rows = AuditEvent.objects.count()
    second = inbox.receive(raw)
    assert second.status == 200 and second.receipt == first.receipt
    assert Message.objects.count() == 1 and len(applied) == 1
    assert AuditEvent.objects.count() == audit_rows


def test_a_replay_with_other_content_is_refused_and_the_first_kept(nl: ForeignNode) -> None:
    data = nl.envelope()
    inbox.receive(nl.sign(data))
    answer = inbox.receive(nl.sign({**data, "payload": {"note": "changed"}}))
    assert answer.status == 409 and answer.error is not None
    assert answer.error.value == "replay_with_changes"
    assert Message.objects.get().payload == {"note": "test"} and len(applied) == 1
    assert _refusals() == ["replay_with_changes"]


def _tamper(raw: str) -> str:
    header, payload, sig = raw.split(".")
    import base64
    import json

    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["payload"] = {"note": "tampered"}
    body = base64.urlsafe_b64encode(signing.canonical(data)).rstrip(b"=").decode()
    return f"{header}.{body}.{sig}"


@pytest.mark.parametrize(
    ("make", "status", "code"),
    [
        (lambda n: _tamper(n.sign(n.envelope())), 401, "bad_signature"),
        (lambda n: ForeignNode("NL").sign(n.envelope()), 403, "unknown_key"),
        (lambda n: n.sign(n.envelope(sender="FR")), 403, "unknown_sender"),
        (lambda n: n.sign(n.envelope(receiver="LV")), 421, "wrong_receiver"),
        (
            lambda n: n.sign(
                n.envelope(created=(dt.datetime.now(dt.UTC) - dt.timedelta(hours=73)).isoformat())
            ),
            422,
            "expired",
        ),
        (
            lambda n: n.sign(
                n.envelope(created=(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat())
            ),
            422,
            "from_the_future",
        ),
        (lambda n: n.sign(n.envelope(type="gossip")), 400, "malformed"),
        (lambda n: n.sign(n.envelope(created="yesterday")), 400, "malformed"),
        (lambda n: "not a jws at all", 400, "malformed"),
        (lambda n: n.sign(n.envelope()).split(".")[0] + "..", 400, "malformed"),
    ],
    ids=[
        "tampered",
        "unknown key",
        "unknown sender",
        "wrong receiver",
        "expired",
        "future",
        "bad type",
        "bad created",
        "not a JWS",
        "empty payload",
    ],
)
def test_refused_messages_are_answered_audited_and_never_applied(
    nl: ForeignNode, make: Any, status: int, code: str
) -> None:
    answer = inbox.receive(make(nl))
    assert answer.status == status
    assert answer.error is not None and answer.error.value == code
    assert answer.body()["error"]["message"]
    assert not Message.objects.exists() and not applied
    assert _refusals() == [code]


def test_a_suspended_peer_is_refused(nl: ForeignNode) -> None:
    directory.set_status(actor=None, country="NL", status=PeerStatus.SUSPENDED)
    answer = inbox.receive(nl.sign(nl.envelope()))
    assert answer.status == 403 and answer.error is not None
    assert answer.error.value == "suspended_peer"
    assert not Message.objects.exists() and not applied


def test_a_refused_message_gets_a_signed_refusal_naming_the_reason(nl: ForeignNode) -> None:
    answer = inbox.receive(nl.sign(nl.envelope(receiver="LV")))
    receipt = _receipt(answer)
    assert receipt["status"] == "refused"
    assert receipt["error"]["code"] == "wrong_receiver" and "LV" in receipt["error"]["detail"]


def test_a_handler_refusal_rolls_back_its_work_and_is_receipted_the_same_each_time(
    nl: ForeignNode,
) -> None:
    raw = nl.sign(nl.envelope(type="error"))
    first = inbox.receive(raw)
    assert first.status == 422 and first.error is not None
    assert first.error.value == "invalid_content"
    message = Message.objects.get()
    assert message.status == MessageStatus.REFUSED.value and message.applied_at is None
    assert message.last_error == "payload.code: is not a known error code"
    assert _receipt(first)["error"]["detail"] == "payload.code: is not a known error code"
    again = inbox.receive(raw)
    assert again.receipt == first.receipt and Message.objects.count() == 1


def test_a_request_gets_its_due_date_in_the_receiving_states_working_days(
    nl: ForeignNode,
) -> None:
    inbox.receive(nl.sign(nl.envelope(type="record_request")))
    message = Message.objects.get()
    assert message.due_date is not None
    assert message.due_date > message.received_at.date() + dt.timedelta(days=11)
    assert message.deadline() is DeadlineState.ON_TIME  # not yet due


def test_rotation_keeps_old_receipts_verifiable(
    nl: ForeignNode, django_capture_on_commit_callbacks: Any
) -> None:
    old = inbox.receive(nl.sign(nl.envelope()))
    old_kid = signing.split(old.receipt or "").kid
    with django_capture_on_commit_callbacks(execute=True):
        new_row = node.rotate_key(actor=None)
    assert new_row.kid != old_kid
    assert {k["kid"] for k in node.jwks()["keys"]} == {old_kid, new_row.kid}
    assert _receipt(old)["status"] == "accepted"  # the retired key still verifies
    fresh = inbox.receive(nl.sign(nl.envelope()))
    assert signing.split(fresh.receipt or "").kid == new_row.kid
    assert not (node.key_dir() / f"{old_kid}.pem").exists()


def test_a_peer_that_rotated_is_verified_with_old_and_new_keys(nl: ForeignNode) -> None:
    old_raw = nl.sign(nl.envelope())
    rotated = ForeignNode("NL")
    intro = nl.introduction()
    intro["jwks"] = {"keys": rotated.jwks()["keys"] + nl.jwks()["keys"]}
    directory.add_peer(actor=None, introduction=intro)
    assert inbox.receive(rotated.sign(rotated.envelope())).status == 200
    assert inbox.receive(old_raw).status == 200
    assert Message.objects.count() == 2


def test_messages_posted_together_are_each_taken_as_if_posted_alone(nl: ForeignNode) -> None:
    earlier = nl.sign(nl.envelope())
    first = inbox.receive(earlier)
    new = nl.sign(nl.envelope())
    refused = nl.sign(nl.envelope(type="error"))  # its handler refuses it
    tampered = _tamper(nl.sign(nl.envelope()))
    answer = inbox.receive_batch(json.dumps([new, earlier, refused, tampered]))
    assert isinstance(answer, inbox.BatchAnswer) and answer.status == 200
    statuses = [a["status"] for a in answer.body()["answers"]]
    assert statuses == [200, 200, 422, 401]
    new_answer, again, invalid, bad = answer.answers
    assert _receipt(new_answer)["for_digest"] == signing.sha256(new)
    assert again.receipt == first.receipt  # the same receipt as when posted alone
    assert invalid.error is not None and invalid.error.value == "invalid_content"
    assert bad.error is not None and bad.error.value == "bad_signature"
    # Each in its own transaction: the refused one undid nothing of the others.
    stored = dict(Message.objects.values_list("raw", "status"))
    assert stored == {
        earlier: MessageStatus.APPLIED.value,
        new: MessageStatus.APPLIED.value,
        refused: MessageStatus.REFUSED.value,
    }
    assert len(applied) == 2
    rows = AuditEvent.objects.filter(action="refuse_exchange_message").order_by("seq")
    said = [(r.after or {}).get("code") or (r.after or {}).get("detail") for r in rows]
    assert said == ["payload.code: is not a known error code", "bad_signature"]


@pytest.mark.parametrize(
    "body",
    ["not json", "[]", '{"messages": []}', "[1, 2]", json.dumps(["x"] * (inbox.MAX_BATCH + 1))],
    ids=["not JSON", "empty", "not a list", "not strings", "too many"],
)
def test_a_post_that_is_not_a_list_of_messages_is_refused_and_audited(
    nl: ForeignNode, body: str
) -> None:
    answer = inbox.receive_batch(body)
    assert isinstance(answer, inbox.Answer) and answer.status == 400
    assert answer.error is not None and answer.error.value == "malformed"
    assert answer.detail.startswith("body: must be a JSON list")
    assert not Message.objects.exists() and not applied
    assert _refusals() == ["malformed"]


def test_the_same_message_twice_in_one_post_is_stored_once_and_receipted_the_same(
    nl: ForeignNode,
) -> None:
    inbox._HANDLERS.pop(MessageType.ACKNOWLEDGEMENT)  # stored with no handler, no savepoint
    raw = nl.sign(nl.envelope())
    answer = inbox.receive_batch(json.dumps([raw, raw]))
    assert isinstance(answer, inbox.BatchAnswer)
    first, second = answer.answers
    assert first.status == second.status == 200 and first.receipt == second.receipt
    assert Message.objects.get().raw == raw
    rows = AuditEvent.objects.filter(action="receive_exchange_message")
    assert rows.count() == 1 and rows.get().after["message_id"] == Message.objects.get().message_id


def test_a_message_the_database_refuses_does_not_hold_up_the_rest_of_its_post(
    nl: ForeignNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DataError

    from fourpillars.db import sql_rows

    inbox._HANDLERS.pop(MessageType.ACKNOWLEDGEMENT)
    poison = nl.envelope()
    real = sql_rows.insert_new

    def insert_new(obj: Any) -> bool:
        if getattr(obj, "message_id", None) == poison["message_id"]:
            raise DataError("cannot store this")
        return real(obj)

    monkeypatch.setattr(sql_rows, "insert_new", insert_new)
    good = [nl.sign(nl.envelope()) for _ in range(2)]
    answer = inbox.receive_batch(json.dumps([good[0], nl.sign(poison), good[1]]))
    assert isinstance(answer, inbox.BatchAnswer)
    assert [a.status for a in answer.answers] == [200, 500, 200]
    assert answer.body()["answers"][1]["accepted"] is False  # the sender tries it again
    assert sorted(Message.objects.values_list("raw", flat=True)) == sorted(good)
    assert AuditEvent.objects.filter(action="receive_exchange_message").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_signing_key_is_read_once_a_second_and_a_rotation_anywhere_is_seen_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from fourpillars.exchange.models import NodeKey

    first = node.signer()
    with CaptureQueriesContext(connection) as queries:
        assert node.signer().kid == first.kid
    assert len(queries) == 0  # read a moment ago, its private file still there
    # Another process rotates: the key retired, its private file deleted at commit.
    NodeKey.objects.filter(kid=first.kid).update(retired_at=timezone.now())
    (node.key_dir() / f"{first.kid}.pem").unlink()
    second = node.signer()
    assert second.kid != first.kid and node.own_key(second.kid) is not None
    # This process rotates: seen at its commit.
    third = node.rotate_key(actor=None)
    assert node.signer().kid == third.kid
    # And whatever happened, read again after SIGNER_SECONDS.
    monkeypatch.setattr(node, "SIGNER_SECONDS", 0.0)
    with CaptureQueriesContext(connection) as queries:
        assert node.signer().kid == third.kid
    assert len(queries) == 1
