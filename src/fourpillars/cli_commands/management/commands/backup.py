"""``fourpillars backup FILE``: a consistent copy of the database while the application runs
(decision 0027).

First a signed audit checkpoint (so the copy carries rows a checkpoint vouches for: after a
restore, ``verify-audit`` holds them against it), then the copy: ``pg_dump`` on PostgreSQL
(one snapshot), SQLite's online backup API otherwise. Every write committed before the backup
began is in it. The file is owner-only and never overwritten. Exit 1 naming the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from fourpillars.db import backup
from fourpillars.services import checkpoints
from fourpillars.services.context import request_context


class Command(BaseCommand):
    help = "Back up the database into FILE (a new file), after a signed audit checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write (must not exist)")
        parser.add_argument(
            "--no-checkpoint", action="store_true", help="make no audit checkpoint first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_checkpoint"]:
            try:
                with request_context("cli"):
                    made = checkpoints.make_checkpoint()
            except checkpoints.CheckpointRefused as exc:
                raise CommandError(f"no backup: no checkpoint made: {exc}", returncode=1) from None
            assert made is not None
            self.stdout.write(
                f"checkpoint {made.checkpoint.seq}: {made.checkpoint.count} audit rows"
            )
        try:
            done = backup.backup(dict(connection.settings_dict), options["file"])
        except backup.BackupError as exc:
            raise CommandError(f"no backup: {exc}", returncode=1) from None
        self.stdout.write(f"backed up to {done.path} ({done.size:,} bytes, {done.seconds:.1f} s)")
