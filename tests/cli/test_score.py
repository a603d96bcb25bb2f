"""``fourpillars score``: the real console script, one JSON object in and one out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.documents import RSR_ANSWERS

SCRIPT = Path(sys.executable).with_name("fourpillars")
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason=f"{SCRIPT} is not installed")

WORKED = {
    "sex": "female",
    "date_of_birth": "1972-09-09",
    "date_of_current_conviction": "2009-09-09",
    "date_of_first_sanction": "1986-09-09",
    "previous_sanctions": 3,
    "assessment_date": "2015-09-15",
    "offence_category": 16,
}
KEYS = {"instrument", "version", "score", "band", "probabilities", "terms", "warnings"}


def score(
    *args: str, stdin: str | None = None, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOURPILLARS_")}
    # No database is needed: point at one that does not exist to prove it.
    env["DATABASE_URL"] = "sqlite:////nonexistent/dir/none.sqlite3"
    return subprocess.run(
        [str(SCRIPT), "score", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_worked_example_from_standard_input() -> None:
    done = score("ogrs3", "--input", "-", stdin=json.dumps(WORKED))
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert set(body) >= KEYS and body["instrument"] == "ogrs3"
    assert body["probabilities"]["1y"] == pytest.approx(0.10966125120067907, abs=1e-12)
    assert body["probabilities"]["2y"] == pytest.approx(0.20180313320047938, abs=1e-12)
    assert body["band"] == "low"


def test_input_file(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"s_band": "high", "v_band": "medium"}))
    done = score("rm2000-c", "--input", str(path))
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["score"] == 5 and body["band"] == "high" and body["probabilities"] == {}


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (
            ("ogrs3", "--input", "-"),
            json.dumps({**WORKED, "date_of_birth": "2010-01-01"}),
            "date_of_birth",
        ),
        (
            ("ogrs3", "--input", "-"),
            json.dumps({**WORKED, "offence_category": 42}),
            "offence_category",
        ),
        (
            ("ogrs3", "--input", "-"),
            json.dumps({**WORKED, "date_of_first_sanction": "2012-01-01"}),
            "date_of_first_sanction",
        ),
        (("ogrs3", "--input", "-"), "{not json", "input"),
        (("ogrs3", "--input", "-"), "[1, 2]", "input"),
        (("ogrs3", "--input", "/nonexistent.json"), None, "input"),
        (("unknown-tool", "--input", "-"), "{}", "instrument"),
        (("dash", "--input", "-"), json.dumps({"answers": {"q1": "maybe"}}), "answers.q1"),
        (
            ("rsr", "--input", "-"),
            json.dumps({**RSR_ANSWERS, "violent_sanctions": 8}),
            "violent_sanctions",
        ),
        (
            ("rsr", "--input", "-"),
            json.dumps({**RSR_ANSWERS, "offence_category": 20}),
            "offence_category",
        ),
    ],
)
def test_invalid_input_exits_2_naming_the_field(
    args: tuple[str, ...], stdin: str | None, field: str
) -> None:
    done = score(*args, stdin=stdin)
    assert done.returncode == 2, (done.stdout, done.stderr)
    body = json.loads(done.stdout)
    assert field in [e["field"] for e in body["errors"]], body
    assert json.loads(done.stderr) == body


def test_rsr_worked_example_json_in_and_out() -> None:
    done = score("rsr", "--input", "-", stdin=json.dumps(RSR_ANSWERS))
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert set(body) >= KEYS | {"reason", "snsv", "osp_dc", "osp_iic", "caveat"}
    assert body["instrument"] == "rsr" and body["version"] == "2026-moj.1"
    assert body["snsv"]["1y"] == pytest.approx(0.005957884017114846, rel=1e-12)
    assert body["score"] == 1.09 and body["band"] == "low"
    assert body["probabilities"] == {"2y": pytest.approx(0.0109)}


def test_osp_for_a_woman_prints_not_applicable_with_the_reason() -> None:
    done = score("osp-iic", "--input", "-", stdin=json.dumps({"sex": "female"}))
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert (body["band"], body["score"], body["probabilities"]) == ("not_applicable", None, {})
    assert "men only" in body["reason"]
