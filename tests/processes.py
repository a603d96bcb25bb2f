"""Servers the tests start as processes of their own (the probe's app, the exchange's nodes):
a free local port, waiting until one answers, and stopping it."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable

import httpx


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_until_serving(
    process: subprocess.Popen[bytes] | None,
    url: str,
    log: Callable[[], str],
    *,
    timeout: float,
    what: str = "the server",
) -> None:
    """Until ``url`` answers 200; AssertionError with the server's ``log`` if the process
    ends first, or naming ``what`` did not start within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process is not None and process.poll() is None, log()
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not start:\n{log()}")


def stop(process: subprocess.Popen[bytes] | None, *, grace: float = 10) -> None:
    """Ask a running process to end, and kill it if it has not within ``grace`` seconds."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
