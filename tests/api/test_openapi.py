"""The OpenAPI document: served at /api/v1/openapi.json, every route in it, bearer security."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ROUTES = {
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/{case_id}"),
    ("patch", "/api/v1/cases/{case_id}"),
    ("get", "/api/v1/cases/{case_id}/timeline"),
    ("post", "/api/v1/cases/{case_id}/status"),
    ("post", "/api/v1/cases/{case_id}/shares"),
    ("post", "/api/v1/cases/{case_id}/shares/{share_id}/revoke"),
    ("delete", "/api/v1/cases/{case_id}/shares/{share_id}"),
    ("patch", "/api/v1/persons/{person_id}"),
    ("post", "/api/v1/persons/{person_id}/names"),
    ("post", "/api/v1/persons/{person_id}/identifiers"),
    ("delete", "/api/v1/persons/{person_id}/identifiers/{identifier_id}"),
    ("post", "/api/v1/persons/{person_id}/addresses"),
    ("post", "/api/v1/persons/{person_id}/convictions"),
    ("put", "/api/v1/persons/{person_id}/addresses/{address_id}"),
    ("delete", "/api/v1/persons/{person_id}/addresses/{address_id}"),
    ("put", "/api/v1/persons/{person_id}/convictions/{conviction_id}"),
    ("delete", "/api/v1/persons/{person_id}/convictions/{conviction_id}"),
    ("get", "/api/v1/instruments"),
    ("get", "/api/v1/instruments/{code}"),
    ("post", "/api/v1/instruments/{code}/score"),
    ("post", "/api/v1/plan-checks"),
    ("get", "/api/v1/plan-checks/rules"),
    ("get", "/api/v1/cases/{case_id}/assessments"),
    ("post", "/api/v1/cases/{case_id}/assessments"),
    ("get", "/api/v1/cases/{case_id}/instruments/{code}/prefill"),
    ("get", "/api/v1/assessments/{assessment_id}"),
    ("put", "/api/v1/assessments/{assessment_id}"),
    ("post", "/api/v1/assessments/{assessment_id}/instruments/{code}"),
    ("delete", "/api/v1/assessments/{assessment_id}/results/{result_id}"),
    ("post", "/api/v1/assessments/{assessment_id}/submit"),
    ("post", "/api/v1/assessments/{assessment_id}/countersign"),
    ("get", "/api/v1/assessments/{assessment_id}/summary.pdf"),
    ("get", "/api/v1/cases/{case_id}/level-decisions"),
    ("post", "/api/v1/cases/{case_id}/level-decisions"),
    ("get", "/api/v1/cases/{case_id}/plans"),
    ("post", "/api/v1/cases/{case_id}/plans"),
    ("get", "/api/v1/plans/{plan_id}"),
    ("put", "/api/v1/plans/{plan_id}"),
    ("post", "/api/v1/plans/{plan_id}/approve"),
    ("get", "/api/v1/plans/{plan_id}/compare/{other_id}"),
    ("get", "/api/v1/plans/{plan_id}/plan.pdf"),
    ("post", "/api/v1/actions/{action_id}/status"),
    ("post", "/api/v1/actions/{action_id}/complete"),
    ("get", "/api/v1/me/actions"),
    ("get", "/api/v1/me/notifications"),
    ("get", "/api/v1/me/tokens"),
    ("post", "/api/v1/tokens/{token_id}/revoke"),
    ("get", "/api/v1/admin/users/{user_id}/tokens"),
    ("post", "/api/v1/admin/users/{user_id}/password"),
    ("post", "/api/v1/me/notifications/{notification_id}/read"),
    ("post", "/api/v1/me/notifications/read-all"),
    ("get", "/api/v1/cases/{case_id}/decisions"),
    ("post", "/api/v1/cases/{case_id}/decisions"),
    ("get", "/api/v1/meetings/dashboard"),
    ("get", "/api/v1/meetings/quality"),
    ("post", "/api/v1/meetings"),
    ("get", "/api/v1/meetings/{meeting_id}"),
    ("post", "/api/v1/meetings/{meeting_id}/invitations"),
    ("post", "/api/v1/meetings/{meeting_id}/attendance"),
    ("post", "/api/v1/meetings/{meeting_id}/cancel"),
    ("post", "/api/v1/meetings/{meeting_id}/grade"),
    ("get", "/api/v1/meetings/{meeting_id}/meeting.ics"),
    ("get", "/api/v1/meetings/{meeting_id}/cases/{case_id}"),
    ("post", "/api/v1/meetings/{meeting_id}/cases/{case_id}/contributions"),
    ("put", "/api/v1/meetings/{meeting_id}/cases/{case_id}/minutes/sections/{section}"),
    ("post", "/api/v1/meetings/{meeting_id}/cases/{case_id}/minutes/actions"),
    ("delete", "/api/v1/meetings/{meeting_id}/cases/{case_id}/minutes/actions/{action_id}"),
    ("post", "/api/v1/meetings/{meeting_id}/cases/{case_id}/minutes/approve"),
    ("post", "/api/v1/meetings/{meeting_id}/cases/{case_id}/minutes/circulate"),
    ("get", "/api/v1/meetings/{meeting_id}/cases/{case_id}/minutes.pdf"),
    ("get", "/api/v1/cases/{case_id}/meetings"),
    ("post", "/api/v1/cases/{case_id}/next-review"),
    ("put", "/api/v1/admin/users/{user_id}/chair-grade"),
    ("get", "/api/v1/audit"),
    ("get", "/api/v1/audit/verify"),
    ("get", "/api/v1/reference/agencies"),
    ("get", "/api/v1/reference/areas"),
    ("get", "/api/v1/reference/ecris-codes"),
    ("get", "/api/v1/reference/purposes"),
    ("get", "/api/v1/reference/lawful-bases"),
    ("get", "/api/v1/reference/penalty-codes"),
    ("get", "/api/v1/reference/channel-guide"),
    ("get", "/api/v1/admin/users"),
    ("post", "/api/v1/admin/users"),
    ("patch", "/api/v1/admin/users/{user_id}"),
    ("post", "/api/v1/admin/agencies"),
    ("post", "/api/v1/admin/areas"),
    # Referrals, transfers and possible duplicates (decision 0018).
    ("get", "/api/v1/cases/{case_id}/referrals"),
    ("post", "/api/v1/cases/{case_id}/referrals"),
    ("get", "/api/v1/referrals"),
    ("get", "/api/v1/referrals/mine"),
    ("get", "/api/v1/referrals/{referral_id}"),
    ("post", "/api/v1/referrals/{referral_id}/accept"),
    ("post", "/api/v1/referrals/{referral_id}/decline"),
    ("post", "/api/v1/referrals/{referral_id}/read"),
    ("get", "/api/v1/referrals/{referral_id}/mappa-a.pdf"),
    ("get", "/api/v1/cases/{case_id}/transfers"),
    ("post", "/api/v1/cases/{case_id}/transfers"),
    ("get", "/api/v1/transfers"),
    ("get", "/api/v1/transfers/mine"),
    ("get", "/api/v1/transfers/{transfer_id}"),
    ("post", "/api/v1/transfers/{transfer_id}/accept"),
    ("post", "/api/v1/transfers/{transfer_id}/refuse"),
    ("post", "/api/v1/transfers/{transfer_id}/withdraw"),
    ("post", "/api/v1/transfers/{transfer_id}/read"),
    ("get", "/api/v1/duplicates"),
    ("get", "/api/v1/duplicates/{flag_id}"),
    ("post", "/api/v1/duplicates/{flag_id}/resolve"),
    # SOA notification, risk notifications abroad, supervision transfers (decision 0022).
    ("get", "/api/v1/cases/{case_id}/soa-notifications"),
    ("post", "/api/v1/cases/{case_id}/soa-notifications"),
    ("put", "/api/v1/cases/{case_id}/soa-circumstances"),
    ("get", "/api/v1/risk-notifications/{proposal_id}"),
    ("post", "/api/v1/risk-notifications/{proposal_id}/review"),
    ("post", "/api/v1/risk-notifications/{proposal_id}/submit"),
    ("post", "/api/v1/risk-notifications/{proposal_id}/approve"),
    ("post", "/api/v1/risk-notifications/{proposal_id}/decline"),
    ("post", "/api/v1/risk-notifications/{proposal_id}/withdraw"),
    ("post", "/api/v1/cases/{case_id}/supervision-transfers"),
    ("get", "/api/v1/supervision-transfers/{transfer_id}"),
    ("post", "/api/v1/supervision-transfers/{transfer_id}/approve"),
    ("post", "/api/v1/supervision-transfers/{transfer_id}/decline"),
    # Received from other countries and criminal-record requests (decision 0023).
    ("get", "/api/v1/received/convictions"),
    ("get", "/api/v1/received/convictions/{item_id}"),
    ("post", "/api/v1/received/convictions/{item_id}/match"),
    ("get", "/api/v1/received/risk-notifications"),
    ("get", "/api/v1/received/risk-notifications/{item_id}"),
    ("post", "/api/v1/received/risk-notifications/{item_id}/match"),
    ("post", "/api/v1/received/risk-notifications/{item_id}/open-case"),
    ("get", "/api/v1/cases/{case_id}/received"),
    ("get", "/api/v1/received/record-requests"),
    ("post", "/api/v1/received/record-requests"),
    ("get", "/api/v1/received/record-requests/{request_id}"),
    ("post", "/api/v1/received/record-requests/{request_id}/answer"),
    # Cross-border exchange: the node's operator (decision 0020).
    ("get", "/api/v1/exchange/peers"),
    ("post", "/api/v1/exchange/peers"),
    ("post", "/api/v1/exchange/peers/{country}/suspend"),
    ("post", "/api/v1/exchange/peers/{country}/reactivate"),
    ("get", "/api/v1/exchange/keys"),
    ("post", "/api/v1/exchange/keys/rotate"),
    ("get", "/api/v1/exchange/messages"),
    ("get", "/api/v1/exchange/messages/{message_id}"),
    ("post", "/api/v1/exchange/messages/{message_id}/resend"),
    # Emergency access and retention reviews (decision 0030).
    ("post", "/api/v1/emergency-access"),
    ("get", "/api/v1/emergency-access"),
    ("get", "/api/v1/retention-reviews"),
    ("get", "/api/v1/retention-reviews/decisions"),
    ("get", "/api/v1/cases/{case_id}/retention-review"),
    ("post", "/api/v1/cases/{case_id}/retention-review"),
}


@pytest.fixture
def document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()  # type: ignore[no-any-return]


def test_openapi_document_lists_every_route(document: dict[str, Any]) -> None:
    listed = {(m, p) for p, ops in document["paths"].items() for m in ops}
    assert listed == ROUTES
    assert document["info"]["title"] == "Four Pillars API"


def test_openapi_document_declares_bearer_security_on_every_route(
    document: dict[str, Any],
) -> None:
    schemes = document["components"]["securitySchemes"]
    assert list(schemes.values()) == [{"type": "http", "scheme": "bearer"}]
    name = next(iter(schemes))
    for ops in document["paths"].values():
        for op in ops.values():
            assert op["security"] == [{name: []}]


def test_openapi_documents_the_justification_header_and_errors(document: dict[str, Any]) -> None:
    detail = document["paths"]["/api/v1/cases/{case_id}"]["get"]
    headers = [p["name"] for p in detail["parameters"] if p["in"] == "header"]
    assert headers == ["X-Justification"]
    assert {"200", "404", "422", "428"} <= set(detail["responses"])
    assert "409" in document["paths"]["/api/v1/cases/{case_id}"]["patch"]["responses"]
