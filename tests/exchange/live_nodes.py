"""Peer nodes in a test, each its own ``fourpillars serve`` process with its own SQLite file,
key directory and country, beside the test's live server (the United Kingdom). Shared by the
three-node exchange test and the cross-border browser journey."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from tests import processes

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class NodeProcess:
    """A peer node: its environment, CLI and server."""

    country: str
    home: Path
    pycache: Path
    port: int = field(default_factory=processes.free_port)
    server: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. the demo password

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        keep = {
            k: v for k, v in os.environ.items() if not k.startswith(("FOURPILLARS_", "DATABASE"))
        }
        return {
            **keep,
            "DATABASE_URL": f"sqlite:///{self.home / 'node.sqlite3'}",
            "FOURPILLARS_VAR": str(self.home),
            "FOURPILLARS_NODE_COUNTRY": self.country,
            "FOURPILLARS_NODE_NAME": f"Four Pillars {self.country}",
            "FOURPILLARS_NODE_KEY_DIR": str(self.home / "keys"),
            "FOURPILLARS_SITE_URL": self.url,
            "FOURPILLARS_SECRET_KEY": "test-only-" + self.country,
            "FOURPILLARS_ACCESS_LOG": "",
            # No worker: what a command queues is sent when it commits.
            "FOURPILLARS_TASKS": "immediate",
            "FOURPILLARS_EXCHANGE_BACKOFF_BASE": "0",
            **self.extra_env,
        }

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "fourpillars.cli", args[0], "--skip-checks", *args[1:]],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> None:
        cmd = [sys.executable, "-m", "fourpillars.cli", "serve", "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port), "--workers", "1", "--no-collectstatic"]
        log = (self.home / "server.log").open("wb")
        self.server = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, timeout: float = 60) -> None:
        processes.wait_until_serving(
            self.server,
            f"{self.url}/exchange/node.json",
            (self.home / "server.log").read_text,
            timeout=timeout,
            what=self.country,
        )

    def stop(self) -> None:
        processes.stop(self.server)

    def messages(self) -> list[dict[str, Any]]:
        """The node's messages, read from its database file (no process to start)."""
        with sqlite3.connect(f"file:{self.home / 'node.sqlite3'}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM exchange_message ORDER BY id").fetchall()
        return [dict(r) for r in rows]


def migrated_copy(nl: NodeProcess) -> None:
    """An empty, migrated database for a peer: on SQLite a copy of this test's own (migrated,
    flushed) database, much faster than migrating again; else ``migrate``."""
    target = nl.home / "node.sqlite3"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        nl.cli("migrate", "--verbosity", "0")
