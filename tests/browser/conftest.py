"""Browser tests run a live server whose request threads may still hold a PostgreSQL
connection when the browser closes mid-request (htmx autosave, search as you type); end them
before the test database is dropped, or the drop fails ("being accessed by other users")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _end_live_server_connections(
    django_db_setup: None, django_db_blocker: object
) -> Iterator[None]:
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
