"""The bench's caseload home: the co-ordinator's scenario, its 150 ms aim, and a page that
runs as many queries for a large area as for a small one."""

from __future__ import annotations

from collections import Counter

import pytest
from bench import fixtures, report, setup
from bench.__main__ import SCENARIOS
from bench.load import Result
from bench.world import ensure_world

from fourpillars.services import cases as case_services
from tests.cast import PASSWORD, case_data, person_data
from tests.cli.bench_meta import META

pytestmark = pytest.mark.django_db


def test_caseload_query_counts_do_not_grow_with_the_area() -> None:
    world = ensure_world(PASSWORD)
    for i in range(8):
        case_services.register_case(
            actor=world.users["police"],
            person=person_data("Bench", f"Area{i}"),
            case=case_data("police-a", level=1 + i % 2),
        )
    small = fixtures.smallest_area_coordinator(world.coordinators)
    assert small.username != "coordinator"
    counts = fixtures.caseload_query_counts(world.users["coordinator"], small)
    assert counts["caseload"]["small"]["status"] == 200
    assert counts["caseload"]["large"]["status"] == 200
    assert counts["caseload"]["small"]["queries"] == counts["caseload"]["large"]["queries"]


def test_the_caseload_scenario_signs_in_as_the_coordinator() -> None:
    assert "caseload" in SCENARIOS
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
    make = setup.scenarios(state)["caseload"]
    paths = {make(i)[0] for i in range(len(fixtures.CASELOAD_PATHS))}  # type: ignore[index]
    assert paths == set(fixtures.CASELOAD_PATHS)
    assert all("scope=all" in p for p in paths)
    assert make(0)[1] == {"Cookie": "sessionid=c"}  # type: ignore[index]


def caseload_result(p95_ms: float) -> Result:
    result = Result("caseload", 10, requests=100, seconds=1.0)
    result.latencies_ms = [p95_ms] * 100
    result.statuses = Counter({200: 100})
    return result


def test_the_table_judges_the_caseload_against_150_ms() -> None:
    counts: fixtures.Counts = {
        "caseload": {"small": {"queries": 9, "status": 200}, "large": {"queries": 9, "status": 200}}
    }
    text = report.table({"caseload": caseload_result(120.0)}, None, counts, META)
    assert "caseload     GET /?scope=all (co-ordinator, whole area)" in text
    assert "< 150  PASS" in text and "caseload    9 / 9  equal" in text
    assert "< 150  FAIL" in report.table({"caseload": caseload_result(160.0)}, None, {}, META)
