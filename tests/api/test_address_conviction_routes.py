"""PUT and DELETE of a person's addresses and convictions: the answer, the audit row (channel
api), field-named 422s, 404 for another person's or a missing item, 409 naming what changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.register.models import Address, Conviction, Person
from tests.api.conftest import ApiClient, errors_by_field, last_event
from tests.cast import World

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]

ADDRESS = {
    "line1": "1 Test Street",
    "town": "Northtown",
    "postcode": "nt9 9zz",
    "from_date": "2024-01-01",
}
CONVICTION = {
    "date": "2015-03-02",
    "court": "Northtown Crown Court",
    "offence_text": "Sexual assault",
    "ecris_code": "1003 00",
    "completion": "A",
    "participation": "M",
}


def ids(world: World, case_attr: str = "police_case") -> tuple[int, int, int]:
    pid = getattr(world, case_attr).person_id
    address = Address.objects.get(person_id=pid)
    conviction = Conviction.objects.get(person_id=pid)
    return pid, address.pk, conviction.pk


def test_put_address_answers_the_corrected_address_and_new_version(
    world: World, api_for: Api
) -> None:
    pid, address, _ = ids(world)
    response = api_for("police").send(
        "put", f"/persons/{pid}/addresses/{address}", {**ADDRESS, "version": 1}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["person_id"], body["version"]) == (pid, 2)
    assert body["address"]["id"] == address
    assert (body["address"]["postcode"], body["address"]["country"]) == ("NT9 9ZZ", "GB")
    row = last_event(action="update_address", person_id=pid)
    assert (row.operation, row.channel) == ("alteration", "api")
    assert row.before == {"address": address, "postcode": "NT1 1AA"}
    assert row.after == {"address": address, "postcode": "NT9 9ZZ", "version": 2}


def test_put_conviction_answers_the_corrected_conviction(world: World, api_for: Api) -> None:
    pid, _, conviction = ids(world)
    response = api_for("police").send(
        "put", f"/persons/{pid}/convictions/{conviction}", {**CONVICTION, "version": 1}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["conviction"]["completion"] == "A" and body["version"] == 2
    assert body["conviction"]["sentence"] == ""  # PUT replaces: left out is blank
    row = last_event(action="update_conviction", person_id=pid)
    assert row.before["completion"] == "C" and row.after["completion"] == "A"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**ADDRESS, "from_date": "2024-05-01", "to_date": "2024-04-30"}, "to_date"),
        ({**ADDRESS, "country": "Poland"}, "country"),
        ({k: v for k, v in ADDRESS.items() if k != "line1"}, "line1"),
        ({**ADDRESS, "colour": "red"}, "colour"),
    ],
)
def test_invalid_address_is_422_naming_the_field(
    world: World, api_for: Api, body: dict[str, object], field: str
) -> None:
    pid, address, _ = ids(world)
    response = api_for("police").send(
        "put", f"/persons/{pid}/addresses/{address}", {**body, "version": 1}
    )
    assert response.status_code == 422
    assert field in errors_by_field(response)
    assert Person.objects.get(pk=pid).version == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ecris_code": "9999 99"}, "ecris_code"),
        ({"date": "1970-01-01"}, "date"),
        ({"completion": "Q"}, "completion"),
        ({"version": None}, "version"),
        ({"version": "one"}, "version"),
    ],
)
def test_invalid_conviction_is_422_naming_the_field(
    world: World, api_for: Api, changes: dict[str, object], field: str
) -> None:
    pid, _, conviction = ids(world)
    body = {**CONVICTION, "version": 1, **changes}
    response = api_for("police").send("put", f"/persons/{pid}/convictions/{conviction}", body)
    assert response.status_code == 422
    assert field in errors_by_field(response)
    assert Conviction.objects.get(pk=conviction).completion == "C"


def test_put_without_a_version_is_422(world: World, api_for: Api) -> None:
    pid, address, _ = ids(world)
    response = api_for("police").send("put", f"/persons/{pid}/addresses/{address}", ADDRESS)
    assert response.status_code == 422
    assert errors_by_field(response)["version"] == "is required"


@pytest.mark.parametrize("route", ["addresses", "convictions"])
def test_delete_with_the_reason_in_the_body_or_the_query(
    world: World, api_for: Api, route: str
) -> None:
    pid, address, conviction = ids(world)
    item = address if route == "addresses" else conviction
    police = api_for("police")
    no_reason = police.delete(f"/persons/{pid}/{route}/{item}")
    assert no_reason.status_code == 422 and "reason" in errors_by_field(no_reason)
    response = police.delete(
        f"/persons/{pid}/{route}/{item}?version=1", {"reason": "Recorded on the wrong person"}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"person_id": pid, "version": 2}
    action = "remove_address" if route == "addresses" else "remove_conviction"
    row = last_event(action=action, person_id=pid)
    assert (row.operation, row.channel) == ("erasure", "api")
    assert row.before[{"addresses": "address", "convictions": "conviction"}[route]] == item
    assert row.after == {"reason": "Recorded on the wrong person", "version": 2}
    again = police.delete(f"/persons/{pid}/{route}/{item}?reason=again")
    assert again.status_code == 404


def test_delete_with_the_reason_and_version_in_the_query(world: World, api_for: Api) -> None:
    pid, _, conviction = ids(world)
    response = api_for("coordinator").delete(
        f"/persons/{pid}/convictions/{conviction}?reason=Entered+twice&version=1"
    )
    assert response.status_code == 200, response.content
    assert last_event(action="remove_conviction").after["reason"] == "Entered twice"


@pytest.mark.parametrize(
    ("path_tail", "body", "field"),
    [
        ("", {"reason": "x", "version": "2"}, "version"),
        ("", {"reason": "x", "version": True}, "version"),
        ("", {"reason": 5}, "reason"),
        ("", {"reason": "x", "why": "y"}, "why"),
        ("?version=two&reason=x", None, "version"),
    ],
)
def test_bad_delete_input_is_422_naming_the_field(
    world: World, api_for: Api, path_tail: str, body: object, field: str
) -> None:
    pid, address, _ = ids(world)
    response = api_for("police").delete(f"/persons/{pid}/addresses/{address}{path_tail}", body)
    assert response.status_code == 422
    assert field in errors_by_field(response)
    assert Address.objects.filter(pk=address).exists()


def test_stale_version_is_409_naming_the_changed_fields(world: World, api_for: Api) -> None:
    pid, address, conviction = ids(world)
    police, coordinator = api_for("police"), api_for("coordinator")
    first = police.send("put", f"/persons/{pid}/addresses/{address}", {**ADDRESS, "version": 1})
    assert first.status_code == 200
    late = coordinator.send(
        "put", f"/persons/{pid}/convictions/{conviction}", {**CONVICTION, "version": 1}
    )
    assert late.status_code == 409
    body = late.json()
    assert sorted(body["changed_fields"]) == ["address", "postcode"]
    assert body["current_version"] == 2 and "not saved" in body["detail"]
    stale_delete = coordinator.delete(
        f"/persons/{pid}/convictions/{conviction}", {"reason": "x", "version": 1}
    )
    assert stale_delete.status_code == 409
    assert Conviction.objects.get(pk=conviction).completion == "C"
    fresh = coordinator.delete(
        f"/persons/{pid}/convictions/{conviction}", {"reason": "x", "version": 2}
    )
    assert fresh.status_code == 200


def test_another_persons_or_a_missing_item_is_404(world: World, api_for: Api) -> None:
    pid = world.police_case.person_id
    _, other_address, other_conviction = ids(world, "other_area_case")
    police = api_for("police")
    for item in (other_address, 999_999, "abc"):
        put = police.send("put", f"/persons/{pid}/addresses/{item}", {**ADDRESS, "version": 1})
        assert put.status_code == 404 and put.json() == {"detail": "Not found"}
        assert police.delete(f"/persons/{pid}/addresses/{item}?reason=x").status_code == 404
    for item in (other_conviction, 999_999):
        put = police.send("put", f"/persons/{pid}/convictions/{item}", {**CONVICTION, "version": 1})
        assert put.status_code == 404
        assert police.delete(f"/persons/{pid}/convictions/{item}?reason=x").status_code == 404
    assert Address.objects.filter(pk=other_address).exists()
    assert Person.objects.get(pk=pid).version == 1


def test_hidden_and_missing_person_give_the_same_404(world: World, api_for: Api) -> None:
    pid, address, _ = ids(world, "other_area_case")
    police = api_for("police")
    hidden = police.send("put", f"/persons/{pid}/addresses/{address}", {**ADDRESS, "version": 1})
    missing = police.send("put", f"/persons/999999/addresses/{address}", {**ADDRESS, "version": 1})
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_reader_who_cannot_manage_gets_403(world: World, api_for: Api) -> None:
    pid, address, conviction = ids(world, "shared_case")
    housing = api_for("housing")
    put = housing.send("put", f"/persons/{pid}/addresses/{address}", {**ADDRESS, "version": 1})
    assert put.status_code == 403 and put.json()["detail"]
    assert housing.delete(f"/persons/{pid}/convictions/{conviction}?reason=x").status_code == 403
    assert Conviction.objects.filter(pk=conviction).exists()
