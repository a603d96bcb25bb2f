"""In-process scoring throughput for `make bench`: valid varied inputs, positive rates, a ratio
against the bare OGRS3 formula, and instruments that do not score skipped with a note."""

from __future__ import annotations

import json

import pytest
from bench import scoring

from fourpillars.domain import instruments
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments.base import Instrument, ScoreResult


def test_ogrs3_inputs_are_deterministic_different_and_valid() -> None:
    inputs = scoring.ogrs3_inputs()
    assert inputs == scoring.ogrs3_inputs()
    assert inputs != scoring.ogrs3_inputs(seed=2)
    assert len({json.dumps(p, sort_keys=True) for p in inputs}) == scoring.OGRS3_INPUTS
    bands = {instruments.score("ogrs3", p).band for p in inputs}  # raises if one is invalid
    assert len(bands) >= 3
    assert {p["offence_category"] for p in inputs} == set(range(20))
    assert {p["sex"] for p in inputs} == {"male", "female"}
    assert min(p["previous_sanctions"] for p in inputs) == 0


def test_every_instrument_has_a_sample_or_a_note() -> None:
    payloads, skipped = scoring.samples()
    assert set(payloads) | set(skipped) == set(instruments.REGISTRY)
    assert not set(payloads) & set(skipped)
    assert len(payloads["ogrs3"]) == scoring.OGRS3_INPUTS
    for code, found in payloads.items():
        assert instruments.score(code, found[0]).instrument == code


def test_the_bare_formula_gives_the_full_scores_probabilities() -> None:
    inputs = scoring.ogrs3_inputs(50)
    bare = scoring.bare_formula()
    for payload, x in zip(inputs, scoring.linear_predictors(inputs), strict=True):
        full = instruments.score("ogrs3", payload).probabilities
        p1, p2 = bare(x)
        assert p1 == pytest.approx(full["1y"], abs=1e-12)
        assert p2 == pytest.approx(full["2y"], abs=1e-12)


def test_a_tiny_run_reports_positive_rates_and_a_ratio() -> None:
    said: list[str] = []
    figures = scoring.run(seconds=0.02, say=said.append)
    payloads, _ = scoring.samples()
    assert set(figures.rates) == set(payloads)
    for rate in figures.rates.values():
        assert rate.count >= rate.inputs > 0 and rate.per_second > 0
    assert figures.bare is not None and figures.bare.per_second > 0
    ratio = figures.ogrs3_ratio
    assert ratio is not None and 0 < ratio < 1  # validation and explanation cost something
    assert figures.verdict in {"PASS", "FAIL"}
    summary = figures.summary()
    assert summary["ogrs3_aim_per_second"] == 50_000
    assert summary["per_instrument"]["ogrs3"]["inputs"] == 1000
    assert any(line.strip().startswith("ogrs3") for line in said)


def test_an_instrument_whose_sample_does_not_score_is_skipped_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuses(payload: object) -> ScoreResult:
        raise DomainValidationError.single("s_band", "is not finished")

    def breaks(payload: object) -> ScoreResult:
        raise NotImplementedError("later")

    definition = instruments.REGISTRY["rm2000-c"].definition
    monkeypatch.setitem(instruments.REGISTRY, "rm2000-c", Instrument(definition, refuses))
    monkeypatch.setitem(instruments.REGISTRY, "osp-iic", Instrument(definition, breaks))
    monkeypatch.setitem(instruments.REGISTRY, "new-tool", Instrument(definition, breaks))
    said: list[str] = []
    figures = scoring.run(seconds=0.01, say=said.append)
    assert {"rm2000-c", "osp-iic", "new-tool"} <= set(figures.skipped)
    assert "s_band: is not finished" in figures.skipped["rm2000-c"]
    assert "NotImplementedError" in figures.skipped["osp-iic"]
    assert "no sample payload" in figures.skipped["new-tool"]
    assert "rm2000-c" not in figures.rates and figures.rates["ogrs3"].per_second > 0
    assert any("skipped rm2000-c" in line for line in said)


def test_rsr_inputs_are_deterministic_varied_and_valid() -> None:
    inputs = scoring.rsr_inputs(40)
    assert inputs == scoring.rsr_inputs(40) and len({str(p) for p in inputs}) == 40
    models = {instruments.score("rsr", p).extra["snsv"]["model"] for p in inputs}
    assert models == {"static", "dynamic"}
    assert {p["sex"] for p in inputs} == {"male", "female"}


def test_a_tiny_run_reports_rsr_against_ogrs3() -> None:
    figures = scoring.run(seconds=0.02)
    assert figures.rates["rsr"].inputs == scoring.RSR_INPUTS
    ratio = figures.rsr_to_ogrs3_ratio
    assert ratio is not None and ratio > 0
    assert figures.summary()["rsr_to_ogrs3_ratio"] == round(ratio, 4)
