"""API test helpers: a JSON client carrying a cast member's bearer token."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.identifiers import pnc_check_letter
from fourpillars.services.accounts import issue_token
from tests.audit_rows import opened
from tests.cast import World

BASE = "/api/v1"


class ApiClient:
    """Django's test client speaking JSON with ``Authorization: Bearer <token>``."""

    def __init__(self, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = Client(headers=headers, raise_request_exception=True)

    def _url(self, path: str) -> str:
        return path if path.startswith("/") and path.startswith(BASE) else BASE + path

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(self._url(path), params or {}, headers=headers)

    def send(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
        call = getattr(self.client, method)
        return call(
            self._url(path),
            data=raw if body is not None else "",
            content_type="application/json",
            headers=headers,
        )

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("post", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("patch", path, body, **headers)

    def delete(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("delete", path, body, **headers)


@pytest.fixture
def api_for(world: World) -> Callable[[str], ApiClient]:
    """``api_for("police")``: a client with a fresh token for that cast member."""

    def make(name: str) -> ApiClient:
        user = world.user(name)
        return ApiClient(issue_token(user=user, name="test") if user else None)

    return make


def last_event(**filters: Any) -> AuditEvent:
    event = AuditEvent.objects.filter(**filters).order_by("-seq").first()
    assert event is not None, f"no audit row matching {filters}"
    return opened(event)


def errors_by_field(response: Any) -> dict[str, str]:
    body = response.json()
    assert body["detail"], body
    return {e["field"]: e["message"] for e in body["errors"]}


def pnc(year: str = "2001", serial: str = "0012345") -> str:
    """A synthetic PNC ID with the right check letter."""
    return f"{year}/{serial}{pnc_check_letter(year[2:], serial)}"
