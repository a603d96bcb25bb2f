"""Shared fixtures: the standard cast (tests/cast.py), fast password hashing, clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.cast import PASSWORD, World, build_world


@pytest.fixture(autouse=True)
def _fast_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World):  # type: ignore[no-untyped-def]
    """A logged-in web client for a cast member ("anonymous" gives a plain client)."""

    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            assert client.login(username=name, password=PASSWORD)
        return client

    return make
