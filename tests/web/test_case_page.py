"""The case page: person, case, shares, timeline; 404 for hidden; justification."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fourpillars.audit.models import AuditEvent
from fourpillars.services import cases as case_services
from tests.cast import World, case_data, person_data
from tests.factories import grow_case
from tests.web.helpers import text

pytestmark = pytest.mark.django_db


def test_lead_agency_sees_the_whole_case(client_for, world: World) -> None:
    response = client_for("police").get(f"/cases/{world.police_case.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "KOWALSKI, Jan" in body
    assert "17 May 1980" in body
    assert "PL" in body
    assert "1 Test Street, Northtown, NT1 1AA" in body
    assert "1003 00: Sexual assault (code unconfirmed)" in body
    assert "C / M" in body
    assert "Category 1: registered sexual offender" in body
    assert "Level 1: ordinary agency management" in body
    assert "Northshire Police" in body and "Area A (Northshire)" in body
    assert "mappa-review-2026.1" in body and "interval is unconfirmed" in body
    # 36 months' custody: indefinite notification, with the reason given.
    assert "Indefinite (may be reviewed after 15 years)" in body
    assert "Sexual Offences Act 2003 s.82" in body
    assert "Case registered" in body and "Person recorded" in body
    assert "Change personal details" in body  # a manager sees the actions


def test_category_4_case_is_tagged_unconfirmed(client_for, world: World) -> None:
    case = case_services.register_case(
        actor=world.users["police"],
        person=person_data("Terror", "Tom"),
        case=case_data("police-a", category=4, level=2, disposal=""),
    )
    body = text(client_for("police").get(f"/cases/{case.pk}/"))
    assert "Category 4 unconfirmed" in body
    assert "Notification period" not in body


def test_finite_notification_period_shows_length_and_end(client_for, world: World) -> None:
    case = case_services.register_case(
        actor=world.users["police"],
        person=person_data("Finite", "Fred"),
        case=case_data("police-a", custody_months=12, disposal_date="2020-01-15"),
    )
    body = text(client_for("police").get(f"/cases/{case.pk}/"))
    assert "10 years, ending 15 January 2030" in body
    assert "custody over 6 and under 30 months: 10 years" in body


@pytest.mark.parametrize("name", ["outsider", "housing", "auditor", "admin"])
def test_hidden_case_is_404_like_a_missing_one(client_for, world: World, name: str) -> None:
    client = client_for(name)
    hidden = client.get(f"/cases/{world.police_case.pk}/")
    missing = client.get("/cases/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden.content) == _without_csrf(missing.content)
    assert client.get(f"/cases/{world.police_case.pk}/justify/").status_code == 404


def _without_csrf(body: bytes) -> bytes:
    """Pages differ only by the per-response CSRF mask; compare the rest."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)


def test_anonymous_is_redirected_to_login(client_for, world: World) -> None:
    response = client_for("anonymous").get(f"/cases/{world.police_case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_justification_is_asked_once_per_case_per_session(client_for, world: World) -> None:
    client = client_for("housing")
    url = f"/cases/{world.shared_case.pk}/"
    first = client.get(url)
    assert first.status_code == 302
    assert first["Location"] == f"{url}justify/"
    form = client.get(first["Location"])
    assert form.status_code == 200
    assert "Safeguarding a child or adult at risk" in text(form)
    answer = client.post(f"{url}justify/", {"purpose": "safeguarding", "text": "Housing visit"})
    assert answer.status_code == 302 and answer["Location"] == url
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 200
        assert "Παπαδόπουλος" in page.content.decode()
    views = AuditEvent.objects.filter(action="view_case", case_id=world.shared_case.pk)
    assert views.count() == 2
    assert {v.justification for v in views} == {"safeguarding; Housing visit"}
    assert {v.purpose for v in views} == {"safeguarding"}
    # A new working session asks again.
    client.logout()
    again = client_for("housing").get(url)
    assert again.status_code == 302 and again["Location"].endswith("/justify/")


def test_justification_without_a_purpose_shows_an_error(client_for, world: World) -> None:
    url = f"/cases/{world.shared_case.pk}/justify/"
    response = client_for("housing").post(url, {"purpose": "", "text": ""})
    assert response.status_code == 200
    assert "Select why you need to see this case" in text(response)
    assert 'href="#id_purpose_0"' in response.content.decode()


def test_lead_agency_is_not_asked_for_a_justification(client_for, world: World) -> None:
    client = client_for("probation")
    assert client.get(f"/cases/{world.shared_case.pk}/").status_code == 200
    justify = client.get(f"/cases/{world.shared_case.pk}/justify/")
    assert justify.status_code == 302


def test_justify_next_only_goes_to_the_same_case(client_for, world: World) -> None:
    url = f"/cases/{world.shared_case.pk}/justify/"
    response = client_for("housing").post(
        url + "?next=https://evil.example/", {"purpose": "safeguarding", "next": "//evil.example"}
    )
    assert response["Location"] == f"/cases/{world.shared_case.pk}/"


def test_names_in_other_alphabets_render_with_direction(client_for, world: World) -> None:
    client = client_for("coordinator")
    url = f"/cases/{world.shared_case.pk}/"
    client.post(f"{url}justify/", {"purpose": "mappa-coordination"})
    body = client.get(url).content.decode()
    assert '<span class="fp-name" dir="auto">Νίκος Παπαδόπουλος</span>' in body
    assert 'lang="en-GB"' in body


def test_shared_agency_sees_the_share_but_cannot_manage(client_for, world: World) -> None:
    client = client_for("housing")
    url = f"/cases/{world.shared_case.pk}/"
    client.post(f"{url}justify/", {"purpose": "safeguarding"})
    body = text(client.get(url))
    assert "Northshire Council Housing" in body
    assert "CJA 2003 s.325(4)" in body and "Housing placement" in body
    assert "Change personal details" not in body and "Revoke" not in body


# Session and user, the case and its person's five prefetches, the audit row (savepoint,
# chain head, insert, hash, release), the timeline, three for risk of serious harm
# (assessments, chart history, latest level decision) and six for the plan section (the
# active plan and the draft, their actions, the assessment's factors and scenarios in one
# query, the latest decisions, and the case's facts the plan checker reads: the latest level
# decision, then the instruments scored and the conviction codes in one query).
CASE_PAGE_QUERIES = 23


def test_case_page_uses_a_fixed_number_of_queries(client_for, world: World) -> None:
    """The query count does not grow with the data (bench measures the time)."""
    client = client_for("police")
    small = case_services.register_case(
        actor=world.users["police"],
        person=person_data("Small", "Sam", addresses=[], convictions=[]),
        case=case_data("police-a"),
    )
    big = world.police_case
    client.get(f"/cases/{small.pk}/")  # warm the session and user
    grow_case(world, big.pk)
    counts = []
    for case in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/cases/{case.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts == [CASE_PAGE_QUERIES, CASE_PAGE_QUERIES], counts
    body = text(client.get(f"/cases/{big.pk}/"))
    assert "Alias5" in body and "rm2000-c" in body and "Latest decision: Level 1" in body
    assert "Version 2" in body and "Draft in progress" in body and "Decision 4" in body
    assert "Supervision 4; Monitoring and control 3; Interventions and treatment 4" in body
