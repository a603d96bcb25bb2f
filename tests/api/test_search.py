"""GET /cases: tolerant search, the caller's own caseload, pagination, and no hidden leaks."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.domain.audit import Operation
from fourpillars.services import cases as case_services
from tests.api.conftest import ApiClient, last_event, pnc
from tests.cast import CAST_NAMES, World, case_data, person_data

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
ITEM_KEYS = {
    "id",
    "reference",
    "name",
    "date_of_birth",
    "category",
    "level",
    "lead_agency",
    "area",
    "status",
}


def test_misspelt_name_finds_the_case(world: World, api_for: Api) -> None:
    body = api_for("police").get("/cases", {"q": "Kowalsky"}).json()
    assert [item["id"] for item in body["items"]] == [world.police_case.pk]
    assert body["count"] == 1
    assert set(body["items"][0]) == ITEM_KEYS
    assert body["items"][0]["name"].startswith("KOWALSKI")


def test_accents_and_case_do_not_matter(world: World, api_for: Api) -> None:
    body = api_for("police").get("/cases", {"q": "jan KOWALSKÍ"}).json()
    assert [item["id"] for item in body["items"]] == [world.police_case.pk]


def test_search_by_date_of_birth(world: World, api_for: Api) -> None:
    body = api_for("coordinator").get("/cases", {"q": "1980-05-17"}).json()
    assert {i["id"] for i in body["items"]} == {world.police_case.pk, world.shared_case.pk}


@pytest.mark.parametrize("name", ["outsider", "housing", "auditor", "admin", "probation"])
def test_hidden_cases_are_absent_from_items_and_count(
    world: World, api_for: Api, name: str
) -> None:
    body = api_for(name).get("/cases", {"q": "Kowalski"}).json()
    assert body["items"] == []
    assert body["count"] == 0


@pytest.mark.parametrize("name", CAST_NAMES)
def test_date_search_returns_exactly_the_visible_cases(
    world: World, api_for: Api, name: str
) -> None:
    body = api_for(name).get("/cases", {"q": "1980-05-17"}).json()
    assert {i["id"] for i in body["items"]} == world.visible[name]
    assert body["count"] == len(world.visible[name])


@pytest.mark.parametrize("name", CAST_NAMES)
def test_listing_without_query_shows_exactly_the_callers_caseload(
    world: World, api_for: Api, name: str
) -> None:
    body = api_for(name).get("/cases").json()
    assert {i["id"] for i in body["items"]} == world.visible[name]
    assert body["count"] == len(world.visible[name])
    assert (body["page"], body["page_size"]) == (1, 20)


def test_search_is_audited_with_its_query_and_channel(world: World, api_for: Api) -> None:
    api_for("police").get("/cases", {"q": "Kowalsky"})
    row = last_event(action="search", actor_username="police")
    assert row.operation == Operation.CONSULTATION.value
    assert (row.query, row.channel, row.record_ids) == ("Kowalsky", "api", [world.police_case.pk])


def test_listing_is_audited_as_a_search_with_an_empty_query(world: World, api_for: Api) -> None:
    api_for("coordinator").get("/cases")
    row = last_event(action="search", actor_username="coordinator")
    assert row.query == "" and row.channel == "api"
    assert set(row.record_ids) == {world.police_case.pk, world.shared_case.pk}


def test_listing_is_paginated_and_ordered(world: World, api_for: Api) -> None:
    for i in range(3):
        case_services.register_case(
            actor=world.users["police"],
            person=person_data("Nowak", f"Adam{'x' * i}", date_of_birth="1975-01-0" + str(i + 1)),
            case=case_data("police-a"),
        )
    client = api_for("police")
    first = client.get("/cases", {"page_size": 2}).json()
    second = client.get("/cases", {"page_size": 2, "page": 2}).json()
    third = client.get("/cases", {"page_size": 2, "page": 3}).json()
    assert first["count"] == second["count"] == 4
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4
    assert third["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": 0}, "page"),
        ({"page": 10**30}, "page"),
        ({"page_size": 1000}, "page_size"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_paging_parameters_are_named(
    world: World, api_for: Api, params: dict[str, object], field: str
) -> None:
    response = api_for("police").get("/cases", params)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


def test_query_without_usable_terms_finds_nothing(world: World, api_for: Api) -> None:
    body = api_for("police").get("/cases", {"q": "!!! ???"}).json()
    assert (body["items"], body["count"]) == ([], 0)


def test_search_by_identifier_in_any_spelling(world: World, api_for: Api) -> None:
    client = api_for("police")
    person = person_data("Ionescu", "Andrei", identifiers=[{"kind": "pnc", "value": pnc()}])
    created = client.post("/cases", {"person": person, "case": case_data("police-a")}).json()
    body = client.get("/cases", {"q": pnc().lower()}).json()
    assert [i["id"] for i in body["items"]] == [created["id"]]
    assert api_for("outsider").get("/cases", {"q": pnc()}).json()["count"] == 0
