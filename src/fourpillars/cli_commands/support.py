"""Helpers shared by the ``fourpillars`` sub-commands: the demo password and migration state.

Kept out of the command files so that each command stays a thin adapter over the services.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

PASSWORD_ENV = "FOURPILLARS_DEMO_PASSWORD"  # noqa: S105 (a variable name)
PASSWORD_FILE = "demo_password"  # noqa: S105 (a file name)


def demo_password() -> tuple[str, str]:
    """The demo cast's password and where it came from.

    ``FOURPILLARS_DEMO_PASSWORD`` wins when set; otherwise one is generated once with
    ``secrets`` and kept in ``var/demo_password`` (mode 0600) so that later runs reuse it and
    the seeded logins keep working.
    """
    from_env = os.environ.get(PASSWORD_ENV, "")
    if from_env:
        return from_env, f"${PASSWORD_ENV}"
    path = Path(settings.VAR_DIR) / PASSWORD_FILE
    if path.exists():
        kept = path.read_text(encoding="utf-8").strip()
        if kept:
            return kept, str(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    path.chmod(0o600)
    return password, str(path)


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> int:
    """How many migrations the database still lacks (0: ``migrate`` has nothing to do)."""
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return len(executor.migration_plan(targets))
