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
    Entry,
    Found,
    RestoreMarker,
    checkpoint_problems,
    log_problems,
    new_checkpoint,
    new_restore_marker,
    parse_checkpoint,
    parse_entry,
    parse_restore_marker,
    restore_reason,
    restore_reports,
    unwitnessed_restores,
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


# --- restore markers -------------------------------------------------------------------------

REASON = "database disk failed; restored the nightly backup"


def restored(before: Entry | None, count: int, reason: str = REASON, **kw: Any) -> RestoreMarker:
    head = hashlib.sha256(b"%d" % count).hexdigest() if count else GENESIS_HASH
    return new_restore_marker(
        "GB",
        (count, head),
        AT,
        supersedes=before,
        backup_file=kw.get("backup_file", "nightly.backup"),
        backup_time=kw.get("backup_time", AT - dt.timedelta(hours=11)),
        reason=reason,
    )


def test_a_restore_marker_reads_back_what_it_signs() -> None:
    marker = restored(cp(2, 20), 15)
    assert parse_restore_marker(marker.to_payload()) == marker
    assert parse_entry(marker.to_payload()) == marker
    assert parse_entry(cp(2, 20).to_payload()) == cp(2, 20)
    payload = marker.to_payload()
    assert payload["seq"] == 3 and payload["supersedes"] == {
        "seq": 2,
        "count": 20,
        "head": cp(2, 20).head,
    }
    assert payload["backup"] == {"file": "nightly.backup", "time": "2026-11-30T22:00:00+00:00"}
    assert restored(None, 0, backup_time=None).to_payload()["supersedes"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "  padded  "}, "reason"),
        ({"reason": "two\nlines"}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"reason": None}, "reason"),
        ({"supersedes": {"seq": 1, "count": 20, "head": "a" * 64}}, "supersedes"),
        ({"supersedes": None}, "supersedes"),
        ({"supersedes": {"seq": 2, "count": -1, "head": "a" * 64}}, "supersedes.count"),
        ({"supersedes": {"seq": 2, "count": 20, "head": "zz"}}, "supersedes.head"),
        ({"backup": {"file": "", "time": None}}, "backup.file"),
        ({"backup": {"file": "b", "time": "last night"}}, "backup.time"),
        ({"backup": "nightly.backup"}, "backup"),
        ({"count": "fifteen"}, "count"),
        ({"type": "audit_checkpoint"}, "type"),
        ({"extra": 1}, "extra"),
    ],
)
def test_a_bad_restore_marker_is_refused_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainValidationError) as caught:
        parse_restore_marker(restored(cp(2, 20), 15).to_payload() | change)
    assert field in {e.field for e in caught.value.errors}


def test_an_entry_of_another_type_is_refused_naming_the_type() -> None:
    with pytest.raises(DomainValidationError, match="audit_checkpoint or audit_restore"):
        parse_entry(cp(1, 5).to_payload() | {"type": "audit_receipt"})


@pytest.mark.parametrize("reason", [None, "", "   ", "x" * 501, "nul\x00inside"])
def test_a_restore_needs_a_reason_of_plain_text(reason: object) -> None:
    with pytest.raises(DomainValidationError) as caught:
        restore_reason(reason, "--reason")
    assert [e.field for e in caught.value.errors] == ["--reason"]
    assert restore_reason("  disk failed  ") == "disk failed"


def test_rows_signed_beyond_a_restore_are_reported_lost_not_removed() -> None:
    a, b = cp(1, 10), cp(2, 20)
    marker = restored(b, 15)
    hashes = {10: a.head, 15: marker.head}
    assert log_problems([a, b], 15, hashes) != []  # without the marker: rows removed
    assert log_problems([a, b, marker], 15, hashes) == []
    assert checkpoint_problems([found(e) for e in (a, b, marker)], "GB") == []
    (report,) = restore_reports([a, b, marker])
    assert report.startswith("rows 16 to 20 (5 rows, signed by checkpoint 2) were lost in the ")
    assert "restore of 2026-12-01 from the backup nightly.backup (taken 2026-11-30T22:00" in report
    assert report.endswith(
        f"the reason given: {REASON} (restore marker 3, signed {AT.isoformat()})"
    )


def test_a_restore_that_lost_no_signed_row_says_so() -> None:
    (report,) = restore_reports([cp(1, 10), restored(cp(1, 10), 12)])
    assert "with no signed row lost" in report and REASON in report


def test_a_marker_excuses_neither_a_shorter_log_nor_a_rewrite_at_or_below_its_count() -> None:
    a, b = cp(1, 10), cp(2, 20)
    marker = restored(b, 15)
    (shorter,) = log_problems([a, b, marker], 14, {10: a.head})
    assert "shorter than restore marker 3" in shorter and "removed since the restore" in shorter
    (rewritten,) = log_problems([a, b, marker], 15, {10: "f" * 64, 15: marker.head})
    assert rewritten.startswith("row 10 does not have the hash checkpoint 1")
    (moved,) = log_problems([a, b, marker], 15, {10: a.head, 15: "e" * 64})
    assert moved.startswith("row 15 does not have the hash restore marker 3")


def test_checkpoints_after_a_marker_are_held_against_the_log_as_it_grows() -> None:
    a, b = cp(1, 10), cp(2, 20)
    marker = restored(b, 15)
    c = cp(4, 18)
    entries = [a, b, marker, c]
    assert log_problems(entries, 19, {10: a.head, 15: marker.head, 18: c.head}) == []
    (short,) = log_problems(entries, 17, {10: a.head, 15: marker.head})
    assert "shorter than checkpoint 4" in short
    shrinking = checkpoint_problems([found(e) for e in (a, b, marker, cp(4, 14))], "GB")
    assert shrinking == [
        "checkpoint 4 signs 14 rows, fewer than checkpoint 3 (15): the log was "
        "shortened between them"
    ]


def test_a_later_restore_decides_which_earlier_rows_were_lost() -> None:
    a, b = cp(1, 10), cp(2, 20)
    first = restored(b, 15)
    c = cp(4, 18)
    second = restored(c, 8)  # an even older backup
    entries = [a, b, first, c, second]
    assert log_problems(entries, 8, {8: second.head}) == []  # checkpoint 1 (10) was lost too
    assert [r.split(" (")[0] for r in restore_reports(entries)] == [
        "rows 16 to 20",
        "rows 9 to 18",
    ]


def test_a_marker_that_does_not_follow_the_entry_before_it_is_named() -> None:
    b = cp(2, 20)
    elsewhere = restored(cp(2, 25), 15)  # names a checkpoint 2 of another history
    problems = checkpoint_problems([found(cp(1, 10)), found(b), found(elsewhere)], "GB")
    assert problems == [
        f"{elsewhere.describe()} names as the entry it supersedes number 2 (25 rows, "
        f"{cp(2, 25).head[:12]}), but {b.describe()} was signed: the marker does not follow "
        "the history signed"
    ]


def test_a_marker_needs_a_witness_when_witnesses_are_configured() -> None:
    marker = restored(cp(2, 20), 15)
    local = [found(cp(1, 10)), found(cp(2, 20)), found(marker)]
    problems, notes = unwitnessed_restores(local, ["the witness file"])
    assert problems == [
        f"{marker.describe()} is held by no witness (asked: the witness file): a marker only "
        "this machine holds could have been signed by anyone holding the node key, so it "
        "excuses nothing"
    ]
    assert notes == []
    witnessed = [*local, found(marker, "the witness file")]
    assert unwitnessed_restores(witnessed, ["the witness file"]) == ([], [])
    forged_copy = [*local, found(marker, "the witness file", signed=False)]
    assert unwitnessed_restores(forged_copy, ["the witness file"])[0] != []
    problems, notes = unwitnessed_restores(local, [])
    assert problems == [] and "vouched for by this node's key alone" in notes[0]


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
