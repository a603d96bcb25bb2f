"""The case page, one part per URL (summary, person, risk, plan, decisions, timeline,
sharing): the identity bar, the next steps, 404 for hidden cases, the purpose asked first,
one audit row per part and a fixed number of queries per part."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fourpillars.assessments.models import RoshAssessment
from fourpillars.audit.models import AuditEvent
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from fourpillars.services import plans
from tests.audit_rows import opened_rows
from tests.cast import World, case_data, person_data
from tests.factories import active_plan_and_draft, grow_case, submitted_assessment
from tests.web.helpers import text

pytestmark = pytest.mark.django_db


def test_lead_agency_sees_the_whole_case_part_by_part(client_for, world: World) -> None:
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    body = text(response)
    assert "KOWALSKI, Jan" in body
    assert "17 May 1980" in body
    assert "Category 1: registered sexual offender" in body
    assert "Level 1: ordinary agency management" in body
    assert "Northshire Police" in body and "Area A (Northshire)" in body
    # The policy is said to be local and unconfirmed in words; its version is in the About details.
    assert "local policy that has not been confirmed" in body
    html = client.get(url).content.decode()
    about = html[html.index('data-testid="about-figures"') :]
    assert "mappa-review-2026.1" in about[: about.index("</details>")]
    # 36 months' custody: indefinite notification, with the reason given.
    assert "Indefinite (may be reviewed after 15 years)" in body
    assert "Sexual Offences Act 2003 s.82" in body
    assert "Change case details" in body  # a manager sees the action
    person = text(client.get(f"{url}person/"))
    assert "PL" in person
    assert "1 Test Street, Northtown, NT1 1AA" in person
    assert "Sexual assault 1003 00" in person  # the offence, its code in small print
    assert "The ECRIS categories of 1003 00 have not yet been checked" in person
    assert "Completed; perpetrator" in person
    assert "Change personal details" in person  # a manager sees the actions
    timeline = text(client.get(f"{url}timeline/"))
    assert "Case registered" in timeline and "Person recorded" in timeline


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
        assert "ΠΑΠΑΔΌΠΟΥΛΟΣ, Νίκος" in page.content.decode()
    views = opened_rows(AuditEvent.objects.filter(action="view_case", case_id=world.shared_case.pk))
    assert len(views) == 2
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
    body = client.get(f"{url}person/").content.decode()
    assert '<span class="fp-name" dir="auto">Νίκος Παπαδόπουλος</span>' in body
    assert 'lang="en-GB"' in body


def test_shared_agency_sees_the_share_but_cannot_manage(client_for, world: World) -> None:
    client = client_for("housing")
    url = f"/cases/{world.shared_case.pk}/"
    client.post(f"{url}justify/", {"purpose": "safeguarding"})
    body = text(client.get(f"{url}sharing/"))
    assert "Northshire Council Housing" in body
    assert "CJA 2003 s.325(4)" in body and "Housing placement" in body
    assert "Revoke" not in body and "Share with an agency" not in body
    assert "Change status" not in body
    assert "Change personal details" not in text(client.get(f"{url}person/"))
    assert "Change case details" not in text(client.get(url))


PARTS = [
    "",
    "person/",
    "risk/",
    "plan/",
    "decisions/",
    "meetings/",
    "notifications/",
    "timeline/",
    "sharing/",
]


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("name", ["outsider", "housing", "auditor", "admin"])
def test_every_part_of_a_hidden_case_is_404_like_a_missing_one(
    client_for, world: World, name: str, part: str
) -> None:
    client = client_for(name)
    hidden = client.get(f"/cases/{world.police_case.pk}/{part}")
    missing = client.get(f"/cases/999999/{part}")
    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden.content) == _without_csrf(missing.content)


@pytest.mark.parametrize("part", PARTS[1:])
def test_each_part_asks_for_the_purpose_then_comes_back_to_it(
    client_for, world: World, part: str
) -> None:
    client = client_for("housing")
    case_url = f"/cases/{world.shared_case.pk}/"
    first = client.get(f"{case_url}{part}")
    assert first.status_code == 302
    assert first["Location"] == f"{case_url}justify/?next={case_url}{part}"
    answer = client.post(
        f"{case_url}justify/", {"purpose": "safeguarding", "next": f"{case_url}{part}"}
    )
    assert answer["Location"] == f"{case_url}{part}"
    before = AuditEvent.objects.filter(case_id=world.shared_case.pk).count()
    page = client.get(f"{case_url}{part}")
    assert page.status_code == 200
    assert "You gave this purpose for viewing this case: Safeguarding" in text(page)
    rows = AuditEvent.objects.filter(case_id=world.shared_case.pk).order_by("seq")[before:]
    assert [(r.operation, r.purpose) for r in rows] == [("consultation", "safeguarding")]


def test_each_part_is_one_consultation_naming_the_part(client_for, world: World) -> None:
    client = client_for("police")
    for part in PARTS:
        client.get(f"/cases/{world.police_case.pk}/{part}")
    views = AuditEvent.objects.filter(case_id=world.police_case.pk, operation="consultation")
    assert list(views.order_by("seq").values_list("action", flat=True)) == [
        "view_case",
        "view_case_person",
        "view_case_risk",
        "view_case_plan",
        "list_decisions",
        "list_meetings",
        "view_soa_notifications",
        "view_timeline",
        "view_case_sharing",
    ]


def test_the_sub_navigation_marks_the_part_shown(client_for, world: World) -> None:
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/"
    labels = [
        "Summary",
        "Person",
        "Risk",
        "Plan",
        "Decisions",
        "Meetings",
        "Notifications",
        "Timeline",
        "Sharing",
    ]
    for part, label in zip(PARTS, labels, strict=True):
        html = client.get(f"{url}{part}").content.decode()
        nav = html[
            html.index('<nav class="moj-sub-navigation') : html.index(
                "</nav>", html.index('<nav class="moj-sub-navigation')
            )
        ]
        assert re.findall(r'href="([^"]+)">([A-Za-z]+)</a>', nav) == [
            (f"{url}{p}", lab) for p, lab in zip(PARTS, labels, strict=True)
        ]
        assert re.findall(r'aria-current="page" href="[^"]+">([A-Za-z]+)<', nav) == [label]


# Every part: session and user, the header's count of unread notifications, the case with its
# person, lead agency and area, its shares,
# the header (the open assessments; the active and draft plans), the audit row (savepoint,
# chain head, insert, hash, release); the policy's answer for the edit links reads nothing
# more. Then what the part shows: the summary, the latest level decision, the overdue
# actions and the referrals (decision 0018); the person, the names, identifiers, addresses
# and convictions (four); the risk, the chart history and the latest level decision; the
# plan, the plans with their actions, the assessments' factors and scenarios, the latest
# decisions and the case's facts the plan checker reads (two); the decisions, every
# decision; the meetings, every meeting with its chair and minutes; the timeline, a page of
# events, their count and the names of people and agencies; sharing, the transfers between
# areas (decision 0018).
EVERY_PART = 12
PART_QUERIES = {
    "": EVERY_PART + 3,
    "person/": EVERY_PART + 4,
    "risk/": EVERY_PART + 2,
    "plan/": EVERY_PART + 6,
    "decisions/": EVERY_PART + 1,
    "meetings/": EVERY_PART + 1,
    "timeline/": EVERY_PART + 5,  # the page, its length, its keys, the names (people, agencies)
    "sharing/": EVERY_PART + 1,
}


def test_each_part_uses_a_fixed_number_of_queries(client_for, world: World) -> None:
    """The query count of each part does not grow with the data (bench measures the time)."""
    client = client_for("police")
    small = case_services.register_case(
        actor=world.users["police"],
        person=person_data("Small", "Sam", addresses=[], convictions=[]),
        case=case_data("police-a"),
    )
    big = world.police_case
    client.get(f"/cases/{small.pk}/")  # warm the session and user
    grow_case(world, big.pk)
    counts = {}
    for part in PART_QUERIES:
        for case in (small, big):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(f"/cases/{case.pk}/{part}").status_code == 200
            counts.setdefault(part, []).append(len(ctx.captured_queries))
    assert counts == {part: [n, n] for part, n in PART_QUERIES.items()}, counts


def _identity_bar(html: str) -> str:
    """The identity bar's visible text."""
    start = html.index(">", html.index('data-testid="identity-bar"')) + 1
    bar = html[start : html.index('<nav class="moj-sub-navigation', start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", bar)).strip()


def test_every_part_opens_with_the_identity_bar(client_for, world: World) -> None:
    active, _draft = active_plan_and_draft(world, "police_case")
    Plan.objects.filter(pk=active.pk).update(review_date=dt.date(2027, 3, 4))
    Case.objects.filter(pk=world.police_case.pk).update(next_review_date=dt.date(2027, 1, 5))
    client = client_for("police")
    for part in PARTS:
        html = client.get(f"/cases/{world.police_case.pk}/{part}").content.decode()
        bar = _identity_bar(html)
        assert bar.startswith("KOWALSKI, Jan Active")  # the name, then the case's status
        assert "Date of birth 17 May 1980" in bar
        assert f"Case reference {world.police_case.reference}" in bar
        assert "RoSH in the community High" in bar
        assert "RoSH in custody" not in bar  # not rated in custody
        assert "MAPPA category Category 1: registered sexual offender" in bar
        assert "MAPPA level Level 1: ordinary agency management" in bar
        assert "Lead agency Northshire Police" in bar
        assert "Next MAPPA review 5 January 2027" in bar
        assert "Plan Active, review 4 March 2027; a new version in draft" in bar
        assert '<strong class="govuk-tag govuk-tag--orange">High</strong>' in html
        # The bar comes first: before the sub navigation and whatever the part shows.
        assert html.index('data-testid="identity-bar"') < html.index("moj-sub-navigation__list")
        assert html.index("<h1") > html.index('<main class="govuk-main-wrapper"')


def test_identity_bar_of_a_case_without_assessment_or_plan(client_for, world: World) -> None:
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/"
    bar = _identity_bar(client.get(url).content.decode())
    assert "RoSH in the community No assessment in force" in bar
    assert "Plan None approved" in bar and "Next MAPPA review" in bar
    a = submitted_assessment(world)
    RoshAssessment.objects.filter(pk=a.pk).update(overall_custody="medium")
    draft_plan = plans.start_plan(actor=world.users["police"], case_id=world.police_case.pk)
    assert draft_plan.status == "draft"
    bar = _identity_bar(client.get(f"{url}risk/").content.decode())
    assert "RoSH in the community High RoSH in custody Medium" in bar
    assert "Plan Draft, not yet approved" in bar


def _steps(response: object) -> dict[str, str]:
    """The summary's next steps: step code -> the item's HTML."""
    html = response.content.decode()  # type: ignore[attr-defined]
    return dict(re.findall(r'<li data-step="([a-z_]+)">(.*?)</li>', html, flags=re.S))


def test_summary_of_a_new_case_asks_for_an_assessment_a_plan_and_a_level_decision(
    client_for, world: World
) -> None:
    case_id = world.police_case.pk
    steps = _steps(client_for("police").get(f"/cases/{case_id}/"))
    assert set(steps) == {"no_assessment", "no_plan", "level_statement"}
    assert "No RoSH assessment is in force: start one." in steps["no_assessment"]
    assert f'href="/cases/{case_id}/risk/"' in steps["no_assessment"]
    assert f'href="/cases/{case_id}/plan/"' in steps["no_plan"]
    assert "record a level decision" in steps["level_statement"]
    assert f'href="/cases/{case_id}/risk/"' in steps["level_statement"]


def test_summary_links_the_assessment_awaiting_countersignature(client_for, world: World) -> None:
    a = submitted_assessment(world, countersign=False)
    steps = _steps(client_for("police").get(f"/cases/{world.police_case.pk}/"))
    assert (
        "An assessment is awaiting countersignature by a manager."
        in steps["awaiting_countersignature"]
    )
    assert f'href="/assessments/{a.pk}/"' in steps["awaiting_countersignature"]
    assert "no_assessment" in steps  # not in force until countersigned


def test_summary_shows_a_draft_plan_and_overdue_actions(client_for, world: World) -> None:
    active, _draft = active_plan_and_draft(world, "police_case")
    overdue = timezone.localdate() - dt.timedelta(days=3)
    assert Action.objects.filter(plan=active).update(due=overdue, status="planned") >= 2
    done = Action.objects.filter(plan=active).first()
    Action.objects.filter(pk=done.pk).update(status="done")  # finished: never overdue
    n = Action.objects.filter(plan=active).exclude(status="done").count()
    steps = _steps(client_for("police").get(f"/cases/{world.police_case.pk}/"))
    assert "no_plan" not in steps and "no_assessment" not in steps
    assert "A draft plan is waiting to be finished and approved." in steps["plan_draft"]
    assert f"{n} action{'s' if n != 1 else ''} on the plan overdue." in steps["actions_overdue"]
    assert f'href="/cases/{world.police_case.pk}/plan/"' in steps["actions_overdue"]


def test_summary_flags_review_and_notification_dates(client_for, world: World) -> None:
    today = timezone.localdate()
    case = world.police_case
    Case.objects.filter(pk=case.pk).update(
        next_review_date=today - dt.timedelta(days=1),
        notification_end=today + dt.timedelta(days=30),
    )
    steps = _steps(client_for("police").get(f"/cases/{case.pk}/"))
    assert "is overdue" in steps["review_overdue"]
    assert f'href="/cases/{case.pk}/edit/"' in steps["review_overdue"]  # the manager changes it
    ending = today + dt.timedelta(days=30)
    assert (
        f"The notification period ends on {ending.day} {ending:%B %Y}."
        in steps["notification_ending"]
    )
    Case.objects.filter(pk=case.pk).update(next_review_date=today + dt.timedelta(days=14))
    coordinator = client_for("coordinator")
    coordinator.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    steps = _steps(coordinator.get(f"/cases/{case.pk}/"))
    assert (
        "review_overdue" not in steps and "The next MAPPA review is due on" in steps["review_due"]
    )
    Case.objects.filter(pk=case.pk).update(next_review_date=today + dt.timedelta(days=15))
    assert "review_due" not in _steps(coordinator.get(f"/cases/{case.pk}/"))


def test_a_reader_who_cannot_manage_is_sent_to_the_key_facts(client_for, world: World) -> None:
    client = client_for("housing")
    url = f"/cases/{world.shared_case.pk}/"
    client.post(f"{url}justify/", {"purpose": "safeguarding"})
    Case.objects.filter(pk=world.shared_case.pk).update(next_review_date=dt.date(2000, 1, 1))
    steps = _steps(client.get(url))
    assert 'href="#key-facts"' in steps["review_overdue"]
    assert "/edit/" not in steps["review_overdue"]


def test_timeline_is_paged(client_for, world: World) -> None:
    grow_case(world, world.police_case.pk)
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/timeline/"
    total = AuditEvent.objects.filter(person_id=world.police_case.person_id).exclude(
        operation="consultation"
    )
    assert total.count() > 50
    first = client.get(url).content.decode()
    assert f'href="{url}?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert first.count('class="moj-timeline__item"') <= 50
    second = client.get(f"{url}?page=2").content.decode()
    assert f'href="{url}?page=1" rel="prev"' in second
    assert 'aria-current="page">2</a>' in second
    assert "Person recorded" not in text(client.get(url))
    last = (total.count() + 49) // 50
    assert "Person recorded" in text(client.get(f"{url}?page={last}"))
    assert client.get(f"{url}?page=x").status_code == 200
