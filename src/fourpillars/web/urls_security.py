"""Data protection screens: emergency (break-glass) access to a case, and retention reviews of
closed cases (decision 0030)."""

from __future__ import annotations

from django.urls import path

from .views import emergency, retention

urlpatterns = [
    path("emergency-access/", emergency.ask, name="emergency-access"),
    path("emergency-access/open/", emergency.open_case, name="emergency-open"),
    path("retention/", retention.queue, name="retention-queue"),
    path("retention/<int:case_id>/", retention.review, name="retention-review"),
]
