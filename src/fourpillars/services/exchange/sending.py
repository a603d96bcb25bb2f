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
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

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
    """Lease up to ``limit`` due messages to this worker, oldest first; the ids taken."""
    now = now or timezone.now()
    until = now + LEASE
    with transaction.atomic():
        qs = _due(now).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        pks = list(qs.values_list("pk", flat=True)[:limit])
        taken = []
        for pk in pks:  # a conditional update per row: only one worker wins it
            if _due(now).filter(pk=pk).update(claimed_until=until, attempts=F("attempts") + 1):
                taken.append(pk)
    return taken


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
        timeout=settings.FOURPILLARS_EXCHANGE_TIMEOUT,
        headers={"Content-Type": "application/jose", "Accept": "application/json"},
    )


def post(message: Message, http: httpx.Client) -> Outcome:
    """Post the stored JWS to the peer's inbox and read its answer."""
    answered = exchange(message, http)
    return answered if isinstance(answered, Outcome) else read_answer(message, *answered)


def exchange(message: Message, http: httpx.Client) -> Outcome | Answered:
    """The HTTP half of ``post``: the peer's JSON answer and HTTP status, or the outcome when
    there is none. No database here (``message.peer`` is read with the message), so several
    run at once in threads."""
    peer = message.peer
    if peer is None or peer.status != PeerStatus.ACTIVE.value:
        return Outcome(MessageStatus.QUEUED, error="the peer is suspended in our directory")
    try:
        response = http.post(peer.inbox_url, content=message.raw.encode("ascii"))
    except httpx.HTTPError as exc:
        return Outcome(MessageStatus.QUEUED, error=f"no answer from {peer.inbox_url}: {exc}")
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return Outcome(MessageStatus.QUEUED, error=f"HTTP {response.status_code}, not JSON")
    return body, response.status_code


def verify_receipt(message: Message, receipt: str) -> dict[str, Any] | None:
    """The receipt's content if the peer signed it with a key in our directory and it answers
    exactly this message (its id and the SHA-256 of the bytes sent); else None."""
    try:
        unverified = signing.split(receipt)
    except signing.BadJws:
        return None
    key = (
        PeerKey.objects.filter(peer=message.peer, kid=unverified.kid).first()
        if message.peer is not None
        else None
    )
    if key is None or not signing.verify(receipt, signing.import_public(key.public_jwk)):
        return None
    data = unverified.payload
    if data.get("for_message_id") != message.message_id:
        return None
    if data.get("for_digest") != message.raw_sha256:
        return None
    return data


def read_answer(message: Message, body: dict[str, Any], http_status: int) -> Outcome:
    """Delivered on a verified accepting receipt; failed on a verified final refusal; else
    tried again."""
    receipt = body.get("receipt")
    data = verify_receipt(message, receipt) if isinstance(receipt, str) else None
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


def _record(message: Message, outcome: Outcome, result: SendResult) -> None:
    now = timezone.now()
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
    fields["status"] = status.value
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(**fields)
        if status is not MessageStatus.QUEUED:
            audit.record(
                actor=None,
                operation=Operation.DISCLOSURE,
                action=f"exchange_message_{status.value}",
                target=audit.Target(
                    "exchange_message", str(message.pk), message.case_id, message.person_id
                ),
                recipients=[message.receiver],
                after={"message_id": message.message_id, "error": outcome.error[:300]},
            )
    counter = {
        MessageStatus.QUEUED: "retried",
        MessageStatus.DELIVERED: "delivered",
        MessageStatus.FAILED: "failed",
        MessageStatus.DEAD: "dead",
    }[status]
    setattr(result, counter, getattr(result, counter) + 1)
    if outcome.error:
        result.errors.append(f"{message.message_id}: {outcome.error}")


def _exchange_safely(message: Message, http: httpx.Client) -> Outcome | Answered:
    try:
        return exchange(message, http)
    except Exception as exc:  # never leave a claimed row without its outcome
        log.exception("exchange message %s: sending failed", message.message_id)
        return Outcome(MessageStatus.QUEUED, error=f"sending failed: {exc}")


def send_due(limit: int = BATCH) -> SendResult:
    """Claim and post up to ``limit`` due messages; how each attempt ended.

    The posts of a batch run ``FOURPILLARS_EXCHANGE_POSTERS`` at a time (threads: each waits
    on a peer, none touches the database); the answers are read and recorded here, one by one
    (decision 0025)."""
    result = SendResult()
    pks = claim(limit)
    if not pks:
        return result
    todo = list(Message.objects.select_related("peer").filter(pk__in=pks).order_by("id"))
    result.claimed = len(todo)
    posters = min(settings.FOURPILLARS_EXCHANGE_POSTERS, len(todo))
    with client() as http:
        if posters > 1:
            with ThreadPoolExecutor(posters, thread_name_prefix="exchange-post") as pool:
                answers = list(pool.map(lambda m: _exchange_safely(m, http), todo))
        else:
            answers = [_exchange_safely(m, http) for m in todo]
    for message, answered in zip(todo, answers, strict=True):
        try:
            outcome = answered if isinstance(answered, Outcome) else read_answer(message, *answered)
        except Exception as exc:
            log.exception("exchange message %s: reading the answer failed", message.message_id)
            outcome = Outcome(MessageStatus.QUEUED, error=f"sending failed: {exc}")
        _record(message, outcome, result)
    return result


def next_due() -> dt.datetime | None:
    """When the next queued message is due (for the worker's tick)."""
    return (
        Message.objects.filter(direction=Direction.OUT.value, status=MessageStatus.QUEUED.value)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
