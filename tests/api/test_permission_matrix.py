"""Every API route as each member of the standard cast: 200/201, 401, 403, 404 or 428 as the
need-to-know policy (domain.access) says."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.register.models import Address, Conviction
from tests.api.conftest import ApiClient
from tests.api.matrix import expected_write
from tests.cast import CASES, EVERYONE, World

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
