"""The SQLite database and its folder are readable by their owner only: the application's data
folder 0700, the database file and the write-ahead log and shared-memory files beside it 0600,
from the first connection on, and put back on the next connection if anything widened them.
A folder that is not the application's own (such as /tmp) is never touched."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from fourpillars.db.files import private_database

ROOT = Path(__file__).resolve().parents[2]

WRITE = (
    "import django; django.setup(); "
    "from django.db import connection; "
    "cur = connection.cursor(); "
    "cur.execute('CREATE TABLE IF NOT EXISTS t (x integer)'); "
    "cur.execute('INSERT INTO t VALUES (1)')"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_app(var: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        FOURPILLARS_VAR=str(var),
        DJANGO_SETTINGS_MODULE="fourpillars.config.settings",
        FOURPILLARS_SECRET_KEY="test-only-key",
    )
    old = os.umask(0o022)  # the usual umask: files readable by everyone unless made otherwise
    try:
        subprocess.run([sys.executable, "-c", WRITE], env=env, check=True, cwd=ROOT)
    finally:
        os.umask(old)


def test_the_database_and_its_folder_are_its_owners_only(tmp_path: Path) -> None:
    var = tmp_path / "var"
    run_app(var)
    db = var / "fourpillars.sqlite3"
    assert mode(var) == 0o700
    assert mode(db) == 0o600
    sides = [Path(f"{db}{s}") for s in ("-wal", "-shm") if Path(f"{db}{s}").exists()]
    assert all(mode(p) == 0o600 for p in sides), {p.name: oct(mode(p)) for p in sides}


def test_widened_permissions_are_put_back(tmp_path: Path) -> None:
    var = tmp_path / "var"
    run_app(var)
    db = var / "fourpillars.sqlite3"
    var.chmod(0o755)
    db.chmod(0o644)
    run_app(var)
    assert (mode(var), mode(db)) == (0o700, 0o600)


def test_a_folder_not_the_applications_own_is_left_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    db = shared / "register.sqlite3"
    private_database(str(db), own_folder=tmp_path / "var")
    assert mode(shared) == 0o755 and mode(db) == 0o600
    private_database(":memory:", own_folder=tmp_path)  # nothing on disk: nothing done
