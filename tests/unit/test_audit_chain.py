"""Hash chain of audit rows (DPA 2018 s.62 integrity): alteration, removal, reordering."""

from __future__ import annotations

import dataclasses

import pytest

from fourpillars.domain.audit import (
    GENESIS_HASH,
    ChainRow,
    Purpose,
    chain_hash,
    parse_justification,
    verify_chain,
)
from fourpillars.domain.errors import DomainValidationError


def make_chain(n: int) -> list[ChainRow]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        content = {"seq": seq, "operation": "consultation", "actor": f"user{seq}", "name": "Ωμέγα"}
        h = chain_hash(prev, content)
        rows.append(ChainRow(seq, content, prev, h))
        prev = h
    return rows


def test_intact_chain_verifies() -> None:
    rows = make_chain(5)
    assert verify_chain(rows, expected_last=(5, rows[-1].hash)) is None


def test_altered_row_is_named() -> None:
    rows = make_chain(5)
    rows[2] = dataclasses.replace(rows[2], content={**rows[2].content, "actor": "mallory"})
    broken = verify_chain(rows)
    assert broken is not None and broken.seq == 3 and "altered" in broken.reason


def test_removed_row_is_detected() -> None:
    rows = make_chain(5)
    del rows[1]
    broken = verify_chain(rows)
    assert broken is not None and broken.seq == 3


def test_reordered_rows_are_detected() -> None:
    rows = make_chain(5)
    rows[1], rows[2] = rows[2], rows[1]
    assert verify_chain(rows) is not None


def test_rows_removed_from_the_end_are_detected_by_the_head() -> None:
    rows = make_chain(5)
    assert verify_chain(rows[:3], expected_last=(5, rows[-1].hash)) is not None


@pytest.mark.parametrize(
    ("raw", "purpose", "text"),
    [
        ("risk-management", Purpose.RISK_MANAGEMENT, ""),
        ("safeguarding; child at named school", Purpose.SAFEGUARDING, "child at named school"),
        (" AUDIT ;  sample ", Purpose.AUDIT, "sample"),
    ],
)
def test_justification_header_is_parsed(raw: str, purpose: Purpose, text: str) -> None:
    j = parse_justification(raw)
    assert (j.purpose, j.text) == (purpose, text)


@pytest.mark.parametrize("raw", [None, "", "curiosity", "audit; " + "x" * 600, "audit; a\x00b"])
def test_bad_justification_names_the_header(raw: str | None) -> None:
    with pytest.raises(DomainValidationError) as exc:
        parse_justification(raw)
    assert exc.value.errors[0].field == "X-Justification"
