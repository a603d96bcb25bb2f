"""Peer nodes for the demo (decision 0020): the Netherlands and Latvia beside the main node,
each a ``fourpillars serve --worker`` of its own with its own SQLite file, key directory and
country, under ``var/nodes/<cc>/``; then every node introduced to every other from its
``node.json``. Used by ``fourpillars demo-nodes``; nothing here is a use case."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from django.conf import settings

from fourpillars.cli_commands.support import PASSWORD_ENV

PEERS = (("NL", "Netherlands"), ("LV", "Latvia"))  # two of the SOMEC partners


@dataclass
class PeerNode:
    """One peer node's home, address and process."""

    country: str
    name: str
    host: str
    port: int
    password: str
    process: subprocess.Popen[bytes] | None = None

    @property
    def home(self) -> Path:
        return Path(settings.VAR_DIR) / "nodes" / self.country.lower()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def env(self) -> dict[str, str]:
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("FOURPILLARS_", "DATABASE_URL"))
        }
        return {
            **keep,
            "DATABASE_URL": f"sqlite:///{self.home / 'node.sqlite3'}",
            "FOURPILLARS_VAR": str(self.home),
            "FOURPILLARS_NODE_COUNTRY": self.country,
            "FOURPILLARS_NODE_NAME": f"Four Pillars {self.name}",
            "FOURPILLARS_NODE_AUTHORITY": f"Central authority of {self.name} (demo)",
            "FOURPILLARS_NODE_KEY_DIR": str(self.home / "keys"),
            "FOURPILLARS_SITE_URL": self.url,
            "FOURPILLARS_ALLOWED_HOSTS": f"{self.host},localhost,127.0.0.1",
            # The main node's collected static files serve the peers too.
            "FOURPILLARS_STATIC_ROOT": str(settings.STATIC_ROOT),
            PASSWORD_ENV: self.password,
        }

    def run(self, *args: str) -> None:
        """A ``fourpillars`` command in this node's environment; raises when it fails."""
        self.home.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "fourpillars.cli", *args], env=self.env(), check=True)

    def start(self) -> None:
        log = (self.home / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fourpillars.cli",
                "serve",
                "--host",
                self.host,
                "--port",
                str(self.port),
                "--workers",
                "2",
                "--worker",
            ],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wait_for(url: str, timeout: float = 180) -> None:
    """Until ``url`` answers 200; RuntimeError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
