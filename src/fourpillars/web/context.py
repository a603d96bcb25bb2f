"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    return {"service_name": "Four Pillars"}
