"""Register a person and case from the web form."""

from __future__ import annotations

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.register.models import Case, Person
from tests.web.helpers import error_summary, register_data, text

pytestmark = pytest.mark.django_db


def test_registration_form_shows_every_section(client_for) -> None:
    page = client_for("police").get("/cases/new/")
    assert page.status_code == 200
    body = text(page)
    for heading in ["Name", "Personal details", "Identifier", "Conviction", "MAPPA case"]:
        assert heading in body
    assert "1001 00: Rape" in body and "(code unconfirmed)" not in body
    assert "codes, from 0406 00 on, have not yet been checked" in body  # said once, in the hint
    assert "Category 4: terrorist or terrorism-connected offender (unconfirmed)" in body


@pytest.mark.parametrize("name", ["housing", "auditor", "admin"])
def test_roles_that_cannot_register_get_403(client_for, name: str) -> None:
    assert client_for(name).get("/cases/new/").status_code == 403
    assert client_for(name).post("/cases/new/", register_data()).status_code == 403


def test_anonymous_is_sent_to_login(client_for) -> None:
    response = client_for("anonymous").get("/cases/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/cases/new/")


def test_register_then_the_case_page_shows_it(client_for) -> None:
    client = client_for("police")
    response = client.post("/cases/new/", register_data(), follow=True)
    assert response.status_code == 200
    case = Case.objects.get(person__names__family_name="Nowak")
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    body = text(response)
    assert f"Case {case.reference} registered." in body
    assert "NOWAK, Piotr" in body
    assert "Level 2: active multi-agency management" in body
    assert "Indefinite" in body  # 96 months' custody: indefinite notification
    person = text(client.get(f"/cases/{case.pk}/person/"))
    assert "Rape 1001 00" in person
    assert "Completed; perpetrator" in person
    assert AuditEvent.objects.filter(action="register_case", case_id=case.pk).exists()


def test_coordinator_chooses_a_lead_agency_in_the_area(client_for) -> None:
    client = client_for("coordinator")
    page = text(client.get("/cases/new/"))
    assert "Northshire Police" in page and "Probation Service, Northshire" in page
    assert "Southvale Police" not in page
    data = register_data(**{"case-lead_agency": "probation-a"})
    response = client.post("/cases/new/", data)
    assert response.status_code == 302
    assert Case.objects.get(person__names__family_name="Nowak").lead_agency.code == "probation-a"


def test_police_cannot_pick_another_agency_as_lead(client_for) -> None:
    response = client_for("police").post(
        "/cases/new/", register_data(**{"case-lead_agency": "probation-a"})
    )
    assert response.status_code == 200
    assert any("#id_case-lead_agency" in e for e in error_summary(response))
    assert not Person.objects.filter(names__family_name="Nowak").exists()


def test_validation_errors_name_each_field_and_save_nothing(client_for) -> None:
    data = register_data(
        **{
            "name-family_name": "",
            "person-date_of_birth": "2999-01-01",
            "identifier-value": "2004/0000777Z",
            "case-category": "3",
            "case-level": "1",
        }
    )
    people_before = Person.objects.count()
    response = client_for("police").post("/cases/new/", data)
    assert response.status_code == 200
    summary = error_summary(response)
    assert "#id_name-family_name Enter a family name" in summary, summary
    assert "#id_person-date_of_birth-day Date of birth cannot be in the future" in summary
    assert any(e.startswith("#id_identifier-value ") and "check letter" in e for e in summary)
    assert any(e.startswith("#id_case-level A category 3 case") for e in summary)
    assert "govuk-form-group--error" in response.content.decode()
    assert "Error: Register a person and case" in response.content.decode()
    assert Person.objects.count() == people_before


def test_user_input_is_kept_after_an_error(client_for) -> None:
    data = {**register_data(), "person-date_of_birth-month": "Smarch"}
    response = client_for("police").post("/cases/new/", data)
    body = response.content.decode()
    assert (
        'name="person-date_of_birth-month" type="text" inputmode="numeric" value="Smarch"' in body
    )
    assert 'name="person-date_of_birth-year" type="text" inputmode="numeric" value="1979"' in body
    assert "#id_person-date_of_birth-month Date of birth must be a real date" in error_summary(
        response
    )
    assert 'value="Nowak"' in body


def test_duplicate_identifier_is_refused_on_its_field(client_for) -> None:
    client = client_for("police")
    assert client.post("/cases/new/", register_data()).status_code == 302
    again = client.post("/cases/new/", register_data(**{"name-family_name": "Other"}))
    assert again.status_code == 200
    assert any(
        e.startswith("#id_identifier-value") and "already recorded" in e
        for e in error_summary(again)
    )


def test_script_in_a_name_is_stored_as_typed_and_shown_escaped(client_for) -> None:
    client = client_for("police")
    evil = "<script>alert(1)</script>"
    data = register_data(
        **{"name-family_name": f"O'Brien{evil}", "identifier-kind": "", "identifier-value": ""}
    )
    response = client.post("/cases/new/", data, follow=True)
    assert response.redirect_chain, "the registration should have succeeded"
    person = client.get(f"{response.redirect_chain[-1][0]}person/")
    for body in (response.content.decode(), person.content.decode()):
        assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in person.content.decode()


def test_alias_in_another_alphabet_is_registered_and_shown(client_for) -> None:
    data = register_data(
        **{
            "alias-family_name": "Новак",
            "alias-given_names": "Пётр",
            "identifier-kind": "",
            "identifier-value": "",
        }
    )
    client = client_for("police")
    response = client.post("/cases/new/", data, follow=True)
    assert response.redirect_chain, "the registration should have succeeded"
    body = client.get(f"{response.redirect_chain[-1][0]}person/").content.decode()
    assert '<span class="fp-name" dir="auto">Пётр Новак</span>' in body
