"""Editing a person from the case page: optimistic lock, names, identifiers,
addresses, convictions; 403 when visible but not manageable, 404 when hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.register.models import Identifier, Person
from fourpillars.services import persons as person_services
from tests.audit_rows import opened
from tests.cast import World
from tests.web.helpers import date_parts, error_summary, pnc, text

pytestmark = pytest.mark.django_db

EDIT_PAGES = [
    "person/edit/",
    "person/names/new/",
    "person/identifiers/new/",
    "person/addresses/new/",
    "person/convictions/new/",
    "edit/",
    "status/",
    "share/",
]


def url(world: World, tail: str) -> str:
    return f"/cases/{world.police_case.pk}/{tail}"


@pytest.mark.parametrize("tail", EDIT_PAGES)
def test_edit_pages_open_for_the_lead_agency(client_for, world: World, tail: str) -> None:
    response = client_for("police").get(url(world, tail))
    assert response.status_code == 200
    assert "KOWALSKI, Jan" in text(response)


@pytest.mark.parametrize("tail", EDIT_PAGES)
@pytest.mark.parametrize("name", ["outsider", "housing", "auditor", "admin", "probation"])
def test_edit_pages_are_404_for_whoever_cannot_see_the_case(
    client_for, world: World, tail: str, name: str
) -> None:
    client = client_for(name)
    assert client.get(url(world, tail)).status_code == 404
    assert client.post(url(world, tail), {}).status_code == 404


@pytest.mark.parametrize("tail", EDIT_PAGES)
def test_edit_pages_are_403_when_visible_but_not_manageable(
    client_for, world: World, tail: str
) -> None:
    client = client_for("housing")
    shared = f"/cases/{world.shared_case.pk}/{tail}"
    assert client.get(shared).status_code == 403
    assert client.post(shared, {}).status_code == 403


def test_coordinator_is_asked_for_a_purpose_before_an_edit_page(client_for, world: World) -> None:
    client = client_for("coordinator")
    response = client.get(url(world, "person/edit/"))
    assert response.status_code == 302
    assert response["Location"] == url(world, "justify/?next=" + url(world, "person/edit/"))
    done = client.post(
        url(world, "justify/"),
        {"purpose": "mappa-coordination", "next": url(world, "person/edit/")},
    )
    assert done["Location"] == url(world, "person/edit/")
    assert client.get(url(world, "person/edit/")).status_code == 200


def test_edit_date_of_birth_shows_in_the_timeline(client_for, world: World) -> None:
    client = client_for("police")
    person = world.police_case.person
    data = {
        **date_parts("date_of_birth", "1981-06-18"),
        "sex": "male",
        "nationalities": "PL",
        "version": person.version,
    }
    response = client.post(url(world, "person/edit/"), data, follow=True)
    assert response.redirect_chain[-1][0] == url(world, "person/")
    body = text(response)
    assert "Personal details updated." in body
    assert "18 June 1981" in body
    body = text(client.get(url(world, "timeline/")))
    assert "Personal details changed" in body
    assert "Date of birth: 17 May 1980 → 18 June 1981" in body


def test_stale_version_shows_the_conflict_and_saves_nothing(client_for, world: World) -> None:
    client = client_for("police")
    person = world.police_case.person
    stale = person.version
    person_services.update_person(
        actor=world.users["coordinator"],
        person_id=person.pk,
        data={"date_of_birth": "1980-05-17", "sex": "female", "nationalities": ["PL"]},
        expected_version=stale,
    )
    data = {
        **date_parts("date_of_birth", "1975-01-01"),
        "sex": "male",
        "nationalities": "PL, DE",
        "version": stale,
    }
    response = client.post(url(world, "person/edit/"), data)
    assert response.status_code == 200
    body = text(response)
    assert "Someone else saved this record while you were editing it (changed: sex)" in body
    assert "The record now holds:" in body and "female" in body
    html = response.content.decode()
    assert 'name="date_of_birth-day" type="text" inputmode="numeric" value="1"' in html
    assert 'name="date_of_birth-year" type="text" inputmode="numeric" value="1975"' in html
    assert 'value="PL, DE"' in html  # nothing lost
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.date_of_birth == dt.date(1980, 5, 17) and fresh.sex == "female"
    assert f'name="version" value="{fresh.version}"' in html  # resubmitting now overwrites
    again = client.post(url(world, "person/edit/"), {**data, "version": fresh.version})
    assert again.status_code == 302
    assert Person.objects.get(pk=person.pk).date_of_birth == dt.date(1975, 1, 1)


def test_invalid_date_of_birth_is_a_field_error(client_for, world: World) -> None:
    data = {
        **date_parts("date_of_birth", "2016-01-01"),
        "sex": "male",
        "nationalities": "PL",
        "version": world.police_case.person.version,
    }
    response = client_for("police").post(url(world, "person/edit/"), data)
    assert response.status_code == 200
    summary = error_summary(response)
    assert any(e.startswith("#id_date_of_birth-day Date of birth ") for e in summary), summary


def test_add_alias_and_new_primary_name_keeps_history(client_for, world: World) -> None:
    client = client_for("police")
    client.post(
        url(world, "person/names/new/"),
        {"kind": "alias", "family_name": "Kowal", "given_names": "Janek"},
    )
    client.post(
        url(world, "person/names/new/"),
        {
            "kind": "primary",
            "family_name": "Nowicki",
            "given_names": "Jan",
            **date_parts("valid_from", "2024-02-01"),
        },
    )
    body = text(client.get(url(world, "person/")))
    assert "Alias Janek Kowal" in body
    assert "Previous Jan Kowalski" in body
    assert "NOWICKI, Jan" in body


def test_add_name_without_family_name_is_refused(client_for, world: World) -> None:
    response = client_for("police").post(
        url(world, "person/names/new/"), {"kind": "alias", "family_name": ""}
    )
    assert response.status_code == 200
    assert any(e == "#id_family_name Enter a family name" for e in error_summary(response))


def test_add_and_remove_identifier(client_for, world: World) -> None:
    client = client_for("police")
    value = pnc(2010, 4242)
    response = client.post(url(world, "person/identifiers/new/"), {"kind": "pnc", "value": value})
    assert response.status_code == 302
    ident = Identifier.objects.get(value=value)
    assert value in text(client.get(url(world, "person/")))
    remove = url(world, f"person/identifiers/{ident.pk}/remove/")
    no_reason = client.post(remove, {"reason": ""})
    assert no_reason.status_code == 200 and error_summary(no_reason)
    assert client.post(remove, {"reason": "Entered on the wrong person"}).status_code == 302
    assert not Identifier.objects.filter(pk=ident.pk).exists()
    row = opened(AuditEvent.objects.filter(action="remove_identifier").latest("seq"))
    assert row.operation == "erasure" and "wrong person" in str(row.after)


def test_malformed_identifier_names_the_field(client_for, world: World) -> None:
    response = client_for("police").post(
        url(world, "person/identifiers/new/"), {"kind": "pnc", "value": "2004/0012345Q"}
    )
    assert response.status_code == 200
    assert any(e.startswith("#id_value ") and "check letter" in e for e in error_summary(response))


def test_remove_identifier_of_another_person_is_404(client_for, world: World) -> None:
    other = Identifier.objects.create(
        person=world.other_area_case.person, kind="crn", value="Z999999"
    )
    page = url(world, f"person/identifiers/{other.pk}/remove/")
    assert client_for("police").get(page).status_code == 404


def test_add_address_and_conviction(client_for, world: World) -> None:
    client = client_for("police")
    assert (
        client.post(
            url(world, "person/addresses/new/"),
            {
                "line1": "9 New Road",
                "town": "Northtown",
                "country": "GB",
                **date_parts("from_date", "2025-03-01"),
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url(world, "person/convictions/new/"),
            {
                **date_parts("date", "2019-09-09"),
                "offence_text": "Exposure",
                "country": "GB",
                "ecris_code": "1005 00",
                "completion": "C",
                "participation": "M",
            },
        ).status_code
        == 302
    )
    body = text(client.get(url(world, "person/")))
    assert "9 New Road, Northtown" in body
    assert "Indecent exposure 1005 00" in body
    unconfirmed = body[body.index("The ECRIS categories of") :]
    assert "1005 00" in unconfirmed[: unconfirmed.index("have not yet been checked")]


def test_conviction_before_birth_is_a_field_error(client_for, world: World) -> None:
    response = client_for("police").post(
        url(world, "person/convictions/new/"),
        {**date_parts("date", "1970-01-01"), "offence_text": "Theft"},
    )
    assert response.status_code == 200
    assert any(
        e.startswith("#id_date-day A conviction date") and "before the date of birth" in e
        for e in error_summary(response)
    )
