"""Signed checkpoints, the pure rules (decision 0027): what a checkpoint is, what a set of them
says on its own, and what the log says against them; and the fast canonical form of a row,
which must give exactly the text the chain hash was made over."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.audit import (
    GENESIS_HASH,
    HASHED_FIELDS,
    canonical,
    canonical_row,
    chain_hash,
    row_hash,
    walk_chain,
)
from fourpillars.domain.audit_checkpoints import (
    LOCAL,
    Checkpoint,
    Found,
    checkpoint_problems,
    log_problems,
    new_checkpoint,
    parse_checkpoint,
)
from fourpillars.domain.errors import DomainValidationError

AT = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def cp(seq: int, count: int, head: str = "", node: str = "GB") -> Checkpoint:
    return new_checkpoint(node, seq, count, head or hashlib.sha256(b"%d" % count).hexdigest(), AT)


def found(c: Checkpoint, source: str = LOCAL, signed: bool = True) -> Found:
    return Found(c, source, signed, "" if signed else "the signature does not match")


def test_a_checkpoint_reads_back_what_it_signs() -> None:
    c = cp(3, 1800)
    assert parse_checkpoint(c.to_payload()) == c
    assert c.at == "2026-12-01T09:00:00+00:00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seq": 0}, "seq"),
        ({"count": -1}, "count"),
        ({"count": True}, "count"),
        ({"head": "xyz"}, "head"),
        ({"node": "gb"}, "node"),
        ({"at": "yesterday"}, "at"),
        ({"at": "2026-12-01T09:00:00"}, "at"),
        ({"type": "receipt"}, "type"),
        ({"extra": 1}, "extra"),
    ],
)
def test_a_bad_checkpoint_is_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        parse_checkpoint(cp(1, 5).to_payload() | change)
    assert field in {e.field for e in caught.value.errors}


def test_a_checkpoint_of_an_empty_log_has_the_genesis_hash() -> None:
    assert parse_checkpoint(cp(1, 0, GENESIS_HASH).to_payload()).count == 0
    with pytest.raises(DomainValidationError, match="empty log"):
        parse_checkpoint(cp(1, 0, "a" * 64).to_payload())


def test_a_complete_set_has_no_problem() -> None:
    local = [found(cp(n, n * 10)) for n in (1, 2, 3)]
    witness = [found(cp(n, n * 10), "witness NL") for n in (1, 2)]
    assert checkpoint_problems(local + witness, "GB") == []


def test_a_number_missing_everywhere_is_named() -> None:
    problems = checkpoint_problems([found(cp(1, 10)), found(cp(3, 30))], "GB")
    assert problems == [
        "checkpoint number 2 missing from every place checked (the last is 3): checkpoints "
        "were removed"
    ]


def test_a_number_a_witness_holds_but_the_local_file_lost_is_named() -> None:
    problems = checkpoint_problems([found(cp(1, 10)), found(cp(2, 20), "witness NL")], "GB")
    assert problems == [
        "checkpoint number 2 held by witnesses but missing from the local checkpoint file: the "
        "file was cut short or edited"
    ]


def test_two_histories_a_bad_signature_a_foreign_node_and_a_shrinking_count_are_named() -> None:
    problems = checkpoint_problems(
        [
            found(cp(1, 10)),
            found(cp(1, 11), "witness NL"),
            found(cp(2, 5)),
            found(cp(3, 30), signed=False),
            found(cp(3, 30, node="NL")),
        ],
        "GB",
    )
    text = "\n".join(problems)
    assert "checkpoint 1 differs between the local checkpoint file (10 rows" in text
    assert "checkpoint 3 (" in text and "signature does not verify" in text
    assert "is a checkpoint of node NL, not of this node (GB)" in text
    assert "checkpoint 2 signs 5 rows, fewer than checkpoint 1 (10)" in text


def test_the_log_against_its_checkpoints() -> None:
    a, b = cp(1, 10), cp(2, 20)
    hashes = {10: a.head, 20: b.head}
    assert log_problems([a, b], 25, hashes) == []
    (short,) = log_problems([a, b], 15, {10: a.head})
    assert "holds 15 rows, the checkpoint signed 20: rows were removed" in short
    (rewritten,) = log_problems([a, b], 25, {10: a.head, 20: "f" * 64})
    assert rewritten.startswith("row 20 does not have the hash checkpoint 2")
    assert "rewritten at or before row 20" in rewritten


ROW = {
    "seq": 7,
    "at": "2026-12-01T09:00:00.123456+00:00",
    "actor_id": None,
    "actor_username": "police-a",
    "actor_agency": "Northshire Police",
    "actor_role": "officer",
    "operation": "alteration",
    "action": "update_case",
    "target_type": "case",
    "target_id": "12",
    "case_id": 12,
    "person_id": None,
    "purpose": "",
    "justification": 'risk-management; "quoted" Ωμέγα\nline',
    "legal_basis": "",
    "recipients": ["NL", "LV"],
    "query": "",
    "record_ids": [],
    "before": {"level": 1, "z": [1.5, None, True]},
    "after": {"level": 2, "version": 3},
    "channel": "web",
    "request_id": "abc",
}

texts = st.text(max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


@given(
    text=texts,
    number=st.none() | st.integers(min_value=-(2**62), max_value=2**62),
    value=json_values,
)
def test_the_fast_canonical_form_is_the_canonical_form(text: str, number: Any, value: Any) -> None:
    row = ROW | {"justification": text, "case_id": number, "after": value, "query": text[::-1]}
    assert canonical_row([row[f] for f in HASHED_FIELDS]) == canonical(row)
    assert row_hash(GENESIS_HASH, [row[f] for f in HASHED_FIELDS]) == chain_hash(GENESIS_HASH, row)


def _rows(n: int) -> list[list[Any]]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        values = [(ROW | {"seq": seq})[f] for f in HASHED_FIELDS]
        h = row_hash(prev, values)
        rows.append([*values, prev, h])
        prev = h
    return rows


def test_walking_keeps_the_hashes_asked_for_and_starts_from_a_checkpoint() -> None:
    rows = _rows(6)
    walk = walk_chain(rows, expected_last=(6, rows[-1][-1]), wanted=frozenset({2, 5}))
    assert walk.broken is None and walk.linked and walk.rows == 6
    assert walk.hashes == {2: rows[1][-1], 5: rows[4][-1]}
    later = walk_chain(rows[3:], start=(3, rows[2][-1]))
    assert later.broken is None and later.rows == 3 and later.last == (6, rows[-1][-1])
    wrong = walk_chain(rows[3:], start=(3, "0" * 63 + "1"))
    assert wrong.broken is not None and wrong.broken.seq == 4 and not wrong.linked


def test_walking_names_an_altered_row() -> None:
    rows = _rows(4)
    rows[2][HASHED_FIELDS.index("justification")] = "changed"
    walk = walk_chain(rows)
    assert walk.broken is not None and walk.broken.seq == 3 and "altered" in walk.broken.reason
