"""Emergency access and retention review in a real browser (decision 0030): the police offender
manager asks for a case of another area (an error first), reads the answer and opens the case;
the co-ordinator finds a closed case due under "Waiting for me", asks to delete it and sees
the confirmation page. axe-core finds no violation on any of the pages, the errors included.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fourpillars.register.models import Case
from tests.browser.axe import violations
from tests.browser.govuk_forms import sign_in
from tests.cast import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_emergency_access_is_asked_for_and_the_case_opened(
    browser_page: Any, live_server: Any, world: World
) -> None:
    page, url, case = browser_page, live_server.url, world.other_area_case
    sign_in(page, url, "police")
    page.click("a:has-text('Emergency access to a case')")
    assert violations(page) == []
    page.click("button:has-text('Ask for emergency access')")  # nothing typed
    page.wait_for_selector(".govuk-error-summary")
    assert violations(page) == []
    page.fill("#id_reference", case.reference)
    page.fill("#id_reason", "Arrested tonight near a school; need the risk plan now")
    page.click("button:has-text('Ask for emergency access')")
    page.wait_for_selector("[data-testid=answer]")
    assert violations(page) == []
    page.click("a:has-text('Open the case')")
    page.wait_for_selector(f"text={case.reference}")
    assert page.url.endswith(f"/cases/{case.pk}/")
    assert violations(page) == []
    assert page.js_errors == []


def test_a_retention_review_is_found_and_a_deletion_confirmed_first(
    browser_page: Any, live_server: Any, world: World
) -> None:
    page, url, case = browser_page, live_server.url, world.shared_case
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_on=today - dt.timedelta(days=8 * 366),
        retention_review_due=today - dt.timedelta(days=2),
    )
    sign_in(page, url, "coordinator")
    page.click("[data-testid=waiting-retention]")
    page.wait_for_selector("[data-testid=due]")
    assert violations(page) == []
    page.click(f"a:has-text('{case.reference}')")
    page.wait_for_selector("input[name=outcome]")
    assert violations(page) == []
    page.click("button:has-text('Record the decision')")  # nothing chosen
    page.wait_for_selector(".govuk-error-summary")
    assert violations(page) == []
    page.check("input[name=outcome][value=delete]")
    page.fill("#id_reason", "No longer needed for a policing purpose")
    page.click("button:has-text('Record the decision')")
    page.wait_for_selector("button:has-text('Delete the personal data')")
    assert violations(page) == []
    page.click("button:has-text('Delete the personal data')")
    page.wait_for_selector("[data-testid=recent]")
    assert not Case.objects.filter(pk=case.pk).exists()
    assert violations(page) == []
    assert page.js_errors == []
