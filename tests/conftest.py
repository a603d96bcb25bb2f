"""Shared fixtures: the standard cast (tests/cast.py), fast password hashing, clients."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from hypothesis import settings as hypothesis_settings

from fourpillars import demo
from fourpillars.accounts.models import User
from tests.cast import PASSWORD, World, build_world

# In CI, property tests replay the same examples every run (no flaky landings) and have no
# per-example deadline on a loaded machine; locally they keep exploring new examples.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True, scope="session")
def _remove_sqlite_side_files() -> Iterator[None]:
    """The per-process SQLite test database leaves its WAL and shared-memory files behind."""
    yield
    name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "")
    if connection.vendor == "sqlite" and name:
        for suffix in ("-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)


@pytest.fixture(autouse=True, scope="session")
def _no_persistent_connections() -> None:
    """Live-server and worker threads must not keep connections open after a test, or the
    PostgreSQL test database cannot be dropped at the end of the run."""
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    for conn in connections.all():
        conn.settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with nothing cached (a rolled-back database reuses the numbers a
    cached figure is keyed on)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _node_files(settings: object, tmp_path: Path) -> None:
    """The node's key files and audit checkpoint file in the test's own folder, never var/."""
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "node-keys"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _postgres_truncate_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    """The audit trigger refuses TRUNCATE; transactional tests flush with TRUNCATE afterwards,
    so only for that flush the session flag the trigger honours is set (see migration 0002)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if connection.vendor != "postgresql" or not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    with connection.cursor() as cur:
        cur.execute("RESET fourpillars.allow_truncate")
    yield
    with connection.cursor() as cur:
        cur.execute("SET fourpillars.allow_truncate = 'on'")


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def police_manager(world: World) -> User:
    """police-a's line manager, who may countersign (nobody in the standard cast may); the
    demo's managers, with the cast's password."""
    return demo.ensure_managers(PASSWORD)["police-manager"]


@pytest.fixture
def client_for(world: World):  # type: ignore[no-untyped-def]
    """A logged-in web client for a cast member ("anonymous" gives a plain client)."""

    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            assert client.login(username=name, password=PASSWORD)
        return client

    return make
