"""Correcting and removing addresses and convictions from the case page: Change and Remove
links per row for those who may manage the person, the add forms filled in, a confirmation
with a reason, the conflict page on a stale version, 403/404 as for every other edit."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fourpillars.audit.models import AuditEvent
from fourpillars.register.models import Address, Conviction, Person
from fourpillars.services import persons as person_services
from tests.audit_rows import opened
from tests.cast import PASSWORD, World
from tests.web.helpers import error_summary, posted, text

pytestmark = pytest.mark.django_db

ADDRESS = {
    "line1": "1 Test Street",
    "line2": "",
    "town": "Northtown",
    "postcode": "NT9 9ZZ",
    "country": "GB",
    "from_date": "2024-01-01",
    "to_date": "",
}
ADDRESS_DATES = ("from_date", "to_date")
CONVICTION = {
    "date": "2015-03-02",
    "court": "Northtown Crown Court",
    "country": "GB",
    "offence_text": "Sexual assault",
    "ecris_code": "1003 00",
    "completion": "A",
    "participation": "M",
    "sentence": "36 months' imprisonment",
}


def case_url(world: World, tail: str = "", case_attr: str = "police_case") -> str:
    return f"/cases/{getattr(world, case_attr).pk}/{tail}"


def address_of(world: World, case_attr: str = "police_case") -> Address:
    return Address.objects.get(person_id=getattr(world, case_attr).person_id)


def conviction_of(world: World, case_attr: str = "police_case") -> Conviction:
    return Conviction.objects.get(person_id=getattr(world, case_attr).person_id)


def item_urls(world: World, case_attr: str = "police_case") -> dict[str, str]:
    a, c = address_of(world, case_attr).pk, conviction_of(world, case_attr).pk
    return {
        "address-edit": case_url(world, f"person/addresses/{a}/edit/", case_attr),
        "address-remove": case_url(world, f"person/addresses/{a}/remove/", case_attr),
        "conviction-edit": case_url(world, f"person/convictions/{c}/edit/", case_attr),
        "conviction-remove": case_url(world, f"person/convictions/{c}/remove/", case_attr),
    }


def person_version(world: World) -> int:
    return Person.objects.get(pk=world.police_case.person_id).version


def test_case_page_links_change_and_remove_per_row_with_hidden_context(
    client_for, world: World
) -> None:
    html = client_for("police").get(case_url(world, "person/")).content.decode()
    for url in item_urls(world).values():
        assert f'href="{url}"' in html
    assert re.search(
        r'>Change<span class="govuk-visually-hidden"> address 1 Test Street</span></a>', html
    )
    assert re.search(
        r'>Remove<span class="govuk-visually-hidden"> conviction of 2 March 2015, Sexual assault'
        r"</span></a>",
        html,
    )


def test_case_page_has_no_change_links_for_a_reader_who_cannot_manage(
    client_for, world: World
) -> None:
    client = client_for("housing")
    client.post(case_url(world, "justify/", "shared_case"), {"purpose": "mappa-coordination"})
    response = client.get(case_url(world, "person/", "shared_case"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/person/addresses/" not in html and "/person/convictions/" not in html


def test_edit_address_form_is_filled_in_and_saves_a_correction(client_for, world: World) -> None:
    client = client_for("police")
    urls = item_urls(world)
    page = client.get(urls["address-edit"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Change an address" in text(page)
    assert 'value="1 Test Street"' in html and 'value="NT1 1AA"' in html
    assert 'name="from_date-day" type="text" inputmode="numeric" value="1"' in html
    assert 'name="from_date-year" type="text" inputmode="numeric" value="2024"' in html
    assert f'name="version" value="{person_version(world)}"' in html
    done = client.post(
        urls["address-edit"],
        posted({**ADDRESS, "version": person_version(world)}, *ADDRESS_DATES),
        follow=True,
    )
    assert done.redirect_chain[-1][0] == case_url(world, "person/")
    body = text(done)
    assert "Address updated." in body
    assert "1 Test Street, Northtown, NT9 9ZZ" in body
    body = text(client.get(case_url(world, "timeline/")))
    assert "Address changed" in body and "Postcode: NT1 1AA → NT9 9ZZ" in body
    pk = address_of(world).pk
    assert f"Address: {pk} Postcode" in body  # which address, shown once, not as a change
    row = opened(AuditEvent.objects.filter(action="update_address").latest("seq"))
    assert (row.operation, row.channel) == ("alteration", "web")


def test_edit_conviction_form_is_filled_in_and_saves_a_correction(client_for, world: World) -> None:
    client = client_for("police")
    urls = item_urls(world)
    html = client.get(urls["conviction-edit"]).content.decode()
    assert 'name="date-month" type="text" inputmode="numeric" value="3"' in html
    assert 'value="1003 00" selected' in html
    response = client.post(urls["conviction-edit"], posted({**CONVICTION, "version": 1}, "date"))
    assert response.status_code == 302
    assert conviction_of(world).completion == "A"
    body = text(client.get(case_url(world, "timeline/")))
    assert "Conviction changed" in body and "Completion: C → A" in body


def test_invalid_address_correction_names_the_field(client_for, world: World) -> None:
    response = client_for("police").post(
        item_urls(world)["address-edit"],
        posted(
            {**ADDRESS, "from_date": "2024-05-01", "to_date": "2024-04-30", "version": 1},
            *ADDRESS_DATES,
        ),
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert any(
        e == "#id_to_date-day The date they stopped living here cannot be before the start date"
        for e in summary
    ), summary
    assert address_of(world).postcode == "NT1 1AA"


@pytest.mark.parametrize(
    ("changes", "anchor"),
    [({"date": "1970-01-01"}, "#id_date-day"), ({"ecris_code": "9999 99"}, "#id_ecris_code")],
)
def test_invalid_conviction_correction_names_the_field(
    client_for, world: World, changes: dict[str, str], anchor: str
) -> None:
    response = client_for("police").post(
        item_urls(world)["conviction-edit"], posted({**CONVICTION, **changes, "version": 1}, "date")
    )
    assert response.status_code == 200
    assert any(e.startswith(anchor + " ") for e in error_summary(response))
    assert conviction_of(world).completion == "C"


def test_stale_correction_shows_the_conflict_and_keeps_what_was_typed(
    client_for, world: World
) -> None:
    client = client_for("police")
    address = address_of(world)
    person_services.update_address(
        actor=world.users["coordinator"],
        person_id=address.person_id,
        address_id=address.pk,
        data={**ADDRESS, "town": "Easttown"},
        expected_version=1,
    )
    typed = {**ADDRESS, "line2": "Flat 9", "version": 1}
    response = client.post(item_urls(world)["address-edit"], typed)
    assert response.status_code == 200
    body = text(response)
    assert "Someone else saved this record while you were editing it (changed: " in body
    assert "town" in body and "1 Test Street, Easttown, NT9 9ZZ (GB)" in body
    html = response.content.decode()
    assert 'value="Flat 9"' in html and 'name="version" value="2"' in html
    assert address_of(world).line2 == ""
    again = client.post(item_urls(world)["address-edit"], {**typed, "version": 2})
    assert again.status_code == 302
    assert (address_of(world).line2, address_of(world).town) == ("Flat 9", "Northtown")


def test_remove_address_asks_for_a_reason_then_removes_and_audits(client_for, world: World) -> None:
    client = client_for("police")
    url = item_urls(world)["address-remove"]
    page = client.get(url)
    assert page.status_code == 200
    body = text(page)
    assert "Remove an address" in body and "1 Test Street, Northtown, NT1 1AA (GB)" in body
    html = page.content.decode()
    assert "csrfmiddlewaretoken" in html and 'method="post"' in html
    no_reason = client.post(url, {"reason": " ", "version": 1})
    assert no_reason.status_code == 200
    assert any(e.startswith("#id_reason ") for e in error_summary(no_reason))
    assert Address.objects.filter(person_id=world.police_case.person_id).exists()
    done = client.post(url, {"reason": "Recorded on the wrong person", "version": 1}, follow=True)
    assert done.redirect_chain[-1][0] == case_url(world, "person/")
    assert "Address removed." in text(done) and "Address history None recorded" in text(done)
    row = opened(AuditEvent.objects.filter(action="remove_address").latest("seq"))
    assert row.operation == "erasure" and row.before["line1"] == "1 Test Street"
    assert row.after["reason"] == "Recorded on the wrong person"
    assert client.get(url).status_code == 404  # gone


def test_remove_conviction_removes_and_shows_in_the_timeline(client_for, world: World) -> None:
    client = client_for("coordinator")
    client.post(case_url(world, "justify/"), {"purpose": "mappa-coordination"})
    url = item_urls(world)["conviction-remove"]
    assert "Sexual assault" in text(client.get(url))
    assert client.post(url, {"reason": "Entered twice", "version": 1}).status_code == 302
    assert not Conviction.objects.filter(person_id=world.police_case.person_id).exists()
    body = text(client.get(case_url(world, "timeline/")))
    assert "Conviction removed" in body and "Reason: Entered twice" in body


def test_stale_removal_shows_the_conflict_and_removes_nothing(client_for, world: World) -> None:
    client = client_for("police")
    url = item_urls(world)["conviction-remove"]
    person_services.update_person(
        actor=world.users["coordinator"],
        person_id=world.police_case.person_id,
        data={"date_of_birth": "1980-05-17", "sex": "female", "nationalities": ["PL"]},
        expected_version=1,
    )
    response = client.post(url, {"reason": "Entered twice", "version": 1})
    assert response.status_code == 200
    body = text(response)
    assert "(changed: sex)" in body and "Nothing was removed" in body
    html = response.content.decode()
    assert 'name="version" value="2"' in html and "Entered twice" in html
    assert Conviction.objects.filter(person_id=world.police_case.person_id).exists()
    assert client.post(url, {"reason": "Entered twice", "version": 2}).status_code == 302
    assert not Conviction.objects.filter(person_id=world.police_case.person_id).exists()


def test_removal_without_the_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="police", password=PASSWORD)
    url = item_urls(world)["address-remove"]
    assert client.post(url, {"reason": "x", "version": 1}).status_code == 403
    assert Address.objects.filter(person_id=world.police_case.person_id).exists()


def test_another_persons_item_is_404(client_for, world: World) -> None:
    client = client_for("police")
    other = item_urls(world, "other_area_case")
    own_case = world.police_case.pk
    for url in other.values():
        moved = url.replace(f"/cases/{world.other_area_case.pk}/", f"/cases/{own_case}/")
        assert client.get(moved).status_code == 404
        assert client.post(moved, {**ADDRESS, **CONVICTION, "reason": "x"}).status_code == 404
    assert Address.objects.filter(person_id=world.other_area_case.person_id).exists()
    assert Conviction.objects.filter(person_id=world.other_area_case.person_id).exists()


@pytest.mark.parametrize("name", ["outsider", "housing", "auditor", "admin", "probation"])
def test_hidden_case_items_are_404(client_for, world: World, name: str) -> None:
    client = client_for(name)
    for url in item_urls(world).values():
        assert client.get(url).status_code == 404
        assert client.post(url, {**ADDRESS, "reason": "x"}).status_code == 404
    assert address_of(world).postcode == "NT1 1AA"


def test_visible_but_not_manageable_is_403_and_changes_nothing(client_for, world: World) -> None:
    client = client_for("housing")
    client.post(case_url(world, "justify/", "shared_case"), {"purpose": "mappa-coordination"})
    before = AuditEvent.objects.filter(operation__in=["alteration", "erasure"]).count()
    for url in item_urls(world, "shared_case").values():
        assert client.get(url).status_code == 403
        assert client.post(url, {**CONVICTION, "reason": "x"}).status_code == 403
    assert AuditEvent.objects.filter(operation__in=["alteration", "erasure"]).count() == before
    assert conviction_of(world, "shared_case").completion == "C"
