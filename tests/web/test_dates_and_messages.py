"""Dates typed as GOV.UK date inputs and shown as "2 December 2026"; error messages in GOV.UK
wording, the same in the error summary and under the field; sign-in errors shown once."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.cast import World
from tests.factories import active_plan_and_draft, grow_case
from tests.web.helpers import error_summary, register_data, text

pytestmark = pytest.mark.django_db

NOT_REAL = {"day": "31", "month": "2", "year": "2026"}


def typed(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def boxes(body: str, name: str) -> tuple[str, str, str]:
    """What the three boxes of the date input ``name`` show."""
    found = []
    for part in ("day", "month", "year"):
        match = re.search(rf'name="{re.escape(name)}-{part}"[^>]*value="([^"]*)"', body)
        assert match, f"no {part} box for {name}"
        found.append(match.group(1))
    return found[0], found[1], found[2]


def case_url(world: World, tail: str = "") -> str:
    return f"/cases/{world.police_case.pk}/{tail}"


# (page, the date input's name, other fields to post, the date's name in its messages)
DATE_FORMS: list[tuple[Callable[[World], str], str, dict[str, str], str]] = [
    (lambda w: "/cases/new/", "person-date_of_birth", {}, "Date of birth"),
    (lambda w: "/cases/new/", "case-start_date", {}, "Start of management"),
    (
        lambda w: case_url(w, "edit/"),
        "next_review_date",
        {"category": "1", "version": "1"},
        "Next review date",
    ),
    (
        lambda w: case_url(w, "share/"),
        "expires_at",
        {"agency": "housing-a"},
        "The date the share ends",
    ),
    (
        lambda w: case_url(w, "person/edit/"),
        "date_of_birth",
        {"sex": "male", "version": "1"},
        "Date of birth",
    ),
    (
        lambda w: case_url(w, "person/names/new/"),
        "valid_from",
        {"kind": "alias"},
        "The date the name was first used",
    ),
    (
        lambda w: case_url(w, "person/addresses/new/"),
        "from_date",
        {},
        "The date they started living here",
    ),
    (
        lambda w: case_url(w, "person/addresses/new/"),
        "to_date",
        {},
        "The date they stopped living here",
    ),
    (lambda w: case_url(w, "person/convictions/new/"), "date", {}, "Date of conviction"),
]


@pytest.mark.parametrize(("page", "name", "other", "subject"), DATE_FORMS)
def test_every_date_is_a_govuk_date_input(
    client_for, world: World, page: Callable[[World], str], name: str, other: dict, subject: str
) -> None:
    body = client_for("police").get(page(world)).content.decode()
    assert 'type="date"' not in body
    assert f'<div class="govuk-date-input" id="id_{name}">' in body
    assert "For example, 27 3 2007" in body
    assert boxes(body, name)


@pytest.mark.parametrize(("page", "name", "other", "subject"), DATE_FORMS)
def test_a_date_that_is_not_real_is_refused_and_shown_again_as_typed(
    client_for, world: World, page: Callable[[World], str], name: str, other: dict, subject: str
) -> None:
    data = register_data() if page(world) == "/cases/new/" else dict(other)
    data.update(typed(name, " 31 ", "2", "2026"))
    response = client_for("police").post(page(world), data)
    assert response.status_code == 200
    message = f"{subject} must be a real date"
    assert f"#id_{name}-day {message}" in error_summary(response)
    body = response.content.decode()
    assert f"Error:</span> {message}</p>" in body  # the same words under the field
    assert boxes(body, name) == ("31", "2", "2026")
    assert f'id="id_{name}-day" name="{name}-day"' not in body or "govuk-input--error" in body


def test_a_missing_month_is_named_and_only_its_box_is_marked(client_for, world: World) -> None:
    data = {**register_data(), **typed("person-date_of_birth", "3", "", "1979")}
    response = client_for("police").post("/cases/new/", data)
    summary = error_summary(response)
    assert "#id_person-date_of_birth-month Date of birth must include a month" in summary
    body = response.content.decode()
    month = re.search(r'<input class="([^"]*)" id="id_person-date_of_birth-month"', body)
    day = re.search(r'<input class="([^"]*)" id="id_person-date_of_birth-day"', body)
    assert month and "govuk-input--error" in month.group(1)
    assert day and "govuk-input--error" not in day.group(1)
    assert boxes(body, "person-date_of_birth") == ("3", "", "1979")


def test_two_digit_years_are_refused(client_for, world: World) -> None:
    data = {**register_data(), **typed("case-start_date", "10", "1", "25")}
    summary = error_summary(client_for("police").post("/cases/new/", data))
    assert "#id_case-start_date-year Start of management must include a year with 4 numbers" in (
        summary
    )


def test_day_month_and_year_register_the_dates_typed(client_for, world: World) -> None:
    data = {**register_data(), **typed("person-date_of_birth", "3", "feb", "1979")}
    response = client_for("police").post("/cases/new/", data, follow=True)
    assert response.redirect_chain, error_summary(response)
    assert "3 February 1979" in text(response)


def test_audit_filter_dates_are_date_inputs(client_for, world: World) -> None:
    client = client_for("auditor")
    response = client.get("/audit/", typed("date_from", "29", "2", "2025"))
    assert "#id_date_from-day The start date must be a real date" in error_summary(response)
    assert boxes(response.content.decode(), "date_from") == ("29", "2", "2025")
    ok = client.get("/audit/", {**typed("date_from", "1", "1", "2000"), "case_id": "abc"})
    assert [e.split(" ")[0] for e in error_summary(ok)] == ["#id_case_id"]


# form -> field -> the GOV.UK message (the summary link and the message under the field)
MESSAGES: list[tuple[str, Callable[[World], str], dict[str, str], str]] = [
    ("register", lambda w: "/cases/new/", {"case-category": ""}, "Select a MAPPA category"),
    ("register", lambda w: "/cases/new/", {"name-family_name": ""}, "Enter a family name"),
    ("register", lambda w: "/cases/new/", {"case-level": ""}, "Select a management level"),
    ("register", lambda w: "/cases/new/", {"case-category": "9"}, "Select a MAPPA category"),
    (
        "register",
        lambda w: "/cases/new/",
        {"person-date_of_birth-year": "2999"},
        "Date of birth cannot be in the future",
    ),
    (
        "edit case",
        lambda w: case_url(w, "edit/"),
        {"category": "", "version": "1"},
        "Select a MAPPA category",
    ),
    (
        "status",
        lambda w: case_url(w, "status/"),
        {"status": "", "reason": "x"},
        "Select the new status",
    ),
    (
        "status",
        lambda w: case_url(w, "status/"),
        {"status": "suspended", "reason": ""},
        "Enter the reason for the decision",
    ),
    (
        "share",
        lambda w: case_url(w, "share/"),
        {"agency": "housing-a", "lawful_basis": "", "reason": "x"},
        "Select the lawful basis for sharing",
    ),
    (
        "add name",
        lambda w: case_url(w, "person/names/new/"),
        {"kind": "alias", "family_name": ""},
        "Enter a family name",
    ),
    (
        "add address",
        lambda w: case_url(w, "person/addresses/new/"),
        {"line1": "", "town": "x"},
        "Enter the first line of the address",
    ),
    (
        "add conviction",
        lambda w: case_url(w, "person/convictions/new/"),
        {"offence_text": "Theft"},
        "Enter the date of conviction",
    ),
]


@pytest.mark.parametrize(("form", "page", "data", "message"), MESSAGES)
def test_errors_read_as_govuk_messages(
    client_for, world: World, form: str, page: Callable[[World], str], data: dict, message: str
) -> None:
    posted = {**register_data(), **data} if form == "register" else data
    response = client_for("police").post(page(world), posted)
    assert response.status_code == 200
    summary = [e.split(" ", 1)[1] for e in error_summary(response)]
    assert message in summary, summary
    assert f"Error:</span> {message}</p>" in response.content.decode()
    assert not any("(got" in e or "_" in e or ": " in e for e in summary), summary


def test_admin_and_audit_forms_speak_govuk(client_for, world: World) -> None:
    admin = client_for("admin")
    response = admin.post("/admin-area/users/new/", {"username": "", "password": ""})
    summary = [e.split(" ", 1)[1] for e in error_summary(response)]
    assert summary and all(e[:1].isupper() and "(got" not in e for e in summary), summary
    audit = client_for("auditor").get("/audit/", {"case_id": "abc", "operation": "nonsense"})
    texts = [e.split(" ", 1)[1] for e in error_summary(audit)]
    assert "Select an operation from the list" in texts, texts
    assert any(t.startswith("Enter a case id") for t in texts), texts


def test_sign_in_errors_show_once_in_govuk_words(client: Client, world: World) -> None:
    response = client.post("/login/", {"username": "police", "password": "wrong"})
    assert error_summary(response) == ["#id_username Enter a correct username and password"]
    body = text(response)
    assert body.count("Enter a correct username and password") == 2  # summary and field
    assert "Please enter" not in body and "case-sensitive" not in body
    empty = client.post("/login/", {"username": "", "password": ""})
    assert error_summary(empty) == [
        "#id_username Enter your username",
        "#id_password Enter your password",
    ]
    assert text(empty).count("Enter your username") == 2


ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_no_page_of_a_seeded_case_shows_an_iso_date(client_for, world: World) -> None:
    """Every page reachable from the case page (one link deep, PDFs and forms' inputs aside)
    writes dates as "2 December 2026"."""
    grow_case(world, world.police_case.pk)
    client = client_for("police")
    start = case_url(world)
    seen: dict[str, str] = {}
    queue = [start]
    for depth in range(2):
        found = []
        for url in queue:
            if url in seen:
                continue
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                seen[url] = ""
                continue
            seen[url] = text(response)
            if depth == 0:
                hrefs = re.findall(r'href="(/[^"#?]*)"', response.content.decode())
                found += [h for h in hrefs if _belongs(h) and not h.endswith(".pdf")]
        queue = sorted(set(found))
    assert len([u for u, t in seen.items() if t]) >= 8, seen.keys()
    shown = {url: ISO.findall(body) for url, body in seen.items() if ISO.search(body)}
    assert shown == {}


def _belongs(href: str) -> bool:
    path = urlsplit(href).path
    return path.startswith(("/cases/", "/assessments/", "/plans/", "/my-actions/"))


def test_level_decision_decision_and_action_status_speak_govuk(client_for, world: World) -> None:
    active, _ = active_plan_and_draft(world, "police_case")
    client = client_for("police")
    level = client.post(case_url(world, "level/"), {"level": "", "reason": ""})
    decision = client.post(case_url(world, "decisions/new/"), {"kind": "", "summary": ""})
    action = active.actions.order_by("pk").first()
    assert action is not None
    status = client.post(f"/actions/{action.pk}/status/", {"status": "not_done", "reason": ""})
    said = {
        "level": error_summary(level),
        "decision": error_summary(decision),
        "status": error_summary(status),
    }
    assert f"#reason-{action.pk} Enter the reason the action was not done" in (said["status"]), said
    for page, links in said.items():
        assert links, page
        for link in links:
            words = link.split(" ", 1)[1]
            assert words[:1].isupper() and "(got" not in words and "_" not in words, (page, link)
            assert (
                f"Error:</span> {words}"
                in {
                    "level": level,
                    "decision": decision,
                    "status": status,
                }[page].content.decode()
            ), (page, link)
