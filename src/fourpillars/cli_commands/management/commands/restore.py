"""``fourpillars restore FILE --reason TEXT``: restore a backup made by ``fourpillars backup``
into an empty database, and sign a restore marker (decision 0027).

The database ``DATABASE_URL`` names must hold no table (a restore never merges into, nor
overwrites, a database in use). On PostgreSQL it runs as the owner role where
``DATABASE_OWNER_URL`` names one, in one transaction that stops at the first error, and then
grants the application's role what it may do.

Then, before the application writes again, a restore marker is signed with the node's key and
appended to the checkpoint file: the restored log's row count and last hash, the entry it
supersedes, the backup's name and time, and ``--reason`` (required: why this backup was
restored). It goes to the witnesses as checkpoints do. ``verify-audit`` then reports the rows
signed before the restore that the backup did not hold as lost in this restore, with the
reason, instead of failing on them. The marker is signed only over a restored log that is a
true prefix of what the checkpoints signed: otherwise the command exits 1 naming the problem
(the database stays restored; ``verify-audit`` fails on it as on any rewrite).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from fourpillars.db import backup, roles
from fourpillars.domain.audit_checkpoints import RestoreMarker, restore_reason
from fourpillars.domain.errors import DomainValidationError
from fourpillars.services import checkpoints
from fourpillars.services.context import request_context


class Command(BaseCommand):
    help = (
        "Restore a backup FILE into the empty database DATABASE_URL names, and sign a restore "
        "marker giving --reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by fourpillars backup")
        parser.add_argument(
            "--reason",
            default=None,
            help="why this backup is restored (required; signed into the restore marker that "
            "verify-audit reports)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reason = restore_reason(options["reason"], "--reason")
        except DomainValidationError as exc:
            raise CommandError(
                f"nothing restored: {exc.summary()}: say why this backup is restored, for "
                "example --reason 'database disk failed; restored the nightly backup'",
                returncode=2,
            ) from None
        target = dict(connection.settings_dict)
        owner = settings.DATABASE_OWNER
        if owner is not None and connection.vendor == "postgresql":
            target.update(owner)
        try:
            done = backup.restore(target, options["file"])
        except backup.BackupError as exc:
            raise CommandError(f"nothing restored: {exc}", returncode=1) from None
        app_role = str(connection.settings_dict.get("USER") or "")
        if owner is not None and app_role and app_role != owner["USER"]:
            conn = roles.connect(target)
            conn.autocommit = True
            try:
                roles.grant_app_role(conn.cursor(), app_role)
            finally:
                conn.close()
        self.stdout.write(f"restored {done.path} into {target['NAME']} in {done.seconds:.1f} s")
        self._mark(done.path, reason)

    def _mark(self, source: Path, reason: str) -> None:
        try:
            with request_context("cli"):
                made = checkpoints.mark_restore(
                    reason=reason, backup=source, workers=min(4, os.cpu_count() or 1)
                )
        except checkpoints.CheckpointRefused as exc:
            raise CommandError(
                f"restored, but no restore marker signed: {exc}", returncode=1
            ) from None
        marker = made.checkpoint
        self.stdout.write(
            f"restore marker {marker.seq}: {marker.count} rows, last hash {marker.head}, "
            f"kept in {checkpoints.checkpoint_file()}"
        )
        for line in made.witnesses:
            self.stdout.write(f"  {line}")
        if isinstance(marker, RestoreMarker):
            self.stdout.write(marker.report())
        self.stdout.write("now run fourpillars verify-audit")
