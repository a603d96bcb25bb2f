"""Making a checkpoint (decision 0027): on demand (``fourpillars audit-checkpoint``) and by the
worker every ``FOURPILLARS_AUDIT_CHECKPOINT_SECONDS``.

Under the checkpoint file's lock: the last checkpoint in the file is read and its signature
checked; the rows appended since are checked to extend it (the row it signed still has its
hash, and every later row links on); the next number, the chain head's row count and hash and
the time are signed with the node's key and appended to the file. Then the witnesses are
given it. A log that does not extend the last checkpoint is not signed: the refusal names
what is wrong, so tampering shows at the next checkpoint at the latest.

A restore marker (``mark_restore``, by ``fourpillars restore``) is made the same way over a
log restored from a backup, which may be shorter than the last checkpoint: it takes the next
number, names the entry it supersedes, and is signed only when the restored log is a true
prefix of what was signed (every entry that signed no more rows than were restored agrees)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import GENESIS_HASH
from fourpillars.domain.audit_checkpoints import (
    Entry,
    log_problems,
    new_checkpoint,
    new_restore_marker,
    restore_reason,
)
from fourpillars.domain.exchange.envelope import MessageType
from fourpillars.exchange.models import Message
from fourpillars.services.audit.trail import head as chain_head
from fourpillars.services.audit.trail import row_hash_at, walk, walk_from
from fourpillars.services.exchange import node

from . import files, keys, witnesses

log = logging.getLogger(__name__)
LOOKAHEAD = 200  # rows after the last checkpoint looked at to tell whether anything changed


class CheckpointRefused(Exception):
    """The log does not extend the last checkpoint (or the file cannot be trusted): no
    checkpoint is signed. The message says why."""


@dataclass
class Made:
    """A checkpoint or restore marker made: what it signs, the JWS, and what each witness was
    given."""

    checkpoint: Entry
    jws: str
    witnesses: list[str] = field(default_factory=list)


def _last(lines: list[str]) -> Entry | None:
    """The file's last checkpoint, its signature checked; CheckpointRefused when the file's
    last line is not a checkpoint this node signed."""
    records = [line for line in lines if line.strip()]
    if not records:
        return None
    try:
        jws = json.loads(records[-1])["jws"]
    except (ValueError, KeyError, TypeError):
        raise CheckpointRefused("the file's last line is not a checkpoint") from None
    read = keys.read(str(jws), keys.on_file())
    if read.checkpoint is None or not read.signed:
        raise CheckpointRefused(
            f"the last checkpoint in the file does not verify: {read.detail or 'unreadable'}"
        )
    if read.checkpoint.seq != len(records):
        raise CheckpointRefused(
            f"the checkpoint file holds {len(records)} lines but its last checkpoint is number "
            f"{read.checkpoint.seq}: lines were removed or added"
        )
    return read.checkpoint


def changed_since(count: int) -> bool:
    """Whether anything was recorded after row ``count`` other than checkpoints going to and
    coming from witnesses (so two idle nodes do not witness each other's witnessing forever)."""
    rows = list(
        AuditEvent.objects.filter(seq__gt=count)
        .order_by("seq")
        .values_list("target_type", "target_id")[:LOOKAHEAD]
    )
    if len(rows) == LOOKAHEAD:
        return True
    if any(kind != "exchange_message" or not pk.isdigit() for kind, pk in rows):
        return True
    ids = {int(pk) for _, pk in rows}
    return Message.objects.filter(pk__in=ids).exclude(type=MessageType.AUDIT_CHECKPOINT).exists()


def _extends(last: Entry | None, head: tuple[int, str], workers: int) -> None:
    """CheckpointRefused unless the log up to ``head`` extends ``last``."""
    start = (last.count, last.head) if last else (0, GENESIS_HASH)
    if start[0] > head[0]:
        raise CheckpointRefused(
            f"the log holds {head[0]} rows, fewer than {last.describe() if last else ''} "
            "signed: rows were removed"
        )
    if start[0] and row_hash_at(start[0]) != start[1]:
        raise CheckpointRefused(
            f"row {start[0]} no longer has the hash {last.describe() if last else ''} signed: "
            "the log was rewritten"
        )
    walked = walk_from(start, head[0], workers=workers)
    if walked.broken is not None:
        raise CheckpointRefused(
            f"the log since the last checkpoint is broken at row {walked.broken.seq}: "
            f"{walked.broken.reason}"
        )
    if walked.last != head:
        raise CheckpointRefused(
            f"the chain head says row {head[0]} but the log ends at row {walked.last[0]}"
        )


def make_checkpoint(*, force: bool = True, workers: int = 1) -> Made | None:
    """Sign the log as it stands and give the checkpoint to the witnesses. With
    ``force=False`` (the worker), nothing is made when nothing but checkpoint traffic was
    recorded since the last one. CheckpointRefused when the log does not extend the last."""
    key = node.ensure_key()
    keys.keep_public(key)
    with files.locked(files.checkpoint_file()) as fh:
        last = _last(files.lines_of(fh))
        head = chain_head() or (0, GENESIS_HASH)
        if last is not None and not force and not changed_since(last.count):
            return None
        _extends(last, head, workers)
        checkpoint = new_checkpoint(
            node.identity().country, (last.seq if last else 0) + 1, *head, timezone.now()
        )
        jws, kid = node.sign(checkpoint.to_payload())
        files.append_to(fh, witnesses.record(checkpoint, jws, kid))
    made = Made(checkpoint, jws)
    made.witnesses = witnesses.send(checkpoint, jws, kid)
    return made


def _entries(lines: list[str]) -> list[Entry]:
    """Every entry in the file, each signature checked; CheckpointRefused naming the first
    line that is not an entry this node signed."""
    known, out = keys.on_file(), []
    for n, line in enumerate((line for line in lines if line.strip()), 1):
        try:
            jws = str(json.loads(line)["jws"])
        except (ValueError, KeyError, TypeError):
            raise CheckpointRefused(
                f"line {n} of the checkpoint file is not a checkpoint"
            ) from None
        read = keys.read(jws, known)
        if read.checkpoint is None or not read.signed:
            raise CheckpointRefused(
                f"line {n} of the checkpoint file does not verify: {read.detail or 'unreadable'}"
            )
        out.append(read.checkpoint)
    return out


def _modified(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except OSError:
        return None


def mark_restore(*, reason: str, backup: Path, workers: int = 1) -> Made:
    """Sign a restore marker over the log as just restored from ``backup`` and give it to the
    witnesses: the row count and last hash of the restored log, the entry it supersedes (the
    file's last), the backup's name and modification time, and ``reason``.
    DomainValidationError names a bad reason; CheckpointRefused when the restored log is
    broken or is not a true prefix of what the file's entries signed (nothing is signed)."""
    reason = restore_reason(reason)
    key = node.ensure_key()
    keys.keep_public(key)
    with files.locked(files.checkpoint_file()) as fh:
        lines = files.lines_of(fh)
        last = _last(lines)
        entries = _entries(lines)
        walked = walk(frozenset(e.count for e in entries), workers=workers)
        if walked.broken is not None:
            raise CheckpointRefused(
                f"the restored log is broken at row {walked.broken.seq}: {walked.broken.reason}"
            )
        marker = new_restore_marker(
            node.identity().country,
            walked.last,
            timezone.now(),
            supersedes=last,
            backup_file=backup.name,
            backup_time=_modified(backup),
            reason=reason,
        )
        hashes = {**walked.hashes, walked.last[0]: walked.last[1]}
        problems = log_problems([*entries, marker], walked.rows, hashes)
        if problems:
            raise CheckpointRefused(
                "the restored log is not what was signed: " + "; ".join(problems)
            )
        jws, kid = node.sign(marker.to_payload())
        files.append_to(fh, witnesses.record(marker, jws, kid))
    made = Made(marker, jws)
    made.witnesses = witnesses.send(marker, jws, kid)
    return made


def checkpoint_due(now: dt.datetime | None = None) -> bool:
    """Whether the worker should make a checkpoint now: ``FOURPILLARS_AUDIT_CHECKPOINT_SECONDS``
    have passed since the time the file's last checkpoint says (or there is none yet); never
    when the setting is 0. Only schedules: what the line says is checked when one is made."""
    seconds = int(settings.FOURPILLARS_AUDIT_CHECKPOINT_SECONDS)
    if seconds <= 0:
        return False
    line = files.last_line(files.checkpoint_file())
    if not line.strip():
        return True
    try:
        at = dt.datetime.fromisoformat(str(json.loads(line)["at"]))
    except (ValueError, KeyError, TypeError):
        return True  # unreadable: making one says what is wrong
    return (now or timezone.now()) - at >= dt.timedelta(seconds=seconds)


def set_aside_for_a_new_log() -> Path | None:
    """The demo's fresh database: when the audit log is empty and the checkpoint file holds
    checkpoints (of an earlier database), rename the file aside (kept, never deleted) so that
    the new log starts its own; where it went, or None. Only ``seed-demo`` calls this: a
    production log that is empty while checkpoints exist is what ``verify-audit`` reports."""
    path = files.checkpoint_file()
    if AuditEvent.objects.exists() or not path.exists() or not path.stat().st_size:
        return None
    aside = path.with_name(f"{path.name}.{timezone.now():%Y%m%dT%H%M%S}.earlier")
    path.rename(aside)
    return aside
