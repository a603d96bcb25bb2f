"""SOA 2003 notifications, risk notifications abroad, supervision transfers (decision 0022)."""

from __future__ import annotations

from django.urls import path

from .views import soa

urlpatterns = [
    path("cases/<int:case_id>/notifications/", soa.notifications, name="case-notifications"),
    path("cases/<int:case_id>/notifications/new/", soa.record, name="case-notification-new"),
    path(
        "cases/<int:case_id>/notifications/circumstances/",
        soa.circumstances,
        name="case-notification-circumstances",
    ),
    path(
        "cases/<int:case_id>/supervision-transfer/",
        soa.new_transfer,
        name="case-supervision-transfer",
    ),
    path("risk-notifications/<int:proposal_id>/", soa.risk_notification, name="risk-notification"),
    path(
        "risk-notifications/<int:proposal_id>/review/",
        soa.review,
        name="risk-notification-review",
    ),
    path(
        "risk-notifications/<int:proposal_id>/submit/",
        soa.submit,
        name="risk-notification-submit",
    ),
    path(
        "risk-notifications/<int:proposal_id>/approve/",
        soa.approve,
        name="risk-notification-approve",
    ),
    path(
        "risk-notifications/<int:proposal_id>/decline/",
        soa.decline,
        name="risk-notification-decline",
    ),
    path(
        "risk-notifications/<int:proposal_id>/withdraw/",
        soa.withdraw,
        name="risk-notification-withdraw",
    ),
    path("supervision-transfers/<int:transfer_id>/", soa.transfer, name="supervision-transfer"),
    path(
        "supervision-transfers/<int:transfer_id>/approve/",
        soa.approve_transfer,
        name="supervision-transfer-approve",
    ),
    path(
        "supervision-transfers/<int:transfer_id>/decline/",
        soa.decline_transfer,
        name="supervision-transfer-decline",
    ),
]
