"""SOA notification and a risk notification in a real browser (decision 0022): the police
offender manager records a trip to the Netherlands on the case's Notifications part (GOV.UK
date inputs, an error first), reviews the proposed risk notification (leaving the warning
signs out, with a reason) and submits it; the co-ordinator finds it under "Waiting for me",
gives the purpose, and approves it with the recorded decision: one message is queued to the
Netherlands. axe-core finds no violation on any of the pages, the errors included.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from fourpillars.exchange.models import Message
from tests.browser.axe import violations
from tests.browser.govuk_forms import fill_date, sign_in
from tests.cast import World
from tests.factories import active_plan_and_draft
from tests.soa_world import with_peer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_travel_is_notified_reviewed_and_approved_by_a_second_person(
    browser_page: Any, live_server: Any, world: World, settings: Any, tmp_path: Path
) -> None:
    with_peer(settings, tmp_path)
    active_plan_and_draft(world, "police_case")
    page, url, case = browser_page, live_server.url, world.police_case
    today = timezone.localdate()
    sign_in(page, url, "police")
    page.goto(f"{url}/cases/{case.pk}/")
    page.click(".moj-sub-navigation a:text-is('Notifications')")
    page.wait_for_selector("[data-testid=unconfirmed]")
    assert violations(page) == []
    page.click("a:has-text('Record a notification')")
    page.wait_for_selector("h1:has-text('Record a notification')")
    page.check("input[name=kind][value=travel]")
    page.click("button:has-text('Record the notification')")  # nothing else: errors named
    page.wait_for_selector(".govuk-error-summary")
    assert violations(page) == []
    page.check("input[name=kind][value=travel]")
    fill_date(page, "notified_on", today)
    fill_date(page, "departs", today + dt.timedelta(days=9))
    fill_date(page, "returns", today + dt.timedelta(days=16))
    page.fill("#id_destinations", "NL")
    page.fill("#id_addresses_abroad", "Hotel Centraal, Amsterdam")
    page.check("input[name=travel_means][value=rail]")
    page.click("button:has-text('Record the notification')")
    page.wait_for_selector("[data-testid=risk-notifications]")
    page.click("[data-testid=risk-notifications] a")
    page.wait_for_selector("h1:has-text('Risk notification to Netherlands')")
    assert "In the community, children: High" in page.inner_text("[data-testid=section-rosh]")
    assert page.locator("[data-testid=channel-guide]").is_visible()
    assert violations(page) == []
    page.uncheck("#included-warning_signs")
    page.fill("#left_out-warning_signs", "Not needed for a short visit")
    page.click("button:has-text('Save what is included')")
    page.wait_for_selector("text=Saved what is included")
    page.click("button:has-text('Submit for a decision')")
    page.wait_for_selector("[data-testid=why-not]")
    assert "another person must decide" in page.inner_text("[data-testid=why-not]")

    sign_in(page, url, "coordinator")
    page.click("[data-testid=waiting-abroad]")
    page.wait_for_selector("text=Why do you need to see this case?")
    page.check("input[value=mappa-coordination]")
    page.click("button:has-text('Continue to the case')")
    page.wait_for_selector("h1:has-text('Risk notification to Netherlands')")
    page.click("button:has-text('Approve and send')")  # no reasons: errors named
    page.wait_for_selector(".govuk-error-summary")
    assert violations(page) == []
    page.check("input[name=lawful_basis][value=dpa2018_s73_adequacy]")
    page.fill("#id_necessity", "He travels alone to a city with schools near his hotel")
    page.fill("#id_proportionality", "Only what the Dutch police need for the visit")
    page.click("button:has-text('Approve and send')")
    page.wait_for_selector("text=Decision recorded")
    assert "Approved and sent" in page.inner_text("[data-testid=proposal-facts]")
    assert page.js_errors == []
    (message,) = Message.objects.all()
    assert (message.type, message.receiver) == ("risk_notification", "NL")
