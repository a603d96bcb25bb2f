"""The append-only files checkpoints are kept in (decision 0027): this node's own file, beside
its key files by default, and the witness file. One JSON object a line; a line is only ever
added (opened for appending, under an exclusive lock, flushed to disk), never rewritten. The
file and its folder are readable by the owner only."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from fourpillars.services.exchange import node

FILE_NAME = "audit-checkpoints.jsonl"


def checkpoint_file() -> Path:
    """This node's own checkpoint file: ``FOURPILLARS_AUDIT_CHECKPOINT_FILE``, else beside the
    node's private keys."""
    named = str(settings.FOURPILLARS_AUDIT_CHECKPOINT_FILE or "")
    return Path(named) if named else node.key_dir() / FILE_NAME


def witness_file() -> Path | None:
    named = str(settings.FOURPILLARS_AUDIT_WITNESS_FILE or "")
    return Path(named) if named else None


def _folder(path: Path) -> None:
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
        os.chmod(path.parent, 0o700)


@contextmanager
def locked(path: Path) -> Iterator[IO[str]]:
    """The file opened for appending and reading, under an exclusive lock (two workers making
    checkpoints at once take turns); created owner-only when missing."""
    _folder(path)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield fh
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def lines_of(fh: IO[str]) -> list[str]:
    fh.seek(0)
    return fh.read().splitlines()


def append_to(fh: IO[str], record: dict[str, Any]) -> None:
    """One line added at the end, on disk before this returns."""
    fh.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
    fh.flush()
    os.fsync(fh.fileno())


def append(path: Path, record: dict[str, Any]) -> None:
    with locked(path) as fh:
        append_to(fh, record)


def read(path: Path) -> list[str]:
    """The lines of ``path`` (none when it does not exist)."""
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").splitlines()


def last_line(path: Path, tail: int = 8192) -> str:
    """The last line of ``path`` that is not empty ("" when there is none), reading only the
    end of the file."""
    if not path.exists():
        return ""
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - tail))
        lines = [line for line in fh.read().decode("utf-8", "replace").splitlines() if line]
    return lines[-1] if lines else ""
