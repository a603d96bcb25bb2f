"""``fourpillars serve``: the production-style server (gunicorn + whitenoise), not runserver.

Serves the web UI, the JSON API and the static files. Collects static files first when
STATIC_ROOT is missing or stale. With ``--worker`` it starts ``fourpillars worker`` beside the
server (reminders and e-mail; decision 0017) and stops it when the server stops. Usage
(README.md): "serve [--host H] [--port P] [--worker]".
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from fourpillars.cli_commands import serving


class Command(BaseCommand):
    help = (
        "Serve the UI, API and static files with gunicorn (default "
        f"{serving.DEFAULT_WORKERS} sync workers, two per core; --threads N > 1 for gthread)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=serving.DEFAULT_HOST)
        parser.add_argument("--port", type=int, default=serving.DEFAULT_PORT)
        parser.add_argument("--workers", type=int, default=serving.DEFAULT_WORKERS)
        parser.add_argument("--threads", type=int, default=serving.DEFAULT_THREADS)
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="skip the static files check"
        )
        parser.add_argument(
            "--worker",
            action="store_true",
            help="start the background worker (reminders, e-mail) beside the server",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port, workers, threads = options["port"], options["workers"], options["threads"]
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        if not 1 <= workers <= 64:
            raise CommandError("--workers must be between 1 and 64")
        if not 1 <= threads <= 256:
            raise CommandError("--threads must be between 1 and 256")
        if not options["no_collectstatic"]:
            self.collect_if_stale()
        host = str(options["host"])
        self.stdout.write(f"Four Pillars on {serving.site_url(host, port)}  (Ctrl-C stops it)")
        self.stdout.flush()
        connections.close_all()  # never share a connection with forked workers
        opts = serving.gunicorn_options(host, port, workers, threads)
        worker = serving.start_worker() if options["worker"] else None
        if worker is not None:
            self.stdout.write(f"Background worker started (process {worker.pid}).")
            self.stdout.flush()
        try:
            serving.FourPillarsServer(opts).run()
        finally:
            if worker is not None:
                serving.stop_worker(worker)

    def collect_if_stale(self) -> None:
        fingerprint = serving.static_fingerprint()
        if serving.static_is_stale(fingerprint):
            self.stdout.write("Collecting static files ...")
            self.stdout.flush()
            call_command("collectstatic", interactive=False, verbosity=0)
            serving.mark_collected(fingerprint)
