"""Bench-only URLconf: production routes plus ``/bench/bare/``, the baseline JSON view."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

from fourpillars.config.urls import urlpatterns as production

BARE_PATH = "/bench/bare/"


def bare(request: HttpRequest) -> JsonResponse:
    """The baseline: a Django view through the same middleware, no database, no templates."""
    return JsonResponse({"ok": True})


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare), *production]
