"""A RoSH assessment in a real browser (decision 0011).

First the draft is completed through its task list with the keyboard only (Tab, Enter, Space
and typing): each section page, the factors and scenarios added on their own pages (Enter in
a text field saves), the check answers page and the submit; axe-core finds no violation of
any impact on any page. Then, with the mouse: two instruments (OGRS3 pre-filled from the
register, and RM2000/V), a high rating that waits for a manager's countersignature, the
overall rating on the case page, and the level indication following the criteria.
"""

from __future__ import annotations

import pytest

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import rosh
from fourpillars.services import assessments as svc
from fourpillars.services.assessments import countersign
from tests.browser.axe import violations
from tests.browser.keyboard import follow, press, tab_to, type_into
from tests.cast import PASSWORD, World
from tests.factories import manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = {
    "#summary-who_at_risk": "Girls aged 10 to 14 in the neighbourhood",
    "#summary-nature": "Sexual contact offending after grooming",
    "#summary-when_greatest": "When unsupervised and drinking",
    "#summary-increases": "Losing his tenancy; alcohol",
    "#summary-reduces": "Supervision and stable housing",
    "#formulation": "Offends when isolated and drinking; targets children he can groom.",
}
TASK_LIST = "Risk of serious harm assessment: draft"


def sign_in(page, live_server, username: str = "police") -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")


def save_and_continue(page, heading: str = TASK_LIST) -> None:
    follow(page, "button:has-text('Save and continue')", heading)


def test_a_full_assessment_through_the_task_list_with_the_keyboard_only(
    browser_page, live_server, world: World
) -> None:
    case = world.police_case
    page = browser_page
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/cases/{case.pk}/risk/")
    follow(page, "button:has-text('Start a RoSH assessment')", TASK_LIST)
    assert "Screening calls for a full analysis" in page.inner_text(
        "[data-testid=screening-result]"
    )

    # Ratings: "Not rated yet" (the last option) is chosen; an arrow moves the choice on,
    # round to the first (low), so one press is low and three are high.
    follow(page, "a.govuk-task-list__link[href$='/ratings/']", "Ratings")
    for group, presses in (("children", 3), ("public", 1), ("known_adult", 1), ("staff", 1)):
        tab_to(page, f"input[name='ratings.community.{group}']")
        for _ in range(presses):
            page.keyboard.press("ArrowDown")
    assert page.is_checked("#ratings-community-children-3")
    save_and_continue(page)

    follow(page, "a.govuk-task-list__link[href$='/summary/']", "Summary questions")
    for selector, words in SUMMARY.items():
        type_into(page, selector, words)
    page.wait_for_selector("[data-testid=autosave-status]:has-text('Draft saved at')")
    save_and_continue(page)

    # A risk factor on its own page; Enter in the last text field saves it.
    follow(page, "a.govuk-task-list__link[href$='/risk_factors/']", "Risk factors")
    follow(page, "a:has-text('Add a risk factor')", "Add a risk factor")
    type_into(page, "#risk_factors-0-text", "Sexual interest in children")
    type_into(page, "#risk_factors-0-evidence", "Index offence and police intelligence")
    type_into(page, "#risk_factors-0-source_agency", "Police")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=item-card]:has-text('Sexual interest in children')")
    assert violations(page) == []
    follow(page, "a:has-text('Continue to the task list')", TASK_LIST)

    follow(page, "a.govuk-task-list__link[href$='/scenarios/']", "Scenarios")
    for n, (kind, words) in enumerate(
        (("Most", "Grooming a child online, then meeting"), ("Worst", "A contact offence"))
    ):
        follow(page, f"a[href$='/scenarios/{n}/']", "Add a scenario")
        tab_to(page, f"#scenarios-{n}-kind")
        page.keyboard.type(kind)  # the select jumps to the option starting so
        type_into(page, f"#scenarios-{n}-description", words)
        type_into(page, f"#scenarios-{n}-victims", "A child he has groomed")
        page.keyboard.press("Enter")  # the default button: Save and continue
        page.wait_for_selector(f"[data-testid=item-card]:has-text({words!r})")
    assert violations(page) == []
    follow(page, "a:has-text('Continue to the task list')", TASK_LIST)

    follow(page, "a.govuk-task-list__link[href$='/judgement/']", "How the evidence informs")
    type_into(page, "#judgement_reason", "Recent contact with a family with young children.")
    save_and_continue(page)
    assert "You have completed 6 of 8 sections" in page.inner_text("[data-testid=tasks-completed]")

    follow(page, "a:has-text('Check your answers')", "Check your answers")
    body = page.inner_text("main")
    assert "Girls aged 10 to 14" in body and "Sexual interest in children (rf1)" in body
    assert "Overall rating in the community" in body
    press(page, "button:has-text('Submit the assessment')")
    page.wait_for_selector("text=A manager must countersign it before it comes into force.")
    a = RoshAssessment.objects.get(case=case)
    assert a.status == "submitted" and a.overall == "high"
    assert [s.kind for s in a.scenarios.all()] == ["most_likely", "worst_case"]
    assert page.js_errors == []  # GOV.UK Frontend and htmx ran without errors


def test_score_instruments_submit_countersign_and_see_the_rating(
    browser_page, live_server, world: World
) -> None:
    case = world.police_case
    police = world.users["police"]
    a = svc.start_assessment(actor=police, case_id=case.pk)
    svc.save_draft(
        actor=police,
        assessment_id=a.pk,
        data={
            "ratings": {
                "community": {
                    "children": "high",
                    "public": "low",
                    "known_adult": "low",
                    "staff": "low",
                }
            },
            "summary": {k: "Answered" for k, _, _ in rosh.SUMMARY_QUESTIONS},
            "formulation": "Offends when isolated and drinking.",
            "risk_factors": [{"id": "rf1", "text": "Drinking", "evidence": "Notes"}],
            "scenarios": [
                {"id": "sc1", "kind": "most_likely", "description": "Grooming"},
                {"id": "sc2", "kind": "worst_case", "description": "Contact"},
            ],
        },
        expected_version=a.version,
    )
    page = browser_page
    sign_in(page, live_server)
    # A link to the former one-page form's section lands on that section's page.
    page.goto(f"{live_server.url}/assessments/{a.pk}/edit/#scenarios")
    page.wait_for_selector("h1:has-text('Scenarios')")
    assert page.url.endswith(f"/assessments/{a.pk}/edit/scenarios/#scenarios")
    page.goto(f"{live_server.url}/assessments/{a.pk}/edit/")
    # OGRS3, pre-filled from the register: only the offence category is left to choose.
    page.click("a.govuk-task-list__link:has-text('Instruments')")
    page.click("a:has-text('OGRS3')")
    page.wait_for_selector("text=From the register: person's date of birth")
    assert [page.input_value(f"#date_of_birth-{p}") for p in ("day", "month", "year")] == [
        "17",
        "5",
        "1980",
    ]
    page.select_option("#offence_category", "3")
    page.click("button:has-text('Score and add to the assessment')")
    page.wait_for_selector("h1:has-text('the result explained')")
    assert "How the result was reached" in page.inner_text("[data-testid=terms]")
    assert violations(page) == []
    page.click("text=Add another instrument")
    page.click("a:has-text('Risk Matrix 2000/V')")
    page.check("#burglary-2")  # "No"
    page.click("button:has-text('Score and add to the assessment')")
    page.wait_for_selector("[data-testid=warning]")  # cut-offs unconfirmed [M]

    page.click("text=Back to the draft")
    assert "Completed" in page.inner_text("[data-testid=task-instruments]")
    page.click("a:has-text('Check your answers')")
    assert "OGRS3" in page.inner_text("[data-testid=answers-instruments]")
    page.click("button:has-text('Submit the assessment')")
    # A high rating comes into force only when a manager countersigns it.
    page.wait_for_selector("text=A manager must countersign it before it comes into force.")
    awaiting = RoshAssessment.objects.get(case=case, status="submitted")
    countersign(actor=manager_of(police), assessment_id=awaiting.pk, note="Agreed")
    page.goto(f"{live_server.url}/cases/{case.pk}/risk/")
    assert page.inner_text("[data-testid=rosh-overall]").strip().lower() == "high"
    assert "ogrs3" in page.inner_text("[data-testid=rosh-section]")

    # The level indication follows the criteria as they are ticked (htmx), before saving.
    page.click("a:has-text('Record a level decision')")
    assert "indicate level 1" in page.inner_text("[data-testid=level-indication]")
    page.check("#flags")  # meetings would add value: with a high RoSH, level 2
    page.wait_for_selector("[data-testid=level-indication]:has-text('indicate level 2')")
    assert violations(page) == []
    assert page.js_errors == []
