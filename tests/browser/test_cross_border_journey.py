"""The cross-border journey in a real browser, across two nodes: this test's live
server is the United Kingdom; the Netherlands is a ``fourpillars serve`` process of its own
(its own SQLite file, keys and demo cast, tests/exchange/live_nodes.py), seeded by the
demo's own ``seed-demo`` (the password hashed for real: about 13 s of the test's time); this
process seeds the same people as the United Kingdom (demo/cross_border.py), so Jan
Voorbeeld, a registered sex offender (category 1) in the United Kingdom, is on the Dutch
register too.

1. the police offender manager records his trip to the Netherlands (case page, GOV.UK date
   inputs), reviews the proposed risk notification and submits it;
2. the police manager approves it with the recorded decision; the sending runs
   (``sending.send_due``, as the worker would) and the Dutch node's receipt is verified;
3. on the Dutch node, the co-ordinator finds it under "Received from other countries", reads
   it for MAPPA co-ordination, and confirms the candidate: it is added to his Dutch case;
4. the Dutch operator asks the United Kingdom for his criminal record (sent when it commits);
5. the United Kingdom's operator sees the request with its due date, answers with his
   records; the page says "answered on time"; the answer lands in the Netherlands, whose
   request page shows the records received.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from fourpillars import demo
from fourpillars.cli_commands.support import PASSWORD_ENV
from fourpillars.demo.cross_border import traveller_case
from fourpillars.domain.dates import long_date
from fourpillars.domain.exchange.transport import MessageStatus
from fourpillars.exchange.models import Message
from fourpillars.received.models import RecordRequest
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, sending
from tests.browser.govuk_forms import fill_date, sign_in
from tests.cast import PASSWORD
from tests.exchange.live_nodes import NodeProcess, migrated_copy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def netherlands(tmp_path: Path, transactional_db: None) -> Iterator[NodeProcess]:
    """The Dutch node: an empty migrated database seeded by ``seed-demo`` as ``make demo``
    seeds it (no synthetic crowd: only the cast and the people it shares with another node)."""
    nl = NodeProcess(
        "NL", tmp_path / "nl", tmp_path / "pycache", extra_env={PASSWORD_ENV: PASSWORD}
    )
    nl.home.mkdir()
    migrated_copy(nl)
    nl.cli("seed-demo", "--persons", "0", "--verbosity", "0")
    try:
        nl.start()
        nl.wait()
        yield nl
    finally:
        nl.stop()


def _nl_rows(nl: NodeProcess, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{nl.home / 'node.sqlite3'}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql).fetchall()


def _send_all() -> None:
    """What the worker does: post what is due, verify the receipts."""
    with request_context("cli"):
        result = sending.send_due()
    assert not result.errors, result.errors


def test_travel_to_the_netherlands_a_risk_notification_and_a_record_request_answered_on_time(
    browser_page: Any, live_server: Any, netherlands: NodeProcess, settings: Any, tmp_path: Path
) -> None:
    nl, page, gb = netherlands, browser_page, live_server.url
    settings.FOURPILLARS_SITE_URL = gb
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "gb-keys"
    with request_context("cli"):
        users = demo.ensure_world(PASSWORD)
        managers = demo.ensure_managers(PASSWORD)
        assert demo.seed_two_node_people(users, managers) == 4  # Jan, Pēteris, Līga and Иван
    # The nodes introduce themselves from their node.json.
    with request_context("cli"):
        directory.add_peer_from_url(actor=None, url=f"{nl.url}/exchange/node.json")
    nl.cli("node", "add-peer", f"{gb}/exchange/node.json")
    case = traveller_case()
    assert case is not None
    today = timezone.localdate()

    # 1. The officer records the trip and submits the proposed risk notification.
    sign_in(page, gb, "police")
    page.goto(f"{gb}/cases/{case.pk}/")
    page.click(".moj-sub-navigation a:text-is('Notifications')")
    page.click("a:has-text('Record a notification')")
    page.check("input[name=kind][value=travel]")
    fill_date(page, "notified_on", today)
    fill_date(page, "departs", today + dt.timedelta(days=9))
    fill_date(page, "returns", today + dt.timedelta(days=16))
    page.fill("#id_destinations", "NL")
    page.fill("#id_addresses_abroad", "Hotel Centraal, Damrak 1, Amsterdam")
    page.check("input[name=travel_means][value=rail]")
    page.click("button:has-text('Record the notification')")
    page.click("[data-testid=risk-notifications] a")
    page.wait_for_selector("h1:has-text('Risk notification to Netherlands')")
    page.click("button:has-text('Submit for a decision')")
    page.wait_for_selector("[data-testid=why-not]")
    proposal_url = page.url

    # 2. The manager approves it; the sending runs; the Dutch node's receipt is verified.
    sign_in(page, gb, "police-manager")
    page.goto(proposal_url)
    if page.locator("text=Why do you need to see this case?").count():
        page.check("input[value=risk-management]")
        page.click("button:has-text('Continue to the case')")
    page.wait_for_selector("h1:has-text('Risk notification to Netherlands')")
    page.check("input[name=lawful_basis][value=dpa2018_s73_adequacy]")
    page.fill("#id_necessity", "He travels alone to a city with schools near his hotel")
    page.fill("#id_proportionality", "Only what the Dutch police need for the visit")
    page.click("button:has-text('Approve and send')")
    page.wait_for_selector("text=Decision recorded")
    _send_all()
    (notice,) = Message.objects.filter(direction="out", type="risk_notification")
    assert notice.status == MessageStatus.DELIVERED.value and notice.receipt_verified

    # 3. The Dutch co-ordinator reads it and confirms who it concerns.
    sign_in(page, nl.url, "coordinator")
    page.goto(f"{nl.url}/received/")
    page.click("[data-testid=notices] a:has-text('Voorbeeld')")
    page.wait_for_selector("h1:has-text('Risk notification from United Kingdom')")
    page.check("input[name=purpose][value=mappa-coordination]")
    page.click("button:has-text('Read what was sent')")
    page.wait_for_selector("[data-testid=content]")
    candidate = page.locator("[data-testid=candidate]").first
    assert "VOORBEELD" in candidate.inner_text().upper()
    page.locator("input[name=choice]").first.check()
    page.fill("#id_reason", "Passport, names and date of birth agree")
    page.click("button:has-text('Record who it concerns')")
    page.wait_for_selector("[data-testid=matched]")
    assert "Added to case" in page.inner_text("main")
    (matched,) = _nl_rows(nl, "SELECT case_id FROM received_receivedrisknotification")
    assert matched["case_id"] is not None

    # 4. The Dutch operator asks the United Kingdom for his criminal record.
    sign_in(page, nl.url, "admin")
    page.goto(f"{nl.url}/received/record-requests/new/")
    page.select_option("#id_receiver", "GB")
    page.check("input[name=purpose][value=criminal_proceedings]")
    page.fill("#id_reason", "Proceedings in Amsterdam after his visit")
    page.fill("#id_family_name", "Voorbeeld")
    page.fill("#id_given_names", "Jan")
    page.fill("#id_date_of_birth", "1979-04-12")
    page.fill("#id_nationality", "NL")
    page.click("button:has-text('Send the request')")
    page.wait_for_selector("text=Request queued for sending")
    nl_request_url = page.url  # sent when it committed (the node runs its tasks at once)
    incoming = RecordRequest.objects.get(incoming=True)
    assert incoming.peer == "NL" and incoming.due_date is not None

    # 5. The United Kingdom's operator answers with his records, on time.
    sign_in(page, gb, "admin")
    page.goto(f"{gb}/received/record-requests/")
    page.click(f"a[href$='/received/record-requests/{incoming.pk}/']")
    page.wait_for_selector("h1:has-text('Criminal-record request from Netherlands')")
    assert page.inner_text("[data-testid=due]") == long_date(incoming.due_date)
    assert page.inner_text("[data-testid=state]") == "To answer"
    page.check("input[name=answer][value=records]")
    page.select_option("#id_person", index=1)
    page.click("button:has-text('Send the answer')")
    page.wait_for_selector("text=Answer queued for sending")
    _send_all()
    state = page.inner_text("[data-testid=state]")
    assert re.match(r"Answered, answered on time \(", state), state
    (answer,) = Message.objects.filter(direction="out", type="record_response")
    assert answer.status == MessageStatus.DELIVERED.value and answer.receipt_verified

    # The answer landed in the Netherlands: the records received are shown there.
    sign_in(page, nl.url, "admin")
    page.goto(nl_request_url)
    page.wait_for_selector("h1:has-text('Criminal-record request to United Kingdom')")
    assert page.inner_text("[data-testid=state]").startswith("Answered")
    assert "Records received" in page.inner_text("main")
