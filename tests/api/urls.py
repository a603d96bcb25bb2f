"""Only the API, mounted as config/urls.py mounts it: keeps API tests independent of the UI."""

from __future__ import annotations

from django.urls import path

from fourpillars.api.routes import api

urlpatterns = [path("api/v1/", api.urls)]
