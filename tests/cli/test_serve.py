"""``fourpillars serve``: gunicorn through its Python API, static files collected when stale."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from fourpillars.cli_commands import serving
from fourpillars.cli_commands.management.commands import serve as serve_command

Run = Callable[..., str]


def test_gunicorn_runs_sync_workers_unless_threads_are_asked_for() -> None:
    options = serving.gunicorn_options("127.0.0.1", 8123, 4, 1)
    server = serving.FourPillarsServer(options)
    assert server.cfg.bind == ["127.0.0.1:8123"]
    assert server.cfg.worker_class_str == "sync"
    assert (server.cfg.workers, server.cfg.threads) == (4, 1)
    threaded = serving.FourPillarsServer(serving.gunicorn_options("127.0.0.1", 8123, 2, 4))
    assert threaded.cfg.worker_class_str == "gthread"
    assert (threaded.cfg.workers, threaded.cfg.threads) == (2, 4)


def test_default_is_two_single_threaded_workers_per_core_within_bounds() -> None:
    # Two per core: the layout that spread the bench's ten clients over both cores.
    assert [serving.default_workers(n) for n in (1, 2, 4, 8, 64)] == [2, 4, 8, 16, 16]
    assert serving.default_workers() == serving.DEFAULT_WORKERS
    assert serving.DEFAULT_THREADS == 1


def test_the_server_loads_the_project_wsgi_application(settings: object, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path  # type: ignore[attr-defined]
    app = serving.FourPillarsServer(serving.gunicorn_options("127.0.0.1", 8123, 1, 1)).load()
    assert callable(app)
    assert serving.WSGI_APP == "fourpillars.config.wsgi:application"


def test_static_files_are_stale_until_collected_and_again_after_a_change(
    settings: object, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"  # type: ignore[attr-defined]
    fingerprint = serving.static_fingerprint()
    assert serving.static_is_stale(fingerprint)
    serving.mark_collected(fingerprint)
    assert not serving.static_is_stale(fingerprint)
    assert serving.static_is_stale("a-different-set-of-files")


def test_serve_collects_static_only_when_stale(
    settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"  # type: ignore[attr-defined]
    calls: list[str] = []
    monkeypatch.setattr(serve_command, "call_command", lambda name, **kw: calls.append(name))
    monkeypatch.setattr(serving, "static_fingerprint", lambda: "fp-1")
    command = serve_command.Command()
    command.collect_if_stale()
    command.collect_if_stale()
    assert calls == ["collectstatic"]


def test_serve_starts_gunicorn_with_the_options_given(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, object]] = []
    monkeypatch.setattr(serving.FourPillarsServer, "run", lambda self: started.append(self.options))
    out = run("serve", "--port", "8124", "--workers", "3", "--threads", "2", "--no-collectstatic")
    assert "http://127.0.0.1:8124/" in out
    assert started[0]["bind"] == "127.0.0.1:8124"
    assert (started[0]["workers"], started[0]["threads"]) == (3, 2)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--port", "0"], "--port"),
        (["--port", "70000"], "--port"),
        (["--workers", "0"], "--workers"),
    ],
)
def test_serve_refuses_bad_options_naming_them(run: Run, args: list[str], field: str) -> None:
    with pytest.raises(CommandError, match=field):
        run("serve", *args, "--no-collectstatic")
