"""The meeting screens end to end: scheduling with GOV.UK errors on bad input, attendance,
the minutes task list section by section (bad input on each), an action, check your answers,
the chair's approval, circulation, the PDF and the calendar entry; the dashboard updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from fourpillars.meetings.models import Meeting, Minutes
from tests.cast import World
from tests.meetings import chairs, held
from tests.web.helpers import posted

pytestmark = pytest.mark.django_db


def _justified(client: Client, case_id: int) -> Client:
    client.post(f"/cases/{case_id}/justify/", {"purpose": "mappa-coordination"})
    return client


def test_scheduling_shows_errors_then_schedules(
    world: World, client_for: Callable[[str], Client]
) -> None:
    chairs(world)
    client = client_for("coordinator")
    page = client.get(f"/meetings/new/?case={world.shared_case.pk}").content.decode()
    assert world.shared_case.reference in page and "checked" in page
    bad = client.post(
        "/meetings/new/",
        posted(
            {
                "kind": "",
                "date": "2001-02-03",
                "time": "25:99",
                "duration_minutes": "x",
                "chair": "",
                "video_link": "http://x",
            },
            "date",
        ),
    )
    text = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in text
    assert not Meeting.objects.exists()
    nobody = client.post("/meetings/new/", posted({"kind": "review"}, "date"))
    assert "Cases" in nobody.content.decode() and not Meeting.objects.exists()
    day = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    done = client.post(
        "/meetings/new/",
        {
            **posted({"kind": "review", "date": day}, "date"),
            "time": "10:30",
            "duration_minutes": "90",
            "venue": "Room 4",
            "video_link": "",
            "chair": "probation-manager",
            "cases": [str(world.shared_case.pk)],
            "agencies": ["housing-a"],
        },
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).hour == 10
    board = client.get("/meetings/").content.decode()
    assert f"/meetings/{meeting.pk}/" in board


def test_minutes_from_attendance_to_circulation(
    world: World, client_for: Callable[[str], Client]
) -> None:
    meeting = held(world)
    case = world.shared_case
    base = f"/meetings/{meeting.pk}/cases/{case.pk}/"
    client = _justified(client_for("coordinator"), case.pk)
    page = client.get(base).content.decode()
    assert 'data-testid="task-list"' in page and "Attendance and apologies" in page

    def version() -> int:
        return Minutes.objects.get(item__meeting=meeting).version

    # Bad input on every section: an error summary, nothing saved.
    bad = {
        "headings": {"risk": "x" * 10_001},
        "outcome": {"outcome": "change", "level": "", "reason": ""},
        "plan": {"number": "", "note": ""},
        "disclosure": {"outcome": "", "detail": ""},
        "dissent": {"agency": "", "text": ""},
        "next_review": posted({"date": "2099-01-01", "reason": ""}, "date"),
    }
    for slug, data in bad.items():
        before = version()
        response = client.post(base + f"minutes/{slug}/", {**data, "version": before})
        assert response.status_code == 200 and "There is a problem" in response.content.decode(), (
            slug
        )
        assert version() == before, slug
    good = {
        "headings": {
            "information": "Probation: compliant.",
            "risk": "High to children.",
            "diversity": "None identified.",
        },
        "outcome": {
            "outcome": "confirm",
            "level": "",
            "exit_reason": "",
            "reason": "Risk unchanged.",
        },
        "plan": {"number": "", "note": "New version to add the housing action."},
        "disclosure": {"outcome": "not_needed", "detail": "No third party at risk."},
        "dissent": {"agency": "housing-a", "text": "Housing would prefer monthly visits."},
        "next_review": posted(
            {"date": (timezone.localdate() + dt.timedelta(weeks=6)).isoformat(), "reason": ""},
            "date",
        ),
    }
    for slug, data in good.items():
        response = client.post(base + f"minutes/{slug}/", {**data, "version": version()})
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    bad_action = client.post(
        base + "minutes/actions/new/",
        {
            "pillar": "",
            "text": "",
            "owner_agency": "",
            "version": version(),
            **posted({"due": ""}, "due"),
        },
    )
    assert "There is a problem" in bad_action.content.decode()
    stale = client.post(base + "minutes/risk-and-more/", {"version": version()})
    assert stale.status_code == 404
    check = client.get(base + "minutes/check/").content.decode()
    assert "Housing would prefer monthly visits." in check and "Approve minutes" not in check
    chair = _justified(client_for("probation-manager"), case.pk)
    approved = chair.post(base + "minutes/check/", {"version": version()})
    assert approved.status_code == 302
    assert Minutes.objects.get(item__meeting=meeting).status == "approved"
    recipients = client.get(base + "minutes/circulate/").content.decode()
    assert (
        "Probation Service, Northshire" in recipients
        and "Northshire Council Housing" not in recipients
    )
    assert client.post(base + "minutes/circulate/").status_code == 302
    again = client.post(base + "minutes/circulate/")
    assert again.status_code == 422 and "Only approved minutes" in again.content.decode()
    pdf = client.get(base + "minutes.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    housing = _justified(client_for("housing"), case.pk)
    assert "Housing would prefer" in housing.get(base).content.decode()  # holds access


def test_attendance_and_contribution_forms_refuse_bad_input(
    world: World, client_for: Callable[[str], Client]
) -> None:
    meeting = held(world)
    case = world.shared_case
    coordinator = client_for("coordinator")
    response = coordinator.post(f"/meetings/{meeting.pk}/attendance/", {"att_probation-a": "bogus"})
    assert "There is a problem" in response.content.decode()
    housing = _justified(client_for("housing"), case.pk)
    url = f"/meetings/{meeting.pk}/cases/{case.pk}/contribute/"
    assert "There is a problem" in housing.post(url, {"text": ""}).content.decode()
    assert housing.post(url, {"text": "Tenancy stable."}).status_code == 302
    grade = coordinator.post(f"/meetings/{meeting.pk}/grade/", {"agenda": "9"})
    assert "There is a problem" in grade.content.decode()
    cancel = coordinator.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Too late"})
    assert "Only a scheduled meeting" in cancel.content.decode()
    ics = coordinator.get(f"/meetings/{meeting.pk}/meeting.ics")
    assert ics["Content-Type"] == "text/calendar" and b"Papadopoulos" not in ics.content


def test_the_case_page_has_a_meetings_part(
    world: World, client_for: Callable[[str], Client]
) -> None:
    meeting = held(world)
    client = client_for("probation")
    page = client.get(f"/cases/{world.shared_case.pk}/meetings/").content.decode()
    assert "Meetings" in page and f"/meetings/{meeting.pk}/cases/{world.shared_case.pk}/" in page
    summary = client.get(f"/cases/{world.shared_case.pk}/").content.decode()
    assert f'href="/cases/{world.shared_case.pk}/meetings/"' in summary
    bad = client.post(
        f"/cases/{world.shared_case.pk}/next-review/", posted({"date": "", "reason": ""}, "date")
    )
    assert "There is a problem" in bad.content.decode()
