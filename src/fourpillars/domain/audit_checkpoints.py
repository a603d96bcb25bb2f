"""Signed checkpoints of the audit trail ([DPA-2018] s.62; [LED-2016] Art.25; decision 0027).

The hash chain shows that rows were altered or removed only when something outside the
database remembers how long the log was and what its last hash was. A checkpoint is that
memory: this node signs the number of rows, the hash of the last one, a sequence number of
its own and the time, keeps it in an append-only file outside the database and sends it to
witnesses (the peer nodes of the cross-border exchange, a file or a second database).

The rules here say what a checkpoint is and what a set of them, together with the log, proves:

- the checkpoints of one node are numbered 1, 2, 3 ... with no gap; a number missing from
  every place checked, or missing from the local file while a witness holds it, means a
  checkpoint was removed;
- a later checkpoint never signs fewer rows than an earlier one;
- the log holds at least as many rows as every checkpoint signed, and its row number *count*
  has exactly the hash the checkpoint signed (the log was neither shortened nor rewritten up
  to that row);
- every checkpoint's signature verifies with one of this node's keys.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .audit import GENESIS_HASH
from .errors import Collector, DomainValidationError

CHECKPOINT_TYPE = "audit_checkpoint"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_SEQ = 10**15


@dataclass(frozen=True)
class Checkpoint:
    """What one checkpoint signs: whose log (``node``, its country), the checkpoint's number,
    how many rows the log held, the hash of the last of them, and when."""

    node: str
    seq: int
    count: int
    head: str
    at: str

    def to_payload(self) -> dict[str, Any]:
        return {
            "type": CHECKPOINT_TYPE,
            "node": self.node,
            "seq": self.seq,
            "count": self.count,
            "head": self.head,
            "at": self.at,
        }

    def describe(self) -> str:
        return f"checkpoint {self.seq} ({self.at}: {self.count} rows, last hash {self.head[:12]})"


def new_checkpoint(node: str, seq: int, count: int, head: str, at: dt.datetime) -> Checkpoint:
    """The checkpoint that follows number ``seq - 1``, at ``at`` (UTC)."""
    return parse_checkpoint(
        {
            "type": CHECKPOINT_TYPE,
            "node": node,
            "seq": seq,
            "count": count,
            "head": head,
            "at": at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        }
    )


def _whole(value: object, name: str, errors: Collector, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_SEQ:
        errors.add(name, f"must be a whole number from {minimum}")
        return 0
    return value


def parse_checkpoint(data: object) -> Checkpoint:
    """A checkpoint from its signed JSON; DomainValidationError names every bad field."""
    errors = Collector()
    if not isinstance(data, Mapping):
        raise DomainValidationError.single("checkpoint", "must be a JSON object")
    if data.get("type") != CHECKPOINT_TYPE:
        errors.add("type", f"must be {CHECKPOINT_TYPE}")
    node = data.get("node")
    if not isinstance(node, str) or not COUNTRY.match(node):
        errors.add("node", "must be a two-letter country code in capitals")
    seq = _whole(data.get("seq"), "seq", errors, 1)
    count = _whole(data.get("count"), "count", errors, 0)
    head = data.get("head")
    if not isinstance(head, str) or not HEX64.match(head):
        errors.add("head", "must be a SHA-256 hash in hexadecimal (64 characters)")
    at = data.get("at")
    try:
        parsed = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        errors.add("at", "must be an ISO 8601 date and time with its offset")
    unknown = sorted(set(data) - {"type", "node", "seq", "count", "head", "at"})
    if unknown:
        errors.add(unknown[0], "is not a field of a checkpoint")
    errors.raise_if_any()
    assert isinstance(node, str) and isinstance(head, str) and isinstance(at, str)
    if count == 0 and head != GENESIS_HASH:
        raise DomainValidationError.single("head", "a checkpoint of an empty log has no hash")
    return Checkpoint(node, seq, count, head, at)


@dataclass(frozen=True)
class Found:
    """A checkpoint as found in one place: where (``source``), and whether its signature
    verified with one of this node's keys (``detail`` says why not)."""

    checkpoint: Checkpoint
    source: str
    signed: bool
    detail: str = ""


LOCAL = "the local checkpoint file"


def _same(a: Checkpoint, b: Checkpoint) -> bool:
    return (a.count, a.head, a.node) == (b.count, b.head, b.node)


def checkpoint_problems(found: Sequence[Found], node: str) -> list[str]:
    """What the checkpoints found say on their own, before the log is read: signatures that
    fail, checkpoints of another node, two different checkpoints with one number, numbers
    missing, and counts that go down."""
    problems = [
        f"{f.checkpoint.describe()} from {f.source}: its signature does not verify with "
        f"this node's keys ({f.detail or 'no key'})"
        for f in found
        if not f.signed
    ]
    problems += [
        f"{f.checkpoint.describe()} from {f.source} is a checkpoint of node "
        f"{f.checkpoint.node}, not of this node ({node})"
        for f in found
        if f.signed and f.checkpoint.node != node
    ]
    good = [f for f in found if f.signed and f.checkpoint.node == node]
    by_seq: dict[int, list[Found]] = defaultdict(list)
    for f in good:
        by_seq[f.checkpoint.seq].append(f)
    for seq, copies in sorted(by_seq.items()):
        first = copies[0]
        for other in copies[1:]:
            if not _same(first.checkpoint, other.checkpoint):
                problems.append(
                    f"checkpoint {seq} differs between {first.source} "
                    f"({first.checkpoint.count} rows, {first.checkpoint.head[:12]}) and "
                    f"{other.source} ({other.checkpoint.count} rows, "
                    f"{other.checkpoint.head[:12]}): two histories were signed"
                )
    if by_seq:
        last = max(by_seq)
        missing = [n for n in range(1, last + 1) if n not in by_seq]
        if missing:
            problems.append(
                f"checkpoint {_numbers(missing)} missing from every place checked (the last "
                f"is {last}): checkpoints were removed"
            )
        local = {f.checkpoint.seq for f in good if f.source == LOCAL}
        elsewhere = sorted(set(by_seq) - local - set(missing))
        if elsewhere:
            problems.append(
                f"checkpoint {_numbers(elsewhere)} held by witnesses but missing from "
                f"{LOCAL}: the file was cut short or edited"
            )
        ordered = [by_seq[n][0].checkpoint for n in sorted(by_seq)]
        for before, after in itertools.pairwise(ordered):
            if after.count < before.count:
                problems.append(
                    f"checkpoint {after.seq} signs {after.count} rows, fewer than checkpoint "
                    f"{before.seq} ({before.count}): the log was shortened between them"
                )
    return problems


def _numbers(values: Sequence[int]) -> str:
    shown = ", ".join(str(v) for v in values[:10])
    more = f" and {len(values) - 10} more" if len(values) > 10 else ""
    return ("numbers " if len(values) > 1 else "number ") + shown + more


def log_problems(
    checkpoints: Iterable[Checkpoint], length: int, hashes: Mapping[int, str]
) -> list[str]:
    """What the log says against each checkpoint: shorter than one signed (rows removed), or
    another hash at the row one signed (rows rewritten). ``hashes`` maps a row number to its
    hash, for the rows the checkpoints name; ``length`` is the number of rows in the log."""
    problems = []
    seen: set[tuple[int, str]] = set()
    for cp in sorted(checkpoints, key=lambda c: c.seq):
        if (cp.count, cp.head) in seen:
            continue
        seen.add((cp.count, cp.head))
        if cp.count > length:
            problems.append(
                f"the log is shorter than {cp.describe()} signed: it holds {length} rows, "
                f"the checkpoint signed {cp.count}: rows were removed"
            )
        elif cp.count and hashes.get(cp.count) != cp.head:
            problems.append(
                f"row {cp.count} does not have the hash {cp.describe()} signed (it has "
                f"{(hashes.get(cp.count) or 'none')[:12]}): the log was rewritten at or "
                f"before row {cp.count}"
            )
    return problems
