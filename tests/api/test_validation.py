"""Bad input of every kind gets a 422 naming the field (or a 413), never a 500 or half a record."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from fourpillars.register.models import Case, Person
from tests.api.conftest import ApiClient, errors_by_field, pnc
from tests.cast import World, case_data, person_data

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def register(client: ApiClient, person: Any, case: Any) -> Any:
    return client.post("/cases", {"person": person, "case": case})


def refused(response: Any, field: str, words: str = "") -> str:
    """Assert a 422 naming ``field`` (and, if given, saying ``words``); return the message."""
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == "Invalid input"
    errors = errors_by_field(response)
    assert field in errors, errors
    assert words.lower() in errors[field].lower(), errors[field]
    return errors[field]


def in_weeks(weeks: int) -> str:
    return (timezone.localdate() + dt.timedelta(weeks=weeks)).isoformat()


@pytest.mark.parametrize(
    ("person", "case", "field", "words"),
    [
        (
            person_data(date_of_birth="2999-01-01"),
            case_data("police-a"),
            "person.date_of_birth",
            "future",
        ),
        (
            person_data(date_of_birth="1980-02-30"),
            case_data("police-a"),
            "person.date_of_birth",
            "YYYY-MM-DD",
        ),
        (
            person_data(
                convictions=[
                    {"date": "1975-01-01", "offence_text": "Rape", "ecris_code": "1001 00"}
                ]
            ),
            case_data("police-a"),
            "person.convictions.0.date",
            "before the date of birth",
        ),
        (
            person_data(identifiers=[{"kind": "pnc", "value": "2001/0012345A"}]),
            case_data("police-a"),
            "person.identifiers.0.value",
            "check letter",
        ),
        (
            person_data(identifiers=[{"kind": "passport", "value": "AB12345"}]),
            case_data("police-a"),
            "person.identifiers.0.country",
            "country",
        ),
        (
            person_data(
                convictions=[
                    {
                        "date": "2015-03-02",
                        "offence_text": "Sexual assault",
                        "ecris_code": "9999 00",
                    }
                ]
            ),
            case_data("police-a"),
            "person.convictions.0.ecris_code",
            "unknown ECRIS",
        ),
        (
            person_data(
                convictions=[
                    {
                        "date": "2015-03-02",
                        "offence_text": "Sexual assault",
                        "ecris_code": "1003 00",
                        "completion": "X",
                    }
                ]
            ),
            case_data("police-a"),
            "person.convictions.0.completion",
            "C (completed)",
        ),
        (person_data(), case_data("police-a", category=3, level=1), "case.level", "level 2 or 3"),
        (person_data(), case_data("police-a", category=5), "case.category", "1, 2, 3 or 4"),
        (
            person_data(),
            case_data("police-a", category=2, level=2, next_review_date=in_weeks(20)),
            "case.next_review_date",
            "16 weeks",
        ),
        (
            person_data(),
            case_data("police-a", category=2, level=3, next_review_date=in_weeks(9)),
            "case.next_review_date",
            "8 weeks",
        ),
        (
            person_data("A" * 10_000),
            case_data("police-a"),
            "person.names.0.family_name",
            "at most 100 characters",
        ),
        (
            person_data("Evil\u202eman"),
            case_data("police-a"),
            "person.names.0.family_name",
            "bidirectional",
        ),
        (person_data("Nul\x00l"), case_data("police-a"), "person.names.0.family_name", "NUL"),
        (person_data(names="Jan Kowalski"), case_data("police-a"), "person.names", "list"),
        (person_data(), case_data("police-a", category="three"), "case.category", "1, 2, 3"),
        (
            person_data(),
            case_data("police-a", custody_months="lots"),
            "case.custody_months",
            "whole number",
        ),
        (person_data(), case_data("police-a", lead_agency="nowhere"), "case.lead_agency", ""),
    ],
)
def test_registration_names_the_bad_field_and_saves_nothing(
    world: World, api_for: Api, person: Any, case: Any, field: str, words: str
) -> None:
    before = (Person.objects.count(), Case.objects.count())
    refused(register(api_for("police"), person, case), field, words)
    assert (Person.objects.count(), Case.objects.count()) == before


def test_duplicate_identifier_is_refused_without_revealing_the_holder(
    world: World, api_for: Api
) -> None:
    client = api_for("police")
    ident = [{"kind": "pnc", "value": pnc()}]
    assert (
        register(client, person_data(identifiers=ident), case_data("police-a")).status_code == 201
    )
    message = refused(
        register(client, person_data("Other", identifiers=ident), case_data("police-a")),
        "person.identifiers.0.value",
        "already recorded",
    )
    assert "Kowalski" not in message and "FP-" not in message
    twice = register(client, person_data("Third", identifiers=ident * 2), case_data("police-a"))
    refused(twice, "person.identifiers.1.value", "twice")
    pid = world.police_case.person_id
    refused(client.post(f"/persons/{pid}/identifiers", ident[0]), "value", "already recorded")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person": [], "case": {}}, "person"),
        ({"person": {}, "case": "level 1"}, "case"),
        ({"person": {}}, "case"),
        ({"person": {}, "case": {}, "extra": 1}, "extra"),
        ([1, 2, 3], "body"),
        ("just a string", "body"),
        (None, "body"),
    ],
)
def test_wrong_json_shapes_are_named(world: World, api_for: Api, body: Any, field: str) -> None:
    refused(api_for("police").post("/cases", body), field)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/cases/{case}/status", {"status": 5, "reason": "x"}, "status"),
        ("/cases/{case}/status", {"status": "closed"}, "reason"),
        (
            "/cases/{case}/shares",
            {"agency": ["housing-a"], "lawful_basis": "x", "reason": "y"},
            "agency",
        ),
        ("/persons/{person}/names", {"family_name": {"first": "x"}}, "family_name"),
        ("/persons/{person}/names", {"family_name": "Smith", "kind": "nickname"}, "kind"),
        ("/persons/{person}/identifiers", {"kind": "pnc", "value": 2001}, "value"),
        ("/persons/{person}/addresses", {"line1": "1 Road", "from_date": "yesterday"}, "from_date"),
        (
            "/persons/{person}/addresses",
            {"line1": "1 Road", "from_date": "2024-05-01", "to_date": "2024-01-01"},
            "to_date",
        ),
        ("/persons/{person}/convictions", {"date": "2999-01-01", "offence_text": "x"}, "date"),
        ("/persons/{person}/convictions", {"date": "1970-01-01", "offence_text": "x"}, "date"),
        (
            "/persons/{person}/convictions",
            {"date": "2019-01-01", "offence_text": "x", "ecris_code": "bogus"},
            "ecris_code",
        ),
    ],
)
def test_wrong_types_and_values_on_other_writes_are_named(
    world: World, api_for: Api, path: str, body: Any, field: str
) -> None:
    url = path.format(case=world.police_case.pk, person=world.police_case.person_id)
    refused(api_for("police").post(url, body), field)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": "x"}, "version"),
        ({}, "version"),
        ({"version": 1, "date_of_birth": "2999-12-31"}, "date_of_birth"),
        ({"version": 1, "nationalities": "Polish"}, "nationalities"),
        ({"version": 1, "nationalities": [1, 2]}, "nationalities.0"),
        ({"version": 1, "sex": "yes"}, "sex"),
    ],
)
def test_person_patch_names_the_bad_field(
    world: World, api_for: Api, body: dict[str, Any], field: str
) -> None:
    refused(api_for("police").patch(f"/persons/{world.police_case.person_id}", body), field)


@pytest.mark.parametrize(
    "raw",
    ['{"person": ', "{'person': {}}", "not json at all", '{"a": 1}}', "[" * 50_000],
)
def test_malformed_json_is_named_as_the_body(world: World, api_for: Api, raw: str) -> None:
    refused(api_for("police").post("/cases", raw), "body", "not valid JSON")


def test_form_encoded_body_is_refused_as_json(world: World, api_for: Api) -> None:
    response = api_for("police").client.post("/api/v1/cases", {"person": "x"})
    assert response.status_code == 422


def test_oversize_body_gets_413(world: World, api_for: Api) -> None:
    huge = json.dumps({"person": {"names": [{"family_name": "x" * 2_000_000}]}, "case": {}})
    response = api_for("police").post("/cases", huge)
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "body"


NAMES = [
    ("محمد", "عبد الله"),  # Arabic, right to left
    ("כהן", "דוד"),  # Hebrew
    ("Παπαδόπουλος", "Νίκος"),  # Greek
    ("Иванов", "Пётр"),  # Cyrillic with a precomposed letter
    ("Nguyễn", "Thị Minh"),  # Vietnamese stacked diacritics
    ("Zoe\u0301 Q\u0303uinn", "e\u0301"),  # combining marks (stored in NFC)
    ("O'Brien-Smith 🙂", "Jo 👩‍👩‍👧"),  # emoji with ZWJ sequence
    ("<script>alert(1)</script>", '&amp; "quotes"'),  # HTML kept as typed, escaped on output
    ("山田", "太郎"),  # CJK
]


@pytest.mark.parametrize(("family", "given"), NAMES)
def test_names_in_every_script_round_trip_unchanged(
    world: World, api_for: Api, family: str, given: str
) -> None:
    client = api_for("police")
    created = register(client, person_data(family, given), case_data("police-a"))
    assert created.status_code == 201, created.content
    fetched = client.get(f"/cases/{created.json()['id']}").json()
    name = fetched["person"]["names"][0]
    nfc = unicodedata.normalize
    assert (name["family_name"], name["given_names"]) == (nfc("NFC", family), nfc("NFC", given))
    assert fetched["person"]["display_name"].endswith(nfc("NFC", given))
    alias = client.post(
        f"/persons/{created.json()['person_id']}/names",
        {"family_name": family, "given_names": given},
    )
    assert alias.json()["name"]["family_name"] == nfc("NFC", family)


def test_unknown_route_and_method_answer_without_a_500(world: World, api_for: Api) -> None:
    client = api_for("police")
    assert client.get("/nowhere").status_code == 404
    assert client.client.put(f"/api/v1/cases/{world.police_case.pk}").status_code == 405
