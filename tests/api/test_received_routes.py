"""The received-information routes (decision 0023): the operator's and co-ordinators' queues,
matching, purpose-limited reading with ``X-Justification``, and answering a record request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from fourpillars.services.exchange_received import receiving
from tests import received_payloads as p
from tests.api.conftest import ApiClient, errors_by_field
from tests.cast import World

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


@pytest.fixture
def conviction(world: World) -> int:
    with transaction.atomic():
        row = receiving.receive_conviction(
            p.origin("conviction_new", purpose="public_protection"),
            p.conviction_new(),
            p.parsed("conviction_new", p.conviction_new()),
        )
    return row.pk


@pytest.fixture
def request_id(world: World) -> int:
    with transaction.atomic():
        row = receiving.receive_record_request(
            p.origin("record_request"),
            p.record_request(),
            p.parsed("record_request", p.record_request()),
            dt.date(2026, 12, 17),
        )
    return row.pk


def test_the_operator_lists_and_matches_convictions_others_are_refused(
    world: World, conviction: int, api_for: Api
) -> None:
    admin = api_for("admin")
    listed = admin.get("/received/convictions").json()
    assert listed["count"] == 1 and listed["items"][0]["content"] is None
    assert api_for("police").get("/received/convictions").status_code == 403
    assert api_for("coordinator").get(f"/received/convictions/{conviction}").status_code == 404
    bad = admin.post(f"/received/convictions/{conviction}/match", {"choice": "none"})
    assert bad.status_code == 422 and "reason" in errors_by_field(bad)
    person = world.police_case.person_id
    done = admin.post(f"/received/convictions/{conviction}/match", {"choice": str(person)})
    assert done.status_code == 200 and done.json()["person_id"] == person
    again = admin.post(
        f"/received/convictions/{conviction}/match", {"choice": "none", "reason": "x"}
    )
    assert again.status_code == 409


def test_a_case_s_information_from_abroad_is_shown_for_a_compatible_purpose_only(
    world: World, conviction: int, api_for: Api
) -> None:
    person = world.police_case.person_id
    api_for("admin").post(f"/received/convictions/{conviction}/match", {"choice": str(person)})
    police = api_for("police")
    url = f"/cases/{world.police_case.pk}/received"
    shown = police.get(url, X_Justification="risk-management; review").json()
    assert shown["purpose"] == "risk-management" and shown["items"][0]["content"]
    refused = police.get(url, X_Justification="legal-proceedings").json()["items"][0]
    assert refused["content"] is None and "public protection" in refused["refused"].lower()
    assert police.get(url).json()["items"][0]["content"] is None
    assert api_for("outsider").get(url).status_code == 404


def test_the_operator_answers_a_request_and_a_bad_answer_names_the_field(
    world: World, request_id: int, api_for: Api, settings: Any, tmp_path: Any
) -> None:
    from fourpillars.exchange.models import Peer

    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "keys"
    Peer.objects.create(country="NL", name="Node NL", inbox_url="http://127.0.0.1:9/nl/")
    admin = api_for("admin")
    listed = admin.get("/received/record-requests").json()
    assert listed["items"][0]["due_date"] == "2026-12-17"
    bad = admin.post(f"/received/record-requests/{request_id}/answer", {"answer": "delay"})
    assert bad.status_code == 422 and "note" in errors_by_field(bad)
    done = admin.post(
        f"/received/record-requests/{request_id}/answer",
        {"answer": "delay", "note": "Archive search"},
    )
    assert done.status_code == 200 and done.json()["state"] == "delayed"
    assert api_for("police").get(f"/received/record-requests/{request_id}").status_code == 404
