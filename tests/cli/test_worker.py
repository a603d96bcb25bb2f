"""``fourpillars worker``: the task worker with the scheduler tick beside it. One scan run
through the tasks framework end to end (``--once``); a worker process killed in the middle of
a scan and started again (no duplicate, no missed reminder); the scheduler enqueues no pile of
scans and stops the worker when the server that started it has gone; ``serve --worker``
starts and stops the worker with the server."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fourpillars.cli_commands import serving
from fourpillars.jobs.schedule import Tick
from fourpillars.notifications.models import Notification, OutboundEmail, ReminderDelivery
from fourpillars.services import audit
from fourpillars.services.reminders import scan_reminders
from tests.cast import World
from tests.factories import actions_due

Run = Callable[..., str]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_once_runs_the_scan_and_the_outbox_through_the_task_queue(world: World, run: Run) -> None:
    actions_due(world, "police_case", [-1, 2])
    run("worker", "--once", verbosity=0)
    assert ReminderDelivery.objects.count() == Notification.objects.count() > 0
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()
    assert len(mail.outbox) == OutboundEmail.objects.count()
    paths = Counter(DBTaskResult.objects.values_list("task_path", "status"))
    assert paths[("fourpillars.jobs.tasks.scan_reminders_task", "SUCCESSFUL")] == 1
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    run("worker", "--once", verbosity=0)  # again: nothing new
    assert ReminderDelivery.objects.count() == Notification.objects.count()
    assert len(mail.outbox) == OutboundEmail.objects.count()


def test_bad_interval_is_refused_naming_it(run: Run) -> None:
    with pytest.raises(CommandError, match="--interval"):
        run("worker", "--interval", "0.01", "--once")


def _database_url() -> str:
    """The test database, for a worker in another process."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user, host, port = s.get("USER") or "", s.get("HOST") or "127.0.0.1", s.get("PORT") or 5432
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


def _worker(*args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "FOURPILLARS_LOG_LEVEL": "ERROR",
        "FOURPILLARS_AUDIT_CHECKPOINT_SECONDS": "0",  # no checkpoint file under var/
    }
    return subprocess.Popen(
        [sys.executable, "-m", "fourpillars.cli", "worker", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _delivered() -> Counter[tuple[int, str, str, int]]:
    return Counter(ReminderDelivery.objects.values_list("action_id", "kind", "due", "recipient_id"))


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_scan_and_restarted_misses_and_repeats_nothing(world: World) -> None:
    actions = actions_due(world, "police_case", [(i % 12) - 5 for i in range(240)])
    window = timezone.localdate() + dt.timedelta(days=7)  # the default lead time
    due = [a for a in actions if a.due is not None and a.due <= window]
    worker = _worker("--interval", "3600")
    deadline = time.monotonic() + 120
    while not ReminderDelivery.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)  # no goodbye: mid-transaction, mid-send, anywhere
    worker.wait(30)
    partial = _delivered()
    reminded = {key[0] for key in partial}
    assert 0 < len(reminded) < len(due), "the worker was not stopped in the middle of a scan"
    # What it wrote is whole: every action it reached has all its reminders, nothing half.
    assert Notification.objects.count() == sum(partial.values())
    restarted = _worker("--once")
    assert restarted.wait(300) == 0
    after = _delivered()
    assert max(after.values()) == 1  # no reminder twice
    assert {key[0] for key in after} == {a.pk for a in due}  # none missed
    for key, count in partial.items():
        assert after[key] == count  # what the first worker sent stands
    assert Notification.objects.count() == sum(after.values())
    assert audit.verify()[1] is None
    assert scan_reminders().actions == 0  # nothing left for anyone


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_enqueues_no_second_scan_while_one_waits(world: World) -> None:
    tick = Tick(60)
    assert tick.once() is True
    assert tick.once() is False  # the first has not started
    assert DBTaskResult.objects.filter(task_path__endswith="scan_reminders_task").count() == 1
    DBTaskResult.objects.update(status="SUCCESSFUL")  # the worker ran it
    assert tick.once() is True
    assert DBTaskResult.objects.filter(task_path__endswith="send_outbox_task").count() == 1


def test_the_scheduler_notices_when_the_server_has_gone() -> None:
    assert not Tick(60).parent_gone()
    assert not Tick(60, parent_pid=os.getppid()).parent_gone()
    assert Tick(60, parent_pid=os.getppid() + 100_000).parent_gone()


def test_serve_with_worker_starts_it_and_stops_it_with_the_server(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []

    class FakeWorker:
        pid = 4242

    monkeypatch.setattr(serving, "start_worker", lambda: events.append("start") or FakeWorker())
    monkeypatch.setattr(serving, "stop_worker", lambda worker: events.append("stop") or 0)

    def server_stops(self: object) -> None:
        events.append("serve")
        raise KeyboardInterrupt

    monkeypatch.setattr(serving.FourPillarsServer, "run", server_stops)
    with pytest.raises(KeyboardInterrupt):
        run("serve", "--port", "8125", "--no-collectstatic", "--worker")
    assert events == ["start", "serve", "stop"]
    monkeypatch.setattr(serving.FourPillarsServer, "run", lambda self: events.append("alone"))
    run("serve", "--port", "8125", "--no-collectstatic")
    assert events[-1] == "alone" and events.count("start") == 1


def test_stop_worker_ends_a_worker_process_that_ignores_nothing() -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert serving.stop_worker(sleeper, timeout=10) != 0
    assert sleeper.poll() is not None


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_the_tick_runs_the_scan_where_it_is(
    world: World, settings: object
) -> None:
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    actions_due(world, "police_case", [1])
    tick = Tick(60)
    assert tick.once() is True and tick.once() is True  # each ran at once: none waits
    assert ReminderDelivery.objects.exists() and not DBTaskResult.objects.exists()
