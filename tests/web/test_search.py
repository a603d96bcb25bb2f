"""The search on the home: one box, tolerant matching, htmx fragment, no hidden cases."""

from __future__ import annotations

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.services import cases as case_services
from tests.cast import World, case_data, person_data
from tests.web.helpers import text

pytestmark = pytest.mark.django_db


def test_empty_search_page_has_a_labelled_box(client_for, world: World) -> None:
    response = client_for("police").get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label class="govuk-label govuk-label--s" for="q">' in body
    assert 'hx-get="/"' in body  # search as you type, when JavaScript runs
    assert 'action="/"' in body and 'method="get"' in body  # and a plain form when it does not


def test_misspelt_name_finds_the_visible_case(client_for, world: World) -> None:
    body = text(client_for("police").get("/", {"q": "Kowalsky"}))
    assert "1 case found" in body
    assert world.police_case.reference in body
    assert "KOWALSKI, Jan" in body and "17 May 1980" in body
    assert "Northshire Police" in body and "No RoSH in force" in body


def test_date_of_birth_search(client_for, world: World) -> None:
    body = text(client_for("coordinator").get("/", {"q": "17/05/1980"}))
    assert "2 cases found" in body  # police case and shared case, both area A


def test_hidden_cases_never_appear_or_count(client_for, world: World) -> None:
    body = text(client_for("outsider").get("/", {"q": "Kowalski"}))
    assert "0 cases found" in body
    assert world.police_case.reference not in body
    # The outsider's own case is found, but only it.
    body = text(client_for("outsider").get("/", {"q": "17/05/1980"}))
    assert "1 case found" in body and world.other_area_case.reference in body


def test_htmx_request_gets_only_the_results_fragment(client_for, world: World) -> None:
    response = client_for("police").get("/", {"q": "Kowalski"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<table" in body
    assert world.police_case.reference in body
    assert "HX-Request" in response["Vary"]


def test_search_is_audited_with_its_query(client_for, world: World) -> None:
    client_for("police").get("/", {"q": "Kowalsky"})
    row = AuditEvent.objects.filter(action="search").latest("seq")
    assert row.query == "Kowalsky" and row.actor_username == "police"
    assert row.record_ids == [world.police_case.pk]


def test_results_are_paginated(client_for, world: World) -> None:
    for i in range(23):
        case_services.register_case(
            actor=world.users["police"],
            person=person_data("Kowalski", f"Adam{i}", date_of_birth="1990-01-01"),
            case=case_data("police-a"),
        )
    client = client_for("police")
    first = text(client.get("/", {"q": "01/01/1990"}))
    assert "23 cases found" in first and "Next page" in first
    second = client.get("/", {"q": "01/01/1990", "page": "2"})
    assert second.content.decode().count('<tr class="govuk-table__row">') == 1 + 3


def test_bad_page_numbers_do_not_break_search(client_for, world: World) -> None:
    for page in ["0", "-1", "abc", "99999999999"]:
        assert client_for("police").get("/", {"q": "Kowalski", "page": page}).status_code == 200


@pytest.mark.parametrize("name", ["auditor", "admin"])
def test_auditors_and_admins_are_told_they_have_no_case_access(client_for, name: str) -> None:
    response = client_for(name).get("/", {"q": "Kowalski"})
    body = text(response)
    assert response.status_code == 200
    assert "gives you no access to case records" in body
    assert not AuditEvent.objects.filter(action="search").exists()
    link = "/audit/" if name == "auditor" else "/admin-area/"
    assert f'href="{link}"' in response.content.decode()


def test_script_in_a_query_is_escaped(client_for, world: World) -> None:
    body = client_for("police").get("/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
