"""Every API route as each member of the standard cast: 200/201, 401, 403, 404 or 428 as the
need-to-know policy (domain.access) says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from fourpillars.domain.access import Permission
from fourpillars.register.models import Address, Case, Conviction, EmergencyAccess
from tests.api.conftest import ApiClient
from tests.api.matrix import expected_review, expected_role, expected_write
from tests.cast import CASES, EVERYONE, World
from tests.factories import closed_for_review

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
OPEN_GETS = [
    "/cases",
    "/cases?q=Kowalski",
    "/reference/agencies",
    "/reference/areas",
    "/reference/ecris-codes",
    "/reference/purposes",
    "/reference/lawful-bases",
    "/reference/penalty-codes",
    "/reference/channel-guide?situation=person_travelling&destination=NL",
]
ROLE_GETS = {"/audit": "auditor", "/audit/verify": "auditor", "/admin/users": "admin"}


@pytest.mark.parametrize("name", EVERYONE)
def test_list_and_reference_routes(world: World, api_for: Api, name: str) -> None:
    c = api_for(name)
    for url in OPEN_GETS:
        assert c.get(url).status_code == (401 if name == "anonymous" else 200), url
    for url, role in ROLE_GETS.items():
        expected = 401 if name == "anonymous" else 200 if name == role else 403
        assert c.get(url).status_code == expected, url


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("case_attr", CASES)
def test_timeline_route(world: World, api_for: Api, name: str, case_attr: str) -> None:
    case = getattr(world, case_attr)
    c = api_for(name)
    response = c.get(f"/cases/{case.pk}/timeline", X_Justification="mappa-coordination")
    expected = 401 if name == "anonymous" else 200 if case.pk in world.visible[name] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("case_attr", CASES)
def test_case_write_routes(world: World, api_for: Api, name: str, case_attr: str) -> None:
    case = getattr(world, case_attr)
    c = api_for(name)
    expected = expected_write(world, name, case_attr)
    patch = c.patch(f"/cases/{case.pk}", {"version": case.version, "start_date": "2025-06-02"})
    assert patch.status_code == expected, patch.content
    status = c.post(f"/cases/{case.pk}/status", {"status": "suspended", "reason": "Recalled"})
    assert status.status_code == expected
    share = c.post(
        f"/cases/{case.pk}/shares",
        {"agency": "children-a", "lawful_basis": "cja2003_s325_4", "reason": "Safeguarding"},
    )
    assert share.status_code == (201 if expected == 200 else expected)


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("case_attr", CASES)
def test_person_write_routes(world: World, api_for: Api, name: str, case_attr: str) -> None:
    case = getattr(world, case_attr)
    c = api_for(name)
    expected = expected_write(world, name, case_attr)
    pid = case.person_id
    added = c.post(f"/persons/{pid}/names", {"family_name": "Alias"})
    assert added.status_code == (201 if expected == 200 else expected)
    patched = c.patch(f"/persons/{pid}", {"version": case.person.version + (expected == 200)})
    assert patched.status_code == expected


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("case_attr", CASES)
def test_address_and_conviction_routes(
    world: World, api_for: Api, name: str, case_attr: str
) -> None:
    """PUT and DELETE of a person's address and conviction: 200 for whoever manages one of
    the person's cases, 403 for other readers, 404 when hidden, 401 anonymous; only the
    allowed change anything."""
    case = getattr(world, case_attr)
    c = api_for(name)
    expected = expected_write(world, name, case_attr)
    pid = case.person_id
    address = Address.objects.get(person_id=pid)
    conviction = Conviction.objects.get(person_id=pid)
    put_address = c.send(
        "put",
        f"/persons/{pid}/addresses/{address.pk}",
        {"line1": "2 Matrix Road", "version": case.person.version},
    )
    assert put_address.status_code == expected, put_address.content
    put_conviction = c.send(
        "put",
        f"/persons/{pid}/convictions/{conviction.pk}",
        {"date": "2015-03-02", "offence_text": "Matrix", "version": case.person.version + 1},
    )
    assert put_conviction.status_code == expected, put_conviction.content
    gone_address = c.delete(f"/persons/{pid}/addresses/{address.pk}", {"reason": "Matrix"})
    assert gone_address.status_code == expected, gone_address.content
    gone_conviction = c.delete(f"/persons/{pid}/convictions/{conviction.pk}?reason=Matrix")
    assert gone_conviction.status_code == expected, gone_conviction.content
    changed = expected == 200
    assert Address.objects.filter(pk=address.pk).exists() is not changed
    assert Conviction.objects.filter(pk=conviction.pk).exists() is not changed


@pytest.mark.parametrize("name", EVERYONE)
def test_emergency_access_routes(world: World, api_for: Api, name: str) -> None:
    """Asking and listing: the case managers the break-glass policy names (200), nobody else
    (403); a grant only for a case the asker could not see already."""
    c = api_for(name)
    expected = expected_role(name, Permission.BREAK_GLASS, world)
    case = world.other_area_case
    reason = "Arrested tonight near a school in our area; need the risk plan now"
    asked = c.post("/emergency-access", {"reference": case.reference, "reason": reason})
    assert asked.status_code == expected, asked.content
    listed = c.get("/emergency-access")
    assert listed.status_code == expected
    granted = EmergencyAccess.objects.filter(case=case, user__username=name).exists()
    assert granted is (expected == 200 and case.pk not in world.visible[name])
    if expected == 200:
        assert [g["case_id"] for g in listed.json()["items"]] == ([case.pk] if granted else [])


@pytest.mark.parametrize("name", EVERYONE)
def test_retention_list_routes(world: World, api_for: Api, name: str) -> None:
    c = api_for(name)
    expected = expected_role(name, Permission.REVIEW_RETENTION, world)
    for url in ("/retention-reviews", "/retention-reviews/decisions"):
        assert c.get(url).status_code == expected, url


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("case_attr", CASES)
def test_retention_review_routes(world: World, api_for: Api, name: str, case_attr: str) -> None:
    """Reading a closed case's review and keeping it: its area's co-ordinator only (200, 201),
    403 for those who only read the case, 404 when hidden; only the allowed change anything."""
    case = closed_for_review(world, case_attr)
    c = api_for(name)
    expected = expected_review(world, name, case_attr)
    read = c.get(f"/cases/{case.pk}/retention-review")
    assert read.status_code == expected, read.content
    keep = timezone.localdate() + dt.timedelta(days=300)
    decided = c.post(
        f"/cases/{case.pk}/retention-review",
        {
            "version": case.version,
            "outcome": "retain",
            "reason": "Matrix",
            "next_review": keep.isoformat(),
        },
    )
    assert decided.status_code == (201 if expected == 200 else expected), decided.content
    due = Case.objects.get(pk=case.pk).retention_review_due
    assert due == (keep if expected == 200 else case.retention_review_due)
