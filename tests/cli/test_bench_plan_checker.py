"""The plan checker's bench figure (200 actions, 50 risk factors, aim under 5 ms: decision 0009):
a generated plan, timings against a baseline, the table and latest.json, and a run with no
database at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench import plan_checker, report
from bench.__main__ import parse_args

from fourpillars.domain import plans
from tests.cli.bench_meta import META

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_plan_is_deterministic_the_right_size_and_has_findings() -> None:
    doc = plan_checker.generated_plan()
    assert doc == plan_checker.generated_plan()
    assert doc != plan_checker.generated_plan(seed=2)
    plan = plans.parse_plan(doc)
    assert (len(plan.actions), len(plan.risk_factors)) == (200, 50)
    assert plan.scenarios and plan.victims and plan.contingencies
    found = {f.code for f in plans.check(plan)}
    assert {"RF_UNADDRESSED", "ACTION_NO_TIMING", "ACTION_OWNER_NO_ACCESS"} <= found
    assert len(found) >= 5


def test_the_baseline_finds_what_the_traceability_rule_finds() -> None:
    plan = plans.parse_plan(plan_checker.generated_plan())
    rule = [f.refs[0] for f in plans.check(plan) if f.code == "RF_UNADDRESSED"]
    assert plan_checker.bare_traceability(plan) == rule == ["rf50"]


def test_a_tiny_run_reports_timings_a_ratio_and_a_verdict() -> None:
    said: list[str] = []
    figures = plan_checker.run(repetitions=20, say=said.append)
    assert len(figures.check.samples_ms) == 20 and len(figures.baseline.samples_ms) == 20
    assert figures.parse.samples_ms
    ratio = figures.ratio
    assert ratio is not None and ratio > 1  # every rule costs more than one bare loop
    assert figures.verdict in {"PASS", "FAIL"}
    summary = figures.summary()
    assert summary["aim_ms"] == 5.0 and summary["plan"]["actions"] == 200
    assert summary["check"]["median_ms"] <= summary["check"]["p95_ms"] <= summary["check"]["max_ms"]
    assert any("aim p95 < 5 ms" in line for line in said)


def test_the_table_and_latest_json_carry_the_figure(tmp_path: Path) -> None:
    summary = plan_checker.run(repetitions=8).summary()
    summary["check"].update(median_ms=0.25, p95_ms=0.3)
    text = report.table({}, None, {}, META, {"plan_checker": summary})
    assert "Plan checker (domain.plans.check)" in text
    assert "median 0.250 ms, p95 0.300 ms" in text and summary["verdict"] in text
    out = tmp_path / "latest.json"
    report.write(out, {}, None, {}, META, {"plan_checker": summary})
    data = json.loads(out.read_text())
    assert data["plan_checker"]["plan"]["risk_factors"] == 50
    assert data["verdicts"]["plan_checker_p95_ms"] == summary["verdict"]


def test_the_flags() -> None:
    defaults = parse_args([])
    assert not defaults.skip_plan_checker and not defaults.plan_checker_only
    assert defaults.plan_checks == plan_checker.REPETITIONS
    args = parse_args(["--skip-plan-checker"])
    assert args.skip_plan_checker
    with pytest.raises(SystemExit):
        parse_args(["--plan-checker-only", "--skip-plan-checker"])
    with pytest.raises(SystemExit):
        parse_args(["--plan-checks", "0"])


def test_plan_checker_only_needs_no_database() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/none"  # would fail if touched
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--plan-checker-only", "--plan-checks", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "aim p95 < 5 ms" in done.stdout and "Migrating" not in done.stdout
