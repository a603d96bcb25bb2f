"""Request ids: the server makes its own for every request and writes it in the audit rows;
an id a client sends is not trusted (echoed beside the server's as ``X-Client-Request-ID``)
unless the request comes from a reverse proxy the deployment names in
``FOURPILLARS_TRUSTED_PROXIES``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from fourpillars.audit.models import AuditEvent
from fourpillars.services.accounts import issue_token
from tests.cast import World

pytestmark = pytest.mark.django_db

CHOSEN = "forged-request-id-0001"


def test_a_clients_request_id_never_reaches_the_audit_trail(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("police").get(
        f"/cases/{world.police_case.pk}/", headers={"X-Request-ID": CHOSEN}
    )
    row = AuditEvent.objects.latest("seq")
    assert row.action == "view_case"
    assert row.request_id != CHOSEN and len(row.request_id) == 32
    assert response["X-Request-ID"] == row.request_id
    assert response["X-Client-Request-ID"] == CHOSEN


def test_nor_through_the_api(world: World) -> None:
    token = issue_token(user=world.users["police"])
    client = Client(headers={"Authorization": f"Bearer {token}", "X-Request-ID": CHOSEN})
    response = client.get(f"/api/v1/cases/{world.police_case.pk}")
    row = AuditEvent.objects.latest("seq")
    assert row.request_id == response["X-Request-ID"] != CHOSEN
    assert response["X-Client-Request-ID"] == CHOSEN


def test_a_named_proxys_request_id_is_kept(
    world: World, client_for: Callable[[str], Client], settings: object
) -> None:
    settings.FOURPILLARS_TRUSTED_PROXIES = frozenset({"10.9.8.7"})  # type: ignore[attr-defined]
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/"
    from_proxy = client.get(url, headers={"X-Request-ID": CHOSEN}, REMOTE_ADDR="10.9.8.7")
    assert AuditEvent.objects.latest("seq").request_id == CHOSEN == from_proxy["X-Request-ID"]
    assert "X-Client-Request-ID" not in from_proxy
    elsewhere = client.get(url, headers={"X-Request-ID": CHOSEN}, REMOTE_ADDR="10.9.8.8")
    assert AuditEvent.objects.latest("seq").request_id == elsewhere["X-Request-ID"] != CHOSEN


def test_a_malformed_request_id_is_not_echoed(world: World, client: Client) -> None:
    response = client.get("/login/", headers={"X-Request-ID": "bad id\twith spaces"})
    assert "X-Client-Request-ID" not in response and len(response["X-Request-ID"]) == 32
