"""``fourpillars worker``: run background jobs (decision 0017) with the scheduler tick beside.

The task worker of the configured backend (``FOURPILLARS_TASKS``: the database's own worker by
default, RQ's with "rq") runs in this process, and a scheduler thread enqueues the reminder
scan every ``--interval`` seconds (``FOURPILLARS_SCAN_SECONDS``). ``--once`` enqueues one scan,
runs every task waiting and exits (for cron and for tests). Run as many workers as you like:
the scan delivers each reminder once; give extra workers ``--no-scheduler``. Ctrl-C (SIGINT) or
SIGTERM stops it after the task in hand. Usage (README.md): "worker [--once] [--interval S]".
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fourpillars.jobs.schedule import Tick


class Command(BaseCommand):
    help = (
        "Run the background worker: reminders of plan actions and the e-mail outbox, with the "
        "scheduler that enqueues the reminder scan every --interval seconds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="seconds between reminder scans (default FOURPILLARS_SCAN_SECONDS)",
        )
        parser.add_argument(
            "--once", action="store_true", help="one scan and every waiting task, then exit"
        )
        parser.add_argument(
            "--no-scheduler", action="store_true", help="run tasks only; enqueue no scan"
        )
        parser.add_argument(
            "--parent-pid", type=int, default=None, help="stop when this process has gone"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"] or float(settings.FOURPILLARS_SCAN_SECONDS)
        if not 0.1 <= interval <= 86_400:
            raise CommandError("--interval must be between 0.1 and 86400 seconds")
        backend = settings.TASKS_BACKEND
        tick = Tick(interval, options["parent_pid"])
        verbosity = int(options["verbosity"])
        if options["once"]:
            tick.once()
            self._run_tasks(backend, burst=True, verbosity=verbosity)
            return
        self.stdout.write(
            f"Four Pillars worker ({backend} tasks): reminder scan every {interval:g} s "
            "(Ctrl-C stops it)"
        )
        self.stdout.flush()
        if not options["no_scheduler"]:
            tick.start()
        try:
            self._run_tasks(backend, burst=False, verbosity=verbosity)
        finally:
            tick.stop()

    def _run_tasks(self, backend: str, *, burst: bool, verbosity: int) -> None:
        if backend == "database":
            call_command(
                "db_worker",
                queue_name="default",
                interval=settings.FOURPILLARS_WORKER_POLL_MS / 1000,
                batch=burst,
                reload=False,
                startup_delay=False,
                max_tasks=None,
                worker_id=f"fourpillars-{secrets.token_hex(8)}",
                exclude_queues="",
                verbosity=verbosity,
                stdout=self.stdout,
            )
        elif backend == "rq":
            call_command("rqworker", "default", job_class="django_tasks_rq.Job", burst=burst)
        elif not burst:  # "immediate": tasks run where they are enqueued; only the tick works
            import threading

            threading.Event().wait()
