"""Backing up and restoring the database (decision 0027): a consistent copy taken while the
application keeps writing, and a restore into an empty database only.

PostgreSQL: ``pg_dump`` in its custom format (one snapshot: every transaction committed before
the dump began is in it, none that committed later) and ``pg_restore`` in one transaction,
stopping at the first error, without the dump's owners and grants (the restoring role owns
what it restores; ``fourpillars restore`` grants the application's role afterwards). SQLite:
the online backup API (``sqlite3.Connection.backup``, all pages in one step: one read
snapshot, while writers carry on in WAL mode). The password travels in the environment, never
on a command line; files are written beside the target and renamed when complete, owner-only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class Done:
    path: Path
    size: int
    seconds: float


def _vendor(settings_dict: dict[str, Any]) -> str:
    engine = str(settings_dict["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"no backup for the database engine {engine}")


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    pairs = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    env.update({k: str(v) for k, v in pairs.items() if v})
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return found


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{Path(args[0]).name} failed: {' '.join(said[-3:])}")


def _owner_only(path: Path) -> None:
    os.chmod(path, 0o600)


def backup(settings_dict: dict[str, Any], dest: Path) -> Done:
    """Copy the database ``settings_dict`` names into ``dest`` (which must not exist)."""
    if dest.exists():
        raise BackupError(f"{dest} exists already: a backup never overwrites a file")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.monotonic()
    if _vendor(settings_dict) == "sqlite":
        source = sqlite3.connect(str(settings_dict["NAME"]), timeout=30)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # all pages in one step: one consistent snapshot
        finally:
            target.close()
            source.close()
    else:
        _run(
            [_tool("pg_dump"), "--format=custom", f"--file={partial}"],
            _pg_env(settings_dict),
        )
    _owner_only(partial)
    partial.rename(dest)
    return Done(dest, dest.stat().st_size, time.monotonic() - started)


def kind_of(path: Path) -> str:
    """Which database a backup file is of ("sqlite" or "postgresql"), from its first bytes."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup made by fourpillars backup")


def _sqlite_tables(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        return int(row[0])
    finally:
        conn.close()


def _pg_tables(settings_dict: dict[str, Any]) -> int:
    from .roles import connect

    conn = connect(settings_dict)
    try:
        row = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
        return int(row[0])
    finally:
        conn.close()


def restore(settings_dict: dict[str, Any], source: Path) -> Done:
    """Restore ``source`` into the empty database ``settings_dict`` names (BackupError when it
    holds any table, or the backup is of the other kind of database)."""
    kind, vendor = kind_of(source), _vendor(settings_dict)
    if kind != vendor:
        raise BackupError(f"{source} is a {kind} backup; the database is {vendor}")
    started = time.monotonic()
    if vendor == "sqlite":
        target_path = Path(str(settings_dict["NAME"]))
        if _sqlite_tables(target_path):
            raise BackupError(f"{target_path} is not empty: a restore needs an empty database")
        target_path.parent.mkdir(parents=True, exist_ok=True)
        partial = target_path.with_name(target_path.name + ".partial")
        partial.unlink(missing_ok=True)
        src, dst = sqlite3.connect(source), sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        _owner_only(partial)
        partial.rename(target_path)
    else:
        if _pg_tables(settings_dict):
            raise BackupError(
                f"the database {settings_dict['NAME']} is not empty: a restore needs an empty "
                "database"
            )
        _run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings_dict['NAME']}",
                str(source),
            ],
            _pg_env(settings_dict),
        )
    return Done(source, source.stat().st_size, time.monotonic() - started)
