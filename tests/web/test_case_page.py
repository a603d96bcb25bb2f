"""The case page: person, case, shares, timeline; 404 for hidden; justification."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fourpillars.audit.models import AuditEvent
from fourpillars.services import cases as case_services
from fourpillars.services import decisions
from fourpillars.services import persons as person_services
from tests.cast import World, case_data, person_data
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
    assert "Choose why you need to see this case" in text(response)
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


def _grow(world: World, case_id: int) -> None:
    """Many names, identifiers, addresses, convictions, shares and timeline rows."""
    police = world.users["police"]
    person_id = world.police_case.person_id
    for i in range(6):
        person_services.add_name(
            actor=police, person_id=person_id, data={"family_name": f"Alias{i}", "kind": "alias"}
        )
        person_services.add_identifier(
            actor=police, person_id=person_id, data={"kind": "crn", "value": f"X{100000 + i}"}
        )
        person_services.add_address(
            actor=police,
            person_id=person_id,
            data={"line1": f"{i} Road", "from_date": f"201{i}-01-01", "to_date": f"201{i}-12-31"},
        )
        person_services.add_conviction(
            actor=police,
            person_id=person_id,
            data={"date": f"200{i}-02-02", "offence_text": "Theft", "ecris_code": "1600 00"},
        )
    for agency in ["housing-a", "children-a", "probation-a", "prison-a"]:
        case_services.share_case(
            actor=police,
            case_id=case_id,
            agency=agency,
            lawful_basis="cja2003_s325_4",
            reason="Test",
        )


def _grow_rosh(world: World, case_id: int) -> None:
    """Submitted assessments with instrument results, a draft and level decisions."""
    from fourpillars.services import assessments

    police = world.users["police"]
    for _ in range(3):
        a = assessments.start_assessment(actor=police, case_id=case_id)
        a = assessments.save_draft(
            actor=police, assessment_id=a.pk, data=ROSH_DOCUMENT, expected_version=None
        )
        for band in ("high", "low"):
            assessments.score_instrument(
                actor=police,
                assessment_id=a.pk,
                code="rm2000-c",
                payload={"s_band": band, "v_band": band},
            )
        a.refresh_from_db()
        assessments.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
    assessments.start_assessment(actor=police, case_id=case_id)
    for level in (2, 1):
        assessments.decide_level(
            actor=police, case_id=case_id, flags={"adds_value": True}, level=level, reason="Test"
        )


ROSH_DOCUMENT = {
    "ratings": {
        "community": {"children": "high", "public": "medium", "known_adult": "low", "staff": "low"}
    },
    "summary": {
        k: "Answer" for k in ("who_at_risk", "nature", "when_greatest", "increases", "reduces")
    },
    "formulation": "Formulation",
    "judgement_reason": "Reason",
    "risk_factors": [{"text": "Factor", "evidence": "Evidence"}],
    "scenarios": [
        {"kind": "most_likely", "description": "Likely"},
        {"kind": "worst_case", "description": "Worst"},
    ],
}


def _grow_plans(world: World, case_id: int) -> None:
    """Two approved plan versions of twelve actions, an open draft, and more decisions."""
    from fourpillars.services import plans
    from tests.services.test_plans import DEFENSIBILITY, acknowledge_all

    police = world.users["police"]
    pillars = ["supervision", "monitoring_control", "interventions_treatment"]
    content = {
        "victims": [{"id": "v1", "kind": "child", "text": "Children at the school"}],
        "contingencies": [
            {
                "scenario": s,
                "warning_signs": "Signs",
                "response": "Visit",
                "owner_agency": "police-a",
                "within_hours": 4,
            }
            for s in ("sc1", "sc2")
        ],
        "actions": [
            {
                "id": f"a{i}",
                "pillar": pillars[i % 3] if i > 1 else "victim_safety_planning",
                "text": f"Action number {i} of the plan",
                "owner_agency": "police-a",
                "addresses": ["rf1"],
                "frequency": "weekly",
                "protects": ["v1"],
            }
            for i in range(1, 13)
        ],
    }
    for _ in range(2):
        plan = plans.start_plan(actor=police, case_id=case_id)
        plan = plans.save_plan(
            actor=police, plan_id=plan.pk, data=content, expected_version=plan.version
        )
        plans.approve(
            actor=police,
            plan_id=plan.pk,
            expected_version=plan.version,
            acknowledgements=acknowledge_all(plan),
            defensibility=DEFENSIBILITY,
            rationale="Test",
        )
    plans.start_plan(actor=police, case_id=case_id)
    for i in range(5):
        decisions.record_decision(
            actor=police,
            case_id=case_id,
            data={"kind": "other", "summary": f"Decision {i}", "rationale": "Test"},
        )


# Session and user, the case and its person's five prefetches, the audit row (savepoint,
# chain head, insert, hash, release), the timeline, three for risk of serious harm
# (assessments, chart history, latest level decision) and four for the plan section (the
# active plan and the draft, their actions, the assessment's factors and scenarios in one
# query, the latest decisions).
CASE_PAGE_QUERIES = 21


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
    _grow(world, big.pk)
    _grow_rosh(world, big.pk)
    _grow_plans(world, big.pk)
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
