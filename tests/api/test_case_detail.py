"""GET /cases/{id}: the need-to-know policy, the X-Justification header, and the audit row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Operation
from tests.api.conftest import ApiClient, last_event
from tests.cast import CASES, CAST_NAMES, World

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def expected_without_header(world: World, name: str, case_attr: str) -> int:
    case = getattr(world, case_attr)
    if case.pk not in world.visible[name]:
        return 404
    user = world.users[name]
    return 200 if user.agency_id == case.lead_agency_id else 428


@pytest.mark.parametrize("name", CAST_NAMES)
@pytest.mark.parametrize("case_attr", CASES)
def test_case_detail_follows_the_need_to_know_policy(
    world: World, api_for: Api, name: str, case_attr: str
) -> None:
    case = getattr(world, case_attr)
    client = api_for(name)
    expected = expected_without_header(world, name, case_attr)
    response = client.get(f"/cases/{case.pk}")
    assert response.status_code == expected, response.content
    with_reason = client.get(f"/cases/{case.pk}", X_Justification="mappa-coordination; review")
    assert with_reason.status_code == (404 if expected == 404 else 200)
    if expected != 404:
        assert with_reason.json()["id"] == case.pk


def test_anonymous_gets_401_for_every_case(world: World) -> None:
    for attr in CASES:
        assert ApiClient(None).get(f"/cases/{getattr(world, attr).pk}").status_code == 401


def test_lead_agency_reads_its_case_without_justification(world: World, api_for: Api) -> None:
    body = api_for("police").get(f"/cases/{world.police_case.pk}").json()
    assert body["reference"] == world.police_case.reference
    assert body["lead_agency"]["code"] == "police-a"
    assert body["person"]["names"][0]["family_name"] == "Kowalski"


def test_coordinator_needs_justification_then_reads_the_police_case(
    world: World, api_for: Api
) -> None:
    client = api_for("coordinator")
    refused = client.get(f"/cases/{world.police_case.pk}")
    assert refused.status_code == 428
    body = refused.json()
    assert "X-Justification" in body["detail"]
    assert body["errors"][0]["field"] == "X-Justification"
    assert "mappa-coordination" in body["purposes"]
    assert not AuditEvent.objects.filter(action="view_case", actor_username="coordinator").exists()
    ok = client.get(f"/cases/{world.police_case.pk}", X_Justification="mappa-coordination")
    assert ok.status_code == 200


def test_housing_reads_the_shared_case_with_justification(world: World, api_for: Api) -> None:
    client = api_for("housing")
    assert client.get(f"/cases/{world.shared_case.pk}").status_code == 428
    ok = client.get(
        f"/cases/{world.shared_case.pk}", X_Justification="safeguarding; placement check"
    )
    assert ok.status_code == 200
    assert ok.json()["person"]["names"][0]["family_name"] == "Παπαδόπουλος"


def test_each_read_writes_an_audit_row_with_justification_and_channel(
    world: World, api_for: Api
) -> None:
    api_for("coordinator").get(
        f"/cases/{world.police_case.pk}",
        X_Justification="mappa-coordination; level 2 screening",
        X_Request_ID="req-abcdef123",
    )
    row = last_event(action="view_case", case_id=world.police_case.pk)
    assert row.operation == Operation.CONSULTATION.value
    assert row.actor_username == "coordinator"
    assert row.purpose == "mappa-coordination"
    assert row.justification == "mappa-coordination; level 2 screening"
    assert row.channel == "api"
    # The server's own id, never the client's (test_request_ids.py): 32 hex digits.
    assert row.request_id != "req-abcdef123" and len(row.request_id) == 32


def test_lead_agency_read_is_audited_too(world: World, api_for: Api) -> None:
    api_for("police").get(f"/cases/{world.police_case.pk}")
    row = last_event(action="view_case", case_id=world.police_case.pk)
    assert (row.actor_username, row.channel, row.justification) == ("police", "api", "")


@pytest.mark.parametrize(
    "header", ["not-a-purpose", "nonsense; text", ";", "   ", "audit; " + "x" * 600]
)
def test_bad_justification_header_is_refused_naming_the_header(
    world: World, api_for: Api, header: str
) -> None:
    response = api_for("coordinator").get(f"/cases/{world.police_case.pk}", X_Justification=header)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["X-Justification"]


def test_hidden_and_missing_cases_give_the_same_404(world: World, api_for: Api) -> None:
    client = api_for("outsider")
    hidden = client.get(f"/cases/{world.police_case.pk}", X_Justification="audit")
    missing = client.get("/cases/99999999", X_Justification="audit")
    nonsense = client.get("/cases/not-a-number")
    huge = client.get("/cases/" + "9" * 40)
    for response in (hidden, missing, nonsense, huge):
        assert response.status_code == 404
        assert response.content == hidden.content
    assert hidden.json() == {"detail": "Not found"}


def test_a_refused_read_writes_no_consultation_row(world: World, api_for: Api) -> None:
    api_for("outsider").get(f"/cases/{world.police_case.pk}", X_Justification="audit")
    assert not AuditEvent.objects.filter(
        action="view_case", case_id=world.police_case.pk, actor_username="outsider"
    ).exists()


def test_detail_carries_every_part_of_the_record(world: World, api_for: Api) -> None:
    body = api_for("police").get(f"/cases/{world.police_case.pk}").json()
    assert body["category"] == 1
    assert body["category_label"].startswith("Category 1")
    assert body["category_confirmed"] is True
    assert body["level"] == 1 and body["status"] == "active"
    assert body["area"]["code"] == "A"
    assert body["next_review_date"] and body["review_policy_version"]
    assert body["notification"]["months"] is None or body["notification"]["indefinite"]
    assert body["notification"]["explanation"]
    person = body["person"]
    assert person["version"] >= 1 and body["version"] >= 1
    assert person["names"][0]["kind"] == "primary"
    assert {"valid_from", "valid_to"} <= set(person["names"][0])
    conviction = person["convictions"][0]
    assert conviction["ecris_code"] == "1003 00"
    assert conviction["ecris_label"] == "Sexual assault"
    assert (conviction["completion"], conviction["participation"]) == ("C", "M")
    assert person["addresses"][0]["current"] is True


def test_detail_lists_shares_with_their_lawful_basis(world: World, api_for: Api) -> None:
    body = api_for("probation").get(f"/cases/{world.shared_case.pk}").json()
    (share,) = body["shares"]
    assert share["agency"]["code"] == "housing-a"
    assert share["lawful_basis"] == "cja2003_s325_4"
    assert share["lawful_basis_label"].startswith("CJA 2003")
    assert share["active"] is True


def test_timeline_needs_the_same_justification_and_is_audited(world: World, api_for: Api) -> None:
    client = api_for("housing")
    url = f"/cases/{world.shared_case.pk}/timeline"
    assert client.get(url).status_code == 428
    response = client.get(url, X_Justification="safeguarding")
    assert response.status_code == 200
    body = response.json()
    actions = [item["action"] for item in body["items"]]
    assert "register_case" in actions and "share_case" in actions
    assert all(item["operation"] != "consultation" for item in body["items"])
    assert body["count"] == len(body["items"])
    row = last_event(action="view_timeline")
    assert (row.actor_username, row.purpose, row.channel) == ("housing", "safeguarding", "api")
    assert api_for("outsider").get(url, X_Justification="audit").status_code == 404


def test_detail_uses_a_fixed_number_of_queries_whatever_the_record_size(
    world: World, api_for: Api
) -> None:
    client = api_for("probation")
    case, person_id = world.shared_case, world.shared_case.person_id

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/cases/{case.pk}").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(5):
        client.post(f"/persons/{person_id}/names", {"family_name": f"Alias{'x' * i}"})
        client.post(
            f"/persons/{person_id}/addresses", {"line1": f"{i} Road", "to_date": "2020-01-01"}
        )
        client.post(
            f"/persons/{person_id}/convictions",
            {"date": f"201{i}-01-01", "offence_text": "Assault", "ecris_code": "0800 00"},
        )
    for code in ("children-a", "prison-a"):
        client.post(
            f"/cases/{case.pk}/shares",
            {"agency": code, "lawful_basis": "cja2003_s325_4", "reason": "Planning"},
        )
    assert count() == before
