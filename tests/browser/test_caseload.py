"""The caseload home in a real browser, wide (1280 px) and narrow (375 px): sort by a column,
filter by a tag, follow a figure to the list behind it; axe-core finds no violation at all.

Drives Debian's Chromium through Playwright's Python package against pytest-django's live
server. Never downloads a browser.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.register.models import Case
from tests.browser.axe import violations
from tests.cast import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_sort_filter_and_follow_a_figure(
    browser_page, live_server, world: World, width: int
) -> None:
    Case.objects.filter(pk=world.shared_case.pk).update(next_review_date=dt.date(2020, 1, 1))
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("h1:has-text('My cases')")
    assert violations(page) == []

    page.click("a:has-text('All cases in the area')")
    page.wait_for_selector("[data-testid=caseload]")
    rows = page.locator("[data-testid=caseload] tbody tr")
    assert rows.count() == 2

    # Sort by level, then the other way round.
    page.click("th a:has-text('Level')")
    page.wait_for_selector("th[aria-sort=ascending] a:has-text('Level')")
    assert world.police_case.reference in rows.nth(0).inner_text()
    page.click("th a:has-text('Level')")
    page.wait_for_selector("th[aria-sort=descending] a:has-text('Level')")
    assert world.shared_case.reference in rows.nth(0).inner_text()
    assert violations(page) == []

    # Filter by category 1 with the filter form.
    page.check("#filter-category-1")
    page.click("[data-testid=apply-filters]")
    page.wait_for_selector("text=Selected filters")
    assert rows.count() == 1 and world.police_case.reference in rows.nth(0).inner_text()
    assert violations(page) == []
    page.click("a:has-text('Clear filters')")
    page.wait_for_selector("[data-testid=figures]")

    # Follow a figure: one review overdue.
    page.click("[data-testid=figure-review_overdue]")
    page.wait_for_selector("text=Selected filters")
    assert rows.count() == 1 and world.shared_case.reference in rows.nth(0).inner_text()
    assert "Review overdue" in rows.nth(0).inner_text()
    assert violations(page) == []
