"""SOA notification, risk notification and supervision transfer routes (decision 0022): every
route against the standard cast, the journey from travel to an approved message and its
withdrawal, bad input (422 naming the field), a decision taken twice (409) and the author
refused (403)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from fourpillars.exchange.models import Message
from tests.api.conftest import ApiClient, errors_by_field
from tests.cast import CASES, EVERYONE, World
from tests.factories import active_plan_and_draft
from tests.soa_world import abroad, travel, with_peer
from tests.web.matrix import MANAGES

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
WHY = {"X_Justification": "mappa-coordination"}
VISIBLE = {
    "coordinator": {"police_case", "shared_case"},
    "police": {"police_case"},
    "probation": {"shared_case"},
    "housing": {"shared_case"},
    "outsider": {"other_area_case"},
}


@pytest.fixture(autouse=True)
def peer(settings: Any, tmp_path: Path) -> None:
    with_peer(settings, tmp_path)


@pytest.mark.parametrize("name", EVERYONE)
def test_every_route_as_each_member_of_the_cast(world: World, api_for: Api, name: str) -> None:
    made = abroad(world)
    c = api_for(name)
    failures: list[str] = []

    def check(label: str, got: int, want: int) -> None:
        if got != want:
            failures.append(f"{label}: got {got}, want {want}")

    for case_attr in CASES:
        case = getattr(world, case_attr)
        p, t = made.proposals[case_attr], made.transfers[case_attr]
        reads = (
            401 if name == "anonymous" else 200 if case_attr in VISIBLE.get(name, set()) else 404
        )
        manages = case_attr in MANAGES.get(name, set())
        writes = 422 if manages else 403 if reads == 200 else reads
        decides = name == "coordinator" and case_attr != "other_area_case"
        check(
            f"list {case_attr}",
            c.get(f"/cases/{case.pk}/soa-notifications", **WHY).status_code,
            reads,
        )
        check(f"read {case_attr}", c.get(f"/risk-notifications/{p.pk}", **WHY).status_code, reads)
        check(
            f"transfer {case_attr}",
            c.get(f"/supervision-transfers/{t.pk}", **WHY).status_code,
            reads,
        )
        record = c.post(f"/cases/{case.pk}/soa-notifications", {"kind": "x", "notified_on": ""})
        check(f"record {case_attr}", record.status_code, writes)
        ask = c.post(
            f"/cases/{case.pk}/supervision-transfers", {"receiver": "", "measure": "", "reason": ""}
        )
        check(f"compose {case_attr}", ask.status_code, writes)
        approve = c.post(
            f"/risk-notifications/{p.pk}/approve",
            {"lawful_basis": "", "necessity": "", "proportionality": ""},
        )
        check(
            f"approve {case_attr}",
            approve.status_code,
            422 if decides else 403 if reads == 200 else reads,
        )
        withdraw = c.post(f"/risk-notifications/{p.pk}/withdraw", {"reason": "Cancelled"})
        check(
            f"withdraw {case_attr}",
            withdraw.status_code,
            409 if decides else 403 if reads == 200 else reads,  # not approved yet
        )
        decline = c.post(f"/supervision-transfers/{t.pk}/decline", {"reason": ""})
        check(
            f"decline {case_attr}",
            decline.status_code,
            422 if decides else 403 if reads == 200 else reads,
        )
    assert failures == []
    assert not Message.objects.exists()


def test_from_travel_to_an_approved_message(world: World, api_for: Api) -> None:
    active_plan_and_draft(world, "police_case")
    police, coordinator = api_for("police"), api_for("coordinator")
    made = police.post(f"/cases/{world.police_case.pk}/soa-notifications", travel())
    assert made.status_code == 201, made.content
    listing = police.get(f"/cases/{world.police_case.pk}/soa-notifications").json()
    (proposal,) = listing["risk_notifications"]
    assert proposal["status"] == "proposed" and proposal["peer_connected"] is True
    url = f"/risk-notifications/{proposal['id']}"
    bad = police.post(f"{url}/review", {"included": ["rosh"], "left_out": {}})
    assert bad.status_code == 422 and "left_out.travel" in errors_by_field(bad)
    assert police.post(f"{url}/submit").status_code == 200
    mine = police.post(
        f"{url}/approve",
        {"lawful_basis": "dpa2018_s73_adequacy", "necessity": "n", "proportionality": "p"},
    )
    assert mine.status_code == 403 and "another person" in mine.json()["detail"]
    body = {"lawful_basis": "dpa2018_s73_adequacy", "necessity": "n", "proportionality": "p"}
    done = coordinator.post(f"{url}/approve", body)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "approved" and done.json()["message_id"]
    assert coordinator.post(f"{url}/approve", body).status_code == 409
    assert Message.objects.count() == 1


def test_withdrawing_an_approved_message_and_every_refusal(world: World, api_for: Api) -> None:
    active_plan_and_draft(world, "police_case")
    police, coordinator = api_for("police"), api_for("coordinator")
    police.post(f"/cases/{world.police_case.pk}/soa-notifications", travel())
    (proposal,) = police.get(f"/cases/{world.police_case.pk}/soa-notifications").json()[
        "risk_notifications"
    ]
    url = f"/risk-notifications/{proposal['id']}"
    why = {"reason": "The court cancelled the trip"}
    police.post(f"{url}/submit")
    assert coordinator.post(f"{url}/withdraw", why).status_code == 409  # not approved yet
    body = {"lawful_basis": "dpa2018_s73_adequacy", "necessity": "n", "proportionality": "p"}
    sent = coordinator.post(f"{url}/approve", body).json()

    mine = police.post(f"{url}/withdraw", why)
    assert mine.status_code == 403 and "another person" in mine.json()["detail"]
    assert api_for("outsider").post(f"{url}/withdraw", why).status_code == 404
    assert api_for("anonymous").post(f"{url}/withdraw", why).status_code == 401
    for bad, problem in (
        ({"reason": ""}, "required"),
        ({"reason": "x" * 2001}, "at most 2000"),
        ({"reason": "Trip\u0000cancelled"}, "NUL"),  # refused before the route, by name
        ({"reason": 12}, ""),
        ({}, ""),
    ):
        refused = coordinator.post(f"{url}/withdraw", bad)
        assert refused.status_code == 422, (bad, refused.content)
        named = errors_by_field(refused)
        assert "reason" in named and problem in named["reason"], refused.json()
    assert Message.objects.filter(type="withdrawal").count() == 0

    done = coordinator.post(f"{url}/withdraw", {"reason": "Η δίκη ορίστηκε ξανά"})
    assert done.status_code == 200, done.content
    got = done.json()
    assert got["status"] == "withdrawn" and got["withdrawn_by"] == "coordinator"
    assert got["withdrawal_reason"] == "Η δίκη ορίστηκε ξανά" and got["withdrawn_at"]
    assert got["withdrawal_message_status"] == "queued"
    (message,) = Message.objects.filter(type="withdrawal")
    assert got["withdrawal_message_id"] == message.message_id
    assert message.payload["withdrawn_message_id"] == sent["message_id"]
    assert coordinator.post(f"{url}/withdraw", why).status_code == 409
    read = coordinator.get(url, **WHY).json()
    assert read["status"] == "withdrawn" and read["withdrawal_message_id"] == message.message_id


def test_release_and_no_fixed_abode_change_what_is_due(world: World, api_for: Api) -> None:
    police = api_for("police")
    today = timezone.localdate().isoformat()
    police.post(
        f"/cases/{world.police_case.pk}/soa-notifications",
        {"kind": "initial", "notified_on": today},
    )
    got = police.send(
        "put",
        f"/cases/{world.police_case.pk}/soa-circumstances",
        {"release_date": None, "no_fixed_abode": True},
    )
    assert got.status_code == 200, got.content
    kinds = [i["kind"] for i in got.json()["items"] if i["standing"] == "due"]
    assert "weekly" in kinds
