"""Bearer tokens only: missing, malformed, unknown, revoked or expired tokens get a JSON 401."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fourpillars.accounts.models import ApiToken
from fourpillars.services.accounts import issue_token, set_user_active
from tests.api.conftest import ApiClient
from tests.cast import PASSWORD, World

pytestmark = pytest.mark.django_db


def assert_401(response: object) -> None:
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response["Content-Type"].startswith("application/json")  # type: ignore[index]
    assert "Bearer" in response.json()["detail"]  # type: ignore[attr-defined]
    assert response["WWW-Authenticate"].startswith("Bearer")  # type: ignore[index]


def test_request_without_token_gets_401(world: World) -> None:
    assert_401(ApiClient(None).get("/cases"))


def test_request_with_unknown_token_gets_401(world: World) -> None:
    assert_401(ApiClient("fp_not-a-real-token").get("/cases"))


@pytest.mark.parametrize(
    "header", ["Basic cG9saWNlOnB3", "Bearer", "Bearer ", "Token abc", "bearer" + " x" * 300]
)
def test_malformed_authorization_header_gets_401(world: World, header: str) -> None:
    assert_401(Client().get("/api/v1/cases", headers={"Authorization": header}))


def test_revoked_token_gets_401(world: World) -> None:
    key = issue_token(user=world.users["police"])
    client = ApiClient(key)
    assert client.get("/cases").status_code == 200
    ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).update(revoked_at=timezone.now())
    assert_401(client.get("/cases"))


def test_expired_token_gets_401(world: World) -> None:
    key = issue_token(user=world.users["police"], days=1)
    ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert_401(ApiClient(key).get("/cases"))


def test_token_of_deactivated_user_gets_401(world: World) -> None:
    key = issue_token(user=world.users["probation"])
    set_user_active(actor=world.users["admin"], user_id=world.users["probation"].pk, active=False)
    assert_401(ApiClient(key).get("/cases"))


def test_browser_session_is_not_accepted_by_the_api(world: World) -> None:
    client = Client()
    assert client.login(username="police", password=PASSWORD)
    assert_401(client.get("/api/v1/cases"))
    assert_401(client.post("/api/v1/cases", data="{}", content_type="application/json"))


def test_writes_with_a_token_need_no_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    key = issue_token(user=world.users["police"])
    response = client.post(
        f"/api/v1/cases/{world.police_case.pk}/status",
        data={"status": "suspended", "reason": "Recalled to custody"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "suspended"


def test_every_route_refuses_an_anonymous_caller(world: World) -> None:
    from fourpillars.api.routes import api

    schema = api.get_openapi_schema()
    client = Client()
    for path, operations in schema["paths"].items():
        url = path.replace("{case_id}", str(world.police_case.pk))
        url = url.replace("{person_id}", str(world.police_case.person_id))
        url = url.replace("{share_id}", "1").replace("{identifier_id}", "1")
        url = url.replace("{user_id}", "1")
        for method in operations:
            call = getattr(client, method)
            response = (
                call(url) if method == "get" else call(url, "{}", content_type="application/json")
            )
            assert response.status_code == 401, (method, url, response.content)


def test_token_lookup_is_one_query_and_carries_the_agency(
    world: World, django_assert_num_queries: Any
) -> None:
    from fourpillars.accounts.models import user_for_token

    key = issue_token(user=world.users["probation"], name="t")
    with django_assert_num_queries(1):
        user = user_for_token(key)
        assert user is not None and user.username == "probation"
        assert user.agency is not None and user.agency.code == "probation-a"
        assert user.viewer.area_id == world.users["probation"].agency.area_id
    admin = world.users["admin"]
    assert user_for_token(issue_token(user=admin, name="t")).agency.code == admin.agency.code  # type: ignore[union-attr]
    assert user_for_token("fp_not-a-token") is None


def test_session_user_is_one_query_with_agency_and_inactive_users_are_refused(
    world: World, django_assert_num_queries: Any
) -> None:
    from fourpillars.accounts.backends import FourPillarsBackend

    backend = FourPillarsBackend()
    police = world.users["police"]
    with django_assert_num_queries(1):
        user = backend.get_user(police.pk)
        assert user.agency.code == "police-a"
    assert backend.get_user("not-a-number") is None and backend.get_user(10**9) is None
    set_user_active(actor=world.users["admin"], user_id=police.pk, active=False)
    assert backend.get_user(police.pk) is None
