"""The practitioner's journey in a real browser: sign in, search with a misspelt
name, open the case, change the date of birth and add an alias, and see both in the timeline;
axe-core finds no accessibility problem of any impact on the search and case pages.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright's Python package against
pytest-django's live server. Never downloads a browser.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import violations
from tests.cast import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_edit_and_see_the_change_in_the_timeline(
    browser_page, live_server, world: World
) -> None:
    case = world.police_case
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "police")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=Signed in as")
    assert "Police offender manager, Northshire Police" in page.inner_text("body")

    # Search as you type (htmx) with a misspelt name.
    page.fill("#q", "Kowalsky")
    page.wait_for_selector("#search-results h2:has-text('1 case found')")
    assert "1 case found" in page.inner_text("#search-results")
    assert violations(page) == []

    page.click(f"#search-results a:has-text('{case.reference}')")
    page.wait_for_selector("h1:has-text('KOWALSKI, Jan')")
    assert violations(page) == []

    page.click(".moj-sub-navigation a:text-is('Person')")
    page.click("text=Change personal details")
    page.fill("#id_date_of_birth-day", "18")
    page.fill("#id_date_of_birth-month", "6")
    page.fill("#id_date_of_birth-year", "1981")
    page.click("button:has-text('Save changes')")
    page.wait_for_selector("text=Personal details updated.")
    assert page.inner_text("[data-testid=date-of-birth]") == "18 June 1981"

    page.click("text=Add a name")
    page.fill("#id_family_name", "Kowal")
    page.fill("#id_given_names", "Janek")
    page.click("button:has-text('Add name')")
    page.wait_for_selector("text=Name added.")

    page.click(".moj-sub-navigation a:text-is('Timeline')")
    timeline = page.inner_text("[data-testid=timeline]")
    assert "Personal details changed" in timeline
    assert "17 May 1980 → 18 June 1981" in timeline
    assert "Name added" in timeline and "Janek Kowal" in timeline
    assert timeline.index("Name added") < timeline.index("Personal details changed")
    assert page.js_errors == []  # GOV.UK Frontend and htmx ran without errors


@pytest.mark.usefixtures("world")
def test_error_summary_links_move_focus_to_the_field(browser_page, live_server) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.click("button:has-text('Sign in')")
    page.wait_for_selector(".govuk-error-summary")
    page.click(".govuk-error-summary__list a")
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_forms_with_errors_and_the_justification_page_are_accessible(
    browser_page, live_server, world: World
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.goto(f"{live_server.url}/cases/new/")
    page.click("button:has-text('Register')")
    page.wait_for_selector(".govuk-error-summary")
    assert violations(page) == []
    page.goto(f"{live_server.url}/cases/{world.shared_case.pk}/")
    page.wait_for_selector("h1:has-text('Why do you need to see this case?')")
    assert violations(page) == []
    page.check("text=MAPPA co-ordination (screening, meetings, levels)")
    page.click("button:has-text('Continue to the case')")
    page.wait_for_selector("h1:has-text('ΠΑΠΑΔΌΠΟΥΛΟΣ')")


def test_correct_an_address_and_remove_a_conviction(
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
    page.click(".moj-sub-navigation a:text-is('Person')")

    page.click("a[href*='/person/addresses/'][href$='/edit/']")
    page.fill("#id_postcode", "NT9 9ZZ")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('KOWALSKI, Jan')")
    assert "NT9 9ZZ" in page.inner_text("body")

    page.click("a[href*='/person/convictions/'][href$='/remove/']")
    assert violations(page) == []
    page.fill("#id_reason", "Entered on the wrong person's record")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('KOWALSKI, Jan')")

    page.click(".moj-sub-navigation a:text-is('Timeline')")
    timeline = page.inner_text("[data-testid=timeline]")
    assert "Address changed" in timeline and "NT9 9ZZ" in timeline
    assert "Conviction removed" in timeline
    assert page.js_errors == []
