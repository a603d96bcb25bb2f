"""``fourpillars verify-audit``: check the audit trail (DPA 2018 s.62 logs; decisions 0007,
0027).

Walks the hash chain from the first row to the chain head, then holds the log against every
signed checkpoint found: the local checkpoint file, the witness file and database, and each
peer node (asked for what it holds; ``--no-peers`` asks none). Exit 0 and "audit chain intact:
N rows" when every row links to the one before and matches its hash and every checkpoint
agrees; exit 1 naming each problem: a row altered, removed or reordered, a log shorter than a
checkpoint, another hash at a checkpoint's row, a checkpoint number missing, a signature that
fails. Witnesses not reached are named; they do not fail the check.

After a restore from a backup older than the newest checkpoint, ``fourpillars restore``'s
signed restore marker accounts for the rows lost: the restored log must agree with every
checkpoint that signed no more rows than were restored and with the marker itself, and every
checkpoint since must agree with the log as it grew again; the rows lost are then reported as
"warning: rows A to B ... were lost in the restore of DATE ...; the reason given: ..." on
standard output, and the exit is still 0 (a restore is a recorded, signed, witnessed event, not
a failure; a non-zero code would stay for ever after it). A marker with a bad signature, one
that does not follow the entry before it, one witnesses do not hold while witnesses are
configured, or a log shorter than the marker or rewritten at or below its count: exit 1.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fourpillars.services import checkpoints

WORKERS = min(4, os.cpu_count() or 1)


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain and hold it against every signed checkpoint. "
        "Exits 0 when intact (a warning names the rows each signed restore lost); exits 1 "
        "naming each problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-peers", action="store_true", help="ask no peer node for its checkpoints"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=WORKERS,
            help=f"processes that walk a long log at once on PostgreSQL (default {WORKERS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["workers"] <= 64:
            raise CommandError("--workers must be between 1 and 64")
        check = checkpoints.check_trail(peers=not options["no_peers"], workers=options["workers"])
        for note in check.notes:
            self.stderr.write(f"note: {note}")
        problems = list(check.problems)
        if check.broken is not None:
            problems.insert(
                0,
                f"audit chain broken at row {check.broken.seq}: {check.broken.reason} "
                f"({check.rows} rows checked)",
            )
        if problems:
            self._restores(check.restores)
            raise CommandError(
                "audit trail check failed:\n" + "\n".join(f"  - {p}" for p in problems),
                returncode=1,
            )
        self.stdout.write(f"audit chain intact: {check.rows} rows")
        if check.checkpoints:
            where = ", ".join(f"{source} {n}" for source, n in check.sources.items())
            self.stdout.write(f"checked against {check.checkpoints} checkpoints ({where})")
        self._restores(check.restores)

    def _restores(self, restores: list[str]) -> None:
        for restore in restores:
            self.stdout.write(f"warning: {restore}")
