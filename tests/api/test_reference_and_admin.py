"""Reference data for every authenticated user; administration for administrators only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.accounts.models import Agency, Area, User
from fourpillars.audit.models import AuditEvent
from tests.api.conftest import ApiClient, errors_by_field, last_event
from tests.cast import CAST_NAMES, World

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
REFERENCE = ["agencies", "areas", "ecris-codes", "purposes", "lawful-bases", "penalty-codes"]


@pytest.mark.parametrize("name", CAST_NAMES)
@pytest.mark.parametrize("kind", REFERENCE)
def test_reference_lists_are_open_to_every_authenticated_user(
    world: World, api_for: Api, name: str, kind: str
) -> None:
    body = api_for(name).get(f"/reference/{kind}").json()
    assert body["count"] == len(body["items"]) > 0
    assert ApiClient(None).get(f"/reference/{kind}").status_code == 401


def test_reference_lists_carry_the_codes_other_routes_accept(world: World, api_for: Api) -> None:
    client = api_for("police")
    agencies = {a["code"]: a for a in client.get("/reference/agencies").json()["items"]}
    assert agencies["housing-a"]["kind"] == "housing" and agencies["housing-a"]["area"] == "A"
    purposes = [p["code"] for p in client.get("/reference/purposes").json()["items"]]
    assert {"risk-management", "mappa-coordination", "safeguarding", "audit"} <= set(purposes)
    bases = [b["code"] for b in client.get("/reference/lawful-bases").json()["items"]]
    assert "cja2003_s325_4" in bases
    codes = {c["code"]: c for c in client.get("/reference/ecris-codes").json()["items"]}
    assert codes["1001 00"]["label"] == "Rape"
    areas = client.get("/reference/areas").json()["items"]
    assert areas[0]["review_weeks"] == {"1": 17, "2": 16, "3": 8}
    paged = client.get("/reference/ecris-codes", {"page_size": 5, "page": 2}).json()
    assert len(paged["items"]) == 5 and paged["count"] == len(codes)


def test_penalty_codes_carry_their_translations_unverified(world: World, api_for: Api) -> None:
    body = api_for("police").get("/reference/penalty-codes").json()
    penalties = {p["code"]: p for p in body["items"]}
    ban = penalties["3014"]
    assert ban["label"] == "Ban on working or carrying on an activity with minors"
    assert ban["table_version"] == "ecris-annex-b-2026.1" and ban["confirmed"] is False
    assert {t["language"]: t["verified"] for t in ban["translations"]} == {"nl": False, "lv": False}


def test_the_channel_guide_from_this_node(world: World, api_for: Api, settings) -> None:
    settings.FOURPILLARS_NODE_COUNTRY = "GB"
    client = api_for("police")
    body = client.get(
        "/reference/channel-guide", {"situation": "person_travelling", "destination": "nl"}
    ).json()
    assert body["destination"] == "NL" and body["version"] == "channel-guide-2026.1"
    sis = {a["channel"]: a for a in body["items"]}["sis_article_36"]
    assert sis["available"] is False and sis["confidence"] == "[M]"
    assert sis["why_not"] == "United Kingdom (the sending state) does not take part"
    bad = client.get("/reference/channel-guide", {"situation": "lost", "destination": "XX"})
    assert bad.status_code == 422
    assert set(errors_by_field(bad)) == {"situation"}


@pytest.mark.parametrize("name", [n for n in CAST_NAMES if n != "admin"])
def test_only_administrators_administer(world: World, api_for: Api, name: str) -> None:
    client = api_for(name)
    before = (User.objects.count(), Agency.objects.count(), Area.objects.count())
    user = {
        "username": "x1",
        "password": "a-long-enough-password",
        "role": "auditor",
        "agency": "oversight",
    }
    assert client.post("/admin/users", user).status_code == 403
    assert client.post("/admin/areas", {"code": "C", "name": "Area C"}).status_code == 403
    agency = {"code": "x", "name": "X", "kind": "police", "area": "A"}
    assert client.post("/admin/agencies", agency).status_code == 403
    assert client.get("/admin/users").status_code == 403
    assert (
        client.patch(f"/admin/users/{world.users['police'].pk}", {"is_active": False}).status_code
        == 403
    )
    assert (User.objects.count(), Agency.objects.count(), Area.objects.count()) == before


def test_admin_creates_area_agency_and_user(world: World, api_for: Api) -> None:
    admin = api_for("admin")
    area = admin.post("/admin/areas", {"code": "C", "name": "Area C (Eastmoor)"})
    assert area.status_code == 201 and area.json()["code"] == "C"
    agency = admin.post(
        "/admin/agencies",
        {"code": "police-c", "name": "Eastmoor Police", "kind": "police", "area": "C"},
    )
    assert agency.status_code == 201 and agency.json()["area"] == "C"
    user = admin.post(
        "/admin/users",
        {
            "username": "eastmoor.pom",
            "password": "a-long-enough-password",
            "role": "police_offender_manager",
            "agency": "police-c",
            "first_name": "Eve",
        },
    )
    assert user.status_code == 201
    assert "password" not in user.json()
    assert user.json()["agency"] == "police-c"
    row = last_event(action="create_user")
    assert (row.actor_username, row.channel) == ("admin", "api")
    assert "a-long-enough-password" not in str(row.after)


def test_admin_gains_no_case_access(world: World, api_for: Api) -> None:
    admin = api_for("admin")
    assert admin.get("/cases").json()["count"] == 0
    case = world.police_case.pk
    assert admin.get(f"/cases/{case}", X_Justification="audit").status_code == 404


def test_admin_input_errors_name_the_field(world: World, api_for: Api) -> None:
    admin = api_for("admin")
    response = admin.post(
        "/admin/users",
        {"username": "police", "password": "short", "role": "king", "agency": "nowhere"},
    )
    assert response.status_code == 422
    assert {"username", "password", "role", "agency"} <= set(errors_by_field(response))
    missing = admin.post("/admin/areas", {"code": "D"})
    assert missing.status_code == 422 and "name" in errors_by_field(missing)
    kind = admin.post("/admin/agencies", {"code": "x", "name": "X", "kind": "army"})
    assert kind.status_code == 422 and "kind" in errors_by_field(kind)


def test_deactivating_a_user_ends_their_api_access(world: World, api_for: Api) -> None:
    police = api_for("police")
    assert police.get("/cases").status_code == 200
    done = api_for("admin").patch(f"/admin/users/{world.users['police'].pk}", {"is_active": False})
    assert done.status_code == 200 and done.json()["is_active"] is False
    assert police.get("/cases").status_code == 401
    listed = api_for("admin").get("/admin/users").json()
    assert listed["count"] == User.objects.count()
    assert AuditEvent.objects.filter(action="set_user_active", channel="api").exists()
