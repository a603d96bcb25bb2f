"""Root URL map: the web UI, the JSON API under /api/v1 (with its documentation page), and
nothing else."""

from __future__ import annotations

from django.urls import include, path

from fourpillars.api.docs import docs
from fourpillars.api.routes import api

urlpatterns = [
    # Before the API's own routes, whose last one answers every other path with a JSON 404.
    path("api/v1/docs", docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("", include("fourpillars.web.urls")),
]
