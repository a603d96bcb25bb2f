"""``fourpillars backup`` and ``restore`` (decision 0027), and the drill: a backup taken while a
thread keeps writing audited changes, restored into an empty database; there ``verify-audit``
passes against the checkpoints, and every write acknowledged (committed) before the backup
began is present. On SQLite (the online backup API) and PostgreSQL (pg_dump, pg_restore)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from fourpillars.db.backup import restore
from fourpillars.domain.audit import Operation
from fourpillars.services import audit
from fourpillars.services.context import request_context
from tests.cast import World

Run = Callable[..., str]
ROOT = Path(__file__).resolve().parents[2]
DRILL = "drill_write"


class Writer(threading.Thread):
    """Audited writes one after another, each acknowledged (its number and the moment its
    transaction committed) only once the commit has returned."""

    def __init__(self) -> None:
        super().__init__(name="drill-writer", daemon=True)
        self.stop = threading.Event()
        self.acknowledged: list[tuple[int, float]] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        n = 0
        try:
            with request_context("worker"):
                while not self.stop.is_set():
                    n += 1
                    with transaction.atomic():
                        audit.record(
                            actor=None,
                            operation=Operation.ALTERATION,
                            action=DRILL,
                            target=audit.Target("drill", str(n)),
                            after={"n": n},
                        )
                    self.acknowledged.append((n, time.monotonic()))
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            connections.close_all()


@pytest.fixture
def writer() -> Iterator[Writer]:
    thread = Writer()
    thread.start()
    yield thread
    thread.stop.set()
    thread.join(30)


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """An empty database beside the test's: a new SQLite file, or a new PostgreSQL database
    (dropped afterwards); its settings as Django's."""
    target = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        target["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        return
    target["NAME"] = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{target["NAME"]}"')
    yield target
    with connection.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')


def _url(target: dict[str, Any]) -> str:
    if target["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{target['NAME']}"
    password = f":{target['PASSWORD']}" if target.get("PASSWORD") else ""
    host, port = target.get("HOST") or "127.0.0.1", target.get("PORT") or 5432
    return f"postgres://{target['USER']}{password}@{host}:{port}/{target['NAME']}"


def _fourpillars(
    target: dict[str, Any], *args: str, keys: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FOURPILLARS_", "DATABASE"))},
        "DATABASE_URL": _url(target),
        "FOURPILLARS_VAR": str(keys.parent),
        "FOURPILLARS_NODE_KEY_DIR": str(keys),
        "FOURPILLARS_SECRET_KEY": "test-only",
    }
    return subprocess.run(
        [sys.executable, "-m", "fourpillars.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _restored_writes(target: dict[str, Any]) -> set[int]:
    sql = "SELECT target_id FROM audit_auditevent WHERE action = %s"
    if target["ENGINE"].endswith("sqlite3"):
        conn = sqlite3.connect(target["NAME"])
        rows = conn.execute(sql.replace("%s", "?"), [DRILL]).fetchall()
        conn.close()
    else:
        from fourpillars.db.roles import connect

        with connect(target) as conn:
            rows = conn.execute(sql, [DRILL]).fetchall()
    return {int(r[0]) for r in rows}


@pytest.mark.django_db(transaction=True)
def test_the_drill_backup_under_load_restores_whole_and_verifies(
    world: World,
    run: Run,
    writer: Writer,
    empty_database: dict[str, Any],
    tmp_path: Path,
    settings: Any,
) -> None:
    while len(writer.acknowledged) < 20:  # the load is on
        time.sleep(0.01)
    began = time.monotonic()
    out = run("backup", str(tmp_path / "drill.backup"))
    deadline = time.monotonic() + 10
    while writer.acknowledged[-1][1] <= began and time.monotonic() < deadline:
        time.sleep(0.01)  # at least one write after the backup began
    writer.stop.set()
    writer.join(30)
    assert writer.error is None, writer.error
    assert out.startswith("checkpoint 1: ") and "backed up to" in out
    backup = tmp_path / "drill.backup"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    restore(empty_database, backup)  # what `fourpillars restore` does, into the empty one
    checked = _fourpillars(
        empty_database, "verify-audit", "--no-peers", keys=settings.FOURPILLARS_NODE_KEY_DIR
    )
    assert checked.returncode == 0, checked.stderr
    assert "checked against 1 checkpoints" in checked.stdout

    acknowledged_before = {n for n, at in writer.acknowledged if at < began}
    present = _restored_writes(empty_database)
    assert acknowledged_before and acknowledged_before <= present
    assert len(writer.acknowledged) > len(acknowledged_before)  # writes went on meanwhile


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(world: World, run: Run, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("something else")
    with pytest.raises(CommandError, match="exists already") as caught:
        run("backup", str(taken), "--no-checkpoint")
    assert caught.value.returncode == 1
    assert taken.read_text() == "something else"


@pytest.mark.django_db
def test_a_restore_into_a_database_in_use_is_refused(
    world: World, run: Run, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.backup"
    run("backup", str(copy), "--no-checkpoint")
    with pytest.raises(CommandError, match="is not empty: a restore needs an empty database"):
        run("restore", str(copy))


@pytest.mark.django_db
def test_a_file_that_is_no_backup_is_refused(run: Run, tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="is not a backup made by fourpillars backup"):
        run("restore", str(junk))
