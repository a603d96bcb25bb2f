"""The app as ``make demo`` serves it, for the probe test: ``fourpillars serve`` in a process of
its own against the test's database (committed data: the test is transactional), its console
script for the operator's commands, and HTTP clients that sign in as a browser does, from any
loopback address (so that one probe's lockout of an address cannot touch another's).

On PostgreSQL the server and its commands connect as an application role made for the test
and granted as a deployment grants it (decision 0027); the test's own connection plays the
owner, the insider with full database access."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from django.db import connection

from fourpillars.db import roles
from tests import processes

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Role:
    """A PostgreSQL login role."""

    name: str
    password: str


def _execute(sql: str) -> None:
    with connection.cursor() as cur:
        cur.execute(sql)


@contextmanager
def app_role() -> Iterator[Role]:
    """A login role of the test's own with the application role's grants (the tables belong to
    the test's superuser, the owner here); dropped afterwards. PostgreSQL only."""
    role = Role(f"fp_probe_app_{os.getpid()}", secrets.token_urlsafe(16))
    _execute(f"DROP ROLE IF EXISTS {role.name}")
    _execute(f"CREATE ROLE {role.name} LOGIN PASSWORD '{role.password}'")
    _execute(f'GRANT CONNECT ON DATABASE "{connection.settings_dict["NAME"]}" TO {role.name}')
    with connection.cursor() as cur:
        roles.grant_app_role(cur, role.name)
    try:
        yield role
    finally:
        _execute(f"DROP OWNED BY {role.name}")
        _execute(f"DROP ROLE {role.name}")


def database_url(role: Role | None) -> str:
    """The test database as a URL, on PostgreSQL as ``role``."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    assert role is not None, "PostgreSQL needs the application's role"
    return (
        f"postgres://{role.name}:{role.password}@{s.get('HOST') or HOST}:{s.get('PORT') or 5432}"
        f"/{s['NAME']}"
    )


def as_role(role: Role) -> Any:
    """A psycopg connection to the test database as ``role`` (not autocommit)."""
    return roles.connect(connection.settings_dict, user=role.name, password=role.password)


@dataclass
class RunningApp:
    """``fourpillars serve`` on a free port, and the console script, with one environment."""

    home: Path
    database: str
    key_dir: Path
    pycache: Path  # compiled modules, shared by every process the suite starts
    port: int = field(default_factory=processes.free_port)
    server: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("FOURPILLARS_", "DATABASE")) and k != "PYTHONDONTWRITEBYTECODE"
        }
        return {
            **keep,
            # Each process would otherwise compile a thousand modules again (seconds each).
            "PYTHONPYCACHEPREFIX": str(self.pycache),
            "DATABASE_URL": self.database,
            "FOURPILLARS_VAR": str(self.home / "var"),
            "FOURPILLARS_NODE_KEY_DIR": str(self.key_dir),
            "FOURPILLARS_SECRET_KEY": "test-only-probe",
            "FOURPILLARS_SITE_URL": self.url,
            "FOURPILLARS_ACCESS_LOG": "",
        }

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``fourpillars <args>`` as an operator runs it; the caller reads the exit code.
        Django's system checks are skipped (the suite runs them once): on a busy machine they
        cost seconds a command."""
        return subprocess.run(
            [sys.executable, "-m", "fourpillars.cli", args[0], "--skip-checks", *args[1:]],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def start(self) -> None:
        cmd = [sys.executable, "-m", "fourpillars.cli", "serve", "--skip-checks", "--host", HOST]
        cmd += ["--port", str(self.port), "--workers", "1", "--no-collectstatic"]
        with (self.home / "server.log").open("wb") as log:  # the server keeps its own copy
            self.server = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def log(self) -> str:
        return (self.home / "server.log").read_text(errors="replace")

    def wait(self, timeout: float = 180) -> None:
        processes.wait_until_serving(self.server, f"{self.url}/login/", self.log, timeout=timeout)

    def stop(self) -> None:
        processes.stop(self.server, grace=20)

    def client(self, address: str = HOST, token: str | None = None) -> Browser:
        """A client connecting from ``address`` (any of 127.0.0.0/8), with a bearer token if
        given."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        transport = httpx.HTTPTransport(local_address=address)
        return Browser(base_url=self.url, transport=transport, headers=headers, timeout=60)


class Browser(httpx.Client):
    """An HTTP client that posts forms as a browser does (the CSRF cookie's token with each)
    and JSON as an API client does."""

    def form(
        self, url: str, data: dict[str, str], headers: dict[str, str] | None = None
    ) -> httpx.Response:
        if "csrftoken" not in self.cookies:
            self.get("/login/")
        token = self.cookies["csrftoken"]
        return self.post(url, data={**data, "csrfmiddlewaretoken": token}, headers=headers)

    def sign_in(
        self, username: str, password: str, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return self.form("/login/", {"username": username, "password": password}, headers)

    def signed_in(self) -> bool:
        return self.get("/").status_code == 200

    def json(self, method: str, url: str, body: object) -> httpx.Response:
        return self.request(method, "/api/v1" + url, json=body)


def page_text(response: httpx.Response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    import html

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.text, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def without_csrf(response: httpx.Response) -> str:
    """The page without its per-render CSRF token (the sign-out form's)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
