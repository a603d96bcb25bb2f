"""The shape every instrument shares: its definition (versioned data) and its result.

An instrument is data (:class:`Definition`: items, allowed answers, bands, population,
source and confidence tag) plus a pure scoring function that takes the raw JSON object a
practitioner or client sent and returns a :class:`ScoreResult`, or raises
:class:`~fourpillars.domain.errors.DomainValidationError` naming every bad field.

Every result carries the instrument code *and version*, so a stored result stays
explainable after the rules change: the version picks the definition it was scored with.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from ..errors import Collector, DomainValidationError
from ..vocabulary import Vocabulary


class Confidence(StrEnum):
    """How sure we are of a figure (docs/sources.md, "Confidence")."""

    CONFIRMED = "C"
    STANDARD = "M"  # standard domain knowledge, not re-read in the source
    UNCONFIRMED = "U"


class Kind(Vocabulary):
    # a score from static facts, with bands and often probabilities
    ACTUARIAL = "actuarial", "Actuarial scale"
    CHECKLIST = "checklist", "Checklist"  # a count of answers with thresholds (DASH)
    # structured professional judgement: items rated, no invented total
    SPJ = "spj", "Structured professional judgement"
    # a structured record (firearms suitability, parole review)
    STRUCTURED = "structured", "Structured record"


@dataclass(frozen=True)
class Band:
    """A named band of a score: ``low <= score <= high`` (``high`` None = no upper bound)."""

    code: str
    label: str
    low: float
    high: float | None = None

    def contains(self, value: float) -> bool:
        return value >= self.low and (self.high is None or value <= self.high)


def band_for(bands: Sequence[Band], value: float) -> Band:
    for band in bands:
        if band.contains(value):
            return band
    raise ValueError(f"no band holds {value}")  # a definition bug, not bad input


@dataclass(frozen=True)
class Item:
    """One question or item of an instrument, as shown on a form and listed by the API."""

    code: str  # the input field name, e.g. ``previous_sanctions`` or ``q14``
    label: str  # our own words
    answers: tuple[str, ...] = ()  # allowed answers where the item is a choice
    help: str = ""
    section: str = ""


@dataclass(frozen=True)
class Definition:
    """An instrument as versioned data. Changing a figure means a new ``version``."""

    code: str  # e.g. ``ogrs3``
    version: str  # e.g. ``2009.1``: our version of the published rules
    name: str
    kind: Kind
    source: str  # the publication / code the figures come from ([KEY] of docs/sources.md)
    confidence: Confidence
    population: str  # who it is validated for, in plain words
    predicts: str = ""
    items: tuple[Item, ...] = ()
    bands: tuple[Band, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. "cut-offs unconfirmed [M]"
    # other versions a client may choose with an input (RM2000/C's disputed cut-offs)
    alternative_versions: tuple[str, ...] = ()

    def knows_version(self, version: object) -> bool:
        return version == self.version or version in self.alternative_versions

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "name": self.name,
            "kind": str(self.kind),
            "source": self.source,
            "confidence": str(self.confidence),
            "population": self.population,
            "predicts": self.predicts,
            "items": [
                {
                    "code": i.code,
                    "label": i.label,
                    "answers": list(i.answers),
                    "help": i.help,
                    "section": i.section,
                }
                for i in self.items
            ],
            "bands": [
                {"code": b.code, "label": b.label, "low": b.low, "high": b.high} for b in self.bands
            ],
            "notes": list(self.notes),
            "alternative_versions": list(self.alternative_versions),
        }


class Term(NamedTuple):
    """One intermediate step of a score, explained: what it is, its value, and why.

    A named tuple rather than a frozen dataclass: as immutable, and much cheaper to build,
    which matters because a score explains every term (OGRS3 builds ten per score; `make
    bench` scores per second; figures in docs/decisions/0009)."""

    name: str  # stable key, e.g. ``age_gender``
    label: str  # plain English, e.g. "Age and sex (female, 43: band 40-49)"
    value: float | int | str | None
    explanation: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "value": self.value,
            "explanation": self.explanation,
        }


NOT_APPLICABLE = "not_applicable"
NOT_APPLICABLE_LABEL = "Not applicable"


@dataclass(frozen=True)
class ScoreResult:
    """What every scoring function returns (the ``fourpillars score`` JSON object).

    An instrument that does not apply to this person (OSP for a woman) answers with band
    :data:`NOT_APPLICABLE`, no score, no probabilities and a ``reason`` in plain words,
    rather than a score with a warning (:func:`not_applicable`)."""

    instrument: str
    version: str
    score: float | int | None
    band: str | None
    probabilities: Mapping[str, float] = field(default_factory=dict)
    terms: tuple[Term, ...] = ()
    warnings: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)  # e.g. DASH routes
    reason: str | None = None  # why the instrument does not apply (band not_applicable)

    @property
    def applicable(self) -> bool:
        return self.reason is None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "instrument": self.instrument,
            "version": self.version,
            "score": self.score,
            "band": self.band,
            "probabilities": dict(self.probabilities),
            "terms": [t.as_dict() for t in self.terms],
            "warnings": list(self.warnings),
            "reason": self.reason,
        }
        out.update(self.extra)
        return out


def not_applicable(
    instrument: str, version: str, reason: str, terms: tuple[Term, ...] = ()
) -> ScoreResult:
    """The answer of an instrument that does not apply: no score, no probability, a reason."""
    return ScoreResult(instrument, version, None, NOT_APPLICABLE, {}, terms, (), {}, reason)


Scorer = Callable[[Mapping[str, Any]], ScoreResult]


@dataclass(frozen=True)
class Instrument:
    definition: Definition
    score: Scorer


def logistic(x: float) -> float:
    """exp(x) / (1 + exp(x)), computed without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def whole_years(born: dt.date, on: dt.date) -> int:
    """Age in whole years (rounded down) on a date; 29 Feb birthdays turn over on 1 Mar."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


# --- reading raw JSON input -------------------------------------------------------------
#
# Inputs arrive as parsed JSON (CLI file, API body, or a form turned into a dict). The reader
# checks types strictly (``True`` is not an integer, ``"3"`` is not a number) and collects
# every problem, so one refusal lists all bad fields.

MAX_COUNT = 1000  # no real history has more sanctions than this; refuses absurd input


class Reader:
    """Reads typed fields from a JSON object, collecting a field-level error for each problem."""

    def __init__(self, data: Any, prefix: str = "") -> None:
        self.errors = Collector()
        self.prefix = prefix
        if not isinstance(data, Mapping):
            raise DomainValidationError.single(prefix or "input", "must be a JSON object")
        self.data: Mapping[str, Any] = data

    def _name(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def _get(self, name: str, required: bool) -> tuple[bool, Any]:
        if name not in self.data or self.data[name] is None:
            if required:
                self.errors.add(self._name(name), "is required")
            return False, None
        return True, self.data[name]

    def fail(self, name: str, message: str) -> None:
        self.errors.add(self._name(name), message)

    def date(self, name: str, required: bool = True) -> dt.date | None:
        present, raw = self._get(name, required)
        if not present:
            return None
        if not isinstance(raw, str):
            self.fail(name, "must be a date written YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            self.fail(name, f"{raw[:40]!r} is not a date written YYYY-MM-DD")
            return None

    def count(
        self, name: str, required: bool = True, minimum: int = 0, maximum: int = MAX_COUNT
    ) -> int | None:
        present, raw = self._get(name, required)
        if not present:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            else:
                self.fail(name, "must be a whole number")
                return None
        if raw < minimum:
            self.fail(name, f"must be {minimum} or more")
            return None
        if raw > maximum:
            self.fail(name, f"must be {maximum} or less")
            return None
        return raw

    def number(
        self,
        name: str,
        required: bool = True,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float | None:
        present, raw = self._get(name, required)
        if not present:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            self.fail(name, "must be a number")
            return None
        if minimum is not None and raw < minimum:
            self.fail(name, f"must be {minimum:g} or more")
            return None
        if maximum is not None and raw > maximum:
            self.fail(name, f"must be {maximum:g} or less")
            return None
        return float(raw)

    def boolean(self, name: str, required: bool = True) -> bool | None:
        present, raw = self._get(name, required)
        if not present:
            return None
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("yes", "no"):
            return raw.strip().lower() == "yes"
        self.fail(name, "must be true or false")
        return None

    def choice(self, name: str, choices: Sequence[str], required: bool = True) -> str | None:
        present, raw = self._get(name, required)
        if not present:
            return None
        if not isinstance(raw, str) or raw.strip().lower() not in choices:
            shown = raw[:40] if isinstance(raw, str) else type(raw).__name__
            self.fail(name, f"{shown!r} is not one of: {', '.join(choices)}")
            return None
        return raw.strip().lower()

    def text(self, name: str, required: bool = False, max_length: int = 4000) -> str | None:
        present, raw = self._get(name, required)
        if not present:
            return None
        if not isinstance(raw, str):
            self.fail(name, "must be text")
            return None
        if len(raw) > max_length:
            self.fail(name, f"must be at most {max_length} characters (got {len(raw)})")
            return None
        return raw.strip()

    def unknown_fields(self, allowed: Sequence[str]) -> None:
        """Refuse fields the instrument does not know (a typo must not pass silently)."""
        for key in self.data:
            if key not in allowed:
                self.errors.add(
                    self._name(str(key)[:60] or '""'), "is not a field of this instrument"
                )

    def done(self) -> None:
        self.errors.raise_if_any()
