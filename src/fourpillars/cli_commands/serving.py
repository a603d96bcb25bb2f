"""The production-style server behind ``fourpillars serve``: gunicorn, in-process.

gunicorn (sync workers, two per core) serves the WSGI application; whitenoise serves the
static files that ``collectstatic`` gathered into STATIC_ROOT. ``collectstatic`` runs only
when STATIC_ROOT is missing or stale: a fingerprint of every source file the finders see
(path, size, mtime) is kept beside the collected files and compared on start.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from gunicorn.app.base import BaseApplication

WSGI_APP = "fourpillars.config.wsgi:application"
STAMP = ".fourpillars-static-fingerprint"


def default_workers(cpus: int | None = None) -> int:
    """Two single-threaded worker processes per core, at least 2 and at most 16.

    Measured in `make bench` (figures in docs/decisions/0009): with threaded workers and
    keep-alive, the ten clients' connections stay with whichever worker accepted them, often
    most of them on one worker, so one core did the work of two and the case page ran far
    slower, and unevenly from run to run. A sync worker takes a connection only when it is
    idle and closes it after the response, so the load spreads over every worker. Twice the
    cores keeps both busy while the others wait on the database.
    """
    cpus = cpus if cpus is not None else (os.cpu_count() or 1)
    return max(2, min(16, 2 * cpus))


DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def site_url(host: str, port: int) -> str:
    """The address the server answers on, as a browser would open it (IPv6 in brackets; the
    wildcard addresses as the local machine)."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


DEFAULT_WORKERS = default_workers()
DEFAULT_THREADS = 1  # sync workers; --threads N > 1 switches to gthread workers


def static_fingerprint() -> str:
    """SHA-256 over (path, size, mtime) of every file the staticfiles finders would collect."""
    digest = hashlib.sha256()
    entries: list[str] = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            full = storage.path(path)
            try:
                st = os.stat(full)
            except OSError:
                continue
            entries.append(f"{path}\0{st.st_size}\0{int(st.st_mtime)}")
    for entry in sorted(entries):
        digest.update(entry.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def static_is_stale(fingerprint: str) -> bool:
    """True when STATIC_ROOT is missing or was collected from different source files."""
    stamp = Path(settings.STATIC_ROOT) / STAMP
    try:
        return stamp.read_text(encoding="utf-8").strip() != fingerprint
    except OSError:
        return True


def mark_collected(fingerprint: str) -> None:
    stamp = Path(settings.STATIC_ROOT) / STAMP
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")


def gunicorn_options(
    host: str, port: int, workers: int, threads: int, timeout: int = 60
) -> dict[str, Any]:
    """gunicorn settings: sync workers (gthread when asked for threads), access log to stdout.

    Sync workers read each request whole before answering it, so a slow client holds a
    worker for up to ``timeout``; in production put a buffering reverse proxy (nginx) in
    front, as gunicorn's own deployment notes advise."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "sync" if threads == 1 else "gthread",
        "timeout": timeout,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": os.environ.get("FOURPILLARS_ACCESS_LOG", "-") or None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "fourpillars",
        "forwarded_allow_ips": "127.0.0.1",
    }


class FourPillarsServer(BaseApplication):  # type: ignore[misc]
    """gunicorn through its Python API, loading fourpillars.config.wsgi:application."""

    def __init__(self, options: dict[str, Any], app: str = WSGI_APP) -> None:
        self.options = options
        self.app_path = app
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        from gunicorn.util import import_app

        return import_app(self.app_path)  # type: ignore[no-any-return]


def start_worker(interval: float | None = None) -> subprocess.Popen[bytes]:
    """``fourpillars worker`` beside the server (decision 0017), told this process's id so
    that it stops when the server does, however the server ends."""
    command = [sys.executable, "-m", "fourpillars.cli", "worker", "--parent-pid", str(os.getpid())]
    if interval is not None:
        command += ["--interval", str(interval)]
    return subprocess.Popen(command)


def stop_worker(worker: subprocess.Popen[bytes], timeout: float = 15) -> int:
    """Ask the worker to stop after the task in hand (SIGTERM), and insist after ``timeout``."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return int(worker.returncode)
