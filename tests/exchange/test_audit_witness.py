"""Peer nodes as witnesses of each other's audit trail (decision 0027): a checkpoint goes to
every peer through the outbox; a peer keeps a checkpoint its sender signed, refuses a second
history or a shrinking count, and gives what it holds back on a signed request; verify-audit
asks each peer and so catches a rewrite even when the local checkpoint file is gone too."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Operation
from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.domain.exchange.transport import MessageStatus
from fourpillars.exchange.models import Message, Peer, WitnessedCheckpoint
from fourpillars.services import audit, checkpoints
from fourpillars.services.checkpoints import witnesses
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, inbox, node, signing
from tests.tamper import cut_and_move_head, rewrite_and_rechain

from .nodes import ForeignNode

pytestmark = pytest.mark.django_db


def _nl_checkpoint(nl: ForeignNode, seq: int, count: int, **over: Any) -> str:
    data = {
        "type": "audit_checkpoint",
        "node": "NL",
        "seq": seq,
        "count": count,
        "head": hashlib.sha256(f"{count}".encode()).hexdigest(),
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    data.update(over)
    return nl.sign(data)


def _send(nl: ForeignNode, jws: str) -> inbox.Answer:
    envelope = nl.envelope(
        type="audit_checkpoint", purpose="other_lawful_purpose", payload={"checkpoint": jws}
    )
    return inbox.receive(nl.sign(envelope))


def _witnessed() -> list[tuple[int, int]]:
    return list(WitnessedCheckpoint.objects.values_list("seq", "count"))


def test_a_checkpoint_goes_to_every_peer_through_the_outbox(nl: ForeignNode, db: None) -> None:
    made = checkpoints.make_checkpoint()
    assert made is not None and made.witnesses == ["sent to witness NL"]
    message = Message.objects.get(direction="out", type=MessageType.AUDIT_CHECKPOINT.value)
    assert message.receiver == "NL" and message.status == MessageStatus.QUEUED.value
    assert message.payload == {"checkpoint": made.jws}


def test_a_peer_is_no_witness_when_the_setting_says_so(nl: ForeignNode, settings: Any) -> None:
    settings.FOURPILLARS_AUDIT_WITNESS_PEERS = False
    made = checkpoints.make_checkpoint()
    assert made is not None and made.witnesses == []
    assert not Message.objects.filter(type=MessageType.AUDIT_CHECKPOINT.value).exists()


def test_a_peers_checkpoint_is_kept_once(nl: ForeignNode) -> None:
    jws = _nl_checkpoint(nl, 1, 10)
    first = _send(nl, jws)
    assert first.status == 200 and first.error is None and first.receipt is not None
    # The receipt, signed by this node, countersigns the message that carried the checkpoint.
    receipt = signing.split(first.receipt)
    key = node.own_key(receipt.kid)
    assert key is not None and signing.verify(first.receipt, key)
    carried = Message.objects.get(direction="in", type=MessageType.AUDIT_CHECKPOINT.value)
    assert receipt.payload["for_digest"] == carried.raw_sha256
    assert _send(nl, jws).status == 200  # sent again (another message): nothing new
    assert _witnessed() == [(1, 10)]
    kept = WitnessedCheckpoint.objects.get()
    assert kept.jws == jws and kept.peer.country == "NL" and kept.message is not None


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("another history", "another checkpoint 1 of NL is held already"),
        ("fewer rows", "fewer rows than an earlier checkpoint"),
        ("foreign key", "not signed by a key of NL"),
        ("someone else's", "a checkpoint of LV, sent by NL"),
        ("not a checkpoint", "payload.checkpoint.count"),
    ],
)
def test_a_peers_checkpoint_that_does_not_fit_is_refused(
    nl: ForeignNode, case: str, says: str
) -> None:
    _send(nl, _nl_checkpoint(nl, 1, 10))
    _send(nl, _nl_checkpoint(nl, 2, 20))
    bad = {
        "another history": lambda: _nl_checkpoint(nl, 1, 11),
        "fewer rows": lambda: _nl_checkpoint(nl, 3, 15),
        "foreign key": lambda: _nl_checkpoint(ForeignNode("NL"), 3, 30),
        "someone else's": lambda: _nl_checkpoint(nl, 3, 30, node="LV"),
        "not a checkpoint": lambda: _nl_checkpoint(nl, 3, "thirty"),
    }[case]()
    answer = _send(nl, bad)
    assert answer.status == 422 and says in answer.detail, answer.detail
    assert _witnessed() == [(1, 10), (2, 20)]


def _ask(nl: ForeignNode, **over: Any) -> tuple[str, Any]:
    request = {
        "type": "audit_checkpoints_request",
        "node": "NL",
        "witness": "GB",
        "created": timezone.now().isoformat(),
        "nonce": "n1",
    }
    request.update(over)
    raw = nl.sign(request)
    return raw, Client().post("/exchange/checkpoints/", data=raw, content_type="application/jose")


def test_a_peer_gets_back_what_is_held_for_it_signed_and_bound_to_its_request(
    nl: ForeignNode,
) -> None:
    held = [_nl_checkpoint(nl, 1, 10), _nl_checkpoint(nl, 2, 20)]
    for jws in held:
        _send(nl, jws)
    raw, response = _ask(nl)
    assert response.status_code == 200
    answer = response.json()["answer"]
    unverified = signing.split(answer)
    key = node.own_key(unverified.kid)
    assert key is not None and signing.verify(answer, key)
    assert unverified.payload["checkpoints"] == held
    assert unverified.payload["for_request"] == signing.sha256(raw)
    assert AuditEvent.objects.filter(action="give_witnessed_checkpoints").count() == 1


@pytest.mark.parametrize(
    ("over", "status"),
    [
        ({"node": "LV"}, 403),
        ({"witness": "FR"}, 421),
        ({"created": (timezone.now() - dt.timedelta(minutes=10)).isoformat()}, 422),
        ({"type": "something_else"}, 400),
    ],
)
def test_a_request_for_checkpoints_that_cannot_be_trusted_is_refused(
    nl: ForeignNode, over: dict[str, str], status: int
) -> None:
    _send(nl, _nl_checkpoint(nl, 1, 10))
    _, response = _ask(nl, **over)
    assert response.status_code == status and "answer" not in response.json()


def test_a_request_signed_by_another_key_is_refused(nl: ForeignNode) -> None:
    stranger = ForeignNode("NL")
    raw = stranger.sign(
        {"type": "audit_checkpoints_request", "node": "NL", "witness": "GB", "created": "x"}
    )
    response = Client().post("/exchange/checkpoints/", data=raw, content_type="application/jose")
    assert response.status_code == 403  # its key id is not one of NL's


class FakeWitness:
    """The Netherlands' node as this node's HTTP client sees it when asking for the
    checkpoints it holds: answers signed with the Dutch key (or not at all)."""

    def __init__(self, peer: ForeignNode) -> None:
        self.peer = peer
        self.held: list[str] = []
        self.mode = "answer"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.mode == "down":
            raise httpx.ConnectError("connection refused")
        raw = request.content.decode()
        asked = signing.split(raw).payload
        answer = self.peer.sign(
            {
                "type": "audit_checkpoints",
                "node": asked["node"],
                "witness": "NL",
                "for_request": "an old request" if self.mode == "replay" else signing.sha256(raw),
                "issued_at": timezone.now().isoformat(),
                "checkpoints": self.held,
            }
        )
        return httpx.Response(200, json={"answer": answer})


@pytest.fixture
def witness(nl: ForeignNode, monkeypatch: pytest.MonkeyPatch) -> FakeWitness:
    fake = FakeWitness(nl)
    transport = httpx.MockTransport(fake)
    monkeypatch.setattr(witnesses, "client", lambda: httpx.Client(transport=transport))
    return fake


def _reads(n: int) -> None:
    for _ in range(n):
        with transaction.atomic():
            audit.record(
                actor=None,
                operation=Operation.CONSULTATION,
                action="view_case",
                target=audit.Target("case", "1"),
            )


def test_verify_asks_the_peer_and_catches_a_rewrite_with_the_local_file_gone(
    witness: FakeWitness,
) -> None:
    _reads(20)
    made = checkpoints.make_checkpoint()
    assert made is not None
    witness.held = [made.jws]  # what the Dutch node kept from our message
    assert checkpoints.check_trail().sources == {
        "the local checkpoint file": 1,
        "witness NL": 1,
    }
    checkpoints.checkpoint_file().unlink()
    rewrite_and_rechain(5)
    check = checkpoints.check_trail()
    assert any("does not have the hash" in p for p in check.problems), check.problems
    assert any("held by witnesses but missing" in p for p in check.problems)
    assert not checkpoints.check_trail(peers=False).problems  # without the peer: nothing left


@pytest.mark.parametrize(
    ("mode", "note"), [("down", "no answer"), ("replay", "not the answer to this request")]
)
def test_a_witness_not_reached_or_not_believed_is_named_not_failed(
    witness: FakeWitness, mode: str, note: str
) -> None:
    _reads(3)
    made = checkpoints.make_checkpoint()
    assert made is not None
    witness.held, witness.mode = [made.jws], mode
    check = checkpoints.check_trail()
    assert check.ok
    assert any(n.startswith("witness NL was not reached") and note in n for n in check.notes)


def test_asking_a_peer_and_its_answer_meet_end_to_end(settings: Any, db: None) -> None:
    """Both sides in this process, as two nodes sharing one key: this node as the Netherlands
    asks; the answer comes from the real ``POST /exchange/checkpoints/`` view, this node as the
    United Kingdom, which witnessed the Dutch checkpoint."""
    settings.FOURPILLARS_NODE_COUNTRY = "NL"
    _reads(2)
    made = checkpoints.make_checkpoint()
    assert made is not None
    me = node.introduction()
    with request_context("cli"):
        for country, acting in (("NL", "GB"), ("GB", "NL")):  # each knows the other
            settings.FOURPILLARS_NODE_COUNTRY = acting
            directory.add_peer(
                actor=None,
                introduction={
                    **me,
                    "country": country,
                    "inbox_url": f"http://testserver/{country}/exchange/inbox/",
                },
            )
    WitnessedCheckpoint.objects.create(
        peer=Peer.objects.get(country="NL"),
        seq=1,
        count=made.checkpoint.count,
        head=made.checkpoint.head,
        signed_at=made.checkpoint.at,
        jws=made.jws,
    )

    def as_the_witness(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/GB/exchange/checkpoints/"
        settings.FOURPILLARS_NODE_COUNTRY = "GB"
        try:
            answer = Client().post(
                "/exchange/checkpoints/", data=request.content, content_type="application/jose"
            )
        finally:
            settings.FOURPILLARS_NODE_COUNTRY = "NL"
        return httpx.Response(answer.status_code, content=answer.content)

    with httpx.Client(transport=httpx.MockTransport(as_the_witness)) as http:
        held = witnesses.ask_peer(Peer.objects.get(country="GB"), http)
    assert held == [made.jws]


# --- restore markers (a node restored an older backup) ---------------------------------------


def _nl_marker(nl: ForeignNode, seq: int, count: int, supersedes: tuple[int, int]) -> str:
    before_seq, before_count = supersedes
    return nl.sign(
        {
            "type": "audit_restore",
            "node": "NL",
            "seq": seq,
            "count": count,
            "head": hashlib.sha256(f"{count}".encode()).hexdigest(),
            "at": timezone.now().isoformat(timespec="seconds"),
            "supersedes": {
                "seq": before_seq,
                "count": before_count,
                "head": hashlib.sha256(f"{before_count}".encode()).hexdigest(),
            },
            "backup": {"file": "nightly.backup", "time": None},
            "reason": "disk failed; restored the nightly backup",
        }
    )


def _restored_older_backup(tmp_path: Path) -> tuple[checkpoints.Made, checkpoints.Made]:
    """Checkpoint 1, more rows, checkpoint 2, the log restored to checkpoint 1 and the restore
    marked: (checkpoint 1, the marker)."""
    _reads(4)
    first = checkpoints.make_checkpoint()
    assert first is not None
    _reads(5)
    checkpoints.make_checkpoint()
    cut_and_move_head(first.checkpoint.count)
    backup = tmp_path / "nightly.backup"
    backup.write_bytes(b"PGDMP")
    return first, checkpoints.mark_restore(reason="disk failed", backup=backup)


def test_a_restore_marker_goes_to_every_peer_through_the_outbox(
    nl: ForeignNode, tmp_path: Path
) -> None:
    _, marker = _restored_older_backup(tmp_path)
    assert marker.witnesses == ["sent to witness NL"]
    sent = Message.objects.filter(direction="out", type=MessageType.AUDIT_CHECKPOINT.value)
    assert {"checkpoint": marker.jws} in [m.payload for m in sent]


def test_a_peer_keeps_a_restore_marker_and_counts_on_from_it(nl: ForeignNode) -> None:
    _send(nl, _nl_checkpoint(nl, 1, 10))
    _send(nl, _nl_checkpoint(nl, 2, 20))
    kept = _send(nl, _nl_marker(nl, 3, 15, supersedes=(2, 20)))
    assert kept.status == 200 and kept.error is None, kept.detail
    assert WitnessedCheckpoint.objects.get(seq=3).kind == "audit_restore"
    lower = _send(nl, _nl_checkpoint(nl, 4, 14))
    assert lower.status == 422 and "fewer rows than an earlier checkpoint" in lower.detail
    assert _send(nl, _nl_checkpoint(nl, 4, 16)).status == 200
    assert _witnessed() == [(1, 10), (2, 20), (3, 15), (4, 16)]


@pytest.mark.parametrize("order", ["marker last", "marker first"])
def test_a_peers_restore_marker_that_does_not_follow_what_is_held_is_refused(
    nl: ForeignNode, order: str
) -> None:
    _send(nl, _nl_checkpoint(nl, 1, 10))
    marker = _nl_marker(nl, 3, 15, supersedes=(2, 25))  # names another checkpoint 2
    if order == "marker last":
        _send(nl, _nl_checkpoint(nl, 2, 20))
        answer, says = _send(nl, marker), "it does not supersede checkpoint 2 as held"
    else:  # messages may arrive out of order
        assert _send(nl, marker).status == 200
        answer = _send(nl, _nl_checkpoint(nl, 2, 20))
        says = "the restore marker 3 held supersedes another checkpoint 2"
    assert answer.status == 422 and says in answer.detail, answer.detail


def test_verify_accepts_a_marker_the_peer_holds_and_fails_one_it_does_not(
    witness: FakeWitness, tmp_path: Path
) -> None:
    first, marker = _restored_older_backup(tmp_path)
    local = [
        json.loads(line)["jws"] for line in checkpoints.checkpoint_file().read_text().splitlines()
    ]
    witness.held = local[:2]  # the peer has not received the marker
    check = checkpoints.check_trail()
    assert any(
        "restore marker 3" in p and "held by no witness (asked: witness NL)" in p
        for p in check.problems
    ), check.problems
    witness.held = local
    check = checkpoints.check_trail()
    assert check.ok, check.problems
    assert check.restores[0].startswith(f"rows {first.checkpoint.count + 1} to ")
    assert local[2] == marker.jws
