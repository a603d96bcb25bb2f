"""A risk management plan in a real browser (decision 0012): from a submitted RoSH assessment,
start a plan, link actions to the risk factors and see the findings disappear as they are
linked (htmx autosave answers the findings panel), add contingencies and a victim, see that
its author may not approve it, approve as a colleague with reasons and defensibility notes,
and download the PDF (read with pdftotext); axe-core finds no serious or critical problem
on the builder and the approval page.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from tests.browser.axe import serious_violations
from tests.cast import PASSWORD, World
from tests.factories import active_plan_and_draft, assessed, colleague

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FINDINGS = "[data-testid=findings]"


def gone(page: object, code: str) -> None:
    """Wait until the findings panel no longer lists ``code``."""
    page.wait_for_selector(f"{FINDINGS} [data-code={code}]", state="detached")  # type: ignore[attr-defined]


def test_build_a_plan_see_findings_go_approve_and_download(
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
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("button:has-text('Start a plan')")
    page.wait_for_selector("h1:has-text('Risk management plan: draft version 1')")
    for code in ("RF_UNADDRESSED", "SCENARIO_NO_CONTINGENCY", "VICTIM_SAFETY_MISSING"):
        assert page.locator(f"{FINDINGS} [data-code={code}]").count() >= 1, code
    assert serious_violations(page) == []

    # A supervision action (added without JavaScript's help: the button posts the form).
    page.click("button:has-text('Add another action under supervision')")
    page.wait_for_selector("#actions-0-text")
    page.fill("#actions-0-text", "Weekly home visits by the offender manager")
    page.fill("#actions-0-frequency", "weekly")
    # Linking it to the risk factor by selection: the uncovered factor goes, live.
    page.check("#actions-0-addresses")  # rf1
    gone(page, "RF_UNADDRESSED")
    page.wait_for_selector("[data-testid=autosave-status]:has-text('Draft saved at')")

    # The contingency rows, one for each scenario.
    for i in (0, 1):
        page.fill(f"#contingencies-{i}-warning_signs", "Seen near a school")
        page.fill(f"#contingencies-{i}-response", "Police visit; urgent MAPPA meeting")
        page.select_option(f"#contingencies-{i}-owner_agency", "police-a")
        page.fill(f"#contingencies-{i}-within_hours", "4")
    gone(page, "SCENARIO_NO_CONTINGENCY")

    # A victim, then a victim safety action that protects them.
    page.click("button:has-text('Add another victim')")
    page.wait_for_selector("#victims-0-kind")
    page.select_option("#victims-0-kind", "child")
    page.fill("#victims-0-text", "Children at Northtown Primary")
    page.click("button:has-text('Add another action under victim safety planning')")
    page.wait_for_selector("#actions-1-text")
    page.fill("#actions-1-text", "Brief the head teacher on the exclusion zone")
    page.fill("#actions-1-due", (timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.check("#actions-1-addresses")  # rf1
    page.check("#actions-1-protects")  # v1
    gone(page, "VICTIM_SAFETY_MISSING")
    gone(page, "VICTIM_UNPROTECTED")
    assert "0 errors" in page.inner_text("[data-testid=finding-counts]")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("text=Draft saved.")
    assert serious_violations(page) == []

    # The author may not approve: the plan page says why, and a colleague approves.
    found = re.search(r"/plans/(\d+)/", page.url)
    assert found is not None, page.url
    plan_url = f"{live_server.url}/plans/{found.group(1)}/"
    page.goto(plan_url)
    page.wait_for_selector("text=You wrote this plan: another person must approve it.")
    assert page.locator("a:has-text('Check and approve')").count() == 0
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", colleague(world, "police_case").username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    page.goto(plan_url)

    # Approval: a reason for each warning left (two empty pillars), and the six questions.
    page.click("text=Check and approve")
    page.wait_for_selector("h1:has-text('Check and approve the plan')")
    assert "nothing blocks approval" in page.inner_text("[data-testid=no-blocking]")
    assert serious_violations(page) == []
    page.click("button:has-text('Approve the plan')")
    page.wait_for_selector(".govuk-error-summary")  # nothing answered yet
    for box in page.locator("textarea[id^=acknowledgements-]").all():
        box.fill("Not needed this period: reviewed at the next meeting")
    for box in page.locator("textarea[id^=defensibility-]").all():
        box.fill("Yes: see the MAPPA minutes of this month")
    page.fill("#rationale", "Every risk the assessment found is answered")
    page.click("button:has-text('Approve the plan')")
    page.wait_for_selector("text=Plan version 1 approved")
    assert "Active" in page.inner_text("[data-testid=plan-status]")
    assert serious_violations(page) == []

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
    assert serious_violations(page) == []
