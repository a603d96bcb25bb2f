"""Writing and verifying the audit trail (DPA 2018 s.62; REFERENCE 8.1)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from fourpillars.audit.models import AuditChainHead, AuditEvent
from fourpillars.domain.audit import (
    GENESIS_HASH,
    ChainBreak,
    ChainRow,
    Justification,
    Operation,
    canonical,
    chain_hash,
    verify_chain,
)

from . import context

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

JsonValue = object


def _jsonable(value: JsonValue) -> JsonValue:
    """Round-trip through canonical JSON so that what is hashed is what is stored."""
    if value is None:
        return None
    return json.loads(canonical({"v": value}))["v"]


@dataclass(frozen=True)
class Target:
    type: str
    id: str = ""
    case_id: int | None = None
    person_id: int | None = None


def record(
    *,
    actor: User | None,
    operation: Operation,
    action: str,
    target: Target,
    justification: Justification | None = None,
    legal_basis: str = "",
    recipients: Sequence[str] = (),
    query: str = "",
    record_ids: Sequence[int] = (),
    before: JsonValue = None,
    after: JsonValue = None,
) -> AuditEvent:
    """Append one row to the chain; must run inside the operation's own transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside the operation's transaction")
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditChainHead.objects.create(pk=1, seq=0, last_hash=GENESIS_HASH)
    agency = getattr(actor, "agency", None) if actor is not None else None
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now().astimezone(dt.UTC),
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.get_username() if actor is not None else "system",
        actor_agency=str(agency.name) if agency is not None else "",
        actor_role=str(actor.role) if actor is not None else "system",
        operation=operation.value,
        action=action,
        target_type=target.type,
        target_id=str(target.id),
        case_id=target.case_id,
        person_id=target.person_id,
        purpose=justification.purpose.value if justification else "",
        justification=justification.render() if justification else "",
        legal_basis=legal_basis,
        recipients=list(recipients),
        query=query[:600],
        record_ids=[int(i) for i in record_ids][:200],
        before=_jsonable(before),
        after=_jsonable(after),
        channel=context.channel(),
        request_id=context.request_id(),
        prev_hash=head.last_hash,
        hash="",
    )
    event.hash = chain_hash(event.prev_hash, event.hashed_content())
    event.save(force_insert=True)
    AuditChainHead.objects.filter(pk=1).update(seq=event.seq, last_hash=event.hash)
    return event


def _rows(batch: int = 2000) -> Iterator[ChainRow]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        for ev in chunk:
            yield ChainRow(ev.seq, ev.hashed_content(), ev.prev_hash, ev.hash)
        last = chunk[-1].seq


def verify() -> tuple[int, ChainBreak | None]:
    """Check the whole chain; returns (rows checked, first break or None)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    expected = (head.seq, head.last_hash) if head else None
    count = 0

    def counted() -> Iterator[ChainRow]:
        nonlocal count
        for row in _rows():
            count += 1
            yield row

    with transaction.atomic():
        result = verify_chain(counted(), expected_last=expected)
    return count, result
