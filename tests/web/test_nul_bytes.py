"""NUL bytes: API query strings get a 400 naming the parameter; web forms answer with a field
error (Django's own validator); never a 500 (PostgreSQL cannot store NUL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.cast import World

pytestmark = pytest.mark.django_db


def test_web_search_with_nul_answers_without_a_database_error(
    world: World, client_for: Callable[[str], Client]
) -> None:
    assert client_for("police").get("/", {"q": "kowal\x00ski"}).status_code == 200


def test_api_search_with_nul_answers_json_naming_the_field(world: World) -> None:
    from fourpillars.services.accounts import issue_token

    token = issue_token(user=world.users["police"])
    response = Client().get(
        "/api/v1/cases", {"q": "kowal\x00ski"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "q", "message": "contains a NUL character"}]


def test_api_audit_filter_with_nul_is_refused(world: World) -> None:
    from fourpillars.services.accounts import issue_token

    token = issue_token(user=world.users["auditor"])
    response = Client().get(
        "/api/v1/audit", {"user": "a\x00b"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "user"
