"""Writing and verifying the audit trail ([DPA-2018] s.62)."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, connections, transaction
from django.utils import timezone

from fourpillars.audit.models import AuditChainHead, AuditEvent
from fourpillars.db import sql_rows
from fourpillars.domain.audit import (
    GENESIS_HASH,
    HASHED_FIELDS,
    ChainBreak,
    ChainWalk,
    Justification,
    Operation,
    canonical,
    canonical_json,
    chain_hash,
    finish_walk,
    walk_chain,
)
from fourpillars.domain.errors import EditConflict
from fourpillars.domain.exports import Export
from fourpillars.register.models import Case
from fourpillars.services import context
from fourpillars.services.access import require_justification
from fourpillars.services.audit.sealing import keys_for, open_rows, seal_rows
from fourpillars.services.errors import NotFound

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
    row naming ``action``, the target (the case unless given) and what was shown; under
    emergency access the row records its reason, purpose "break-glass" (decision 0030)."""
    justification = require_justification(actor, case, justification)
    return record(
        actor=actor,
        operation=Operation.CONSULTATION,
        action=action,
        target=target or case_target(case),
        justification=justification,
        record_ids=record_ids,
    )


def refused_read(*, actor: User | None, refusal: NotFound) -> AuditEvent | None:
    """The refused consultation behind a 404 for a case the actor may not see, or a person none
    of whose cases they may see (a missing record writes nothing), in a transaction of its own:
    the request's own work was rolled back. The actor is told nothing more than "not found";
    auditors see who asked for whose records."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    target = _refused_target(refusal)
    if target is None:
        return None
    with transaction.atomic():
        return record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="refused_read",
            target=target,
            after={"shown": False, "reason": "not visible to the reader"},
        )


def _refused_target(refusal: NotFound) -> Target | None:
    """The case (with its person) or the person a refusal names; None for a missing record."""
    case_id, person_id = refusal.hidden_case, refusal.hidden_person
    if case_id is not None:
        person_id = Case.objects.filter(pk=case_id).values_list("person_id", flat=True).first()
        return Target("case", str(case_id), case_id, person_id)
    if person_id is not None:
        return Target("person", str(person_id), None, person_id)
    return None


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
    sealed_for: int | None = None,
) -> AuditEvent:
    """Append one row to the chain; must run inside the operation's own transaction."""
    return append(
        [
            entry(
                actor=actor,
                operation=operation,
                action=action,
                target=target,
                justification=justification,
                legal_basis=legal_basis,
                recipients=recipients,
                query=query,
                record_ids=record_ids,
                before=before,
                after=after,
                sealed_for=sealed_for,
            )
        ]
    )[0]


def entry(
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
    sealed_for: int | None = None,
) -> AuditEvent:
    """One row as ``record`` writes it, not yet appended: ``append`` numbers, seals, chains
    and writes it (several operations recorded together take the chain's head once).

    A row about a person (``target.person_id``) has its personal values sealed under the
    person's key (decision 0031); ``sealed_for`` names the person whose values a row holds
    when its target names none (a row kept off every timeline)."""
    agency = getattr(actor, "agency", None) if actor is not None else None
    event = AuditEvent(
        seq=0,
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
        prev_hash="",
        hash="",
    )
    event.sealed_for = sealed_for
    return event


def append(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """Append ``entry`` rows to the chain in their order, inside the operations' own
    transaction: the head is claimed once for all of them (one statement), the personal values
    of rows about a person sealed under their keys (decision 0031: read before the claim, made
    after it), each row hashed on the one before as stored, and the head's last hash set
    once (decision 0026: a sending round records each message's disclosure so)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside the operation's transaction")
    if not events:
        return []
    changed = sum(ev.operation != Operation.CONSULTATION.value for ev in events)
    keys = keys_for(events)
    seq, prev_hash = _claim_seqs(len(events), changed)
    for number, ev in enumerate(events, seq):
        ev.seq = number
    seal_rows(events, keys)
    for ev in events:
        ev.prev_hash = prev_hash
        ev.hash = prev_hash = chain_hash(prev_hash, ev.hashed_content())
    sql_rows.insert_many(events)  # append only; hot path (every audited request): no ORM compile
    with connection.cursor() as cur:
        cur.execute(_SET_LAST_HASH, [prev_hash])
    return list(events)


# The chain head table's name is fixed by the audit app (audit_auditchainhead).
_CLAIM = (
    "UPDATE audit_auditchainhead SET seq = seq + %s, changes = changes + %s WHERE id = 1 "
    "RETURNING seq, last_hash"
)
_START = "INSERT INTO audit_auditchainhead (id, seq, last_hash, changes) VALUES (1, %s, %s, %s)"
_CHANGES = "SELECT changes FROM audit_auditchainhead WHERE id = 1"
_SET_LAST_HASH = "UPDATE audit_auditchainhead SET last_hash = %s WHERE id = 1"


def _claim_seqs(count: int, changed: int) -> tuple[int, str]:
    """Lock the chain head and take the next ``count`` sequence numbers in one statement: the
    first of them and the hash before it.

    The row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE transactions) is held until
    the operation's transaction ends, so rows are appended strictly one after another. Raw SQL
    here because this runs on every audited request.
    """
    with connection.cursor() as cur:
        cur.execute(_CLAIM, [count, changed])
        row = cur.fetchone()
        if row is None:  # a flushed test database: start the chain again
            cur.execute(_START, [count, GENESIS_HASH, changed])
            return 1, GENESIS_HASH
    return int(row[0]) - count + 1, str(row[1])


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
    for ev in open_rows(rows):
        after = ev.after if isinstance(ev.after, dict) else {}
        if int(str(after.get("version", 0))) > version:
            fields += [k for k in after if k != "version" and k not in fields]
    return fields


_STREAMED = (*HASHED_FIELDS, "prev_hash", "hash")
_JSON = ("recipients", "record_ids", "before", "after")
_AT = HASHED_FIELDS.index("at")
BATCH = 20_000


def _rows(until: int, after: int = 0, batch: int = BATCH) -> Iterator[Sequence[object]]:
    """Every row after number ``after`` up to ``until`` as the values its hash covers (``at``
    as hashed), then its links; read a batch at a time by sequence number, as plain tuples
    (no model instances)."""
    last = after
    utc = dt.UTC
    while True:
        chunk = list(
            AuditEvent.objects.filter(seq__gt=last, seq__lte=until)
            .order_by("seq")
            .values_list(*_STREAMED)[:batch]
        )
        if not chunk:
            return
        for row in chunk:
            at = row[_AT].astimezone(utc).isoformat(timespec="microseconds")
            yield (row[0], at, *row[2:])
        last = chunk[-1][0]


# On PostgreSQL the time comes formatted as Python's isoformat writes it (UTC, microseconds)
# and the JSON columns as their stored text: decoding a time and four JSON values per row
# through the driver and the ORM's converters took three quarters of a million-row walk.
# (Having the database write each row's whole canonical text cost it more than it saved.)
_PG_COLUMNS = ", ".join(
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00'"
    if f == "at"
    else f"{f}::text"
    if f in _JSON
    else f
    for f in _STREAMED
)
# Built from the fixed field names alone.
_PG_SELECT = "SELECT " + _PG_COLUMNS + " FROM audit_auditevent "  # noqa: S608
_PG_SELECT += "WHERE seq > %s AND seq <= %s ORDER BY seq LIMIT %s"


def _json_text(text: str | None) -> str:
    """A JSON column's stored text (PostgreSQL's jsonb output) in canonical form. Text with no
    string, no fraction and no exponent in it (a list of whole numbers, such as the records a
    consultation showed, or null) differs from its canonical form only by the spaces
    PostgreSQL puts after commas; anything else is read and written again."""
    if text is None:
        return "null"
    if text == "[]":  # most rows' recipients
        return text
    if '"' not in text and "." not in text and "e" not in text and "E" not in text:
        return text.replace(" ", "")
    return canonical_json(json.loads(text))


def _pg_rows(until: int, after: int) -> Iterator[Sequence[object]]:
    """The rows after number ``after`` up to ``until`` as ``_PG_SELECT`` reads them, a batch
    at a time (read no further than the walk goes)."""
    last = after
    with connection.cursor() as cur:
        while True:
            cur.execute(_PG_SELECT, [last, until, BATCH])
            chunk = cur.fetchall()
            if not chunk:
                return
            yield from chunk
            last = chunk[-1][0]


def _pg_walk(
    until: int, *, start: tuple[int, str], wanted: frozenset[int], expected: tuple[int, str] | None
) -> ChainWalk:
    """``walk_chain`` over the rows ``_pg_rows`` reads, their JSON as stored text."""
    return walk_chain(
        _pg_rows(until, start[0]),
        start=start,
        wanted=wanted,
        expected_last=expected,
        encode_json=_json_text,
    )


def head() -> tuple[int, str] | None:
    """The chain head's (last sequence number, last hash), or None before any row."""
    found = AuditChainHead.objects.filter(pk=1).values_list("seq", "last_hash").first()
    return (int(found[0]), str(found[1])) if found else None


def row_hash_at(seq: int) -> str | None:
    """The stored hash of row ``seq`` (None: there is no such row)."""
    found = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    return str(found) if found is not None else None


# Below this many rows a worker, one process walks; the command line's walks take more.
PARALLEL_ROWS = 100_000


def _walk(
    until: int,
    *,
    start: tuple[int, str] = (0, GENESIS_HASH),
    wanted: frozenset[int] = frozenset(),
    expected: tuple[int, str] | None = None,
    workers: int = 1,
) -> ChainWalk:
    if connection.vendor == "postgresql":
        parts = min(workers, (until - start[0]) // PARALLEL_ROWS)
        if parts > 1 and not connection.in_atomic_block:
            return _parallel_walk(until, start, wanted, expected, parts)
        return _pg_walk(until, start=start, wanted=wanted, expected=expected)
    rows = _rows(until, after=start[0])
    return walk_chain(rows, start=start, wanted=wanted, expected_last=expected)


Part = tuple[int, str | None, int, frozenset[int]]


def _walk_part(part: Part) -> ChainWalk:
    """In a worker process: the rows after ``first`` up to ``end``, linked from ``prev`` (the
    stored hash of row ``first`` when None: the part before checks that hash is right)."""
    first, prev, end, wanted = part
    try:
        if prev is None:
            prev = row_hash_at(first) or ""
        return _pg_walk(end, start=(first, prev), wanted=wanted, expected=None)
    finally:
        connections.close_all()


def _parallel_walk(
    until: int,
    start: tuple[int, str],
    wanted: frozenset[int],
    expected: tuple[int, str] | None,
    count: int,
) -> ChainWalk:
    """``_pg_walk`` split into ``count`` consecutive parts walked by as many processes at
    once, each from the stored hash of the row before its first; the parts are joined in
    order: the first break wins, and each part must end where the next one starts."""
    span = until - start[0]
    bounds = [start[0] + span * i // count for i in range(count + 1)]
    parts: list[Part] = [
        (
            bounds[i],
            start[1] if i == 0 else None,
            bounds[i + 1],
            frozenset(w for w in wanted if bounds[i] < w <= bounds[i + 1]),
        )
        for i in range(count)
    ]
    connections.close_all()  # each process opens its own
    with multiprocessing.get_context("fork").Pool(count) as pool:
        walks = pool.map(_walk_part, parts)
    joined = ChainWalk(last=start)
    last = start
    for part, walked in zip(parts, walks, strict=True):
        joined.hashes.update(walked.hashes)
        last = walked.last
        if walked.broken is not None:
            joined.broken = walked.broken
            break
        if last[0] != part[2]:
            joined.broken = ChainBreak(
                last[0] + 1, f"expected row {last[0] + 1} here: rows removed or reordered"
            )
            break
    return finish_walk(joined, start, last, expected)


def walk_from(start: tuple[int, str], until: int, *, workers: int = 1) -> ChainWalk:
    """Walk the rows after ``start`` (a row's number and the hash it had) up to ``until``:
    each links to the one before, beginning with the hash ``start`` names."""
    return _walk(until, start=start, workers=workers)


def walk(wanted: frozenset[int] = frozenset(), *, workers: int = 1) -> ChainWalk:
    """Walk the chain up to the head as it stands when the walk starts, keeping the hashes of
    the rows whose numbers are ``wanted`` (the counts checkpoints signed).

    Rows appended meanwhile are not read, so no long transaction holds back writers; any row
    beyond the head as it stands after the walk is a row the head does not account for. With
    no head row at all, every row is walked and the missing head is the break. On PostgreSQL
    a long log is walked by up to ``workers`` processes at once."""
    start = head()
    if start is None:
        until = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        found = _walk(until, wanted=wanted, workers=workers)
        if found.broken is None and until:
            found.broken = ChainBreak(until + 1, "the chain head row is missing: it was deleted")
        return found
    found = _walk(start[0], wanted=wanted, expected=start, workers=workers)
    if found.broken is None:
        beyond = AuditEvent.objects.filter(seq__gt=start[0]).order_by("-seq").first()
        end = head()
        if beyond is not None and (end is None or beyond.seq > end[0]):
            found.broken = ChainBreak(
                beyond.seq, f"row {beyond.seq} lies beyond the chain head: the head was moved back"
            )
    return found


def verify() -> tuple[int, ChainBreak | None]:
    """Check the whole chain; returns (rows checked, first break or None)."""
    found = walk()
    return found.rows, found.broken
