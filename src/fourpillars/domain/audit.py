"""Tamper-evident audit records ([DPA-2018] s.62; [LED-2016] Art.25).

Each record's hash covers its own canonical content and the previous record's hash, so that
altering, removing or reordering any row breaks the chain from that row on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from json.encoder import encode_basestring
from typing import Any

from .errors import DomainValidationError
from .vocabulary import Vocabulary

GENESIS_HASH = "0" * 64


class Operation(Vocabulary):
    """The six operations DPA 2018 s.62(1) requires logs of."""

    COLLECTION = "collection", "Collection"
    ALTERATION = "alteration", "Alteration"
    CONSULTATION = "consultation", "Consultation"
    DISCLOSURE = "disclosure", "Disclosure"
    COMBINATION = "combination", "Combination"
    ERASURE = "erasure", "Erasure"


class Purpose(StrEnum):
    """Purpose codes for a consultation's justification (s.62(2)(a))."""

    RISK_MANAGEMENT = "risk-management"
    MAPPA_COORDINATION = "mappa-coordination"
    SAFEGUARDING = "safeguarding"
    AUDIT = "audit"
    PUBLIC_PROTECTION = "public-protection"
    DISCLOSURE_DECISION = "disclosure-decision"
    LEGAL_PROCEEDINGS = "legal-proceedings"
    # Recorded by the system on every read under emergency access, never chosen (decision 0030).
    BREAK_GLASS = "break-glass"


# The purposes a user may choose.
PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.RISK_MANAGEMENT: "Risk management of this case",
    Purpose.MAPPA_COORDINATION: "MAPPA co-ordination (screening, meetings, levels)",
    Purpose.SAFEGUARDING: "Safeguarding a child or adult at risk",
    Purpose.AUDIT: "Audit or inspection",
    Purpose.PUBLIC_PROTECTION: "Protecting the public from imminent harm",
    Purpose.DISCLOSURE_DECISION: "Considering a disclosure decision",
    Purpose.LEGAL_PROCEEDINGS: "Criminal or legal proceedings",
}
# Every purpose an audit row may carry, as shown to its readers.
RECORDED_PURPOSE_LABELS: dict[Purpose, str] = {
    **PURPOSE_LABELS,
    Purpose.BREAK_GLASS: "Emergency access (break glass)",
}

JUSTIFICATION_TEXT_MAX = 500


@dataclass(frozen=True)
class Justification:
    purpose: Purpose
    text: str = ""

    def render(self) -> str:
        return f"{self.purpose.value}; {self.text}" if self.text else self.purpose.value


def parse_justification(raw: str | None, field: str = "X-Justification") -> Justification:
    """Parse ``<purpose code>`` or ``<purpose code>; <text>`` and refuse anything else."""
    if raw is None or not raw.strip():
        raise DomainValidationError.single(field, "a justification is required")
    code, _, text = raw.partition(";")
    code, text = code.strip().lower(), text.strip()
    purpose = next((p for p in PURPOSE_LABELS if p.value == code), None)
    if purpose is None:  # break-glass is recorded by the system, never chosen
        raise DomainValidationError.single(
            field,
            f"unknown purpose code {code!r}; use one of "
            + ", ".join(p.value for p in PURPOSE_LABELS),
        )
    if len(text) > JUSTIFICATION_TEXT_MAX:
        raise DomainValidationError.single(
            field, f"the text must be at most {JUSTIFICATION_TEXT_MAX} characters"
        )
    if re.search(r"[\x00-\x1f\x7f]", text):
        raise DomainValidationError.single(field, "the text contains control characters")
    return Justification(purpose, text)


def canonical(content: Mapping[str, object]) -> str:
    """Stable JSON: sorted keys, no whitespace, non-ASCII kept; the hashed form of a record."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def chain_hash(prev_hash: str, content: Mapping[str, object]) -> str:
    """SHA-256 over the previous hash and this record's canonical content."""
    return hashlib.sha256((prev_hash + "\n" + canonical(content)).encode("utf-8")).hexdigest()


# The fields of an audit row that its hash covers, in the order ``canonical_row`` reads them.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "actor_agency",
    "actor_role",
    "operation",
    "action",
    "target_type",
    "target_id",
    "case_id",
    "person_id",
    "purpose",
    "justification",
    "legal_basis",
    "recipients",
    "query",
    "record_ids",
    "before",
    "after",
    "channel",
    "request_id",
)
_WIDTH = len(HASHED_FIELDS)
_SORTED = sorted(range(len(HASHED_FIELDS)), key=HASHED_FIELDS.__getitem__)
_TEMPLATE = "{" + ",".join(f'"{HASHED_FIELDS[i]}":%s' for i in _SORTED) + "}"


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def canonical_json(value: object) -> str:
    """One value in the canonical form (what ``canonical`` writes for it inside a record)."""
    return _ENCODER.encode(value)


def _json_value(value: object) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is list and not value:
        return "[]"
    return _ENCODER.encode(value)


def _canonical_pairs(
    rows: Iterable[Sequence[Any]], encode_json: Callable[[Any], str]
) -> Iterator[tuple[Sequence[Any], str]]:
    """Each row with its ``canonical`` text: see ``canonical_rows``."""
    text, template = encode_basestring, _TEMPLATE
    for row in rows:
        (
            seq,
            at,
            actor_id,
            actor_username,
            actor_agency,
            actor_role,
            operation,
            action,
            target_type,
            target_id,
            case_id,
            person_id,
            purpose,
            justification,
            legal_basis,
            recipients,
            query,
            record_ids,
            before,
            after,
            channel,
            request_id,
        ) = row[:_WIDTH]
        # The numbers are whole numbers, which %s writes as their repr; None is null.
        yield row, template % (
            text(action),
            text(actor_agency),
            "null" if actor_id is None else actor_id,
            text(actor_role),
            text(actor_username),
            "null" if after is None else encode_json(after),
            text(at),
            "null" if before is None else encode_json(before),
            "null" if case_id is None else case_id,
            text(channel),
            text(justification),
            text(legal_basis),
            text(operation),
            "null" if person_id is None else person_id,
            text(purpose),
            text(query),
            encode_json(recipients),
            "null" if record_ids is None else encode_json(record_ids),
            text(request_id),
            seq,
            text(target_id),
            text(target_type),
        )


def canonical_rows(
    rows: Iterable[Sequence[Any]], encode_json: Callable[[Any], str] = _json_value
) -> Iterator[str]:
    """``canonical`` of each row given as its values in ``HASHED_FIELDS`` order (any values
    after those are ignored), the text fields text and the numbers whole numbers or None (as
    the columns hold them): the same text, built without a dictionary, one row after another
    in one loop (verifying a million rows: a call per field cost a third of the walk).
    ``encode_json`` writes the four JSON fields (a reader that has them as stored text gives
    its own); an empty one (None) is ``null`` either way."""
    return (text for _, text in _canonical_pairs(rows, encode_json))


def canonical_row(values: Sequence[Any], encode_json: Callable[[Any], str] = _json_value) -> str:
    """``canonical_rows`` of one row."""
    return next(canonical_rows((values,), encode_json))


def row_hash(
    prev_hash: str, values: Sequence[Any], encode_json: Callable[[Any], str] = _json_value
) -> str:
    """``chain_hash`` of a row given as its values in ``HASHED_FIELDS`` order."""
    text = canonical_row(values, encode_json)
    return hashlib.sha256((prev_hash + "\n" + text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    seq: int
    content: Mapping[str, object]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(
    rows: Iterable[ChainRow], *, expected_last: tuple[int, str] | None = None
) -> ChainBreak | None:
    """Walk rows in sequence order; return the first row that breaks the chain, or None.

    ``expected_last`` is the (seq, hash) the chain head recorded, which catches removal of
    the newest rows.
    """
    prev_hash, expected_seq = GENESIS_HASH, 1
    last: tuple[int, str] = (0, GENESIS_HASH)
    for row in rows:
        if row.seq != expected_seq:
            return ChainBreak(
                row.seq, f"expected row {expected_seq} here: rows removed or reordered"
            )
        if row.prev_hash != prev_hash:
            return ChainBreak(
                row.seq,
                "its link to the previous row does not match: a row "
                "before it was removed, reordered or altered",
            )
        if chain_hash(prev_hash, row.content) != row.hash:
            return ChainBreak(row.seq, "its content does not match its hash: the row was altered")
        prev_hash, expected_seq, last = row.hash, expected_seq + 1, (row.seq, row.hash)
    if expected_last is not None and expected_last != last:
        return ChainBreak(
            last[0] + 1,
            f"the chain head records row {expected_last[0]} but the "
            f"log ends at row {last[0]}: rows removed from the end",
        )
    return None


@dataclass
class ChainWalk:
    """What walking the log found: how many rows, the last row's number and hash, the hashes
    of the rows asked for (``hashes``, for checkpoints), the first break, if any, and whether
    every row linked on to the end (``linked``: a break then is about the chain head)."""

    rows: int = 0
    last: tuple[int, str] = (0, GENESIS_HASH)
    hashes: dict[int, str] = field(default_factory=dict)
    broken: ChainBreak | None = None
    linked: bool = False


def link_break(
    seq: int, expected_seq: int, stored_prev: str, prev_hash: str, computed: str, stored: str
) -> ChainBreak | None:
    """Whether row ``seq`` breaks the chain: out of place, linked to another row than the one
    before it, or with a hash its content does not give (``computed``)."""
    if seq != expected_seq:
        return ChainBreak(seq, f"expected row {expected_seq} here: rows removed or reordered")
    if stored_prev != prev_hash:
        return ChainBreak(
            seq,
            "its link to the previous row does not match: a row "
            "before it was removed, reordered or altered",
        )
    if computed != stored:
        return ChainBreak(seq, "its content does not match its hash: the row was altered")
    return None


def finish_walk(
    walk: ChainWalk,
    start: tuple[int, str],
    last: tuple[int, str],
    expected_last: tuple[int, str] | None,
) -> ChainWalk:
    """Close a walk that linked every row from ``start`` to ``last`` (or broke): the rows
    counted, and the end held against the chain head's record (``expected_last``), which
    catches rows removed from the end."""
    walk.linked = walk.broken is None
    walk.rows = last[0] - start[0]
    walk.last = last
    if walk.broken is None and expected_last is not None and expected_last != last:
        walk.broken = ChainBreak(
            last[0] + 1,
            f"the chain head records row {expected_last[0]} but the "
            f"log ends at row {last[0]}: rows removed from the end",
        )
    return walk


def walk_chain(
    rows: Iterable[Sequence[Any]],
    *,
    expected_last: tuple[int, str] | None = None,
    wanted: frozenset[int] = frozenset(),
    start: tuple[int, str] = (0, GENESIS_HASH),
    encode_json: Callable[[Any], str] = _json_value,
) -> ChainWalk:
    """``verify_chain`` over rows given as their ``HASHED_FIELDS`` values followed by
    ``prev_hash`` and ``hash`` (as the database returns them), keeping the hash of each row
    whose number is in ``wanted``. Stops at the first break (a lazy ``rows`` is read no
    further). ``start`` is the (number, hash) of the row before the first one given (a
    checkpoint's), the start of the log by default; ``encode_json`` as ``canonical_rows``."""
    walk = ChainWalk(last=start)
    last, prev_hash = start
    sha256 = hashlib.sha256
    for row, text in _canonical_pairs(rows, encode_json):
        seq, stored_prev, stored = row[0], row[-2], row[-1]
        computed = sha256((prev_hash + "\n" + text).encode("utf-8")).hexdigest()
        if seq != last + 1 or stored_prev != prev_hash or computed != stored:
            walk.broken = link_break(seq, last + 1, stored_prev, prev_hash, computed, stored)
            break
        if seq in wanted:
            walk.hashes[seq] = stored
        last, prev_hash = seq, stored
    return finish_walk(walk, start, (last, prev_hash), expected_last)
