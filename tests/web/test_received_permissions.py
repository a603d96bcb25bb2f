"""Every received-information URL (decision 0023) requested as each member of the standard
cast and anonymous, with expectations spelt out here from the policy:

- the queue is the node's operator's (the administrator) and the co-ordinators' (their
  area's risk notifications); 403 for everyone else;
- a received conviction exists only for the operator, a risk notification for the operator and
  the receiving area's co-ordinator (404 for everyone else); opening a case from one needs
  the right to register cases (403 for the operator);
- a case's information from abroad is read like the case (404 hidden);
- criminal-record requests are the operator's (403 for the lists, 404 for one request).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern

from fourpillars.services.exchange_received import receiving
from fourpillars.web import urls_received
from tests import received_payloads as p
from tests.cast import CASES, EVERYONE, World

pytestmark = pytest.mark.django_db

OPERATOR = {"admin"}
COORDINATOR = {"coordinator"}


@pytest.fixture
def items(world: World) -> dict[str, Any]:
    with transaction.atomic():
        conv = receiving.receive_conviction(
            p.origin("conviction_new"),
            p.conviction_new(),
            p.parsed("conviction_new", p.conviction_new()),
        )
        payload = p.risk_notification(place="Northshire")
        notice = receiving.receive_risk_notification(
            p.origin("risk_notification", purpose="public_protection"),
            payload,
            p.parsed("risk_notification", payload),
        )
        request = receiving.receive_record_request(
            p.origin("record_request"),
            p.record_request(),
            p.parsed("record_request", p.record_request()),
            dt.date(2026, 12, 17),
        )
    return {"conviction": conv.pk, "notice": notice.pk, "request": request.pk}


# url name -> (method, path template, who gets 200, what everyone else gets)
URLS: dict[str, tuple[str, str, set[str], int]] = {
    "received-queue": ("get", "/received/", OPERATOR | COORDINATOR, 403),
    "received-conviction": ("get", "/received/convictions/{conviction}/", OPERATOR, 404),
    "received-conviction-match": (
        "post",
        "/received/convictions/{conviction}/match/",
        OPERATOR,
        404,
    ),
    "received-notice": (
        "get",
        "/received/risk-notifications/{notice}/",
        OPERATOR | COORDINATOR,
        404,
    ),
    "received-notice-match": (
        "post",
        "/received/risk-notifications/{notice}/match/",
        OPERATOR | COORDINATOR,
        404,
    ),
    "received-requests": ("get", "/received/record-requests/", OPERATOR, 403),
    "received-request-new": ("get", "/received/record-requests/new/", OPERATOR, 403),
    "received-request": ("get", "/received/record-requests/{request}/", OPERATOR, 404),
}


def _client(name: str, client_for: Any) -> Client:
    return Client() if name == "anonymous" else client_for(name)


@pytest.mark.parametrize("name", EVERYONE)
def test_every_received_url_answers_the_cast_as_the_policy_says(
    world: World, items: dict[str, Any], client_for: Any, name: str
) -> None:
    client = _client(name, client_for)
    failures = []
    for url_name, (method, template, allowed, otherwise) in URLS.items():
        url = template.format(**items)
        response = getattr(client, method)(url)
        want = 302 if name == "anonymous" else (200 if name in allowed else otherwise)
        if response.status_code != want:
            failures.append(f"{url_name}: {response.status_code}, want {want}")
    # Opening a case: the notice's co-ordinator (the form answers with its errors); the
    # operator sees the notice but registers no case; everyone else: no such notice.
    opened = client.post(f"/received/risk-notifications/{items['notice']}/open-case/", {})
    want_open = {"anonymous": 302, "coordinator": 200, "admin": 403}.get(name, 404)
    if opened.status_code != want_open:
        failures.append(f"received-notice-open-case: {opened.status_code}, want {want_open}")
    for case_attr in CASES:
        case = getattr(world, case_attr)
        got = client.get(f"/cases/{case.pk}/received/").status_code
        want = 302 if name == "anonymous" else (200 if case.pk in world.visible[name] else 404)
        if got != want:
            failures.append(f"case-received {case_attr}: {got}, want {want}")
    assert failures == []


def test_every_received_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_received.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(URLS) | {"received-notice-open-case", "case-received"}


def test_the_operator_reads_a_conviction_only_for_a_compatible_purpose(
    world: World, items: dict[str, Any], client_for: Any
) -> None:
    client = client_for("admin")
    url = f"/received/convictions/{items['conviction']}/"
    refused = client.post(url, {"purpose": "risk-management"}).content.decode()
    assert 'data-testid="refused"' in refused and "criminal proceedings" in refused
    shown = client.post(url, {"purpose": "legal-proceedings"}).content.decode()
    assert 'data-testid="content"' in shown and "Rechtbank Amsterdam" in shown
    assert "Sexual assault" in shown  # the code's label in this node's language (English)


def test_the_coordinator_confirms_a_candidate_on_the_screen(
    world: World, items: dict[str, Any], client_for: Any
) -> None:
    client = client_for("coordinator")
    home = client.get("/").content.decode()
    assert 'data-testid="waiting-received"' in home and 'href="/received/"' in home
    page = client.get(f"/received/risk-notifications/{items['notice']}/").content.decode()
    assert 'data-testid="candidate"' in page and "The same date of birth" in page
    person = world.police_case.person_id
    done = client.post(
        f"/received/risk-notifications/{items['notice']}/match/", {"choice": str(person)}
    )
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert 'data-testid="matched"' in page and world.police_case.reference in page
    empty = client.post(f"/received/risk-notifications/{items['notice']}/match/", {})
    assert empty.status_code == 302  # matched already: told so on the page
    assert 'data-testid="waiting-received"' not in client.get("/").content.decode()


def test_a_match_without_a_choice_or_reason_names_the_field(
    world: World, items: dict[str, Any], client_for: Any
) -> None:
    response = client_for("admin").post(
        f"/received/convictions/{items['conviction']}/match/", {"choice": "none"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_operator_answers_a_request_with_no_records(
    world: World, items: dict[str, Any], client_for: Any, settings: Any, tmp_path: Any
) -> None:
    from fourpillars.exchange.models import Message, Peer

    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "keys"
    Peer.objects.create(country="NL", name="Node NL", inbox_url="http://127.0.0.1:9/nl/")
    client = client_for("admin")
    url = f"/received/record-requests/{items['request']}/"
    page = client.get(url).content.decode()
    assert "17 December 2026" in page and 'data-testid="candidate"' in page
    done = client.post(url, {"answer": "no_records", "note": ""})
    assert done.status_code == 302
    assert Message.objects.filter(direction="out", type="record_response").count() == 1
    assert "Answered" in client.get(url).content.decode()
