"""End to end: the real ``fourpillars`` console script in subprocesses, on a fresh SQLite file
(seed-demo migrates if needed; token; audit-log --json; verify-audit detects a
tampered row and exits non-zero naming it; serve answers on its port)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("fourpillars")

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason=f"{SCRIPT} is not installed")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FOURPILLARS_")}
    return {
        **clean,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
        "FOURPILLARS_VAR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "fourpillars.config.settings",
    }


def fourpillars(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_console_script_seeds_issues_a_token_lists_and_verifies_the_audit_trail(
    env: dict[str, str], tmp_path: Path
) -> None:
    seeded = fourpillars(env, "seed-demo", "--persons", "12")
    assert seeded.returncode == 0, seeded.stderr
    assert "migration" in seeded.stdout
    password = (tmp_path / "var" / "demo_password").read_text().strip()
    assert f"Password for every demo user: {password}" in seeded.stdout
    assert "housing" in seeded.stdout and "http://127.0.0.1:8000" in seeded.stdout

    token = fourpillars(env, "token", "police")
    assert token.returncode == 0 and token.stdout.strip().startswith("fp_")
    unknown = fourpillars(env, "token", "nobody")
    assert unknown.returncode == 1
    assert "no user called 'nobody'" in unknown.stderr and unknown.stdout == ""

    listed = fourpillars(env, "audit-log", "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert listed.returncode == 0 and len(rows) >= 24  # two collection rows per case at least
    assert {"at", "operation", "actor", "case_id", "justification"} <= set(rows[0])
    assert {r["action"] for r in rows} >= {"register_case", "share_case", "issue_token"}

    intact = fourpillars(env, "verify-audit")
    assert intact.returncode == 0
    assert intact.stdout.strip() == f"audit chain intact: {len(rows)} rows"

    with sqlite3.connect(tmp_path / "e2e.sqlite3") as db:
        db.execute("UPDATE audit_auditevent SET actor_username = 'mallory' WHERE seq = 5")
    broken = fourpillars(env, "verify-audit")
    assert broken.returncode == 1
    assert "row 5" in broken.stderr and "altered" in broken.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, deadline: float) -> http.client.HTTPResponse:
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            return response
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_console_script_serve_answers_with_gunicorn_and_stops_on_sigterm(
    env: dict[str, str],
) -> None:
    assert fourpillars(env, "migrate", "--verbosity", "0").returncode == 0
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(SCRIPT),
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "2",
            "--no-collectstatic",
        ],
        env={**env, "FOURPILLARS_ACCESS_LOG": ""},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        response = _get(port, "/api/v1/openapi.json", time.monotonic() + 30)
        assert response.status == 200
        assert response.getheader("X-Request-ID")
        assert "gunicorn" in (response.getheader("Server") or "")
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out
    assert proc.returncode == 0
