"""A risk management plan in a real browser (decision 0012), built through its task list with
the keyboard only (Tab, Enter, Space and typing): a victim, actions under three pillars (one a
restrictive measure, whose legal basis and proportionality are revealed when it is ticked),
a contingency for each scenario, the information considered, a reason for the empty pillar,
then, as a colleague (the author may not approve), the check answers page and approval
with reasons and defensibility notes, and the PDF
(read with pdftotext). The findings panel follows as the plan is built; axe-core finds no
violation of any impact on any page of the builder and the approval page.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from fourpillars.plans.models import Plan
from tests.browser.axe import violations
from tests.browser.keyboard import follow, press, tab_to, type_into
from tests.cast import PASSWORD, World
from tests.factories import active_plan_and_draft, assessed, colleague

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINDINGS = "[data-testid=findings]"
TASK_LIST = "Risk management plan: draft version 1"


def task(page, slug: str, heading: str) -> None:
    follow(page, f"a.govuk-task-list__link[href$='/{slug}/']", heading)


def back_to_tasks(page) -> None:
    follow(page, "a:has-text('Continue to the task list')", TASK_LIST)


def add_action(page, n: int, pillar: str, words: str, frequency: str) -> None:
    follow(page, f"a[href$='?pillar={pillar}']", "Add an action")
    type_into(page, f"#actions-{n}-text", words)
    press(page, f"#actions-{n}-addresses", "Space")  # rf1
    type_into(page, f"#actions-{n}-owner_name", "DC Amy Hart")
    type_into(page, f"#actions-{n}-frequency", frequency)


def test_build_a_plan_with_the_keyboard_approve_and_download(
    browser_page, live_server, world: World
) -> None:
    assessed(world)  # rf1, pf1; sc1 (most likely), sc2 (worst case); the level decision recorded
    case = world.police_case
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "police")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    page.goto(f"{live_server.url}/cases/{case.pk}/plan/")
    follow(page, "button:has-text('Start a plan')", TASK_LIST)
    for code in ("RF_UNADDRESSED", "SCENARIO_NO_CONTINGENCY", "VICTIM_SAFETY_MISSING"):
        assert page.locator(f"{FINDINGS} [data-code={code}]").count() >= 1, code

    task(page, "victims", "Victims and potential victims")
    follow(page, "a:has-text('Add a victim')", "Add a victim")
    tab_to(page, "#victims-0-kind")
    page.keyboard.type("Child")
    type_into(page, "#victims-0-text", "Children at Northtown Primary")
    page.keyboard.press("Enter")  # Enter in a text field saves: the default button
    page.wait_for_selector("[data-testid=item-card]:has-text('Children at Northtown Primary')")
    back_to_tasks(page)

    task(page, "actions", "Actions by pillar")
    add_action(page, 0, "supervision", "Weekly home visits by the offender manager", "weekly")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=item-card]:has-text('Weekly home visits')")
    assert violations(page) == []
    # A restrictive measure: its legal basis and proportionality are revealed when ticked.
    add_action(page, 1, "monitoring_control", "Exclusion zone around the school", "daily")
    assert not page.is_visible("#actions-1-legal_basis")
    press(page, "#actions-1-restrictive", "Space")
    page.wait_for_selector("#actions-1-legal_basis", state="visible")
    type_into(page, "#actions-1-legal_basis", "SHPO condition 3")
    type_into(page, "#actions-1-proportionality", "Only the school, where he waited before")
    assert violations(page) == []
    page.keyboard.press("Shift+Tab")  # back to the legal basis, a text field
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=item-card]:has-text('Exclusion zone')")
    add_action(page, 2, "victim_safety_planning", "Brief the head teacher", "once, this week")
    press(page, "#actions-2-protects", "Space")  # v1
    tab_to(page, "#actions-2-frequency")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=item-card]:has-text('Brief the head teacher')")
    back_to_tasks(page)
    for code in ("RF_UNADDRESSED", "VICTIM_SAFETY_MISSING", "VICTIM_UNPROTECTED"):
        assert page.locator(f"{FINDINGS} [data-code={code}]").count() == 0, code

    task(page, "contingencies", "Contingencies")
    for n, scenario in enumerate(("sc1", "sc2")):
        follow(page, f"a[href$='?scenario={scenario}']", "Add a contingency")
        type_into(page, f"#contingencies-{n}-warning_signs", "Seen near a school")
        type_into(page, f"#contingencies-{n}-response", "Police visit; urgent MAPPA meeting")
        tab_to(page, f"#contingencies-{n}-owner_agency")
        page.keyboard.press("ArrowDown")  # the first agency holding access
        type_into(page, f"#contingencies-{n}-within_hours", "4")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"[data-testid=item-card]:has-text('({scenario})')")
    back_to_tasks(page)
    assert page.locator(f"{FINDINGS} [data-code=SCENARIO_NO_CONTINGENCY]").count() == 0

    task(page, "information", "Information considered")
    tab_to(page, "#information_considered-0-agency")
    page.keyboard.press("ArrowDown")
    type_into(page, "#information_considered-0-summary", "Intelligence on contact with the school")
    type_into(page, "#information_gaps", "None known")
    follow(page, "button:has-text('Save and continue')", TASK_LIST)

    task(page, "pillar_reasons", "Reasons for pillars without actions")
    type_into(page, "#pillar_reasons-interventions_treatment", "On the programme waiting list")
    follow(page, "button:has-text('Save and continue')", TASK_LIST)
    assert "0 errors" in page.inner_text("[data-testid=finding-counts]")

    # A link to the former one-page builder's pillar lands on the actions, at that pillar.
    tasks = page.url.split("#")[0]
    page.goto("about:blank")
    page.goto(f"{tasks}#pillar-supervision")
    page.wait_for_selector("h1:has-text('Actions by pillar')")
    assert page.url.endswith("/actions/#pillar-supervision")
    page.goto(tasks)

    # The author may not approve (a second person must): a colleague signs in and approves.
    plan_path = re.search(r"/plans/\d+/", page.url)
    assert plan_path is not None, page.url
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", colleague(world, "police_case").username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    page.goto(f"{live_server.url}{plan_path.group(0)}edit/")

    # Check your answers, then approve: a reason for each warning and the six questions.
    follow(page, "a:has-text('Check your answers')", "Check your answers and approve the plan")
    body = page.inner_text("main")
    assert "Exclusion zone around the school" in body and "SHPO condition 3" in body
    assert "nothing blocks approval" in page.inner_text("[data-testid=no-blocking]")
    for box in page.locator("textarea[id^=acknowledgements-]").all():
        type_into(page, f"#{box.get_attribute('id')}", "Accepted: reviewed at the next meeting")
    for box in page.locator("textarea[id^=defensibility-]").all():
        type_into(page, f"#{box.get_attribute('id')}", "Yes: see this month's MAPPA minutes")
    type_into(page, "#rationale", "Every risk the assessment found is answered")
    press(page, "button.govuk-button:has-text('Approve the plan')")
    page.wait_for_selector("text=Plan version 1 approved")
    assert "Active" in page.inner_text("[data-testid=plan-status]")
    assert violations(page) == []
    plan = Plan.objects.get(case=case, status="active")
    assert plan.actions.get(ident="a2").legal_basis == "SHPO condition 3"

    href = page.get_attribute("a:has-text('The plan as PDF')", "href")
    response = page.context.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install the Debian package poppler-utils")
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(out.split())
    assert case.reference in flat and "Supervision" in flat
    assert "Weekly home visits by the offender manager" in flat
    assert "Risk management plan version 1 approved" in flat
    assert page.js_errors == []  # GOV.UK Frontend and htmx ran without errors


def test_the_named_owner_of_an_action_updates_it_in_the_browser(
    browser_page, live_server, world: World
) -> None:
    """Decision 0013: an action's named owner may update its status, on the web as through
    the service. Housing, named on the lead agency's action of the shared case, gives the
    purpose once, opens the plan, and moves the action to "in progress"."""
    active, _ = active_plan_and_draft(world, "shared_case")
    action = active.actions.get(ident="a2")
    action.owner_user = world.users["housing"]
    action.save()
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "housing")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    page.goto(f"{live_server.url}/plans/{active.pk}/")
    page.check("input[name=purpose][value=mappa-coordination]")
    page.click("button:has-text('Continue to the case')")
    page.wait_for_load_state()
    page.wait_for_selector(f"form[action='/actions/{action.pk}/status/']", state="attached")
    other = active.actions.get(ident="a1")  # the lead agency's, not named to housing
    assert page.locator(f"form[action='/actions/{other.pk}/status/']").count() == 0
    page.click(f"summary:has-text('Update the status of {action.ident}')")
    page.check(f"#status-{action.pk}-2")  # the second status: in progress
    page.fill(f"#reason-{action.pk}", "First visit arranged")
    page.click(f"form[action='/actions/{action.pk}/status/'] button:has-text('Update status')")
    page.wait_for_load_state()
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert violations(page) == []
