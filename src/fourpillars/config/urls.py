"""Root URL map: the web UI, the JSON API under /api/v1, and nothing else."""

from __future__ import annotations

from django.urls import include, path

from fourpillars.api.routes import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("fourpillars.web.urls")),
]
