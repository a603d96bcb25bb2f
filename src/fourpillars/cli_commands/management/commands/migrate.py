"""``fourpillars migrate``: Django's migrate, as the owner role where there is one (decision
0027).

With ``DATABASE_OWNER_URL`` set (PostgreSQL), the migrations run on the same database as its
owner role, not as the application's role that ``DATABASE_URL`` names; afterwards the
application's role is granted what it may do on every table (``db.roles``): read and write the
application's tables, append audit rows, never change, remove or truncate them. Without it,
this is Django's own command, unchanged (SQLite, one-role set-ups, the tests).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections

from fourpillars.db import roles


class Command(migrate.Command):
    help = (
        "Migrate the database; as the owner role (DATABASE_OWNER_URL) when set, then grant the "
        "application's role (DATABASE_URL) what it may do."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = settings.DATABASE_OWNER
        alias = options["database"]
        conn = connections[alias]
        if owner is None or conn.vendor != "postgresql":
            super().handle(*args, **options)
            return
        app_role = str(conn.settings_dict["USER"])
        login = {key: conn.settings_dict.get(key) for key in owner}
        conn.close()
        conn.settings_dict.update(owner)
        try:
            super().handle(*args, **options)
            if app_role and app_role != owner["USER"]:
                with conn.cursor() as cursor:
                    roles.grant_app_role(cursor, app_role)
        finally:
            conn.close()
            conn.settings_dict.update(login)
