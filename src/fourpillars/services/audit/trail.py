"""Writing and verifying the audit trail ([DPA-2018] s.62)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from fourpillars.audit.models import AuditChainHead, AuditEvent
from fourpillars.db import sql_rows
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
from fourpillars.domain.errors import EditConflict
from fourpillars.domain.exports import Export
from fourpillars.services import context
from fourpillars.services.access import require_justification

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.register.models import Case

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


def case_target(case: Case) -> Target:
    """A case as the target of an audit row (its person named too)."""
    return Target("case", str(case.pk), case.pk, case.person_id)


def consultation(
    *,
    actor: User,
    case: Case,
    justification: Justification | None,
    action: str,
    target: Target | None = None,
    record_ids: Sequence[int] = (),
) -> AuditEvent:
    """[DPA-2018] s.62 consultation of a case's records, in the read's own transaction: outside
    the lead agency a justification first (``JustificationRequired``), then one consultation
    row naming ``action``, the target (the case unless given) and what was shown."""
    require_justification(actor, case, justification)
    return record(
        actor=actor,
        operation=Operation.CONSULTATION,
        action=action,
        target=target or case_target(case),
        justification=justification,
        record_ids=record_ids,
    )


def export(
    *,
    actor: User,
    export: Export,
    target: Target,
    case: Case | None = None,
    justification: Justification | None = None,
    record_ids: Sequence[int] = (),
    query: str = "",
    **described: object,
) -> AuditEvent:
    """[DPA-2018] s.62 disclosure of a downloaded file (``domain.exports``): its own row, in
    the read's transaction, naming the document, format and file; the recipient is the
    downloader's agency. Of a case's records, outside the lead agency the purpose first, as for
    a consultation (``JustificationRequired``)."""
    if case is not None:
        require_justification(actor, case, justification)
    agency = getattr(actor, "agency", None)
    return record(
        actor=actor,
        operation=Operation.DISCLOSURE,
        action=export.action,
        target=target,
        justification=justification,
        recipients=[agency.code] if agency is not None else [actor.get_username()],
        query=query,
        record_ids=record_ids,
        after=export.described(**described),
    )


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
    seq, prev_hash = _claim_next_seq(changed=operation is not Operation.CONSULTATION)
    agency = getattr(actor, "agency", None) if actor is not None else None
    event = AuditEvent(
        seq=seq,
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
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = chain_hash(event.prev_hash, event.hashed_content())
    sql_rows.insert(event)  # append only; hot path (every audited request): no ORM compile
    with connection.cursor() as cur:
        cur.execute(_SET_LAST_HASH, [event.hash])
    return event


# The chain head table's name is fixed by the audit app (audit_auditchainhead).
_CLAIM = (
    "UPDATE audit_auditchainhead SET seq = seq + 1, changes = changes + %s WHERE id = 1 "
    "RETURNING seq, last_hash"
)
_START = "INSERT INTO audit_auditchainhead (id, seq, last_hash, changes) VALUES (1, 1, %s, %s)"
_CHANGES = "SELECT changes FROM audit_auditchainhead WHERE id = 1"
_SET_LAST_HASH = "UPDATE audit_auditchainhead SET last_hash = %s WHERE id = 1"


def _claim_next_seq(*, changed: bool) -> tuple[int, str]:
    """Lock the chain head and take the next sequence number in one statement.

    The row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE transactions) is held until
    the operation's transaction ends, so rows are appended strictly one after another. Raw SQL
    here because this runs on every audited request.
    """
    with connection.cursor() as cur:
        cur.execute(_CLAIM, [int(changed)])
        row = cur.fetchone()
        if row is None:  # a flushed test database: start the chain again
            cur.execute(_START, [GENESIS_HASH, int(changed)])
            return 1, GENESIS_HASH
    return int(row[0]), str(row[1])


def changes_recorded() -> int:
    """How many audit rows have recorded a change (anything but a consultation) so far: it
    moves with every change to the record, in the change's own transaction."""
    with connection.cursor() as cur:
        cur.execute(_CHANGES)
        row = cur.fetchone()
    return int(row[0]) if row else 0


def ensure_version(target_type: str, target_id: object, current: int, expected: int | None) -> None:
    """Optimistic lock: refuse a change made from a stale ``expected`` version, naming the
    fields that saves since then changed (one check for cases, assessments and plans)."""
    if expected is not None and current != expected:
        raise EditConflict(fields_changed_since(target_type, target_id, expected), current)


def fields_changed_since(target_type: str, target_id: object, version: int) -> list[str]:
    """Fields that alterations after ``version`` changed on a record, newest first: what an
    edit conflict names (the alteration rows carry the version they produced)."""
    fields: list[str] = []
    rows = AuditEvent.objects.filter(
        target_type=target_type, target_id=str(target_id), operation=Operation.ALTERATION.value
    ).order_by("-seq")[:50]
    for ev in rows:
        after = ev.after if isinstance(ev.after, dict) else {}
        if int(str(after.get("version", 0))) > version:
            fields += [k for k in after if k != "version" and k not in fields]
    return fields


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
