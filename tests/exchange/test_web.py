"""The node operator's screens and API (decision 0020): every new URL against the whole
standard cast (only the operator, an administrator, gets in; anonymous users are sent to sign
in), the machine endpoints open to peers without a session, and the screens doing what they
say."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.exchange.models import Message, Peer
from fourpillars.services.accounts import issue_token
from fourpillars.services.exchange import outbox
from tests.api.conftest import ApiClient
from tests.cast import EVERYONE, PASSWORD, World

from .nodes import ForeignNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead(nl: ForeignNode) -> Message:
    with transaction.atomic():
        m = outbox.enqueue(
            actor=None,
            type=MessageType.RECORD_REQUEST,
            receiver="NL",
            purpose=Purpose.CRIMINAL_PROCEEDINGS,
            payload={"person": {"family_name": "Jansen"}},
        )
    Message.objects.filter(pk=m.pk).update(status="dead", attempts=8)
    return m


def _client(world: World, name: str) -> Client:
    c = Client()
    if name != "anonymous":
        assert c.login(username=name, password=PASSWORD)
    return c


# (method, path, data) of every operator screen; {m} is the dead letter's id.
SCREENS = [
    ("get", "/exchange/", None),
    ("get", "/exchange/messages/", None),
    ("get", "/exchange/messages/?direction=out&status=dead", None),
    ("get", "/exchange/messages/{m}/", None),
    ("get", "/exchange/peers/add/", None),
    ("post", "/exchange/peers/add/", {"url": "ftp://nowhere"}),
    ("post", "/exchange/peers/NL/status/", {"status": "suspended"}),
    ("post", "/exchange/keys/rotate/", {}),
    ("post", "/exchange/messages/{m}/resend/", {}),
]
API = [
    ("get", "/exchange/peers", None),
    ("post", "/exchange/peers", {"url": "ftp://nowhere"}),
    ("post", "/exchange/peers/NL/suspend", {}),
    ("post", "/exchange/peers/NL/reactivate", {}),
    ("get", "/exchange/keys", None),
    ("post", "/exchange/keys/rotate", {}),
    ("get", "/exchange/messages?direction=out", None),
    ("get", "/exchange/messages/{m}", None),
    ("post", "/exchange/messages/{m}/resend", {}),
]


def test_only_the_operator_reaches_the_exchange_screens(world: World, dead: Message) -> None:
    for name in EVERYONE:
        _screens(world, dead, name)


def _screens(world: World, dead: Message, name: str) -> None:
    c = _client(world, name)
    for method, path, data in SCREENS:
        url = path.format(m=dead.pk)
        response = getattr(c, method)(url, data or {})
        if name == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], url
        elif name == "admin":
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code == 403, (url, name, response.status_code)


def test_only_the_operator_uses_the_exchange_api(world: World, dead: Message) -> None:
    for name in EVERYONE:
        user = world.user(name)
        token = issue_token(user=user, name="test") if user else None
        _api(dead, ApiClient(token), name)


def _api(dead: Message, c: ApiClient, name: str) -> None:
    for method, path, data in API:
        url = path.format(m=dead.pk)
        response = c.get(url) if method == "get" else c.post(url, data)
        if name == "anonymous":
            assert response.status_code == 401, url
        elif name == "admin":
            assert response.status_code in (200, 201, 422), (url, response.status_code)
        else:
            assert response.status_code == 403, (url, name, response.status_code)


def test_the_inbox_and_introduction_need_no_session(db: None) -> None:
    c = Client(enforce_csrf_checks=True)
    intro = c.get("/exchange/node.json").json()
    assert intro["country"] == "GB" and intro["jwks"]["keys"]
    assert intro["inbox_url"].endswith("/exchange/inbox/")
    refused = c.post("/exchange/inbox/", "not a jws", content_type="application/jose")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "malformed"


def test_the_inbox_answers_a_peer_over_http(nl: ForeignNode) -> None:
    raw = nl.sign(nl.envelope())
    c = Client(enforce_csrf_checks=True)
    first = c.post("/exchange/inbox/", raw, content_type="application/jose")
    second = c.post("/exchange/inbox/", raw, content_type="application/jose")
    assert first.status_code == second.status_code == 200
    assert first.json()["receipt"] == second.json()["receipt"]
    assert Message.objects.get().raw == raw


def test_the_inbox_takes_several_messages_in_one_post(nl: ForeignNode) -> None:
    raws = [nl.sign(nl.envelope()) for _ in range(2)] + ["not a jws"]
    c = Client(enforce_csrf_checks=True)
    answer = c.post("/exchange/inbox/", json.dumps(raws), content_type="application/json")
    assert answer.status_code == 200
    answers = answer.json()["answers"]
    assert [a["status"] for a in answers] == [200, 200, 400]
    assert [a["accepted"] for a in answers] == [True, True, False]
    assert answers[0]["receipt"] and answers[2]["error"]["code"] == "malformed"
    assert sorted(Message.objects.values_list("raw", flat=True)) == sorted(raws[:2])
    refused = c.post("/exchange/inbox/", "{}", content_type="application/json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "malformed"


def test_the_operator_sees_health_detail_and_sends_a_dead_letter_again(
    world: World, dead: Message
) -> None:
    c = _client(world, "admin")
    home = c.get("/exchange/").content.decode()
    assert "Node NL (NL)" in home and "Dead letters" in home
    listing = c.get("/exchange/messages/?direction=out&status=dead").content.decode()
    assert f"/exchange/messages/{dead.pk}/" in listing
    detail = c.get(f"/exchange/messages/{dead.pk}/").content.decode()
    assert "Request for criminal-record information" in detail and "Send again" in detail
    assert "Verified" in detail and "Jansen" in detail
    assert AuditEvent.objects.filter(action="view_exchange_message").count() == 1
    c.post(f"/exchange/messages/{dead.pk}/resend/")
    dead.refresh_from_db()
    assert dead.status == "queued" and dead.attempts == 0
    assert c.get("/exchange/messages/?status=bogus").status_code == 200  # errors shown


def test_the_operator_suspends_and_reactivates_a_peer(world: World, nl: ForeignNode) -> None:
    c = _client(world, "admin")
    c.post("/exchange/peers/NL/status/", {"status": "suspended"})
    assert Peer.objects.get().status == "suspended"
    c.post("/exchange/peers/NL/status/", {"status": "active"})
    assert Peer.objects.get().status == "active"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"suspend_exchange_peer", "reactivate_exchange_peer"} <= actions


def test_a_bad_peer_address_is_named_on_the_form(world: World) -> None:
    c = _client(world, "admin")
    page = c.post("/exchange/peers/add/", {"url": "ftp://nowhere"}).content.decode()
    assert "govuk-error-summary" in page and "http://" in page
