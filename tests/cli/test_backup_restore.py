"""``fourpillars backup`` and ``restore`` (decision 0027), and the drill: a backup taken while a
thread keeps writing audited changes, restored into an empty database; there ``verify-audit``
passes against the checkpoints, and every write acknowledged (committed) before the backup
began is present. On SQLite (the online backup API) and PostgreSQL (pg_dump, pg_restore).

A backup older than the newest checkpoint, restored by ``fourpillars restore --reason``, leaves
a signed restore marker in the checkpoint file and at the witness: ``verify-audit`` then passes
and names the rows lost and the reason; restored without the marker it fails as rows removed."""

from __future__ import annotations

import json
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

from fourpillars.audit.models import AuditEvent
from fourpillars.db.backup import restore
from fourpillars.domain.audit import Operation
from fourpillars.services import audit, checkpoints
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
    target: dict[str, Any], *args: str, keys: Path, witness: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FOURPILLARS_", "DATABASE"))},
        "DATABASE_URL": _url(target),
        "FOURPILLARS_VAR": str(keys.parent),
        "FOURPILLARS_NODE_KEY_DIR": str(keys),
        "FOURPILLARS_SECRET_KEY": "test-only",
        "FOURPILLARS_AUDIT_WITNESS_FILE": str(witness or ""),
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
        run("restore", str(copy), "--reason", "a drill")


@pytest.mark.django_db
def test_a_file_that_is_no_backup_is_refused(run: Run, tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="is not a backup made by fourpillars backup"):
        run("restore", str(junk), "--reason", "a drill")


# --- an older backup restored: the restore marker ---------------------------------------------

REASON = "database disk failed; restored the backup taken before the upgrade"


def _reads(world: World, n: int) -> None:
    with request_context("web"):
        for _ in range(n):
            with transaction.atomic():
                audit.record(
                    actor=world.users["police"],
                    operation=Operation.CONSULTATION,
                    action="view_case",
                    target=audit.case_target(world.police_case),
                )


@pytest.fixture
def witness(settings: Any, tmp_path: Path) -> Path:
    """The witness file, for this process and the console script's."""
    path = tmp_path / "witness" / "held.jsonl"
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = str(path)
    return path


@pytest.fixture
def older_backup(world: World, run: Run, tmp_path: Path, witness: Path) -> tuple[Path, int, int]:
    """A backup (after checkpoint 1), then more rows and checkpoint 2: the backup's file, the
    rows it holds, the rows checkpoint 2 signed."""
    path = tmp_path / "before-upgrade.backup"
    assert run("backup", str(path)).startswith("checkpoint 1: ")
    held = AuditEvent.objects.count()
    _reads(world, 6)
    assert run("audit_checkpoint").startswith("checkpoint 2: ")
    return path, held, AuditEvent.objects.count()


@pytest.mark.django_db(transaction=True)
def test_an_older_backup_restored_with_a_reason_reports_the_rows_it_lost(
    older_backup: tuple[Path, int, int],
    empty_database: dict[str, Any],
    witness: Path,
    settings: Any,
) -> None:
    path, held, signed = older_backup
    keys = settings.FOURPILLARS_NODE_KEY_DIR
    restored = _fourpillars(
        empty_database, "restore", str(path), "--reason", REASON, keys=keys, witness=witness
    )
    assert restored.returncode == 0, restored.stderr
    assert f"restore marker 3: {held} rows" in restored.stdout
    assert "written to the witness file" in restored.stdout

    checked = _fourpillars(empty_database, "verify-audit", "--no-peers", keys=keys, witness=witness)
    assert checked.returncode == 0, checked.stderr
    marker = json.loads((keys / "audit-checkpoints.jsonl").read_text().splitlines()[-1])
    assert marker["type"] == "audit_restore" and marker["reason"] == REASON
    assert marker["backup"]["file"] == "before-upgrade.backup"
    assert (
        f"warning: rows {held + 1} to {signed} ({signed - held} rows, signed by checkpoint 2) "
        f"were lost in the restore of {marker['at'][:10]} from the backup before-upgrade.backup"
    ) in checked.stdout
    assert f"the reason given: {REASON} (restore marker 3" in checked.stdout
    assert "checked against 6 checkpoints" in checked.stdout  # 3 here, 3 at the witness
    (kept,) = [json.loads(line) for line in witness.read_text().splitlines()][2:]
    assert kept["jws"] == marker["jws"]


@pytest.mark.django_db(transaction=True)
def test_an_older_backup_restored_without_a_marker_fails_as_rows_removed(
    older_backup: tuple[Path, int, int],
    empty_database: dict[str, Any],
    settings: Any,
) -> None:
    path, held, signed = older_backup
    restore(empty_database, path)  # the copy alone, as before restore markers
    checked = _fourpillars(
        empty_database, "verify-audit", "--no-peers", keys=settings.FOURPILLARS_NODE_KEY_DIR
    )
    assert checked.returncode == 1
    assert f"it holds {held} rows, the checkpoint signed {signed}: rows were removed" in (
        checked.stderr
    )
    assert "warning:" not in checked.stdout


@pytest.mark.django_db
def test_a_restore_without_a_reason_is_refused_naming_the_option(
    world: World, run: Run, tmp_path: Path
) -> None:
    junk = tmp_path / "any.backup"
    junk.write_bytes(b"not looked at")
    for given in ((), ("--reason", "   ")):
        with pytest.raises(CommandError, match="nothing restored: --reason: is required") as caught:
            run("restore", str(junk), *given)
        assert caught.value.returncode == 2
    assert not checkpoints.checkpoint_file().exists()
