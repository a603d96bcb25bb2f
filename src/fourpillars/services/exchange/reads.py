"""What the node's operator reads about the exchange (decision 0020): the inbox and outbox
with filters, one message decoded with its signature and receipt checked, and each peer's
health (on-time answers, failures, dead letters). Opening a message's content is a
consultation of personal data: audited ([DPA-2018] s.62).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector
from fourpillars.domain.exchange.deadlines import DeadlineState
from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.domain.exchange.transport import (
    Direction,
    MessageStatus,
    on_time_percentage,
)
from fourpillars.exchange.models import Message, Peer, PeerKey
from fourpillars.services import audit
from fourpillars.services.errors import NotFound
from fourpillars.services.paging import Page, bounds, offset

from . import node, signing
from .operators import require_operator
from .sending import verify_receipt

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


@dataclass(frozen=True)
class MessageFilter:
    """Which messages a list shows; every field optional."""

    direction: str = ""
    status: str = ""
    type: str = ""
    peer: str = ""

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in vars(self).items() if v]
        return " ".join(parts)


def parse_filter(data: Mapping[str, object]) -> MessageFilter:
    """Check the filter fields; DomainValidationError names each bad one."""
    errors = Collector()
    values = {k: str(data.get(k) or "").strip() for k in ("direction", "status", "type", "peer")}
    vocab: dict[str, Any] = {"direction": Direction, "status": MessageStatus, "type": MessageType}
    for name, kind in vocab.items():
        if values[name] and values[name] not in {m.value for m in kind}:
            errors.add(name, "choose one of " + ", ".join(m.value for m in kind))
    values["peer"] = values["peer"].upper()
    if values["peer"] and len(values["peer"]) != 2:
        errors.add("peer", "must be a two-letter country code")
    errors.raise_if_any()
    return MessageFilter(**values)


def messages(*, actor: User | None, flt: MessageFilter) -> QuerySet[Message]:
    """The messages ``flt`` asks for, newest first; operator only."""
    require_operator(actor)
    qs = Message.objects.select_related("peer")
    if flt.direction:
        qs = qs.filter(direction=flt.direction)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.type:
        qs = qs.filter(type=flt.type)
    if flt.peer:
        qs = qs.filter(peer__country=flt.peer)
    return qs.order_by("-created", "-id")


def message_page(
    *, actor: User | None, flt: MessageFilter, page: int = 1, page_size: int = 50
) -> Page[Message]:
    page, page_size = bounds(page, page_size)
    qs = messages(actor=actor, flt=flt)
    start = offset(page, page_size)
    return Page(list(qs[start : start + page_size]), qs.count(), page, page_size)


@dataclass(frozen=True)
class MessageDetail:
    """One message decoded: its envelope and payload, whether its signature verifies against
    the key that signed it, and whether its receipt does."""

    message: Message
    envelope: dict[str, Any]
    signature_ok: bool
    receipt_ok: bool
    receipt: dict[str, Any] | None
    replies: list[Message]


def _signature_ok(message: Message) -> bool:
    if message.direction == Direction.OUT.value:
        key = node.own_key(message.kid)
    else:
        row = PeerKey.objects.filter(peer=message.peer, kid=message.kid).first()
        key = signing.import_public(row.public_jwk) if row else None
    return key is not None and signing.verify(message.raw, key)


def _receipt(message: Message) -> tuple[bool, dict[str, Any] | None]:
    if not message.receipt:
        return False, None
    if message.direction == Direction.OUT.value:
        data = verify_receipt(message, message.receipt)
        return data is not None, data
    unverified = signing.split(message.receipt)
    key = node.own_key(unverified.kid)
    return key is not None and signing.verify(message.receipt, key), unverified.payload


def get_message(pk: object) -> Message:
    try:
        return Message.objects.select_related("peer").get(pk=int(str(pk)))
    except (ValueError, Message.DoesNotExist):
        raise NotFound() from None


def message_detail(*, actor: User | None, pk: object) -> MessageDetail:
    """One message decoded and checked; the consultation is audited."""
    require_operator(actor)
    message = get_message(pk)
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_exchange_message",
            target=audit.Target(
                "exchange_message", str(message.pk), message.case_id, message.person_id
            ),
            legal_basis=message.purpose,
        )
    receipt_ok, receipt = _receipt(message)
    replies = list(Message.objects.filter(in_reply_to=message.message_id).order_by("created", "id"))
    return MessageDetail(
        message=message,
        envelope=signing.split(message.raw).payload,
        signature_ok=_signature_ok(message),
        receipt_ok=receipt_ok,
        receipt=receipt,
        replies=replies,
    )


@dataclass(frozen=True)
class PeerHealth:
    """A peer's record: how many messages each way, delivered, failed and dead, waiting, and
    how often answers to requests came by their due date (both ways)."""

    peer: Peer
    sent: int
    received: int
    delivered: int
    failed: int
    dead: int
    queued: int
    on_time: int | None  # percentage of the peer's answers to our requests on time
    we_on_time: int | None  # percentage of our answers to the peer's requests on time
    last_error: str


def peer_health(*, actor: User | None) -> list[PeerHealth]:
    """Every peer's health, by country; operator only."""
    require_operator(actor)
    today = timezone.localdate()
    counts: Counter[tuple[int | None, str, str]] = Counter()
    deadlines: dict[tuple[int | None, str], list[tuple[DeadlineState, bool]]] = {}
    for m in Message.objects.only(
        "peer_id", "direction", "status", "due_date", "answered_at"
    ).iterator():
        counts[(m.peer_id, m.direction, m.status)] += 1
        state = m.deadline(today)
        if state is not None:
            answered = m.answered_at is not None
            deadlines.setdefault((m.peer_id, m.direction), []).append((state, answered))
    found = []
    for peer in Peer.objects.order_by("country"):
        out = {s.value: counts[(peer.pk, Direction.OUT.value, s.value)] for s in MessageStatus}
        last = (
            Message.objects.filter(peer=peer, direction=Direction.OUT.value)
            .exclude(last_error="")
            .order_by("-id")
            .values_list("last_error", flat=True)
            .first()
        )
        found.append(
            PeerHealth(
                peer=peer,
                sent=sum(out.values()),
                received=sum(counts[(peer.pk, Direction.IN.value, s.value)] for s in MessageStatus),
                delivered=out[MessageStatus.DELIVERED.value],
                failed=out[MessageStatus.FAILED.value],
                dead=out[MessageStatus.DEAD.value],
                queued=out[MessageStatus.QUEUED.value],
                on_time=on_time_percentage(deadlines.get((peer.pk, Direction.OUT.value), [])),
                we_on_time=on_time_percentage(deadlines.get((peer.pk, Direction.IN.value), [])),
                last_error=last or "",
            )
        )
    return found
