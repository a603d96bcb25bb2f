"""PostgreSQL roles (decision 0027): the application's role cannot update, delete or truncate
audit rows, nor use the trigger's truncate bypass, nor switch the trigger off; it can append
rows and move the chain head on, and the application runs as it. A role given TRUNCATE but not
owning the table is still refused by the trigger with the bypass on. PostgreSQL only."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fourpillars.audit.models import AuditEvent
from fourpillars.db import roles
from fourpillars.services import checkpoints
from tests.cast import World

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles"),
    pytest.mark.django_db(transaction=True),
]


def _execute(sql: str) -> None:
    with connection.cursor() as cur:
        cur.execute(sql)


@pytest.fixture
def app_role() -> Iterator[tuple[str, str]]:
    """A login role of this test's own, granted what the application's role is (the tables
    belong to the test's superuser, who plays the owner); dropped afterwards."""
    name, password = f"fp_test_app_{os.getpid()}", secrets.token_urlsafe(16)
    _execute(f"DROP ROLE IF EXISTS {name}")
    _execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    database = connection.settings_dict["NAME"]
    _execute(f'GRANT CONNECT ON DATABASE "{database}" TO {name}')
    with connection.cursor() as cur:
        roles.grant_app_role(cur, name)
    try:
        yield name, password
    finally:
        _execute(f"DROP OWNED BY {name}")
        _execute(f"DROP ROLE {name}")


def _as(role: tuple[str, str]) -> Any:
    return roles.connect(connection.settings_dict, user=role[0], password=role[1])


def test_the_app_role_cannot_change_remove_or_truncate_audit_rows(
    world: World, app_role: tuple[str, str]
) -> None:
    conn = _as(app_role)
    try:
        limits = {limit.what: limit for limit in roles.app_role_limits(conn)}
    finally:
        conn.close()
    for what in (
        "update audit rows",
        "delete audit rows",
        "truncate the audit table",
        "truncate it with the trigger's bypass switched on",
        "switch the audit trigger off",
        "drop the audit trigger",
        "delete the chain head",
    ):
        assert not limits[what].allowed, (what, limits[what].said)
    for what in ("append audit rows", "read audit rows", "move the chain head on"):
        assert limits[what].allowed, what
    assert all(limit.kept for limit in limits.values())
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit_auditevent")
        assert cur.fetchone()[0] > 0  # every attempt was rolled back


def test_the_bypass_works_only_for_the_tables_owner(world: World) -> None:
    """Given TRUNCATE outright (a careless grant), a role that does not own the table still
    meets the trigger, bypass or not."""
    name, password = f"fp_test_truncate_{os.getpid()}", secrets.token_urlsafe(16)
    _execute(f"DROP ROLE IF EXISTS {name}")
    _execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    _execute(f'GRANT CONNECT ON DATABASE "{connection.settings_dict["NAME"]}" TO {name}')
    _execute(f"GRANT USAGE ON SCHEMA public TO {name}")
    _execute(f"GRANT SELECT, TRUNCATE ON audit_auditevent TO {name}")
    try:
        conn = _as((name, password))
        try:
            with conn.cursor() as cur:
                cur.execute("SET fourpillars.allow_truncate = 'on'")
                with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                    cur.execute("TRUNCATE audit_auditevent")
        finally:
            conn.rollback()
            conn.close()
    finally:
        _execute(f"DROP OWNED BY {name}")
        _execute(f"DROP ROLE {name}")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit_auditevent")
        assert cur.fetchone()[0] > 0


def _url(user: str, password: str) -> str:
    s = connection.settings_dict
    login = f"{user}:{password}" if password else user
    return f"postgres://{login}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def _fourpillars(
    role: tuple[str, str], *args: str, tmp: Path, **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FOURPILLARS_", "DATABASE"))},
        "DATABASE_URL": _url(*role),
        "FOURPILLARS_VAR": str(tmp),
        "FOURPILLARS_SECRET_KEY": "test-only",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "fourpillars.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_application_runs_as_the_app_role(
    world: World, app_role: tuple[str, str], tmp_path: Path
) -> None:
    """A checkpoint made as the application's role: it reads the trail, makes the node's key
    (an audited write: a row appended, the chain head moved on) and signs; the check here sees
    the row and the checkpoint (the same key folder)."""
    before = AuditEvent.objects.count()
    made = _fourpillars(app_role, "audit-checkpoint", tmp=tmp_path)
    assert made.returncode == 0, made.stderr
    assert AuditEvent.objects.filter(action="create_node_key").count() == 1
    check = checkpoints.check_trail(peers=False)
    assert check.ok and check.rows == before + 1 and check.checkpoints == 1


def _may(role: str, table: str, privilege: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
        return bool(cur.fetchone()[0])


def test_migrate_runs_as_the_owner_and_grants_the_app_role_again(
    world: World, app_role: tuple[str, str], tmp_path: Path
) -> None:
    _execute(f"REVOKE SELECT ON register_case FROM {app_role[0]}")
    _execute(f"GRANT UPDATE ON audit_auditevent TO {app_role[0]}")
    s = connection.settings_dict
    owner = _url(str(s["USER"]), str(s.get("PASSWORD") or ""))
    done = _fourpillars(
        app_role, "migrate", "--verbosity", "0", tmp=tmp_path, DATABASE_OWNER_URL=owner
    )
    assert done.returncode == 0, done.stderr
    assert _may(app_role[0], "register_case", "SELECT")
    assert not _may(app_role[0], "audit_auditevent", "UPDATE")


def test_db_roles_check_names_what_a_role_that_is_no_app_role_could_do(world: World) -> None:
    """As the test's superuser (which owns the tables) the check fails, naming the bypass."""
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("db_roles", "check", stdout=out)
    assert caught.value.returncode == 1
    assert "truncate it with the trigger's bypass switched on" in str(caught.value)
    assert "ok  " in out.getvalue() and "NOT " in out.getvalue()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit_auditevent")
        assert cur.fetchone()[0] > 0  # the truncate it tried was rolled back
