"""The bench's meetings: the bulk loader makes meetings, their cases, invitations and minutes
(past and coming), and the co-ordinator's dashboard scenario reads them, with its 200 ms aim."""

from __future__ import annotations

import pytest
from bench import fixtures, report, setup
from bench.__main__ import SCENARIOS
from bench.meetings import load_meetings
from bench.world import ensure_world
from django.test import Client

from fourpillars.meetings.models import Meeting, Minutes
from fourpillars.services import cases as case_services
from tests.cast import PASSWORD, case_data, person_data

pytestmark = pytest.mark.django_db


def test_the_loader_fills_meetings_and_the_dashboard_reads_them() -> None:
    world = ensure_world(PASSWORD)
    for i in range(6):
        case_services.register_case(
            actor=world.users["police"],
            person=person_data("Bench", f"Meeting{i}"),
            case=case_data("police-a", level=2 + i % 2),
        )
    stats = load_meetings(count=200, seed=1)
    assert stats.meetings == 200 and Meeting.objects.count() == 200
    assert Minutes.objects.filter(status="draft").exists()
    assert Minutes.objects.filter(status="circulated").exists()
    assert load_meetings(count=200, seed=1).meetings == 0  # idempotent
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(fixtures.MEETINGS_DASHBOARD)
    assert page.status_code == 200 and 'data-testid="upcoming"' in page.content.decode()


def test_the_dashboard_scenario_is_registered_with_its_aim() -> None:
    assert "meetings_dashboard" in SCENARIOS
    assert report.TARGETS_MS["meetings_dashboard"] == 200.0
    state = setup.State(
        world=None,  # type: ignore[arg-type]  # not used by the scenarios
        creds=fixtures.Credentials("token", "token", "sessionid=p", "sessionid=c"),
        counts={},
        case_ids=[1],
        queries=["Smith"],
        people=0,
        load_stats=setup.loader.LoadStats(0, 0, 0.0),
        load_average=[],
    )
    make = setup.scenarios(state)["meetings_dashboard"]
    assert make(0) == ("/meetings/", {"Cookie": "sessionid=c"})
