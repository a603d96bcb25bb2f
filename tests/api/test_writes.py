"""Writes through the API: each goes through a service and leaves its audit row (channel api)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.register.models import Case, Person
from tests.api.conftest import ApiClient, errors_by_field, last_event, pnc
from tests.audit_rows import opened_rows
from tests.cast import World, case_data, person_data

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def test_register_case_creates_person_and_case_with_audit_rows(world: World, api_for: Api) -> None:
    person = person_data("Müller", "Hans", identifiers=[{"kind": "pnc", "value": pnc()}])
    response = api_for("police").post(
        "/cases", {"person": person, "case": case_data("police-a")}, X_Request_ID="register-0001"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("FP-A-")
    assert (body["version"], body["person_version"], body["level"]) == (1, 1, 1)
    assert "person" not in body  # reading the person record is a consultation (GET)
    detail = api_for("police").get(f"/cases/{body['id']}").json()
    assert detail["person"]["identifiers"][0]["value"] == pnc()
    rows = opened_rows(
        AuditEvent.objects.filter(request_id=response["X-Request-ID"]).order_by("seq")
    )
    assert [(r.action, r.operation, r.channel) for r in rows] == [
        ("create_person", "collection", "api"),
        ("register_case", "collection", "api"),
    ]
    assert rows[1].case_id == body["id"]


@pytest.mark.parametrize("name", ["housing", "auditor", "admin"])
def test_only_case_managers_and_coordinators_register_cases(
    world: World, api_for: Api, name: str
) -> None:
    before = Case.objects.count()
    response = api_for(name).post(
        "/cases", {"person": person_data(), "case": case_data("police-a")}
    )
    assert response.status_code == 403
    assert Case.objects.count() == before


def test_registering_for_another_agency_is_refused_naming_the_field(
    world: World, api_for: Api
) -> None:
    response = api_for("police").post(
        "/cases", {"person": person_data(), "case": case_data("probation-a")}
    )
    assert response.status_code == 422
    assert "case.lead_agency" in errors_by_field(response)


def test_patch_case_changes_level_and_audits_before_and_after(world: World, api_for: Api) -> None:
    case = world.police_case
    response = api_for("police").patch(f"/cases/{case.pk}", {"version": case.version, "level": 2})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["level"], body["version"]) == (2, case.version + 1)
    assert body["level_label"].startswith("Level 2") and "person" not in body
    row = last_event(action="update_case", case_id=case.pk)
    assert (row.operation, row.channel) == ("alteration", "api")
    assert row.before["level"] == 1 and row.after["level"] == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level": 2}, "version"),
        ({"version": "one", "level": 2}, "version"),
        ({"version": True, "level": 2}, "version"),
        ({"version": 1, "lead_agency": "police-b"}, "lead_agency"),
        ({"version": 1, "level": "high"}, "level"),
    ],
)
def test_patch_case_names_the_bad_field(
    world: World, api_for: Api, body: dict[str, object], field: str
) -> None:
    response = api_for("police").patch(f"/cases/{world.police_case.pk}", body)
    assert response.status_code == 422
    assert field in errors_by_field(response)


def test_housing_may_read_but_not_change_the_shared_case(world: World, api_for: Api) -> None:
    case = world.shared_case
    response = api_for("housing").patch(f"/cases/{case.pk}", {"version": case.version, "level": 3})
    assert response.status_code == 403
    assert "lead agency" in response.json()["detail"]


def test_outsider_changing_a_hidden_case_gets_404(world: World, api_for: Api) -> None:
    client = api_for("outsider")
    case = world.police_case
    assert client.patch(f"/cases/{case.pk}", {"version": 1, "level": 2}).status_code == 404
    status = {"status": "closed", "reason": "x"}
    assert client.post(f"/cases/{case.pk}/status", status).status_code == 404
    share = {"agency": "police-b", "lawful_basis": "cja2003_s325_4", "reason": "x"}
    assert client.post(f"/cases/{case.pk}/shares", share).status_code == 404


def test_status_moves_are_named_transitions(world: World, api_for: Api) -> None:
    client = api_for("police")
    url = f"/cases/{world.police_case.pk}/status"
    closed = client.post(url, {"status": "closed", "reason": "Notification period ended"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    illegal = client.post(url, {"status": "suspended", "reason": "In custody"})
    assert illegal.status_code == 409
    assert "closed" in illegal.json()["detail"]
    unknown = client.post(url, {"status": "archived", "reason": "x"})
    assert unknown.status_code == 422 and "status" in errors_by_field(unknown)
    row = last_event(action="change_status", case_id=world.police_case.pk)
    assert row.after["status"] == "closed" and row.channel == "api"


def test_share_and_revoke_change_who_can_read(world: World, api_for: Api) -> None:
    case = world.police_case
    police, housing = api_for("police"), api_for("housing")
    assert housing.get(f"/cases/{case.pk}", X_Justification="safeguarding").status_code == 404
    share = police.post(
        f"/cases/{case.pk}/shares",
        {"agency": "housing-a", "lawful_basis": "cja2003_s325_4", "reason": "Placement"},
    )
    assert share.status_code == 201, share.content
    share_id = share.json()["id"]
    row = last_event(action="share_case", case_id=case.pk)
    assert (row.operation, row.recipients, row.channel) == ("disclosure", ["housing-a"], "api")
    assert housing.get(f"/cases/{case.pk}", X_Justification="safeguarding").status_code == 200
    revoked = police.post(f"/cases/{case.pk}/shares/{share_id}/revoke", {"reason": "Placed"})
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert housing.get(f"/cases/{case.pk}", X_Justification="safeguarding").status_code == 404
    again = police.post(f"/cases/{case.pk}/shares/{share_id}/revoke", {"reason": "Placed"})
    assert again.status_code == 422 and "share" in errors_by_field(again)


def test_share_with_unknown_agency_or_basis_names_the_fields(world: World, api_for: Api) -> None:
    response = api_for("police").post(
        f"/cases/{world.police_case.pk}/shares",
        {"agency": "nowhere", "lawful_basis": "because", "reason": "", "expires_at": "2001-01-01"},
    )
    assert response.status_code == 422
    assert {"agency", "lawful_basis", "reason"} <= set(errors_by_field(response))


def test_delete_share_takes_the_reason_from_query_or_body(world: World, api_for: Api) -> None:
    probation = api_for("probation")
    case = world.shared_case
    share_id = case.shares.get().pk
    url = f"/cases/{case.pk}/shares/{share_id}"
    missing = probation.delete(url)
    assert missing.status_code == 422 and "reason" in errors_by_field(missing)
    wrong_type = probation.delete(url, {"reason": 5})
    assert wrong_type.status_code == 422 and "reason" in errors_by_field(wrong_type)
    done = probation.client.delete(
        "/api/v1" + url + "?reason=Placement+ended", content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["revoke_reason"] == "Placement ended"


def test_patch_person_keeps_fields_not_sent_and_audits(world: World, api_for: Api) -> None:
    person = world.police_case.person
    response = api_for("police").patch(
        f"/persons/{person.pk}", {"version": person.version, "sex": "other"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["sex"], body["date_of_birth"], body["nationalities"]) == (
        "other",
        "1980-05-17",
        ["PL"],
    )
    assert body["version"] == person.version + 1
    row = last_event(action="update_person", person_id=person.pk)
    assert row.before == {"sex": "male"} and row.channel == "api"


def test_person_additions_are_collected_and_audited(world: World, api_for: Api) -> None:
    client = api_for("police")
    pid = world.police_case.person_id
    version = world.police_case.person.version
    name = client.post(f"/persons/{pid}/names", {"family_name": "Kowal", "given_names": "Janek"})
    assert name.status_code == 201
    assert name.json()["name"]["full"] == "Janek Kowal"
    assert name.json()["version"] == version + 1
    ident = client.post(f"/persons/{pid}/identifiers", {"kind": "crn", "value": "x123456"})
    assert ident.status_code == 201
    assert ident.json()["identifier"]["value"] == "X123456"
    address = client.post(
        f"/persons/{pid}/addresses", {"line1": "2 New Road", "from_date": "2025-02-01"}
    )
    assert address.status_code == 201 and address.json()["address"]["current"] is True
    conviction = client.post(
        f"/persons/{pid}/convictions",
        {"date": "2019-04-01", "offence_text": "Exposure", "ecris_code": "1005"},
    )
    assert conviction.status_code == 201
    assert conviction.json()["conviction"]["ecris_code"] == "1005 00"
    assert conviction.json()["conviction"]["ecris_label"] == "Indecent exposure"
    person = client.get(f"/cases/{world.police_case.pk}").json()["person"]
    assert [n["family_name"] for n in person["names"]] == ["Kowalski", "Kowal"]
    assert [a["current"] for a in person["addresses"]] == [True, False]
    rows = AuditEvent.objects.filter(person_id=pid, channel="api").exclude(action="view_case")
    actions = list(rows.values_list("action", flat=True))
    assert actions == ["add_name", "add_identifier", "add_address", "add_conviction"]
    assert Person.objects.get(pk=pid).version == world.police_case.person.version + 4


def test_remove_identifier_is_an_audited_erasure(world: World, api_for: Api) -> None:
    client = api_for("police")
    pid = world.police_case.person_id
    added = client.post(f"/persons/{pid}/identifiers", {"kind": "pnc", "value": pnc()}).json()
    ident_id = added["identifier"]["id"]
    no_reason = client.delete(f"/persons/{pid}/identifiers/{ident_id}")
    assert no_reason.status_code == 422 and "reason" in errors_by_field(no_reason)
    done = client.delete(f"/persons/{pid}/identifiers/{ident_id}", {"reason": "Entered in error"})
    assert done.status_code == 200
    assert done.json() == {"person_id": pid, "version": added["version"] + 1}
    person = client.get(f"/cases/{world.police_case.pk}").json()["person"]
    assert person["identifiers"] == []
    row = last_event(action="remove_identifier", person_id=pid)
    assert row.operation == "erasure" and row.before["value"] == pnc()


def test_person_writes_follow_case_access(world: World, api_for: Api) -> None:
    pid = world.shared_case.person_id
    body = {"family_name": "Alias"}
    assert api_for("housing").post(f"/persons/{pid}/names", body).status_code == 403
    assert api_for("outsider").post(f"/persons/{pid}/names", body).status_code == 404
    assert api_for("auditor").post(f"/persons/{pid}/names", body).status_code == 404
    assert api_for("probation").post(f"/persons/{pid}/names", body).status_code == 201
    assert api_for("outsider").patch(f"/persons/{pid}", {"version": 1}).status_code == 404
