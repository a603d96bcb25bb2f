"""Tamper-evident audit records ([DPA-2018] s.62; [LED-2016] Art.25).

Each record's hash covers its own canonical content and the previous record's hash, so that
altering, removing or reordering any row breaks the chain from that row on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

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
