"""A referral in a real browser (decision 0018): probation refers the shared case through the
form and "Check your answers"; the co-ordinator finds it in "Waiting for me", opens the queue,
gives the purpose, screens it and accepts it at level 2: the case is at level 2 with a level
decision recorded. Then the co-ordinator reads a possible duplicate and accepts a transfer
(a GOV.UK date input, a wrong date first). axe-core finds no violation on any of the pages,
the errors included.

Drives Debian's Chromium through Playwright's Python package against pytest-django's live
server. Never downloads a browser.
"""

from __future__ import annotations

import pytest

from fourpillars.assessments.models import LevelDecision
from fourpillars.register.models import Case
from tests.browser.axe import violations
from tests.cast import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: object, url: str, name: str) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    page.goto(f"{url}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", name)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Sign in')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Signed in as")  # type: ignore[attr-defined]


def test_probation_refers_and_the_coordinator_accepts_at_level_2(
    browser_page, live_server, world: World
) -> None:
    page = browser_page
    case = world.shared_case
    sign_in(page, live_server.url, "probation")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("a:has-text('Refer for Level 2 or 3')")
    page.wait_for_selector("h1:has-text('Refer for Level 2 or 3')")
    page.click("button:has-text('Continue')")  # nothing answered: GOV.UK errors
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter the reason for referral" in page.inner_text(".govuk-error-summary")
    assert violations(page) == []
    page.fill("#id_reason", "Moved next to a primary school")
    page.fill("#id_current_risk", "High to children in the community")
    page.fill("#id_cannot_manage", "Housing and police must act with probation")
    page.check("#id_proposed_level_0")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Check your answers')")
    assert "Moved next to a primary school" in page.inner_text("[data-testid=answers]")
    assert violations(page) == []
    page.click("button:has-text('Make the referral')")
    page.wait_for_selector("[data-testid=referral-status]")
    assert "Waiting for screening" in page.inner_text("[data-testid=referral-status]")

    sign_in(page, live_server.url, "coordinator")
    page.click("[data-testid=waiting-screen]")
    page.wait_for_selector("h1:has-text('Referrals to screen')")
    assert violations(page) == []
    page.click("[data-testid=queue-row] a")
    page.wait_for_selector("text=Why do you need to see this case?")
    page.check("input[value=mappa-coordination]")
    page.click("button:has-text('Continue to the case')")
    page.click("a:has-text('Screen this referral')")
    page.wait_for_selector("h1:has-text('Screen the referral')")
    page.check("#id_outcome_0")
    page.check("#id_level_0")
    page.fill("#id_reason", "Meetings add value: housing and police must attend")
    assert violations(page) == []
    page.click("button:has-text('Record the decision')")
    page.wait_for_selector("[data-testid=screening-outcome]")
    assert "Accepted by" in page.inner_text("[data-testid=screening-outcome]")
    assert page.js_errors == []
    assert Case.objects.get(pk=case.pk).level == 2
    assert LevelDecision.objects.filter(case=case, decided_level=2).count() == 1


def test_the_coordinator_decides_a_transfer_and_reads_a_possible_duplicate(
    browser_page, live_server, world: World
) -> None:
    from fourpillars.services import cases as case_services
    from fourpillars.services.referrals import transfers
    from tests.cast import case_data, person_data

    made = transfers.request(
        actor=world.users["outsider"],
        case_id=world.other_area_case.pk,
        proposed_lead_agency="police-a",
        reason="Moved to Northtown",
    )
    case_services.register_case(
        actor=world.users["outsider"],
        person=person_data("Kowalsky", "Jan"),
        case=case_data("police-b"),
    )
    page = browser_page
    sign_in(page, live_server.url, "coordinator")
    page.click("[data-testid=waiting-duplicates]")
    page.wait_for_selector("h1:has-text('Possible duplicates across areas')")
    page.click("[data-testid=queue] a")
    page.wait_for_selector("[data-testid=side-other]")
    assert "Jan Kowalsky" in page.inner_text("[data-testid=side-other]")
    assert violations(page) == []

    page.goto(f"{live_server.url}/transfers/{made.pk}/decide/")
    page.check("#id_outcome_0")
    page.fill("#id_access_ends_on-day", "31")
    page.fill("#id_access_ends_on-month", "2")
    page.fill("#id_access_ends_on-year", "2027")
    page.click("button:has-text('Record the decision')")
    page.wait_for_selector(".govuk-error-summary")
    assert "must be a real date" in page.inner_text(".govuk-error-summary")
    assert violations(page) == []
    page.fill("#id_handover_note", "Hand-over call held")
    page.fill("#id_access_ends_on-day", "")
    page.fill("#id_access_ends_on-month", "")
    page.fill("#id_access_ends_on-year", "")
    page.click("button:has-text('Record the decision')")
    page.wait_for_selector("[data-testid=transfer-outcome]")
    assert "Hand-over call held" in page.inner_text("[data-testid=transfer-outcome]")
    assert violations(page) == []
    assert page.js_errors == []
    assert Case.objects.get(pk=world.other_area_case.pk).area.code == "A"
