"""Writing a message to a peer node into the outbox (decision 0020).

``enqueue`` is the one way a feature sends a message: it is called inside the feature's own
transaction (and refuses to run outside one, like ``audit.record``), signs the envelope with
this node's current key, writes the outbox row and its disclosure audit row ([DPA-2018] s.62;
[LED-2016] Art.25), and asks for the worker to send it once the transaction commits. If the
change rolls back, nothing is sent; if it commits, the message is sent (at least once, and
the receiver applies it once: ``inbox.receive``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from fourpillars.db import sql_rows
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.deadlines import due_for
from fourpillars.domain.exchange.envelope import Envelope, MessageType, Purpose, new_message_id
from fourpillars.domain.exchange.transport import Direction, MessageStatus, PeerStatus, answers
from fourpillars.exchange.models import Message, Peer
from fourpillars.services import audit

from . import node, signing

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.register.models import Case, Person

# Called after a commit that queued messages: the job framework registers the sending task
# here (jobs/tasks.py), since services may not import the jobs layer.
_wakers: list[Callable[[], object]] = []


def when_enqueued(fn: Callable[[], object]) -> None:
    """Register ``fn`` to run after each commit that queued a message (the send task)."""
    if fn not in _wakers:
        _wakers.append(fn)


def wake() -> None:
    for fn in list(_wakers):
        fn()


def mark_answered(direction: Direction, message_id: str, at: dt.datetime) -> None:
    """The request ``message_id`` (sent or received) has its answer now."""
    Message.objects.filter(
        direction=direction.value, message_id=message_id, answered_at__isnull=True
    ).update(answered_at=at)


def peer_for(receiver: str) -> Peer:
    """The active peer ``receiver`` names; DomainValidationError on ``receiver`` otherwise."""
    found = sql_rows.joined(Peer, "p", "p.country = %s", [receiver])  # every message: no compile
    peer = found[0] if found else None
    if peer is None:
        raise DomainValidationError.single("receiver", "is not a node in this node's directory")
    if peer.status != PeerStatus.ACTIVE.value:
        raise DomainValidationError.single("receiver", "is suspended in this node's directory")
    return peer


def enqueue(
    *,
    actor: User | None,
    type: MessageType,
    receiver: str,
    purpose: Purpose,
    payload: dict[str, Any],
    in_reply_to: str | None = None,
    case: Case | None = None,
    person: Person | None = None,
) -> Message:
    """Sign and queue one message to ``receiver`` in the caller's transaction, with its
    disclosure audit row; sent by the worker after commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("outbox.enqueue must run inside the caller's transaction")
    peer = peer_for(receiver)
    now = timezone.now()
    envelope = Envelope(
        message_id=new_message_id(),
        type=MessageType(type),
        sender=node.identity().country,
        receiver=peer.country,
        created=now,
        purpose=Purpose(purpose),
        payload=dict(payload),
        in_reply_to=in_reply_to,
    )
    raw, kid = node.sign(envelope.to_dict())
    message = Message(
        direction=Direction.OUT.value,
        message_id=envelope.message_id,
        type=envelope.type.value,
        sender=envelope.sender,
        receiver=envelope.receiver,
        created=now,
        in_reply_to=in_reply_to or "",
        purpose=envelope.purpose.value,
        payload=envelope.payload,
        raw=raw,
        raw_sha256=signing.sha256(raw),
        kid=kid,
        peer=peer,
        status=MessageStatus.QUEUED.value,
        next_attempt_at=now,
        case=case,
        person=person,
        created_by=actor,
        due_date=due_for(envelope.type, envelope.purpose, now.date(), peer.country),
    )
    sql_rows.insert(message)
    if in_reply_to and answers(envelope.type):
        mark_answered(Direction.IN, in_reply_to, now)
    audit.record(
        actor=actor,
        operation=Operation.DISCLOSURE,
        action="send_exchange_message",
        target=audit.Target(
            "exchange_message",
            str(message.pk),
            case.pk if case is not None else None,
            person.pk if person is not None else (case.person_id if case is not None else None),
        ),
        legal_basis=envelope.purpose.value,
        recipients=[peer.country],
        after={"message_id": envelope.message_id, "type": envelope.type.value},
    )
    transaction.on_commit(wake)
    return message
