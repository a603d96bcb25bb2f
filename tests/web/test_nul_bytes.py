"""A NUL character in any value, anywhere (path, query string, form post, JSON body, keys and
values at any depth, code-like fields above all) is refused before it reaches a form, a schema
or a query: 422 naming the field, from the API as JSON and on the web as a GOV.UK error page;
never a 500 (PostgreSQL cannot hold NUL) and nothing saved. Runs on both databases."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fourpillars.accounts.models import Agency, Area, User
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.text import NUL_MESSAGE
from fourpillars.register.models import Case, CaseShare
from fourpillars.services.accounts import issue_token
from tests.cast import World, person_data

pytestmark = pytest.mark.django_db

NUL = "\x00"


def api(world: World, name: str) -> Client:
    token = issue_token(user=world.users[name])
    return Client(headers={"Authorization": f"Bearer {token}"})


def send(client: Client, method: str, path: str, body: object) -> Any:
    call = getattr(client, method)
    return call("/api/v1" + path, data=json.dumps(body), content_type="application/json")


def api_cases(world: World) -> list[tuple[str, str, str, object, str]]:
    """(who, method, path, body, the field named) for code-like fields on every kind of route."""
    case = world.police_case.pk
    person = world.police_case.person_id
    register_case = {"category": 1, "level": 1, "lead_agency": f"police{NUL}-a"}
    return [
        ("police", "post", "/cases", {"person": person_data(), "case": register_case},
         "case.lead_agency"),
        ("police", "post", "/cases",
         {"person": person_data(family=f"Kow{NUL}alski"), "case": {"lead_agency": "police-a"}},
         "person.names.0.family_name"),
        ("police", "post", f"/cases/{case}/shares",
         {"agency": f"hous{NUL}ing-a", "lawful_basis": "cja2003_s325_4", "reason": "r"}, "agency"),
        ("police", "patch", f"/cases/{case}", {"version": 1, "disposal": f"cus{NUL}tody"},
         "disposal"),
        ("police", "post", f"/persons/{person}/identifiers",
         {"kind": "crn", "value": f"X{NUL}123456"}, "value"),
        ("admin", "post", "/admin/users",
         {"username": f"new{NUL}user", "role": "police", "agency": "police-a",
          "password": "a-long-enough-passphrase"}, "username"),
        ("admin", "post", "/admin/agencies",
         {"code": f"x{NUL}y", "name": "N", "kind": "police", "area": "A"}, "code"),
        ("admin", "post", "/admin/agencies",
         {"code": "xy", "name": "N", "kind": "police", "area": f"A{NUL}"}, "area"),
        ("admin", "post", "/admin/areas", {"code": f"Z{NUL}", "name": "Zed"}, "code"),
        ("police", "post", "/cases", {f"per{NUL}son": {}}, "person"),
    ]  # fmt: skip


def test_api_refuses_nul_in_any_body_value_naming_the_field(world: World) -> None:
    before = (Case.objects.count(), User.objects.count(), Agency.objects.count())
    areas, shares = Area.objects.count(), CaseShare.objects.count()
    for who, method, path, body, field in api_cases(world):
        response = send(api(world, who), method, path, body)
        assert response.status_code == 422, (path, field, response.content)
        assert {"field": field, "message": NUL_MESSAGE} in response.json()["errors"], path
    assert (Case.objects.count(), User.objects.count(), Agency.objects.count()) == before
    assert (Area.objects.count(), CaseShare.objects.count()) == (areas, shares)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/cases", {"q": f"kowal{NUL}ski"}, "q"),
        ("/api/v1/audit", {"user": f"a{NUL}b"}, "user"),
        ("/api/v1/cases", {f"q{NUL}": "x"}, "q"),
    ],
)
def test_api_refuses_nul_in_the_query_string(
    world: World, path: str, params: dict[str, str], field: str
) -> None:
    who = "auditor" if "audit" in path else "police"
    response = api(world, who).get(path, params)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Invalid input",
        "errors": [{"field": field, "message": NUL_MESSAGE}],
    }


def test_api_refuses_nul_in_the_path(world: World) -> None:
    response = api(world, "police").get("/api/v1/cases/1%00")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path"


def web_forms(world: World) -> list[tuple[str, str, dict[str, str], str]]:
    """(who, url, post, the field named): forms with code-like fields, and sign-in."""
    case = world.police_case.pk
    return [
        ("admin", "/admin-area/users/new/", {"username": f"a{NUL}b", "role": "police",
         "agency": "police-a", "password": "a-long-enough-passphrase"}, "username"),
        ("admin", "/admin-area/agencies/new/",
         {"code": f"a{NUL}b", "name": "N", "kind": "police", "area": "A"}, "code"),
        ("admin", "/admin-area/areas/new/", {"code": f"Z{NUL}", "name": "Zed"}, "code"),
        ("police", f"/cases/{case}/share/",
         {"agency": f"housing-a{NUL}", "lawful_basis": "cja2003_s325_4", "reason": "r"},
         "agency"),
        ("anonymous", "/login/", {"username": f"police{NUL}", "password": "x"}, "username"),
    ]  # fmt: skip


def test_web_forms_refuse_nul_with_a_govuk_error_naming_the_field(
    world: World, client_for: Callable[[str], Client]
) -> None:
    before = (User.objects.count(), Agency.objects.count(), Area.objects.count())
    shares = CaseShare.objects.count()
    for who, url, data, field in web_forms(world):
        response = client_for(who).post(url, data)
        assert response.status_code == 422, (url, response.status_code)
        page = response.content.decode()
        assert "govuk-error-summary" in page and "There is a problem" in page, url
        assert f"‘{field}’" in page, url
    assert (User.objects.count(), Agency.objects.count(), Area.objects.count()) == before
    assert CaseShare.objects.count() == shares


def test_web_search_with_nul_is_refused_naming_the_field(
    world: World, client_for: Callable[[str], Client]
) -> None:
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    response = client_for("police").get("/", {"q": f"kowal{NUL}ski"})
    assert response.status_code == 422
    assert "‘q’" in response.content.decode()
    # Refused before the search ran: nothing was searched, so nothing was audited.
    assert AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() == seq
