"""Sessions live in Django's database store (each row naming its user: accounts.UserSession),
shared by every server worker: a live session loads in one query, and nothing loads once the
session has expired or ended (logout reaches every worker at once)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fourpillars.accounts.models import UserSession as Session
from fourpillars.accounts.sessions import SessionStore
from tests.cast import World

pytestmark = pytest.mark.django_db


def test_the_project_uses_this_store() -> None:
    assert settings.SESSION_ENGINE == "fourpillars.accounts.sessions"


def test_a_session_row_names_its_user(client_for, world: World) -> None:
    client = client_for("police")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(pk=key).user_id == world.users["police"].pk


def test_a_live_session_loads_in_one_query(client_for, world: World) -> None:
    client = client_for("police")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    with CaptureQueriesContext(connection) as ctx:
        ours = SessionStore(key).load()
    assert len(ctx.captured_queries) == 1
    assert ours["_auth_user_id"] == str(world.users["police"].pk)
    assert client.get("/").status_code == 200


def test_an_expired_session_is_anonymous(client_for, world: World) -> None:
    client = client_for("police")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None
    response = client.get(f"/cases/{world.police_case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("key", ["", "x" * 32, "no-such-session-key-000000000000"])
def test_an_unknown_key_is_anonymous(client_for, world: World, key: str) -> None:
    assert SessionStore(key or None).load() == {}
    client = client_for("anonymous")
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    response = client.get(f"/cases/{world.police_case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_logout_ends_the_session(client_for, world: World) -> None:
    client = client_for("police")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/logout/")
    assert SessionStore(key).load() == {}
    assert client.get("/").status_code == 302
