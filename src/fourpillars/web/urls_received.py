"""Received information and criminal-record requests (decision 0023)."""

from __future__ import annotations

from django.urls import path

from .views import received

urlpatterns = [
    path("received/", received.queue, name="received-queue"),
    path("received/convictions/<int:item_id>/", received.conviction, name="received-conviction"),
    path(
        "received/convictions/<int:item_id>/match/",
        received.conviction_match,
        name="received-conviction-match",
    ),
    path("received/risk-notifications/<int:item_id>/", received.notice, name="received-notice"),
    path(
        "received/risk-notifications/<int:item_id>/match/",
        received.notice_match,
        name="received-notice-match",
    ),
    path(
        "received/risk-notifications/<int:item_id>/open-case/",
        received.notice_open_case,
        name="received-notice-open-case",
    ),
    path("received/record-requests/", received.request_list, name="received-requests"),
    path("received/record-requests/new/", received.request_new, name="received-request-new"),
    path(
        "received/record-requests/<int:request_id>/",
        received.request_show,
        name="received-request",
    ),
    path("cases/<int:case_id>/received/", received.case_received, name="case-received"),
]
