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

A **restore marker** is the one honest way for the log to become shorter than a checkpoint
signed: when a backup older than the newest checkpoint is restored, ``fourpillars restore``
signs a marker that takes the next number and says how many rows the restored log holds, the
hash of its last row, which entry it supersedes, the backup restored and the operator's reason.
Its rules:

- a marker names the entry just before it (number, count, hash) as the one it supersedes;
- the restored log is a true prefix of what was signed: every entry before a marker that
  signed no more rows than the marker restored still agrees with the log;
- the rows an entry signed beyond the restored count are reported as lost in that restore,
  not as removed; every entry after the marker is held against the log as it grew again;
- where witnesses are configured, a marker only excuses what it says when a witness holds it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from .audit import GENESIS_HASH
from .errors import Collector, DomainValidationError
from .text import clean_text

CHECKPOINT_TYPE = "audit_checkpoint"
RESTORE_TYPE = "audit_restore"
REASON_MAX = 500
FILE_NAME_MAX = 255
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

    noun: ClassVar[str] = "checkpoint"

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


def _hash(value: object, name: str, errors: Collector) -> str:
    if not isinstance(value, str) or not HEX64.match(value):
        errors.add(name, "must be a SHA-256 hash in hexadecimal (64 characters)")
        return ""
    return value


def _time(value: object, name: str, errors: Collector) -> str:
    try:
        parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        errors.add(name, "must be an ISO 8601 date and time with its offset")
        return ""
    return str(value)


def _signed_fields(data: Mapping[str, Any], errors: Collector) -> tuple[str, int, int, str, str]:
    """The fields a checkpoint and a restore marker share: node, number, count, hash, time."""
    node = data.get("node")
    if not isinstance(node, str) or not COUNTRY.match(node):
        errors.add("node", "must be a two-letter country code in capitals")
        node = ""
    seq = _whole(data.get("seq"), "seq", errors, 1)
    count = _whole(data.get("count"), "count", errors, 0)
    head = _hash(data.get("head"), "head", errors)
    at = _time(data.get("at"), "at", errors)
    return node, seq, count, head, at


def _no_other_fields(
    data: Mapping[str, Any], known: set[str], what: str, errors: Collector
) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        errors.add(unknown[0], f"is not a field of {what}")


def _empty_log_has_no_hash(count: int, head: str, what: str) -> None:
    if count == 0 and head != GENESIS_HASH:
        raise DomainValidationError.single("head", f"{what} of an empty log has no hash")


def parse_checkpoint(data: object) -> Checkpoint:
    """A checkpoint from its signed JSON; DomainValidationError names every bad field."""
    errors = Collector()
    if not isinstance(data, Mapping):
        raise DomainValidationError.single("checkpoint", "must be a JSON object")
    if data.get("type") != CHECKPOINT_TYPE:
        errors.add("type", f"must be {CHECKPOINT_TYPE}")
    fields = _signed_fields(data, errors)
    _no_other_fields(data, {"type", "node", "seq", "count", "head", "at"}, "a checkpoint", errors)
    errors.raise_if_any()
    _empty_log_has_no_hash(fields[2], fields[3], "a checkpoint")
    return Checkpoint(*fields)


# --- restore markers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Superseded:
    """The entry a restore marker supersedes, as the marker names it: its number, the rows it
    signed and the hash of the last of them."""

    seq: int
    count: int
    head: str

    def to_payload(self) -> dict[str, Any]:
        return {"seq": self.seq, "count": self.count, "head": self.head}


@dataclass(frozen=True)
class RestoreMarker:
    """What a restore marker signs: whose log, its number (the one after the entry it
    supersedes), how many rows the restored log holds and the hash of the last, when, the
    entry it supersedes (None only for the very first entry), the backup's file name and its
    time (None when not known), and the reason the operator gave."""

    node: str
    seq: int
    count: int
    head: str
    at: str
    supersedes: Superseded | None
    backup_file: str
    backup_time: str | None
    reason: str

    noun: ClassVar[str] = "restore marker"

    def to_payload(self) -> dict[str, Any]:
        return {
            "type": RESTORE_TYPE,
            "node": self.node,
            "seq": self.seq,
            "count": self.count,
            "head": self.head,
            "at": self.at,
            "supersedes": self.supersedes.to_payload() if self.supersedes else None,
            "backup": {"file": self.backup_file, "time": self.backup_time},
            "reason": self.reason,
        }

    def describe(self) -> str:
        return (
            f"restore marker {self.seq} ({self.at}: restored to {self.count} rows, last hash "
            f"{self.head[:12]})"
        )

    def follows(self, before: Entry) -> bool:
        """Whether this marker names ``before`` as the entry it supersedes."""
        return self.supersedes == Superseded(before.seq, before.count, before.head)

    @property
    def lost(self) -> int:
        """How many signed rows the restore lost: those the superseded entry signed beyond the
        restored count (0 when the backup held every row signed)."""
        return max(0, self.supersedes.count - self.count) if self.supersedes else 0

    def report(self) -> str:
        """The restore in plain words, as ``verify-audit`` prints it."""
        backup = f"the backup {self.backup_file}" + (
            f" (taken {self.backup_time})" if self.backup_time else ""
        )
        marker = f"(restore marker {self.seq}, signed {self.at})"
        if self.supersedes is not None and self.lost:
            s = self.supersedes
            return (
                f"rows {self.count + 1} to {s.count} ({self.lost} rows, signed by checkpoint "
                f"{s.seq}) were lost in the restore of {self.at[:10]} from {backup}, and any "
                f"rows written after checkpoint {s.seq} before the restore, which no checkpoint "
                f"signed; the reason given: {self.reason} {marker}"
            )
        return (
            f"the log was restored on {self.at[:10]} from {backup} with no signed row lost; the "
            f"reason given: {self.reason} {marker}"
        )


Entry = Checkpoint | RestoreMarker


def restore_reason(value: object, field: str = "reason") -> str:
    """The reason an operator gives for a restore, as it is signed: plain text on one line,
    required, at most ``REASON_MAX`` characters (DomainValidationError naming ``field``)."""
    errors = Collector()
    reason = clean_text(value, field, errors, required=True, max_length=REASON_MAX)
    errors.raise_if_any()
    return reason


def _plain(value: object, name: str, errors: Collector, max_length: int) -> str:
    """Text as it was signed: clean, and not changed by cleaning (trimmed, NFC)."""
    text = clean_text(value, name, errors, required=True, max_length=max_length)
    if isinstance(value, str) and text and text != value:
        errors.add(name, "must not begin or end with white space")
    return text


def _superseded(value: object, errors: Collector) -> Superseded | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        errors.add("supersedes", "must be a JSON object (number, count, head) or null")
        return None
    seq = _whole(value.get("seq"), "supersedes.seq", errors, 1)
    count = _whole(value.get("count"), "supersedes.count", errors, 0)
    head = _hash(value.get("head"), "supersedes.head", errors)
    _no_other_fields(value, {"seq", "count", "head"}, "supersedes", errors)
    return Superseded(seq, count, head)


def parse_restore_marker(data: object) -> RestoreMarker:
    """A restore marker from its signed JSON; DomainValidationError names every bad field."""
    errors = Collector()
    if not isinstance(data, Mapping):
        raise DomainValidationError.single("restore", "must be a JSON object")
    if data.get("type") != RESTORE_TYPE:
        errors.add("type", f"must be {RESTORE_TYPE}")
    node, seq, count, head, at = _signed_fields(data, errors)
    supersedes = _superseded(data.get("supersedes"), errors)
    backup = data.get("backup")
    if not isinstance(backup, Mapping):
        errors.add("backup", "must be a JSON object (file, time)")
        backup = {}
    backup_file = _plain(backup.get("file"), "backup.file", errors, FILE_NAME_MAX)
    backup_time = backup.get("time")
    if backup_time is not None:
        backup_time = _time(backup_time, "backup.time", errors)
    _no_other_fields(backup, {"file", "time"}, "backup", errors)
    reason = _plain(data.get("reason"), "reason", errors, REASON_MAX)
    known = {"type", "node", "seq", "count", "head", "at", "supersedes", "backup", "reason"}
    _no_other_fields(data, known, "a restore marker", errors)
    errors.raise_if_any()
    if (seq == 1) != (supersedes is None) or (supersedes and supersedes.seq != seq - 1):
        raise DomainValidationError.single(
            "supersedes", f"must name entry {seq - 1}, the one before this marker"
        )
    _empty_log_has_no_hash(count, head, "a restore marker")
    return RestoreMarker(node, seq, count, head, at, supersedes, backup_file, backup_time, reason)


def new_restore_marker(
    node: str,
    head: tuple[int, str],
    at: dt.datetime,
    *,
    supersedes: Entry | None,
    backup_file: str,
    backup_time: dt.datetime | None,
    reason: str,
) -> RestoreMarker:
    """The marker of a restore that left the log at ``head`` (row count, last hash), taking
    the number after ``supersedes`` (the last entry before it; None when there is none)."""
    return parse_restore_marker(
        {
            "type": RESTORE_TYPE,
            "node": node,
            "seq": supersedes.seq + 1 if supersedes else 1,
            "count": head[0],
            "head": head[1],
            "at": at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "supersedes": (
                Superseded(supersedes.seq, supersedes.count, supersedes.head).to_payload()
                if supersedes
                else None
            ),
            "backup": {
                "file": backup_file,
                "time": backup_time.astimezone(dt.UTC).isoformat(timespec="seconds")
                if backup_time
                else None,
            },
            "reason": restore_reason(reason),
        }
    )


def parse_entry(data: object) -> Entry:
    """A checkpoint or a restore marker, by its ``type``."""
    if isinstance(data, Mapping) and data.get("type") == RESTORE_TYPE:
        return parse_restore_marker(data)
    if isinstance(data, Mapping) and data.get("type") not in (CHECKPOINT_TYPE, RESTORE_TYPE):
        raise DomainValidationError.single("type", f"must be {CHECKPOINT_TYPE} or {RESTORE_TYPE}")
    return parse_checkpoint(data)


@dataclass(frozen=True)
class Found:
    """A checkpoint or restore marker as found in one place: where (``source``), and whether
    its signature verified with one of this node's keys (``detail`` says why not)."""

    checkpoint: Entry
    source: str
    signed: bool
    detail: str = ""


LOCAL = "the local checkpoint file"


def _same(a: Entry, b: Entry) -> bool:
    """The same entry, whenever it was signed."""
    return a.to_payload() | {"at": ""} == b.to_payload() | {"at": ""}


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
            if isinstance(after, RestoreMarker):
                if after.seq == before.seq + 1 and not after.follows(before):
                    problems.append(
                        f"{after.describe()} names as the entry it supersedes "
                        f"{_superseded_words(after)}, but {before.describe()} was signed: the "
                        "marker does not follow the history signed"
                    )
            elif after.count < before.count:
                problems.append(
                    f"checkpoint {after.seq} signs {after.count} rows, fewer than checkpoint "
                    f"{before.seq} ({before.count}): the log was shortened between them"
                )
    return problems


def _numbers(values: Sequence[int]) -> str:
    shown = ", ".join(str(v) for v in values[:10])
    more = f" and {len(values) - 10} more" if len(values) > 10 else ""
    return ("numbers " if len(values) > 1 else "number ") + shown + more


def _superseded_words(marker: RestoreMarker) -> str:
    s = marker.supersedes
    return f"number {s.seq} ({s.count} rows, {s.head[:12]})" if s else "none"


def _bounds(ordered: Sequence[Entry]) -> list[float]:
    """For each entry, the fewest rows any later restore marker restored the log to (infinity
    when none follows): rows an entry signed beyond that were lost in a restore."""
    floor, out = float("inf"), []
    for entry in reversed(ordered):
        out.append(floor)
        if isinstance(entry, RestoreMarker):
            floor = min(floor, entry.count)
    return out[::-1]


def log_problems(entries: Iterable[Entry], length: int, hashes: Mapping[int, str]) -> list[str]:
    """What the log says against each entry: shorter than one signed (rows removed), or
    another hash at the row one signed (rows rewritten). An entry that signed more rows than
    a later restore marker restored is left out (those rows were lost in that restore, and
    ``restore_reports`` says so); every other entry, the markers themselves included, must
    agree with the log. ``hashes`` maps a row number to its hash, for the rows the entries
    name; ``length`` is the number of rows in the log."""
    problems = []
    seen: set[tuple[int, str]] = set()
    ordered = sorted(entries, key=lambda c: c.seq)
    for cp, bound in zip(ordered, _bounds(ordered), strict=True):
        if cp.count > bound or (cp.count, cp.head) in seen:
            continue
        seen.add((cp.count, cp.head))
        if cp.count > length:
            since = " since the restore" if isinstance(cp, RestoreMarker) else ""
            problems.append(
                f"the log is shorter than {cp.describe()} signed: it holds {length} rows, "
                f"the {cp.noun} signed {cp.count}: rows were removed{since}"
            )
        elif cp.count and hashes.get(cp.count) != cp.head:
            problems.append(
                f"row {cp.count} does not have the hash {cp.describe()} signed (it has "
                f"{(hashes.get(cp.count) or 'none')[:12]}): the log was rewritten at or "
                f"before row {cp.count}"
            )
    return problems


def restore_reports(entries: Iterable[Entry]) -> list[str]:
    """Each restore marker in plain words, oldest first: the rows it lost and why."""
    markers = {e.seq: e for e in entries if isinstance(e, RestoreMarker)}
    return [markers[n].report() for n in sorted(markers)]


def unwitnessed_restores(
    found: Sequence[Found], asked: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Problems and notes about the restore markers in the local file. A marker excuses rows
    lost; anyone holding the node key could sign one, so where witnesses are configured
    (``asked`` names them) a marker none of them holds is a problem, whether they held
    something else or could not be reached. With no witness configured it is noted as vouched
    for by the node's key alone."""
    problems: list[str] = []
    notes: list[str] = []
    local = [
        f.checkpoint
        for f in found
        if f.source == LOCAL and f.signed and isinstance(f.checkpoint, RestoreMarker)
    ]
    for marker in local:
        if not asked:
            notes.append(
                f"{marker.describe()} is vouched for by this node's key alone: no witness is "
                "configured"
            )
        elif not any(f.source != LOCAL and f.signed and _same(f.checkpoint, marker) for f in found):
            problems.append(
                f"{marker.describe()} is held by no witness (asked: {', '.join(asked)}): a "
                "marker only this machine holds could have been signed by anyone holding the "
                "node key, so it excuses nothing"
            )
    return problems, notes
