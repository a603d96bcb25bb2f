"""``fourpillars restore FILE``: restore a backup made by ``fourpillars backup`` into an empty
database (decision 0027).

The database ``DATABASE_URL`` names must hold no table (a restore never merges into, nor
overwrites, a database in use). On PostgreSQL it runs as the owner role where
``DATABASE_OWNER_URL`` names one, in one transaction that stops at the first error, and then
grants the application's role what it may do. Afterwards run ``fourpillars verify-audit``: it
holds the restored log against every checkpoint, so rows lost since the backup are named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from fourpillars.db import backup, roles


class Command(BaseCommand):
    help = "Restore a backup FILE into the empty database DATABASE_URL names."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by fourpillars backup")

    def handle(self, *args: Any, **options: Any) -> None:
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
        self.stdout.write(
            f"restored {done.path} into {target['NAME']} in {done.seconds:.1f} s; "
            "now run fourpillars verify-audit"
        )
