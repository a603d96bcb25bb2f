"""A person who appears in two areas at once ([MAPPA-G] ch.9 need to know; decision 0018).

When a person is registered, or a name, identifier or date of birth is added, their open cases
are compared with open cases in other areas: the same person record, an identifier of the same
kind and value, or a name that matches (folded, transliterated and scored as the search does:
``domain.names``) with the same date of birth. A match becomes a possible-duplicate task for
both areas' co-ordinators, who see only the other record's identity (names, date of birth,
area and the other co-ordinator's contact), never its case content. One of them resolves it:
the same person (a link or merge is requested and recorded) or different people (dismissed,
with the reason).

The name threshold is ours [M], versioned: every token of the shorter name (at least two
tokens) scores on average 85 of 100 or more against the longer one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import Collector, IllegalTransition
from .identifiers import IdentifierKind
from .names import token_score, tokens
from .text import LONG_TEXT_MAX, clean_text
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class MatchRule:
    """How closely names must match (with the same date of birth) to flag two records."""

    name_score: float = 85.0
    min_tokens: int = 2
    version: str = "person-in-two-areas-2026.1 [M]"


DEFAULT_RULE = MatchRule()

IdentifierKey = tuple[str, str, str]  # (kind, value, country)


@dataclass(frozen=True)
class Identity:
    """What the comparison reads of one person: never anything from their case."""

    person_id: int
    date_of_birth: object  # a date, or None when not known
    names: tuple[str, ...]
    identifiers: frozenset[IdentifierKey] = frozenset()


class MatchKind(Vocabulary):
    SAME_RECORD = "same_record", "The same person record has open cases in both areas"
    SAME_IDENTIFIER = "same_identifier", "The same identifier"
    NAME_AND_BIRTH = "name_and_birth", "Matching name and the same date of birth"


@dataclass(frozen=True)
class Match:
    """One reason two records may be one person, in words both co-ordinators may read (it
    names only identity: the identifier, or the two names)."""

    kind: MatchKind
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "text": self.text}


def _same_identifier(a: IdentifierKey, b: IdentifierKey) -> bool:
    """Same kind and value; the issuing country equal, or missing on one side."""
    return a[:2] == b[:2] and (a[2] == b[2] or not a[2] or not b[2])


def shared_identifiers(a: Iterable[IdentifierKey], b: Iterable[IdentifierKey]) -> list[str]:
    """The identifiers two records share, as "PNC ID 2004/0012345X"."""
    labels = IdentifierKind.labels()
    found = []
    others = list(b)
    for key in sorted(a):
        if any(_same_identifier(key, other) for other in others):
            found.append(f"{labels.get(key[0], key[0])} {key[1]}")
    return found


def matching_names(
    a: Iterable[str], b: Iterable[str], rule: MatchRule = DEFAULT_RULE
) -> tuple[str, str] | None:
    """The first pair of names, one of each record, that match under ``rule``."""
    right = [(name, tokens(name)) for name in b]
    for name in a:
        mine = tokens(name)
        for other, theirs in right:
            short, long = sorted((mine, theirs), key=len)
            if len(short) >= rule.min_tokens and token_score(short, long) >= rule.name_score:
                return name, other
    return None


def match(a: Identity, b: Identity, rule: MatchRule = DEFAULT_RULE) -> list[Match]:
    """Why ``a`` and ``b`` may be one person; empty when nothing matches."""
    if a.person_id == b.person_id:
        return [Match(MatchKind.SAME_RECORD, MatchKind.SAME_RECORD.label)]
    found = [
        Match(MatchKind.SAME_IDENTIFIER, f"The same identifier: {text}")
        for text in shared_identifiers(a.identifiers, b.identifiers)
    ]
    if a.date_of_birth is not None and a.date_of_birth == b.date_of_birth:
        pair = matching_names(a.names, b.names, rule)
        if pair is not None:
            text = f"Names {pair[0]} and {pair[1]}, with the same date of birth"
            found.append(Match(MatchKind.NAME_AND_BIRTH, text))
    return found


class DuplicateStatus(Vocabulary):
    OPEN = "open", "To resolve"
    SAME_PERSON = "same_person", "The same person: link requested"
    DIFFERENT_PEOPLE = "different_people", "Different people: dismissed"


RESOLUTIONS = (DuplicateStatus.SAME_PERSON, DuplicateStatus.DIFFERENT_PEOPLE)


@dataclass(frozen=True)
class Resolution:
    status: DuplicateStatus
    reason: str


def clean_resolution(outcome: object, reason: object) -> Resolution:
    """Decision 0018: the same person (a link is requested) or different people (dismissed);
    either way with the reason."""
    errors = Collector()
    chosen = next((s for s in RESOLUTIONS if s.value == outcome), None)
    if chosen is None:
        errors.add("outcome", "choose whether they are the same person or different people")
    why = clean_text(
        reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    assert chosen is not None
    return Resolution(chosen, why)


def transition(current: str, new: DuplicateStatus) -> DuplicateStatus:
    """A possible duplicate is resolved once."""
    if DuplicateStatus(current) is not DuplicateStatus.OPEN:
        raise IllegalTransition("This possible duplicate was resolved already.")
    return new
