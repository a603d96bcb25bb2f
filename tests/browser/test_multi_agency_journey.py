"""The multi-agency journey of issue 12 in a real browser, at 1280 px, driven through the
screens as the people would drive them (links, forms, GOV.UK date inputs):

1. probation, the lead of the shared case (level 1), refers it for level 2 (MAPPA A, check
   your answers);
2. the co-ordinator finds it in "Waiting for me", screens it and accepts it at level 2 (a level
   decision recorded, the case at level 2);
3. the co-ordinator schedules a meeting for it with a chair of a manager's grade, inviting
   police, who had no access: a share with its lawful basis is recorded;
4. the meeting held (see ``held_yesterday``), the co-ordinator records attendance and the
   minutes through their task list: MAPPA B headings, the level confirmed, two actions (one
   owned by police, one by probation) with due dates, disclosure, and a next review within
   the level's interval (a date outside it first: a GOV.UK error);
5. the chair, from the invitation they were sent, approves the minutes (check your answers);
   the co-ordinator circulates them from the meetings dashboard; probation, the lead,
   approves the plan version the actions went into (actions agreed at a meeting go into a
   draft that a second person approves before they are carried out: decision 0019);
6. police reads the notification of the circulated minutes, opens them, and completes its
   action from "My actions", saying what was done (an empty answer first: a GOV.UK error);
7. the co-ordinator's meetings dashboard has nothing awaiting approval or circulation, the
   action is done on the plan, and the caseload shows the case at level 2.

axe-core finds no violation on any page state of the journey, the error states included.
One Chromium, a context per person (each keeps its own session, as on their own machines).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from fourpillars.assessments.models import LevelDecision
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.dates import long_date
from fourpillars.meetings.models import Meeting, Minutes
from fourpillars.plans.models import Plan
from fourpillars.register.models import Case
from fourpillars.services import assessments, plans
from tests.browser.axe import violations
from tests.cast import PASSWORD, World
from tests.documents import DEFENSIBILITY_NOTES, PLAN_CONTENT
from tests.factories import acknowledge_all, agency_content, colleague, submitted_assessment
from tests.meetings import chairs, started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280
CHAIR = "probation-manager"  # a manager: the grade a level 2 meeting needs


def before_the_journey(world: World) -> Case:
    """What the area holds already: chairs graded; the shared case (probation leads, housing
    has a share, police has none) at level 1, with a countersigned RoSH assessment and an
    approved plan (version 1) that the meeting's actions will add to."""
    chairs(world)
    case = world.shared_case
    probation = world.users["probation"]
    submitted_assessment(world, "shared_case")
    assessments.decide_level(
        actor=probation,
        case_id=case.pk,
        flags={},
        level=1,
        reason="Probation manages the risk alone so far; no barriers found",
    )
    draft = plans.start_plan(actor=probation, case_id=case.pk)
    draft = plans.save_plan(
        actor=probation,
        plan_id=draft.pk,
        data=agency_content(PLAN_CONTENT, "probation-a"),
        expected_version=draft.version,
    )
    plans.approve(
        actor=colleague(world, "shared_case"),
        plan_id=draft.pk,
        expected_version=draft.version,
        acknowledgements=acknowledge_all(draft),
        defensibility=DEFENSIBILITY_NOTES,
        rationale="Agreed in supervision",
    )
    case.refresh_from_db()
    assert case.level == 1
    assert not case.shares.filter(agency__code="police-a").exists()
    return case


def held_yesterday(meeting: Meeting) -> Meeting:
    """The screen refuses a meeting in the past ("must be in the future", seen in the
    journey), so the meeting is scheduled for tomorrow through the screen and then moved a
    day into the past here, as if the week had passed (tests/meetings.py ``started``):
    minutes are written only once a meeting has taken place."""
    return started(meeting, days_ago=1)


class Person:
    """One person at their own browser: a context of their own, signed in once."""

    def __init__(self, browser: Any, url: str, username: str) -> None:
        self.url = url
        self.context = browser.new_context(locale="en-GB", viewport={"width": WIDTH, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        self.page.goto(f"{url}/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button:has-text('Sign in')")
        self.page.wait_for_selector("text=Signed in as")

    def click(self, selector: str, then: str) -> None:
        """Follow a link or press a button, and wait for ``then`` (a selector) to appear."""
        self.page.click(selector)
        self.page.wait_for_selector(then)
        self.page.wait_for_load_state()

    def heading(self, words: str) -> None:
        self.page.wait_for_selector(f"h1:has-text({words!r})")

    def text(self, selector: str = "main") -> str:
        return str(self.page.inner_text(selector))

    def accessible(self, where: str) -> None:
        """axe-core finds no violation of any impact on the page as it is now."""
        found = violations(self.page)
        assert found == [], (where, self.page.url, found)

    def purpose_if_asked(self) -> None:
        """Outside the lead agency the purpose is asked once per case and session."""
        if self.page.locator("text=Why do you need to see this case?").count():
            self.accessible("purpose")
            self.page.check("input[value=mappa-coordination]")
            self.page.click("button:has-text('Continue to the case')")
            self.page.wait_for_load_state()

    def date(self, field: str, day: dt.date) -> None:
        """A GOV.UK date input: three boxes."""
        self.page.fill(f"#id_{field}-day", str(day.day))
        self.page.fill(f"#id_{field}-month", str(day.month))
        self.page.fill(f"#id_{field}-year", str(day.year))

    def close(self) -> None:
        assert self.errors == [], self.errors  # GOV.UK Frontend and htmx ran without errors
        self.context.close()


def refer(probation: Person, case: Case) -> None:
    page = probation.page
    probation.click(f"[data-testid=caseload] a:has-text('{case.reference}')", "h1")
    assert "Level 1" in probation.text("[data-testid=identity-bar]")
    probation.accessible("the case, at level 1")
    probation.click("a:has-text('Refer for Level 2 or 3')", "h1:has-text('Refer for Level 2')")
    probation.accessible("the referral form")
    page.fill("#id_reason", "Moved next to a primary school")
    page.fill("#id_current_risk", "High to children in the community")
    page.fill("#id_cannot_manage", "Police must act with probation: intelligence on contact")
    page.check("#id_proposed_level_0")  # level 2
    probation.click("button:has-text('Continue')", "h1:has-text('Check your answers')")
    assert "Moved next to a primary school" in probation.text("[data-testid=answers]")
    probation.accessible("check your answers of the referral")
    probation.click("button:has-text('Make the referral')", "[data-testid=referral-status]")
    assert "Waiting for screening" in probation.text("[data-testid=referral-status]")
    probation.accessible("the referral made")


def screen(coordinator: Person, case: Case) -> None:
    page = coordinator.page
    assert "1" in coordinator.text("[data-testid=waiting-screen]")
    coordinator.accessible("the co-ordinator's caseload")
    coordinator.click("[data-testid=waiting-screen]", "h1:has-text('Referrals to screen')")
    row = coordinator.text("[data-testid=queue-row]")
    assert case.reference in row and "Level 2" in row and "Probation Service, Northshire" in row
    coordinator.accessible("the referral queue")
    page.click("[data-testid=queue-row] a")
    page.wait_for_load_state()
    coordinator.purpose_if_asked()
    coordinator.click("a:has-text('Screen this referral')", "h1:has-text('Screen the referral')")
    coordinator.accessible("screening")
    page.check("#id_outcome_0")  # accept
    page.check("#id_level_0")  # level 2
    page.fill("#id_reason", "Police and probation must work together: a level 2 meeting")
    coordinator.click("button:has-text('Record the decision')", "[data-testid=screening-outcome]")
    assert "Accepted by" in coordinator.text("[data-testid=screening-outcome]")
    coordinator.accessible("the referral accepted")


def schedule(coordinator: Person, case: Case) -> Meeting:
    page = coordinator.page
    coordinator.click("#navigation a:has-text('Meetings')", "h1:has-text('Meetings')")
    coordinator.accessible("the meetings dashboard")
    coordinator.click("a:has-text('Schedule a meeting')", "h1:has-text('Schedule a meeting')")
    coordinator.accessible("the schedule form")
    page.check(f"#case-{case.pk}")
    page.check("input[name=kind][value=initial]")
    today = timezone.localdate()
    coordinator.date("date", today - dt.timedelta(days=1))
    page.fill("#id_time", "10:00")
    page.fill("#id_venue", "Northshire Police HQ, room 2")
    page.select_option("#id_chair", CHAIR)
    page.check("#agency-police-a")
    page.select_option("#id_lawful_basis", "cja2003_s325_4")
    page.fill("#id_reason", "Police hold the intelligence on contact with the school")
    coordinator.click("button:has-text('Schedule meeting')", ".govuk-error-summary")
    assert "must be in the future" in coordinator.text(".govuk-error-summary")
    assert page.is_checked(f"#case-{case.pk}") and page.is_checked("#agency-police-a")
    coordinator.accessible("the schedule form with an error")
    coordinator.date("date", today + dt.timedelta(days=1))
    coordinator.click("button:has-text('Schedule meeting')", "text=Meeting scheduled.")
    invited = coordinator.text("[data-testid=invitations]")
    assert "Northshire Police" in invited and "Probation Service, Northshire" in invited
    coordinator.accessible("the meeting scheduled")
    meeting_id = int(re.search(r"/meetings/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    return Meeting.objects.get(pk=meeting_id)


def record_minutes(coordinator: Person, meeting: Meeting, case: Case) -> list[str]:
    """The day after: the meetings dashboard lists the minutes to write; attendance first,
    then the task list."""
    page = coordinator.page
    day = timezone.localdate(meeting.starts_at)
    coordinator.click("#navigation a:has-text('Meetings')", "h1:has-text('Meetings')")
    assert coordinator.text("[data-testid=awaiting-approval]") == "1"
    assert "No meeting is scheduled." in coordinator.text()  # it is past
    coordinator.accessible("the dashboard after the meeting")
    coordinator.click(f"[data-testid=approval] a:has-text('{case.reference}')", "h1")
    coordinator.purpose_if_asked()
    coordinator.heading(f"Case {case.reference}")
    assert "record the attendance" in coordinator.text("main")
    coordinator.accessible("minutes before attendance")
    coordinator.click("a:has-text('record the attendance')", "h1:has-text('Attendance')")
    coordinator.accessible("attendance")
    for code, names in (("probation-a", "Priya Probation"), ("police-a", "DS Amy Hart")):
        page.check(f"input[name=att_{code}][value=attended]")
        page.fill(f"#id_names_{code}", names)
    coordinator.click("button:has-text('Save attendance')", "text=Attendance recorded.")
    assert "Held" in coordinator.text(".govuk-caption-l")
    coordinator.accessible("the meeting held")

    coordinator.click(f"[data-testid=meeting-cases] a:has-text('{case.reference}')", "h1")
    coordinator.heading(f"Case {case.reference}")
    assert "Not yet started" in coordinator.text(".govuk-task-list")
    coordinator.accessible("the minutes' task list")

    def task(title: str) -> None:
        coordinator.click(f".govuk-task-list a:has-text('{title}')", f"h1:has-text('{title}')")

    def save() -> None:
        coordinator.click("button:has-text('Save and return')", ".govuk-notification-banner")

    task("MAPPA B headings")
    coordinator.accessible("MAPPA B headings")
    page.fill("#id_information", "Probation: moved near a school. Police: seen at the gates.")
    page.fill("#id_risk", "High to children at Northtown Primary.")
    page.fill("#id_diversity", "Greek speaker: an interpreter at appointments.")
    save()
    task("Level decision")
    page.check("input[name=outcome][value=confirm]")
    page.fill("#id_reason", "Level 2: police and probation act together on the school")
    coordinator.accessible("level decision")
    save()
    task("Risk management plan agreed")
    page.select_option("#id_number", "1")
    page.fill("#id_note", "Version 1 stands; the two actions below are added to it")
    save()

    actions = [
        (
            "monitoring_control",
            "Visit the school gates at pick-up times",
            "police-a",
            "DS Amy Hart",
        ),
        ("supervision", "Weekly home visits until the move", "probation-a", "Priya Probation"),
    ]
    for n, (pillar, words, owner, name) in enumerate(actions):
        coordinator.click(
            ".govuk-task-list a:has-text('Actions agreed')", "h1:has-text('Add an action agreed')"
        )
        page.select_option("#id_pillar", pillar)
        page.fill("#id_text", words)
        page.select_option("#id_owner_agency", owner)
        page.fill("#id_owner_name", name)
        coordinator.date("due", day + dt.timedelta(days=14 * (n + 1)))
        assert "rf1: Sexual interest in children" in coordinator.text("#id_addresses-hint")
        page.fill("#id_addresses", "rf1")
        coordinator.accessible(f"action {n + 1}")
        coordinator.click("button:has-text('Add action')", "text=Action added.")

    task("Disclosure")
    page.check("input[name=outcome][value=not_needed]")
    page.fill("#id_detail", "The school is told through the police action; no one else at risk")
    save()

    task("Next review")
    coordinator.date("date", day + dt.timedelta(weeks=40))  # beyond level 2's interval
    coordinator.click("button:has-text('Save and return')", ".govuk-error-summary")
    refused = coordinator.text(".govuk-error-summary")
    assert "level 2 cases are reviewed at least every 16 weeks" in refused
    assert "[M/U]" not in refused  # the rule's version is small print, not an error's words
    coordinator.accessible("next review with an error")
    coordinator.date("date", day + dt.timedelta(weeks=12))
    save()

    tasks = coordinator.text(".govuk-task-list")
    assert "Not yet started" not in tasks and "In progress" not in tasks, tasks
    coordinator.accessible("the minutes complete")
    coordinator.click("a:has-text('Check the minutes')", "h1:has-text('Check the minutes')")
    body = coordinator.text()
    for n, (_, words, _, _) in enumerate(actions):
        assert words in body
        assert f"due {long_date(day + dt.timedelta(days=14 * (n + 1)))}" in body
    assert "Owner: DS Amy Hart, Northshire Police" in body  # the agency by name
    assert long_date(day + dt.timedelta(weeks=12)) in body  # the next review, written out
    assert "approves the minutes" in body  # the chair does, not the co-ordinator
    coordinator.accessible("the co-ordinator's check of the minutes")
    return [words for _, words, _, _ in actions]


def approve_minutes(chair: Person, case: Case) -> None:
    """The chair finds the meeting through the invitation they were sent."""
    page = chair.page
    chair.click("[data-testid=notifications-link]", "h1:has-text('Notifications')")
    assert "You are invited to the MAPPA meeting" in chair.text()
    chair.accessible("the chair's notifications")
    chair.click("[data-testid=notification] button:has-text('Open the meeting')", "h1")
    chair.heading("Initial meeting")
    chair.click(f"[data-testid=meeting-cases] a:has-text('{case.reference}')", "h1")
    chair.purpose_if_asked()
    chair.click("a:has-text('Check the minutes and approve them')", "h1:has-text('Check')")
    chair.accessible("the chair's check of the minutes")
    chair.click("button:has-text('Approve minutes')", "text=Minutes approved.")
    assert page.locator("main a:has-text('Change')").count() == 0  # read now, not changed
    assert "a draft: they are carried out once it is approved" in chair.text("main")
    chair.accessible("the minutes approved")


def circulate(coordinator: Person, case: Case) -> None:
    coordinator.click("#navigation a:has-text('Meetings')", "h1:has-text('Meetings')")
    assert coordinator.text("[data-testid=awaiting-approval]") == "0"
    assert coordinator.text("[data-testid=awaiting-circulation]") == "1"
    coordinator.accessible("the dashboard, minutes to circulate")
    coordinator.click("a:has([data-testid=awaiting-circulation])", "#circulation")
    coordinator.click(f"[data-testid=circulation] a:has-text('{case.reference}')", "h1")
    coordinator.click("a:has-text('Circulate the minutes')", "h1:has-text('Circulate')")
    recipients = coordinator.text("[data-testid=recipients]")
    assert "Northshire Police" in recipients and "Probation Service, Northshire" in recipients
    coordinator.accessible("circulation")
    coordinator.click("button:has-text('Circulate minutes')", "text=Minutes circulated.")
    coordinator.accessible("the minutes circulated")


def approve_plan(probation: Person, case: Case) -> None:
    """The lead approves the plan version the meeting's actions went into (the chair opened
    it, so another person approves): a reason for each warning and the six questions."""
    page = probation.page
    probation.click("#navigation a:has-text('My cases')", "[data-testid=waiting]")
    probation.click("[data-testid=waiting-approve]", "text=Cases with a plan waiting")
    probation.accessible("plans waiting for approval")
    probation.click(f"#search-results a:has-text('{case.reference}')", "[data-testid=identity-bar]")
    probation.click(".moj-sub-navigation a:text-is('Plan')", "a:has-text('Continue the draft')")
    probation.accessible("the case's plan part")
    probation.click("a:has-text('Continue the draft plan')", "[data-testid=check-and-approve]")
    probation.click("[data-testid=check-and-approve]", "h1:has-text('approve the plan')")
    body = probation.text()
    assert "Visit the school gates at pick-up times" in body
    assert "nothing blocks approval" in probation.text("[data-testid=no-blocking]")
    probation.accessible("check your answers of the plan")
    for box in page.locator("textarea[id^=acknowledgements-]").all():
        box.fill("Accepted: agreed at the MAPPA meeting")
    for box in page.locator("textarea[id^=defensibility-]").all():
        box.fill("Yes: see the minutes of the MAPPA meeting")
    page.fill("#rationale", "The meeting's actions answer the risk to the school")
    probation.click(
        "button.govuk-button:text-is('Approve the plan')", "text=Plan version 2 approved"
    )
    probation.accessible("the plan approved")


def complete_action(police: Person, case: Case, words: str) -> None:
    """Police reads the notification of the circulated minutes, opens them (giving the
    purpose: police is not the lead), then completes its action from "My actions"."""
    page = police.page
    police.click("[data-testid=notifications-link]", "h1:has-text('Notifications')")
    minutes_card = "[data-testid=notification]:has-text('Minutes of the MAPPA meeting')"
    assert "circulated to your agency" in police.text(minutes_card)
    police.accessible("police's notifications")
    page.click(f"{minutes_card} button:has-text('Read the minutes')")
    page.wait_for_load_state()
    police.purpose_if_asked()
    police.heading(f"Case {case.reference}")
    assert words in police.text() and "Circulated" in police.text()
    police.accessible("the circulated minutes, read by police")

    police.click("#navigation a:has-text('My actions')", "h1:has-text('My actions')")
    row = f"[data-testid=action-row]:has-text({words!r})"
    assert case.reference in police.text(row)
    assert "Weekly home visits" not in police.text()  # probation's action, not police's
    police.accessible("police's actions")
    page.click(f"{row} summary")
    police.click(f"{row} button:has-text('Mark as done')", ".govuk-error-summary")
    police.accessible("marking done with nothing said")
    page.fill("textarea[name=what_was_done]", "Visited at pick-up on 3 days; not seen")
    police.click("button:has-text('Mark as done')", "text=What was done is recorded.")
    police.accessible("the action done")
    police.click("[data-testid=tab-done]", "[data-testid=completion]")
    assert "Visited at pick-up on 3 days" in police.text("[data-testid=completion]")
    police.accessible("police's done actions")


def coordinator_sees(coordinator: Person, case: Case, words: str, review: dt.date) -> None:
    coordinator.click("#navigation a:has-text('Meetings')", "h1:has-text('Meetings')")
    assert coordinator.text("[data-testid=awaiting-approval]") == "0"
    assert coordinator.text("[data-testid=awaiting-circulation]") == "0"
    assert "No minutes are waiting for approval" in coordinator.text()
    coordinator.accessible("the meetings dashboard at the end")

    coordinator.click("#navigation a:has-text('My cases')", "[data-testid=caseload]")
    row = coordinator.text(f"[data-testid=caseload] tr:has-text('{case.reference}')")
    assert "Level 2" in row, row
    assert long_date(review) in row, row  # the next review the meeting set
    coordinator.accessible("the co-ordinator's caseload at the end")
    coordinator.click(f"[data-testid=caseload] a:has-text('{case.reference}')", "h1")
    coordinator.purpose_if_asked()
    coordinator.click(".moj-sub-navigation a:text-is('Plan')", "a:has-text('View the plan')")
    coordinator.click("a:has-text('View the plan')", "[data-testid=action-card]")
    card = coordinator.text(f"[data-testid=action-card]:has-text({words!r})")
    assert "Done" in card and "Visited at pick-up on 3 days" in card, card
    coordinator.accessible("the plan with the action done")


def test_refer_meet_minute_circulate_and_complete_an_action(
    browser_page: Any, live_server: Any, world: World
) -> None:
    case = before_the_journey(world)
    browser = browser_page.context.browser
    url = live_server.url

    probation = Person(browser, url, "probation")
    refer(probation, case)

    coordinator = Person(browser, url, "coordinator")
    screen(coordinator, case)
    case.refresh_from_db()
    assert case.level == 2
    assert LevelDecision.objects.filter(case=case, decided_level=2).count() == 1

    meeting = schedule(coordinator, case)
    share = case.shares.get(agency__code="police-a")
    assert share.lawful_basis == "cja2003_s325_4" and share.is_active(timezone.now())
    assert AuditEvent.objects.filter(action="invite_to_meeting", case_id=case.pk).exists()

    meeting = held_yesterday(meeting)
    agreed = record_minutes(coordinator, meeting, case)

    chair = Person(browser, url, CHAIR)
    approve_minutes(chair, case)
    minutes = Minutes.objects.get(item__meeting=meeting, item__case=case)
    assert minutes.status == "approved" and minutes.plan is not None
    circulate(coordinator, case)
    minutes.refresh_from_db()
    assert minutes.status == "circulated"
    assert set(minutes.circulated_to) == {"police-a", "probation-a"}

    approve_plan(probation, case)
    active = Plan.objects.get(case=case, status="active")
    assert active.number == 2
    police_action = active.actions.get(text=agreed[0])
    assert police_action.owner_agency.code == "police-a"
    assert active.actions.get(text=agreed[1]).owner_agency.code == "probation-a"

    police = Person(browser, url, "police")
    complete_action(police, case, agreed[0])
    police_action.refresh_from_db()
    assert police_action.status == "done"
    assert police_action.completed_by == world.users["police"]

    review = dt.date.fromisoformat(minutes.content["next_review"]["date"])
    coordinator_sees(coordinator, case, agreed[0], review)
    case.refresh_from_db()
    assert case.level == 2 and case.next_review_date == review

    for person in (probation, coordinator, chair, police):
        person.close()
