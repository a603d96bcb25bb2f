"""`make bench` runs every HTTP scenario several times and reports the median run, so one
slow or fast moment of a shared machine does not decide a verdict."""

from __future__ import annotations

import pytest
from bench import load, report, wrk
from bench.__main__ import parse_args


def run_with_p95(p95: float | None) -> wrk.WrkResult:
    result = wrk.WrkResult("case_page", 10, requests=100, seconds=1.0, ok=100)
    result.pct = {} if p95 is None else {50: p95 / 2, 95: p95, 99: p95 * 1.1}
    return result


@pytest.mark.parametrize(
    ("p95s", "chosen"),
    [
        ([120.0], 120.0),
        ([180.0, 110.0, 140.0], 140.0),
        ([110.0, 140.0], 110.0),  # even: the lower middle
        ([100.0, None, 130.0], 130.0),  # a run where nothing succeeded counts as the slowest
        ([None, 90.0, None], None),
    ],
)
def test_the_median_run_is_reported(p95s: list[float | None], chosen: float | None) -> None:
    runs = [run_with_p95(p) for p in p95s]
    assert load.median_round(runs).percentile(95) == chosen


def test_no_runs_is_an_error() -> None:
    with pytest.raises(ValueError, match="no rounds"):
        load.median_round([])


def test_three_rounds_by_default_and_at_least_one() -> None:
    assert parse_args([]).rounds == 3
    assert parse_args(["--rounds", "1"]).rounds == 1
    with pytest.raises(SystemExit):
        parse_args(["--rounds", "0"])


def test_the_table_lists_every_rounds_p95() -> None:
    meta = {
        "people": 100,
        "database": "sqlite",
        "clients": 10,
        "workers": 4,
        "threads": 1,
        "cpus": 2,
        "load_average_at_start": [0.1, 0.1, 0.1],
        "load_average_at_end": [1.0, 1.0, 1.0],
        "rounds": 3,
        "p95_ms_of_each_round": {"case_page": [180.0, 110.0, 140.0]},
    }
    text = report.table({"case_page": run_with_p95(140.0)}, None, {}, meta)
    assert "ran 3 times in turn" in text
    assert "case_page 180.0 / 110.0 / 140.0" in text
    [row] = [line for line in text.splitlines() if line.startswith("case page")]
    assert " 140.0 " in row and row.endswith("< 150  PASS")  # the median run's p95 decides
