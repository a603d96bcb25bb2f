"""A RoSH assessment in a real browser (decision 0011): open a case, start an assessment, fill the
ratings and what a full analysis needs (the draft autosaves with htmx), add two instruments
(OGRS3 pre-filled from the register, and RM2000/V), submit, see that a high rating waits for a
manager's countersignature, and once countersigned see the overall rating on the case page;
axe-core finds no serious or critical problem on the form and the result page.
"""

from __future__ import annotations

import pytest

from fourpillars.assessments.models import RoshAssessment
from fourpillars.services.assessments import countersign
from tests.browser.axe import serious_violations
from tests.cast import PASSWORD, World
from tests.factories import manager_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "#summary-who_at_risk": "Girls aged 10 to 14 in the neighbourhood",
    "#summary-nature": "Sexual contact offending after grooming",
    "#summary-when_greatest": "When unsupervised and drinking",
    "#summary-increases": "Losing his tenancy; alcohol",
    "#summary-reduces": "Supervision and stable housing",
    "#formulation": "Offends when isolated and drinking; targets children he can groom.",
    "#risk_factors-0-text": "Sexual interest in children",
    "#risk_factors-0-evidence": "Index offence and police intelligence",
    "#judgement_reason": "Recent contact with a family with young children.",
}


def test_start_fill_score_submit_and_see_the_rating(
    browser_page, live_server, world: World
) -> None:
    case = world.police_case
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "police")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click(".moj-sub-navigation a:text-is('Risk')")
    page.click("button:has-text('Start a RoSH assessment')")
    page.wait_for_selector("h1:has-text('Risk of serious harm assessment: draft')")
    assert "Screening calls for a full analysis" in page.inner_text(
        "[data-testid=screening-result]"
    )
    assert serious_violations(page) == []

    # Ratings: children high (third option), the others low (first option).
    page.check("#ratings-community-children-3")
    for group in ("public", "known_adult", "staff"):
        page.check(f"#ratings-community-{group}")
    for selector, value in TEXT.items():
        page.fill(selector, value)
    # The draft saves itself as the user goes (htmx, after a pause).
    page.wait_for_selector("[data-testid=autosave-status]:has-text('Draft saved at')")
    page.select_option("#scenarios-0-kind", "most_likely")
    page.fill("#scenarios-0-description", "Grooming a child online, then meeting")
    page.click("button:has-text('Add another scenario')")
    page.wait_for_selector("#scenarios-1-kind")
    page.select_option("#scenarios-1-kind", "worst_case")
    page.fill("#scenarios-1-description", "A contact offence against a child")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("text=Draft saved.")

    # OGRS3, pre-filled from the register: only the offence category is left to choose.
    page.click("text=Add an instrument result")
    page.click("a:has-text('OGRS3')")
    page.wait_for_selector("text=From the register: person's date of birth")
    assert page.input_value("#date_of_birth-day") == "17"
    assert page.input_value("#date_of_birth-month") == "5"
    assert page.input_value("#date_of_birth-year") == "1980"
    page.select_option("#offence_category", "3")
    page.click("button:has-text('Score and add to the assessment')")
    page.wait_for_selector("h1:has-text('the result explained')")
    assert "How the result was reached" in page.inner_text("[data-testid=terms]")
    assert serious_violations(page) == []

    page.click("text=Add another instrument")
    page.click("a:has-text('Risk Matrix 2000/V')")
    page.check("#burglary-2")  # "No"
    page.click("button:has-text('Score and add to the assessment')")
    page.wait_for_selector("[data-testid=warning]")  # cut-offs unconfirmed [M]

    page.click("text=Back to the draft")
    page.click("text=Check and submit")
    page.click("button:has-text('Submit the assessment')")
    # A high rating comes into force only when a manager countersigns it.
    page.wait_for_selector("text=A manager must countersign it before it comes into force.")
    awaiting = RoshAssessment.objects.get(case=case, status="submitted")
    countersign(actor=manager_of(world.users["police"]), assessment_id=awaiting.pk, note="Agreed")
    page.click(".moj-sub-navigation a:text-is('Risk')")
    assert page.inner_text("[data-testid=rosh-overall]").strip().lower() == "high"
    assert "ogrs3" in page.inner_text("[data-testid=rosh-section]")

    # The level indication follows the criteria as they are ticked (htmx), before saving.
    page.click("a:has-text('Record a level decision')")
    assert "indicate level 1" in page.inner_text("[data-testid=level-indication]")
    page.check("#flags")  # meetings would add value: with a high RoSH, level 2
    page.wait_for_selector("[data-testid=level-indication]:has-text('indicate level 2')")
    assert serious_violations(page) == []
    assert page.js_errors == []  # GOV.UK Frontend and htmx ran without errors
