"""The bench's "my actions" scenario and reminder figures: the bulk loader of plan actions
(steady state: what fell due was reminded), a page that costs the same queries for many
actions and none, the 200 ms aim against the bare view, and the reminder lines."""

from __future__ import annotations

from collections import Counter

import pytest
from bench import actions, fixtures, report, setup
from bench.__main__ import SCENARIOS, parse_args
from bench.load import Result
from bench.world import ensure_world

from fourpillars.notifications.models import ReminderDelivery
from fourpillars.plans.models import Action, Plan
from fourpillars.services import audit
from fourpillars.services import cases as case_services
from fourpillars.services.reminders import scan_reminders
from tests.cast import PASSWORD, case_data, person_data
from tests.cli.bench_meta import META


@pytest.mark.django_db
def test_the_loader_adds_active_plans_and_reminds_what_fell_due_before() -> None:
    world = ensure_world(PASSWORD)
    for i in range(6):
        case_services.register_case(
            actor=world.users["police"],
            person=person_data("Bench", f"Actions{i}"),
            case=case_data("police-a"),
        )
    loaded = actions.load_actions(world.users, total=40, seed=3)
    assert (loaded.plans, loaded.actions) == (6, 40)
    assert Plan.objects.filter(status="active").count() == 6
    assert Action.objects.filter(text__startswith=actions.TEXT).count() == 40
    assert ReminderDelivery.objects.count() == loaded.reminded_before
    assert scan_reminders().actions == 0  # the steady state: nothing left over
    assert audit.verify()[1] is None
    assert actions.load_actions(world.users, total=40).actions == 0  # loaded already
    counts = fixtures.my_actions_query_counts(
        world.users["police"], fixtures.smallest_area_coordinator(world.coordinators)
    )
    assert counts["my_actions"]["small"] == counts["my_actions"]["large"]
    assert counts["my_actions"]["large"]["status"] == 200
    fresh = actions.measure_throughput(5)
    assert fresh["actions"] == 5 and fresh["reminders"] >= 5


def test_the_my_actions_scenario_signs_in_as_the_police_user() -> None:
    assert "my_actions" in SCENARIOS
    args = parse_args(["--only", "bare,my_actions", "--actions", "1000"])
    assert args.actions == 1000 and args.reminder_interval == 5.0
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
    make = setup.scenarios(state)["my_actions"]
    paths = {make(i)[0] for i in range(len(actions.MY_ACTIONS_PATHS))}  # type: ignore[index]
    assert paths == set(actions.MY_ACTIONS_PATHS)
    assert make(0)[1] == {"Cookie": "sessionid=p"}  # type: ignore[index]


def test_bad_reminder_options_are_refused() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--reminder-interval", "0"])


def result(name: str, p95_ms: float) -> Result:
    r = Result(name, 10, requests=100, seconds=1.0)
    r.latencies_ms = [p95_ms] * 100
    r.statuses = Counter({200: 100})
    return r


def test_the_table_judges_my_actions_against_200_ms_and_the_bare_view() -> None:
    results = {"bare": result("bare", 20.0), "my_actions": result("my_actions", 150.0)}
    text = report.table(results, None, {}, META)
    assert "< 200  PASS" in text
    assert "p95 / bare view p95 = 7.5" in text
    assert "< 200  FAIL" in report.table(
        {"my_actions": result("my_actions", 250.0)}, None, {}, META
    )


def test_the_reminder_lines_give_throughput_and_delay() -> None:
    lines = actions.lines(
        {"actions_total": 200_000, "reminded_before": 30_000},
        {
            "actions": 2000,
            "reminders": 4000,
            "seconds": 20.0,
            "reminders_per_second": 200.0,
            "actions_per_second": 100.0,
        },
        {
            "scan_interval_s": 5.0,
            "p50_s": 3.1,
            "p95_s": 5.9,
            "max_s": 6.2,
            "reminded": 200,
            "actions": 200,
        },
    )
    text = "\n".join(lines)
    assert "200,000 on active plans" in text and "200.0 reminders/s" in text
    assert "scanning every 5 s: p50 3.1 s, p95 5.9 s" in text
