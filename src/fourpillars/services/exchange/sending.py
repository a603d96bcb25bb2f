"""Sending the exchange outbox (decision 0020): at least once, applied once by the receiver.

Due messages are claimed by a lease (``claimed_until``), taken with ``SELECT ... FOR UPDATE
SKIP LOCKED`` where the database has it (PostgreSQL) and by a conditional update everywhere,
so two workers never post the same message at once. The exact JWS signed at enqueue time is
posted (a retry never re-signs or re-numbers; as e-CODEX does). The answer's signed receipt is
verified with the peer's key from the directory and kept: accepted, the message is delivered;
refused with a final reason, it failed with the peer's reason; anything else (no answer, a
server error, a receipt that does not verify, a refusal the peer may lift) is tried again after
an exponential backoff with jitter, until ``FOURPILLARS_EXCHANGE_MAX_ATTEMPTS`` make it a dead
letter the operator can send again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from fourpillars.db import sql_rows
from fourpillars.domain.audit import Operation
from fourpillars.domain.exchange.transport import (
    Direction,
    MessageStatus,
    PeerStatus,
    Refusal,
    backoff,
)
from fourpillars.exchange.models import Message, PeerKey
from fourpillars.services import audit

from . import signing

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)
BATCH = 100
MAX_POST_BYTES = 1024 * 1024  # half what an inbox takes in one post (its MAX_BODY: 2 MiB)
SPREAD_FROM = 5  # a peer's messages go to several posts at once only from this many a post
# Refusals a peer may lift (it adds us to its directory, learns our new key, reactivates us):
# tried again. Every other refusal is final.
RETRYABLE = {Refusal.UNKNOWN_SENDER, Refusal.UNKNOWN_KEY, Refusal.SUSPENDED}


@dataclass
class SendResult:
    delivered: int = 0
    failed: int = 0
    retried: int = 0
    dead: int = 0
    claimed: int = 0  # a full batch (BATCH) means more may be due: the task goes round again
    errors: list[str] = field(default_factory=list)


def _due(now: dt.datetime) -> QuerySet[Message]:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return Message.objects.filter(
        free,
        direction=Direction.OUT.value,
        status=MessageStatus.QUEUED.value,
        next_attempt_at__lte=now,
    )


def claim(limit: int = BATCH, now: dt.datetime | None = None) -> list[int]:
    """Lease up to ``limit`` due messages to this worker, oldest first; the ids taken.

    The candidates are locked as they are read where the database can skip rows another
    worker holds (PostgreSQL); one conditional UPDATE then takes those still due, so a row
    another worker took meanwhile (SQLite, which has no row locks) is not taken twice."""
    now = now or timezone.now()
    until = now + LEASE
    with transaction.atomic():
        qs = _due(now).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        pks = list(qs.values_list("pk", flat=True)[:limit])
        if not pks:
            return []
        taken = _due(now).filter(pk__in=pks).update(claimed_until=until, attempts=F("attempts") + 1)
        if taken == len(pks):
            return pks
        return list(  # some went to another worker: ours are those leased until our time
            Message.objects.filter(pk__in=pks, claimed_until=until).values_list("pk", flat=True)
        )


@dataclass(frozen=True)
class Outcome:
    """How one attempt ended: delivered, refused for good, or to be tried again."""

    status: MessageStatus
    receipt: str = ""
    error: str = ""


Answered = tuple[dict[str, Any], int]  # (the JSON answer, the HTTP status)


def client() -> httpx.Client:
    """The HTTP client of one sending round (connections kept open across its messages; safe
    to share between the round's posting threads)."""
    return httpx.Client(
        timeout=settings.FOURPILLARS_EXCHANGE_TIMEOUT, headers={"Accept": "application/json"}
    )


JOSE = {"Content-Type": "application/jose"}
JSON = {"Content-Type": "application/json"}


def post(message: Message, http: httpx.Client) -> Outcome:
    """Post the stored JWS to the peer's inbox and read its answer."""
    answered = exchange(message, http)
    return answered if isinstance(answered, Outcome) else read_answer(message, *answered)


def _held(message: Message) -> Outcome | None:
    peer = message.peer
    if peer is None or peer.status != PeerStatus.ACTIVE.value:
        return Outcome(MessageStatus.QUEUED, error="the peer is suspended in our directory")
    return None


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def exchange(message: Message, http: httpx.Client) -> Outcome | Answered:
    """The HTTP half of ``post``: the peer's JSON answer and HTTP status, or the outcome when
    there is none. No database here (``message.peer`` is read with the message), so several
    run at once in threads."""
    held = _held(message)
    if held is not None:
        return held
    assert message.peer is not None
    url = message.peer.inbox_url
    try:
        response = http.post(url, content=message.raw.encode("ascii"), headers=JOSE)
    except httpx.HTTPError as exc:
        return Outcome(MessageStatus.QUEUED, error=f"no answer from {url}: {exc}")
    body = _json(response)
    if not isinstance(body, dict):
        return Outcome(MessageStatus.QUEUED, error=f"HTTP {response.status_code}, not JSON")
    return body, response.status_code


def exchange_many(messages: list[Message], http: httpx.Client) -> list[Outcome | Answered]:
    """Several messages to one peer in one post (a JSON list of the JWS, decision 0026): each
    one's answer, as ``exchange`` gives it. A peer that reads only one message a post (it
    answers the list as a malformed message) gets them one by one."""
    if len(messages) == 1:
        return [exchange(messages[0], http)]
    held = _held(messages[0])
    if held is not None:
        return [held] * len(messages)
    assert messages[0].peer is not None
    url = messages[0].peer.inbox_url
    body = json.dumps([m.raw for m in messages]).encode("ascii")
    try:
        response = http.post(url, content=body, headers=JSON)
    except httpx.HTTPError as exc:
        return [Outcome(MessageStatus.QUEUED, error=f"no answer from {url}: {exc}")] * len(messages)
    data = _json(response)
    answers = data.get("answers") if isinstance(data, dict) else None
    if isinstance(answers, list) and len(answers) == len(messages):
        return [_one(answer, response.status_code) for answer in answers]
    if isinstance(data, dict) and response.status_code == 400:  # a peer of one message a post
        return [exchange(m, http) for m in messages]
    said = f"HTTP {response.status_code}, no answer for each message"
    return [Outcome(MessageStatus.QUEUED, error=said)] * len(messages)


def _one(answer: object, http_status: int) -> Outcome | Answered:
    if not isinstance(answer, dict):
        return Outcome(MessageStatus.QUEUED, error=f"HTTP {http_status}, an answer not JSON")
    status = answer.get("status")
    return answer, status if isinstance(status, int) else http_status


Keys = dict[tuple[int, str], dict[str, Any]]  # (peer id, kid) -> public JWK


def peer_keys(messages: list[Message]) -> Keys:
    """The public keys of the peers ``messages`` go to, read once for a sending round."""
    peers = {m.peer_id for m in messages if m.peer_id is not None}
    rows = PeerKey.objects.filter(peer_id__in=peers).values_list("peer_id", "kid", "public_jwk")
    return {(peer, kid): jwk for peer, kid, jwk in rows}


def verify_receipt(
    message: Message, receipt: str, keys: Keys | None = None
) -> dict[str, Any] | None:
    """The receipt's content if the peer signed it with a key in our directory and it answers
    exactly this message (its id and the SHA-256 of the bytes sent); else None. ``keys``: the
    round's keys (``peer_keys``), else read from the directory."""
    try:
        unverified = signing.split(receipt)
    except signing.BadJws:
        return None
    if message.peer_id is None:
        return None
    if keys is None:
        keys = peer_keys([message])
    jwk = keys.get((message.peer_id, unverified.kid))
    try:
        if jwk is None or not signing.verify(receipt, signing.import_public(jwk)):
            return None
    except signing.BadJws:
        return None
    data = unverified.payload
    if data.get("for_message_id") != message.message_id:
        return None
    if data.get("for_digest") != message.raw_sha256:
        return None
    return data


def read_answer(
    message: Message, body: dict[str, Any], http_status: int, keys: Keys | None = None
) -> Outcome:
    """Delivered on a verified accepting receipt; failed on a verified final refusal; else
    tried again."""
    receipt = body.get("receipt")
    data = verify_receipt(message, receipt, keys) if isinstance(receipt, str) else None
    error: dict[str, Any] = body["error"] if isinstance(body.get("error"), dict) else {}
    said = f"{error.get('code', '')}: {error.get('message', '')} {error.get('detail', '')}"
    if data is None:
        return Outcome(
            MessageStatus.QUEUED, error=f"HTTP {http_status}, no verified receipt; {said}"
        )
    if data.get("status") == "accepted":
        return Outcome(MessageStatus.DELIVERED, receipt=str(receipt))
    refusal: dict[str, Any] = data["error"] if isinstance(data.get("error"), dict) else {}
    code = str(refusal.get("code", ""))
    reason = f"{code}: {refusal.get('message', '')} {refusal.get('detail', '')}".strip()
    if code in {r.value for r in RETRYABLE}:
        return Outcome(MessageStatus.QUEUED, receipt=str(receipt), error=reason)
    return Outcome(MessageStatus.FAILED, receipt=str(receipt), error=reason)


_COUNTERS = {
    MessageStatus.QUEUED: "retried",
    MessageStatus.DELIVERED: "delivered",
    MessageStatus.FAILED: "failed",
    MessageStatus.DEAD: "dead",
}


def _fields(message: Message, outcome: Outcome, now: dt.datetime) -> dict[str, Any]:
    """The row's new fields after ``outcome``: delivered, failed, a dead letter after the last
    attempt, or queued again after a backoff."""
    fields: dict[str, Any] = {"claimed_until": None, "last_error": outcome.error[:2000]}
    if outcome.receipt:
        fields.update(receipt=outcome.receipt, receipt_verified=True)
    status = outcome.status
    if status is MessageStatus.QUEUED:
        if message.attempts >= settings.FOURPILLARS_EXCHANGE_MAX_ATTEMPTS:
            status = MessageStatus.DEAD
        else:
            base = dt.timedelta(seconds=settings.FOURPILLARS_EXCHANGE_BACKOFF_BASE)
            cap = dt.timedelta(seconds=settings.FOURPILLARS_EXCHANGE_BACKOFF_CAP)
            fields["next_attempt_at"] = now + backoff(message.attempts, base, cap)
    if status is not MessageStatus.QUEUED:
        fields.update(received_at=now, next_attempt_at=None)
    fields["status"] = status
    return fields


def _record(
    done: list[tuple[Message, Outcome]], result: SendResult, now: dt.datetime | None = None
) -> None:
    """Record the outcomes of one post in one transaction: each row's new state, then the
    disclosure audit rows of the messages delivered, failed or dead, appended together (the
    audit chain's head taken once, and last)."""
    now = now or timezone.now()
    changes = [(message, outcome, _fields(message, outcome, now)) for message, outcome in done]
    disclosed = [
        audit.entry(
            actor=None,
            operation=Operation.DISCLOSURE,
            action=f"exchange_message_{fields['status'].value}",
            target=audit.Target(
                "exchange_message", str(message.pk), message.case_id, message.person_id
            ),
            recipients=[message.receiver],
            after={"message_id": message.message_id, "error": outcome.error[:300]},
        )
        for message, outcome, fields in changes
        if fields["status"] is not MessageStatus.QUEUED
    ]
    with transaction.atomic():
        sql_rows.update_each(
            Message,
            [(m.pk, {**fields, "status": fields["status"].value}) for m, _, fields in changes],
        )
        audit.append(disclosed)
    for message, outcome, fields in changes:
        counter = _COUNTERS[fields["status"]]
        setattr(result, counter, getattr(result, counter) + 1)
        if outcome.error:
            result.errors.append(f"{message.message_id}: {outcome.error}")


def _exchange_safely(messages: list[Message], http: httpx.Client) -> list[Outcome | Answered]:
    try:
        return exchange_many(messages, http)
    except Exception as exc:  # never leave a claimed row without its outcome
        log.exception("exchange messages %s: sending failed", messages[0].message_id)
        return [Outcome(MessageStatus.QUEUED, error=f"sending failed: {exc}")] * len(messages)


def _read_safely(message: Message, answered: Outcome | Answered, keys: Keys) -> Outcome:
    if isinstance(answered, Outcome):
        return answered
    try:
        return read_answer(message, *answered, keys=keys)
    except Exception as exc:
        log.exception("exchange message %s: reading the answer failed", message.message_id)
        return Outcome(MessageStatus.QUEUED, error=f"sending failed: {exc}")


def posts(messages: list[Message]) -> list[list[Message]]:
    """The posts of a round: each peer's messages together, up to
    ``FOURPILLARS_EXCHANGE_PER_POST`` and ``MAX_POST_BYTES`` in one post; a peer's many
    messages spread over ``FOURPILLARS_EXCHANGE_POSTERS`` posts, but not fewer than
    ``SPREAD_FROM`` a post (a peer's inbox applies the messages of one post one after
    another, several posts at once on its other workers; but each post costs both nodes a
    request, a transaction and a claim of the audit chain; decision 0026)."""
    by_peer: dict[int | None, list[Message]] = {}
    for message in messages:
        by_peer.setdefault(message.peer_id, []).append(message)
    found = []
    for mine in by_peer.values():
        spread = -(-len(mine) // settings.FOURPILLARS_EXCHANGE_POSTERS)  # rounded up
        per_post = max(1, min(settings.FOURPILLARS_EXCHANGE_PER_POST, max(SPREAD_FROM, spread)))
        chunk: list[Message] = []
        size = 0
        for message in mine:
            if chunk and (len(chunk) >= per_post or size + len(message.raw) > MAX_POST_BYTES):
                found.append(chunk)
                chunk, size = [], 0
            chunk.append(message)
            size += len(message.raw)
        found.append(chunk)
    return found


def send_due(limit: int = BATCH) -> SendResult:
    """Claim and post up to ``limit`` due messages; how each attempt ended.

    Each peer's messages go several to a post, the posts ``FOURPILLARS_EXCHANGE_POSTERS`` at
    a time in threads (each waits on a peer, none touches the database); the answers of each
    post are read and recorded here as that post returns, so a slow peer holds up only its
    own messages (decisions 0025, 0026)."""
    result = SendResult()
    pks = claim(limit)
    if not pks:
        return result
    todo = list(Message.objects.select_related("peer").filter(pk__in=pks).order_by("id"))
    result.claimed = len(todo)
    keys = peer_keys(todo)
    batches = posts(todo)
    posters = min(settings.FOURPILLARS_EXCHANGE_POSTERS, len(batches))
    with client() as http:
        if posters > 1:
            with ThreadPoolExecutor(posters, thread_name_prefix="exchange-post") as pool:
                running = {pool.submit(_exchange_safely, b, http): b for b in batches}
                for future in as_completed(running):
                    _settle(running[future], future.result(), keys, result)
        else:
            for batch in batches:
                _settle(batch, _exchange_safely(batch, http), keys, result)
    return result


def _settle(
    batch: list[Message], answers: list[Outcome | Answered], keys: Keys, result: SendResult
) -> None:
    done = [(m, _read_safely(m, a, keys)) for m, a in zip(batch, answers, strict=True)]
    _record(done, result)


def next_due() -> dt.datetime | None:
    """When the next queued message is due (for the worker's tick)."""
    return (
        Message.objects.filter(direction=Direction.OUT.value, status=MessageStatus.QUEUED.value)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
