"""The bench's table and latest.json carry the scoring figures: scores per second, the OGRS3
ratio and aim, the rescoring of the register, and the score API's 20 ms p95 target."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from bench import report, scoring
from bench.load import Result
from bench.rescoring import Rescore

from tests.cli.bench_meta import META


def score_api(p95_ms: float) -> Result:
    result = Result("score_api", 10, requests=100, seconds=1.0)
    result.latencies_ms = [p95_ms] * 100
    result.statuses = Counter({200: 100})
    return result


def measured() -> dict[str, Any]:
    figures = scoring.ScoringFigures(1.0)
    figures.rates = {"ogrs3": scoring.Rate(1000, 60_000, 1.0), "dash": scoring.Rate(1, 9, 1.0)}
    figures.bare = scoring.Rate(1000, 3_000_000, 1.0)
    figures.skipped = {"sara": "the sample does not score (items: is required)"}
    rescore = Rescore(dt.date(2026, 3, 1), cases=10, scored=9, seconds=2.0, queries=2)
    rescore.bands = Counter({"low": 7, "medium": 2})
    rescore.not_scored = Counter({"sex": 1})
    return {"scoring": figures.summary(), "rescoring": rescore.summary()}


def test_table_shows_scoring_rescoring_and_the_score_api_target() -> None:
    text = report.table({"score_api": score_api(12.0)}, None, {}, META, measured())
    assert "OGRS3 score  POST /api/v1/instruments/ogrs3/score" in text
    assert "< 20  PASS" in text and "p95 < 50 ms: PASS" in text
    assert "60,000" in text and "OGRS3 / bare = 0.0200" in text
    assert "at least 50,000 scores/s on one core: 60,000/s  PASS" in text
    assert "sara" in text and "skipped" in text
    assert "10 cases in 2.0 s = 5 cases/s" in text and "low 7, medium 2" in text
    assert "refused on sex: 1" in text and "nothing written to the database" in text
    slow = report.table({"score_api": score_api(30.0)}, None, {}, META)
    assert "< 20  FAIL" in slow and "p95 < 50 ms: PASS" in slow


def test_latest_json_holds_the_figures_and_verdicts(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    report.write(out, {"score_api": score_api(25.0)}, None, {}, META, measured())
    data = json.loads(out.read_text())
    assert data["targets_p95_ms"]["score_api"] == 20.0
    assert data["verdicts"] == {"score_api": "FAIL", "ogrs3_scores_per_second": "PASS"}
    assert data["scoring"]["per_instrument"]["ogrs3"]["per_second"] == 60_000
    assert data["scoring"]["ogrs3_to_bare_ratio"] == 0.02
    assert data["rescoring"]["cases"] == 10 and data["rescoring"]["written_to_database"] is False
    assert data["results"]["score_api"]["p95_ms"] == 25.0


def test_table_shows_rsr_scores_per_second_and_its_api_p95() -> None:
    data = measured()
    figures = scoring.ScoringFigures(1.0)
    figures.rates = {
        "ogrs3": scoring.Rate(1000, 60_000, 1.0),
        "rsr": scoring.Rate(200, 15_000, 1.0),
    }
    figures.bare = scoring.Rate(1000, 3_000_000, 1.0)
    data["scoring"] = figures.summary()
    rsr_api = Result("score_rsr_api", 10, requests=100, seconds=1.0)
    rsr_api.latencies_ms = [15.0] * 100
    rsr_api.statuses = Counter({200: 100})
    text = report.table({"score_rsr_api": rsr_api}, None, {}, META, data)
    assert "RSR score    POST /api/v1/instruments/rsr/score" in text
    assert "15,000 scores/s; RSR / OGRS3 = 0.2500" in text
    assert "RSR scoring API at 10 clients: aim p95 < 20 ms: PASS" in text
