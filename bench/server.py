"""Start and stop a real ``fourpillars serve`` (gunicorn) on a free loopback port, with
DJANGO_SETTINGS_MODULE=bench.settings so that the baseline view is served alongside."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``python -m fourpillars.cli serve`` in a subprocess; stops on exit from the block."""

    def __init__(
        self,
        database_url: str,
        workers: int,
        threads: int,
        log: Path,
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
        extra: list[str] | None = None,
    ) -> None:
        self.port = port or free_port()
        self.env, self.extra = env or {}, extra or []
        self.database_url, self.workers, self.threads, self.log = (
            database_url,
            workers,
            threads,
            log,
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "FOURPILLARS_ACCESS_LOG": "",
            **self.env,
        }
        cmd = [
            sys.executable,
            "-m",
            "fourpillars.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            *self.extra,
        ]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"the server exited early; see {self.log}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/bench/bare/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # our own session: arbiter and workers
            self.proc.wait(5)
