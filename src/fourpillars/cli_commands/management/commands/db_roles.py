"""``fourpillars db-roles create|check``: the two PostgreSQL roles of a deployment (decision
0027).

``create`` runs as an administrator (``DATABASE_URL`` names a superuser, or a role that may
create roles and owns the database): it makes the owner role (``--owner``, default
fourpillars_owner), which owns the database, its schema and every table and runs the
migrations, and the application's role (``--app``, default fourpillars_app), which the
application connects as and which cannot change, remove or truncate audit rows nor switch the
audit trigger off. Their passwords are made once and kept in ``<var>/db-roles.env`` (owner
only); ``--print-env`` prints the ``DATABASE_URL`` and ``DATABASE_OWNER_URL`` to run with, as
shell ``export`` lines (``eval "$(fourpillars db-roles create --print-env)"``).

``check`` runs as the application (``DATABASE_URL`` its role): it tries, in a transaction
always rolled back, every change the role must not be able to make to the audit trail, and
exits 1 naming any it could make or any privilege the application needs and lacks.
"""

from __future__ import annotations

import os
import secrets
import shlex
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from fourpillars.db import roles


def _url(user: str, password: str) -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{quote(user, safe='')}:{quote(password, safe='')}@{host}{port}/{s['NAME']}"


def _kept_passwords() -> dict[str, str]:
    path = settings.VAR_DIR / "db-roles.env"
    found: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            role, _, password = line.partition("=")
            if role and password:
                found[role.removeprefix("PASSWORD_")] = password
    return found


def _keep_passwords(passwords: dict[str, str]) -> None:
    path = settings.VAR_DIR / "db-roles.env"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.writelines(f"PASSWORD_{role}={pw}\n" for role, pw in sorted(passwords.items()))


class Command(BaseCommand):
    help = (
        "create: make the owner and application roles of a PostgreSQL deployment (as an "
        "administrator); check: show that the application's role cannot change the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "check"])
        parser.add_argument("--owner", default="fourpillars_owner", help="the owner role's name")
        parser.add_argument("--app", default="fourpillars_app", help="the application's role")
        parser.add_argument(
            "--print-env", action="store_true", help="print export lines for the two URLs"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("db-roles is for PostgreSQL: DATABASE_URL names SQLite")
        if options["action"] == "create":
            self._create(options["owner"], options["app"], print_env=options["print_env"])
        else:
            self._check()

    def _create(self, owner: str, app: str, *, print_env: bool) -> None:
        if owner == app:
            raise CommandError("--owner and --app must be two roles")
        kept = _kept_passwords()
        passwords = {r: kept.get(r) or secrets.token_urlsafe(24) for r in (owner, app)}
        conn = roles.connect(connection.settings_dict)
        conn.autocommit = True
        try:
            roles.create_roles(conn, owner=owner, app=app, passwords=passwords)
        finally:
            conn.close()
        _keep_passwords(kept | passwords)
        app_url, owner_url = _url(app, passwords[app]), _url(owner, passwords[owner])
        if print_env:
            self.stdout.write(f"export DATABASE_URL={shlex.quote(app_url)}")
            self.stdout.write(f"export DATABASE_OWNER_URL={shlex.quote(owner_url)}")
            return
        self.stdout.write(
            f"roles {owner} (owner: migrations) and {app} (the application) ready on "
            f"{connection.settings_dict['NAME']}; passwords kept in "
            f"{settings.VAR_DIR / 'db-roles.env'}. Run with DATABASE_URL as {app} and "
            f"DATABASE_OWNER_URL as {owner} (--print-env prints both)."
        )

    def _check(self) -> None:
        conn = roles.connect(connection.settings_dict)
        try:
            if not roles.migrated(conn):
                raise CommandError(
                    f"{connection.settings_dict['NAME']} has no audit table yet: run "
                    "fourpillars migrate (as the owner) first",
                    returncode=1,
                )
            limits = roles.app_role_limits(conn)
        finally:
            conn.close()
        role = connection.settings_dict.get("USER") or "(the login's role)"
        for limit in limits:
            verdict = "allowed" if limit.allowed else "refused"
            mark = "ok " if limit.kept else "NOT"
            said = f" ({limit.said})" if limit.said and not limit.allowed else ""
            self.stdout.write(f"{mark} {role} may {limit.what}: {verdict}{said}")
        broken = [limit.what for limit in limits if not limit.kept]
        if broken:
            raise CommandError(
                f"the role {role} is not limited as the application's role must be: "
                + "; ".join(broken),
                returncode=1,
            )
