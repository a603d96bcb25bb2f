"""Who a person named in a message from abroad is here: explainable match candidates
([FD-2009-315] Art.11 identity data; decision 0023).

A message from another state names a person as that state wrote them: names in their own
alphabet, a date of birth, identifiers (passport, national id, PNC) and nationalities. Each
person on the register is compared with it and, when anything matches, becomes a candidate
with a score of 0 to 100 and the reasons, in words a co-ordinator can check:

1. identifiers first: the same kind and value (the issuing country equal or missing on one
   side) is as good as certain (score 100); the same kind and country with another value
   counts against the candidate;
2. then names and date of birth: names are compared in their folded, transliterated form
   (``domain.names``: "Ковальски" meets "Kowalski"), and the same date of birth adds to the
   name's score; a different date of birth takes from it.

No candidate is ever accepted by the machine: a person confirms one, or says none matches
(``domain.received``). The weights and the threshold are ours [M], versioned with every
candidate so an old match can be explained after the rule changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import DomainValidationError
from .exchange import content
from .identifiers import IdentifierKind, normalise_identifier
from .names import fold, token_score, tokens
from .vocabulary import Vocabulary

IdentifierKey = tuple[str, str, str]  # (kind, normalised value, country)


@dataclass(frozen=True)
class MatchRule:
    """How a candidate is scored (ours, unconfirmed [M]): the points a name match and the same
    date of birth give, what a conflict takes, and the lowest score that is still shown."""

    name_weight: float = 0.6  # a perfect name match gives 60 points
    same_birth: float = 35.0
    birth_year_only: float = 10.0
    other_birth: float = -40.0
    conflicting_identifier: float = -50.0
    min_name_score: float = 80.0  # a name below this (0-100) is no reason at all
    threshold: float = 50.0  # candidates below this are not shown
    version: str = "foreign-identity-2026.1 [M]"


DEFAULT_RULE = MatchRule()


@dataclass(frozen=True)
class ForeignIdentity:
    """The person as a message names them: names as sent (any alphabet), date of birth,
    identifiers ``(kind, value, country)`` and nationalities (ISO codes)."""

    names: tuple[str, ...]
    date_of_birth: dt.date | None = None
    identifiers: frozenset[IdentifierKey] = frozenset()
    nationalities: tuple[str, ...] = ()

    def normalised_names(self) -> tuple[str, ...]:
        """Each name folded to lower-case ASCII (transliterated), as compared."""
        return tuple(fold(n) for n in self.names)


@dataclass(frozen=True)
class LocalIdentity:
    """A person on the register as the comparison reads them (identity only)."""

    person_id: int
    names: tuple[str, ...]
    date_of_birth: dt.date | None = None
    identifiers: frozenset[IdentifierKey] = frozenset()


class ReasonKind(Vocabulary):
    SAME_IDENTIFIER = "same_identifier", "The same identifier"
    OTHER_IDENTIFIER = "other_identifier", "A different identifier of the same kind"
    NAME = "name", "A matching name"
    SAME_BIRTH = "same_birth", "The same date of birth"
    BIRTH_YEAR = "birth_year", "The same year of birth"
    OTHER_BIRTH = "other_birth", "A different date of birth"


@dataclass(frozen=True)
class Reason:
    """One reason for (or against) a candidate, with the points it gave."""

    kind: ReasonKind
    text: str
    points: float

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "text": self.text, "points": round(self.points, 1)}


@dataclass(frozen=True)
class Candidate:
    """A person who may be the one named, with the score and every reason that made it."""

    person_id: int
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    rule_version: str = DEFAULT_RULE.version

    @property
    def by_identifier(self) -> bool:
        return any(r.kind is ReasonKind.SAME_IDENTIFIER for r in self.reasons)


def _label(kind: str) -> str:
    return IdentifierKind.labels().get(kind, kind)


def _identifier_reasons(
    foreign: Iterable[IdentifierKey], local: Iterable[IdentifierKey], rule: MatchRule
) -> list[Reason]:
    """The same identifier (country equal or missing on one side), or a conflicting one (same
    kind and country, another value)."""
    reasons: list[Reason] = []
    mine = list(local)
    for kind, value, country in sorted(foreign):
        same = [k for k in mine if k[0] == kind and k[1] == value]
        if any(k[2] == country or not k[2] or not country for k in same):
            text = f"The same {_label(kind)}: {value}"
            reasons.append(Reason(ReasonKind.SAME_IDENTIFIER, text, 100.0))
            continue
        other = [k for k in mine if k[0] == kind and country and k[2] == country]
        if other:
            text = f"A different {_label(kind)} ({country}): {value} here is {other[0][1]}"
            reasons.append(Reason(ReasonKind.OTHER_IDENTIFIER, text, rule.conflicting_identifier))
    return reasons


def best_name(
    foreign: Iterable[str], local: Iterable[str], rule: MatchRule = DEFAULT_RULE
) -> tuple[str, str, float] | None:
    """The best-scoring pair of names (as sent, as held here) and its score (0-100), compared
    token by token in the folded form; None when no pair reaches ``rule.min_name_score``."""
    best: tuple[str, str, float] | None = None
    held = [(name, tokens(name)) for name in local]
    for sent in foreign:
        mine = tokens(sent)
        for name, theirs in held:
            if not mine or not theirs:
                continue
            short, long = sorted((mine, theirs), key=len)
            score = token_score(short, long)
            if len(short) < 2 and len(long) >= 2:
                score *= 0.8  # one name against a full name tells less
            if score >= rule.min_name_score and (best is None or score > best[2]):
                best = (sent, name, score)
    return best


def _birth_reason(sent: dt.date | None, held: dt.date | None, rule: MatchRule) -> Reason | None:
    if sent is None or held is None:
        return None
    if sent == held:
        text = f"The same date of birth: {held.isoformat()}"
        return Reason(ReasonKind.SAME_BIRTH, text, rule.same_birth)
    if (sent.year, sent.month, sent.day) == (held.year, held.day, held.month):
        text = f"The same date of birth with day and month swapped: {sent} and {held}"
        return Reason(ReasonKind.BIRTH_YEAR, text, rule.birth_year_only)
    if sent.year == held.year:
        text = f"The same year of birth ({held.year}), another day: {sent} and {held}"
        return Reason(ReasonKind.BIRTH_YEAR, text, rule.birth_year_only)
    text = f"A different date of birth: {sent} sent, {held} here"
    return Reason(ReasonKind.OTHER_BIRTH, text, rule.other_birth)


def score(
    foreign: ForeignIdentity, local: LocalIdentity, rule: MatchRule = DEFAULT_RULE
) -> Candidate | None:
    """The candidate ``local`` is for ``foreign``, or None below the threshold. The same
    identifier gives 100 whatever else differs (the reasons still say what differs)."""
    reasons = _identifier_reasons(foreign.identifiers, local.identifiers, rule)
    name = best_name(foreign.names, local.names, rule)
    if name is not None:
        sent, held, name_score = name
        same = fold(sent) == fold(held)
        how = "the same once transliterated" if same and sent != held else f"{name_score:.0f}%"
        text = f"Name {sent} sent, {held} here ({how})"
        reasons.append(Reason(ReasonKind.NAME, text, name_score * rule.name_weight))
    birth = _birth_reason(foreign.date_of_birth, local.date_of_birth, rule)
    if birth is not None and (name is not None or reasons):
        reasons.append(birth)
    if not reasons:
        return None
    if any(r.kind is ReasonKind.SAME_IDENTIFIER for r in reasons):
        total = 100.0
    else:
        total = max(0.0, min(99.0, sum(r.points for r in reasons)))
    if total < rule.threshold:
        return None
    return Candidate(local.person_id, round(total, 1), tuple(reasons), rule.version)


def rank(
    foreign: ForeignIdentity, people: Iterable[LocalIdentity], rule: MatchRule = DEFAULT_RULE
) -> list[Candidate]:
    """Every candidate among ``people``, best first (then by person id, for a stable order)."""
    found = [c for p in people if (c := score(foreign, p, rule)) is not None]
    return sorted(found, key=lambda c: (-c.score, c.person_id))


# --- the person as a payload names them ---------------------------------------------------


def _name_text(raw: object) -> str:
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, Mapping):
        if raw.get("full"):
            return str(raw["full"]).strip()
        given = str(raw.get("given_names") or raw.get("given") or "").strip()
        family = str(raw.get("family_name") or raw.get("family") or "").strip()
        return f"{given} {family}".strip()
    return ""


def _identifier_key(raw: Mapping[str, object]) -> IdentifierKey | None:
    kind = str(raw.get("kind") or "").strip().lower()
    value = str(raw.get("value") or "").strip()
    country = str(raw.get("country") or "").strip().upper()
    if not kind or not value:
        return None
    try:
        found = normalise_identifier(kind, value, country)
    except DomainValidationError:  # kept as sent, compared as upper-case text
        return (kind, re.sub(r"[\s.]", "", value).upper()[:40], country)
    return (found.kind.value, found.value, found.country)


def _birth(raw: object) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "")[:10])
    except ValueError:
        return None


def identity_from_payload(person: Mapping[str, object]) -> ForeignIdentity:
    """The person a payload names (its ``person`` part), read leniently: names as strings or
    ``{given_names, family_name}`` (as sent, in any alphabet; any ``normalised`` form sent
    beside them is compared too), the date of birth in ISO form, identifiers ``{kind, value,
    country}`` and nationalities. What cannot be read is left out, never guessed."""
    names: list[str] = []
    for raw in _as_list(person.get("names")):
        for text in (_name_text(raw), _name_text(_get(raw, "normalised"))):
            if text and text not in names:
                names.append(text)
    keys = {
        k
        for raw in _as_list(person.get("identifiers"))
        if isinstance(raw, Mapping) and (k := _identifier_key(raw)) is not None
    }
    nationalities = tuple(str(n).upper() for n in _as_list(person.get("nationalities")) if n)
    return ForeignIdentity(
        tuple(names), _birth(person.get("date_of_birth")), frozenset(keys), nationalities
    )


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _get(raw: object, key: str) -> object:
    return raw.get(key) if isinstance(raw, Mapping) else None


def identity_of(person: content.Person) -> ForeignIdentity:
    """The identity a parsed payload names: every name as sent (given and family names, then
    previous names and aliases) and its matching form, the date of birth when the day is known
    (a partial date matches nothing exactly), identifiers in their stored form."""
    names: list[str] = []
    full = person.full_name
    for text in (
        full,
        *person.match_names,
        *(n.as_sent for n in person.previous_names),
        *(n.as_sent for n in person.aliases),
    ):
        if text and text not in names:
            names.append(text)
    born = person.birth_date.value if person.birth_date.precision == "day" else None
    keys = frozenset((i.kind.value, i.normalised, i.country) for i in person.identifiers)
    return ForeignIdentity(tuple(names), born, keys, tuple(person.nationalities))


def identity_document(identity: ForeignIdentity) -> dict[str, object]:
    """The identity as stored beside the message: names as sent and as compared."""
    return {
        "names": list(identity.names),
        "normalised": list(identity.normalised_names()),
        "date_of_birth": identity.date_of_birth.isoformat() if identity.date_of_birth else None,
        "identifiers": [
            {"kind": k, "value": v, "country": c} for k, v, c in sorted(identity.identifiers)
        ],
        "nationalities": list(identity.nationalities),
    }
