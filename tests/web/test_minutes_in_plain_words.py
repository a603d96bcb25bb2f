"""What the multi-agency browser journey found on the meeting screens, each held here by a
focused test: minutes name agencies and write dates out (on the page, the forms and the PDF),
read-only minutes offer no "Change" link, a notification's button says what it opens, and the
meetings dashboard links every figure to the list behind it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from fourpillars.domain.dates import long_date
from fourpillars.domain.reminders import OPENS, NotificationKind
from fourpillars.meetings.models import Meeting, Minutes
from fourpillars.plans.models import Plan
from fourpillars.services import meetings as svc
from tests.cast import World
from tests.factories import active_plan_and_draft
from tests.meetings import complete_minutes, held
from tests.web.helpers import posted, text

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _justified(client: Client, case_id: int) -> Client:
    client.post(f"/cases/{case_id}/justify/", {"purpose": "mappa-coordination"})
    return client


def _minuted(world: World) -> tuple[Meeting, str]:
    """Held minutes, every section written, one action (probation's) and a dissent (housing's);
    the shared case has an active plan for the action to go into. Returns the meeting and the
    action's due date."""
    active_plan_and_draft(world, "shared_case")
    Plan.objects.filter(case=world.shared_case, status="draft").delete()
    meeting = held(world)
    case = world.shared_case
    version = complete_minutes(world, meeting)
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    minutes = svc.add_minutes_action(
        actor=world.users["coordinator"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        data={
            "pillar": "supervision",
            "text": "Home visit by probation within two weeks",
            "owner_agency": "probation-a",
            "owner_name": "Priya Probation",
            "due": due,
            "addresses": "rf1",
        },
        expected_version=version,
    )
    svc.save_minutes(
        actor=world.users["coordinator"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        section="dissent",
        data=[{"agency": "housing-a", "text": "Housing would prefer monthly visits."}],
        expected_version=minutes.version,
    )
    return meeting, due


def test_minutes_name_agencies_and_write_dates_out(
    world: World, client_for: Callable[[str], Client]
) -> None:
    meeting, due = _minuted(world)
    case = world.shared_case
    base = f"/meetings/{meeting.pk}/cases/{case.pk}/"
    client = _justified(client_for("coordinator"), case.pk)
    check = text(client.get(base + "minutes/check/"))
    answers = check[check.index("Attendance and apologies") :]
    assert f"Owner: Priya Probation, Probation Service, Northshire; due {long_date(due)}" in (
        answers
    )
    assert "Northshire Council Housing Housing would prefer monthly visits." in answers
    review = Minutes.objects.get(item__meeting=meeting).content["next_review"]["date"]
    assert long_date(review) in answers
    assert "probation-a" not in answers and "housing-a" not in answers
    assert not ISO_DATE.search(answers), ISO_DATE.findall(answers)

    action_form = text(client.get(base + "minutes/actions/new/"))
    assert f"(Probation Service, Northshire, due {long_date(due)})" in action_form
    assert "probation-a" not in action_form
    dissent_form = text(client.get(base + "minutes/dissent/"))
    assert "Northshire Council Housing: Housing would prefer" in dissent_form
    hint = text(client.get(base + "minutes/next_review/"))
    assert "Level 2: on or before" in hint and not ISO_DATE.search(hint), hint
    assert "mappa-review" not in hint and "[M/U]" not in hint
    far = timezone.localdate() + dt.timedelta(weeks=40)
    refused = text(
        client.post(
            base + "minutes/next_review/",
            {
                **posted({"date": far.isoformat(), "reason": "Later"}, "date"),
                "version": Minutes.objects.get(item__meeting=meeting).version,
            },
        )
    )
    assert "level 2 cases are reviewed at least every 16 weeks" in refused
    assert "mappa-review" not in refused and "[M/U]" not in refused


def test_the_action_form_lists_the_factors_to_address(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """Actions agreed cite the factors by identifier: the form says which the case has (those
    of the assessment its plan responds to), so nobody has to guess "rf1"."""
    meeting, _ = _minuted(world)
    case = world.shared_case
    client = _justified(client_for("coordinator"), case.pk)
    page = text(client.get(f"/meetings/{meeting.pk}/cases/{case.pk}/minutes/actions/new/"))
    factors = svc.factors_to_address(case)
    assert factors and factors[0][0] == "rf1"
    assert f"This case's factors are rf1: {factors[0][1][:40]}" in page
    assert all(f"{ident}:" in page for ident, _ in factors)


def test_approved_minutes_offer_no_change_link_and_say_the_plan_waits(
    world: World, client_for: Callable[[str], Client]
) -> None:
    meeting, _ = _minuted(world)
    case = world.shared_case
    base = f"/meetings/{meeting.pk}/cases/{case.pk}/"
    minutes = Minutes.objects.get(item__meeting=meeting)
    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=minutes.version,
    )
    client = _justified(client_for("coordinator"), case.pk)
    page = client.get(base).content.decode()
    minutes_part = page[page.index('id="minutes"') :]
    assert ">Change<" not in minutes_part and 'href=""' not in minutes_part
    assert "a draft: they are carried out once it is approved" in text(client.get(base))


def test_the_minutes_pdf_names_agencies(world: World, client_for: Callable[[str], Client]) -> None:
    meeting, _ = _minuted(world)
    case = world.shared_case
    minutes = Minutes.objects.get(item__meeting=meeting)
    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=minutes.version,
    )
    svc.circulate_minutes(actor=world.users["coordinator"], meeting_id=meeting.pk, case_id=case.pk)
    client = _justified(client_for("coordinator"), case.pk)
    pdf = client.get(f"/meetings/{meeting.pk}/cases/{case.pk}/minutes.pdf").content
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install the Debian package poppler-utils")
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(out.split())
    assert "Priya Probation, Probation Service, Northshire" in flat
    assert "Northshire Council Housing: Housing would prefer" in flat
    assert "to Probation Service, Northshire" in flat  # circulated to
    assert "probation-a" not in flat and "housing-a" not in flat


def test_every_notification_kind_says_what_its_button_opens() -> None:
    assert set(OPENS) == set(NotificationKind)


def test_a_notification_button_says_what_it_opens(
    world: World, client_for: Callable[[str], Client]
) -> None:
    meeting, _ = _minuted(world)
    case = world.shared_case
    minutes = Minutes.objects.get(item__meeting=meeting)
    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=minutes.version,
    )
    svc.circulate_minutes(actor=world.users["coordinator"], meeting_id=meeting.pk, case_id=case.pk)
    page = text(client_for("probation").get("/notifications/"))
    assert re.search(r"Read the minutes\s*: Minutes of the MAPPA meeting", page), page
    assert re.search(r"Open the meeting\s*: MAPPA meeting on", page), page
    assert "Open the action" not in page


def test_every_dashboard_figure_links_to_its_list(
    world: World, client_for: Callable[[str], Client]
) -> None:
    board = client_for("coordinator").get("/meetings/").content.decode()
    figures = board[board.index('data-testid="meeting-figures"') : board.index('id="upcoming"')]
    targets = re.findall(r'href="#([a-z]+)"', figures)
    assert targets == ["upcoming", "approval", "circulation", "reviews"]
    for target in targets:
        assert f'id="{target}"' in board, target
    assert "No approved minutes are waiting to be circulated." in text(
        client_for("coordinator").get("/meetings/")
    )
