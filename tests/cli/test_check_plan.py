"""``fourpillars check-plan``: the real console script; exit 0 clean or warnings only, 1 on an
error finding, 2 on a malformed document (the field named on stdout and stderr). No database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fourpillars.domain import plans
from tests.documents import clean_plan

SCRIPT = Path(sys.executable).with_name("fourpillars")
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason=f"{SCRIPT} is not installed")


def check_plan(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOURPILLARS_")}
    # No database is needed: point at one that does not exist to prove it.
    env["DATABASE_URL"] = "sqlite:////nonexistent/dir/none.sqlite3"
    return subprocess.run(
        [str(SCRIPT), "check-plan", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_a_clean_plan_from_a_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(clean_plan()), encoding="utf-8")
    done = check_plan(str(path))
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["findings"] == [] and body["approvable"] is True
    assert body["rules_version"] == plans.RULES_VERSION


def test_warnings_only_exit_0_and_are_listed() -> None:
    doc = clean_plan()
    doc["actions"][0]["text"] = "Monitor"
    done = check_plan("-", stdin=json.dumps(doc))
    assert done.returncode == 0, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["code"] == "ACTION_TEXT_VAGUE" and finding["severity"] == "warning"
    assert finding["refs"] == ["a1"] and "a1" in finding["message"]
    assert set(finding) >= {"code", "severity", "message", "refs", "source"}


def test_an_error_finding_exits_1_from_standard_input() -> None:
    doc = clean_plan()
    doc["risk_factors"].append({"id": "rf3", "text": "Isolation"})
    doc["scenarios"].append({"id": "sc4", "kind": "twist", "text": "A new partner"})
    done = check_plan("-", stdin=json.dumps(doc))
    assert done.returncode == 1, (done.stdout, done.stderr)
    body = json.loads(done.stdout)
    assert [(f["code"], f["refs"]) for f in body["findings"]] == [
        ("RF_UNADDRESSED", ["rf3"]),
        ("SCENARIO_NO_CONTINGENCY", ["sc4"]),
    ]
    assert body["errors"] == 2 and body["approvable"] is False


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (("-",), json.dumps({**clean_plan(), "mappa_level": 5}), "mappa_level"),
        (
            ("-",),
            json.dumps(
                {**clean_plan(), "actions": [{**clean_plan()["actions"][0], "pillar": "care"}]}
            ),
            "actions.0.pillar",
        ),
        (("-",), "{not json", "input"),
        (("-",), "[1, 2]", "plan"),
        (("-",), "[" * 100_000, "input"),
        (("/nonexistent/plan.json",), None, "input"),
        ((), None, "file"),
    ],
)
def test_a_malformed_document_exits_2_naming_the_field(
    args: tuple[str, ...], stdin: str | None, field: str
) -> None:
    done = check_plan(*args, stdin=stdin)
    assert done.returncode == 2, (done.stdout, done.stderr)
    body = json.loads(done.stdout)
    assert body["detail"] and field in [e["field"] for e in body["errors"]], body
    assert json.loads(done.stderr) == body


def test_the_rules_are_listed() -> None:
    done = check_plan("--rules")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert [r["code"] for r in body["items"]] == [r.code for r in plans.RULES]


def test_the_new_fields_are_read_and_an_old_document_still_checks(tmp_path: Path) -> None:
    doc = clean_plan()
    doc["actions"][1]["legal_basis"] = "because"
    doc["actions"][1]["pillar"] = "victim_safety_planning"
    doc["information_gaps"] = None
    done = check_plan("-", stdin=json.dumps(doc))
    assert done.returncode == 0, done.stderr
    codes = [f["code"] for f in json.loads(done.stdout)["findings"]]
    assert codes == ["PILLAR_EMPTY", "RESTRICTIVE_LEGAL_BASIS_UNCLEAR", "INFORMATION_NOT_RECORDED"]
    doc["next_mappa_review"] = "2027-01-01"
    done = check_plan("-", stdin=json.dumps(doc))
    assert done.returncode == 1, done.stderr
    old = {k: v for k, v in clean_plan().items() if k not in ("communicated", "offending")}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    done = check_plan(str(path))
    assert done.returncode == 0, done.stderr
    assert {f["code"] for f in json.loads(done.stdout)["findings"]} == {"PLAN_NOT_COMMUNICATED"}
    done = check_plan("-", stdin=json.dumps({**clean_plan(), "communicated": [{"to": "police"}]}))
    assert done.returncode == 2 and "communicated.0.on" in done.stdout
