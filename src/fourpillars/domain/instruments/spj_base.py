"""Structured professional judgement: the shape of a guide (sections, items, allowed ratings,
flags), reading rated items with their evidence and the final judgement, and the terms that
show them. The guides themselves are data in :mod:`.spj_guides`; scoring is in :mod:`.spj`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..text import LONG_TEXT_MAX
from .base import Band, Item, Reader, Term
from .inputs import EVIDENCE_MAX, error_count, merge, read_object, read_text

LEVELS = ("low", "moderate", "high")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# SPJ bands are judgements, not score ranges: the numbers are only the order (0 < 1 < 2).
LEVEL_BANDS = (
    Band("low", "Low", 0, 0),
    Band("moderate", "Moderate", 1, 1),
    Band("high", "High", 2, 2),
)
REASONS_MAX = LONG_TEXT_MAX


@dataclass(frozen=True)
class SpjItem:
    """One item of a guide: number in the manual, stable snake_case code, our own label."""

    number: int
    code: str
    label: str
    section: str
    static: bool = False


@dataclass(frozen=True)
class Section:
    code: str
    label: str


@dataclass(frozen=True)
class Rating:
    item: SpjItem
    rating: int
    evidence: str
    flags: frozenset[str]


@dataclass(frozen=True)
class Guide:
    """The data of one guide: items, allowed ratings and the flags an item may carry."""

    sections: tuple[Section, ...]
    items: tuple[SpjItem, ...]
    ratings: tuple[int, ...]
    rating_meanings: str
    flags: tuple[str, ...] = ()

    def section_label(self, code: str) -> str:
        return next(s.label for s in self.sections if s.code == code)

    def form_items(self, extra_help: Mapping[str, str] | None = None) -> tuple[Item, ...]:
        extra_help = extra_help or {}
        flags = f" Flags: {', '.join(self.flags)}." if self.flags else ""
        return tuple(
            Item(
                code=i.code,
                label=f"{i.number}. {i.label}",
                answers=tuple(str(r) for r in self.ratings),
                help=(
                    f"Rate {self.rating_meanings}. Evidence is required for any rating above 0."
                    + flags
                    + (" Static item (does not change)." if i.static else "")
                    + (f" {extra_help[i.code]}" if i.code in extra_help else "")
                ),
                section=self.section_label(i.section),
            )
            for i in self.items
        )


def _read_rating(item_reader: Reader, allowed: tuple[int, ...]) -> int | None:
    raw = item_reader.data.get("rating")
    shown = ", ".join(str(a) for a in allowed)
    if raw is None:
        item_reader.fail("rating", f"is required (one of {shown})")
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in allowed:
        item_reader.fail("rating", f"must be one of {shown}")
        return None
    return raw


def read_ratings(
    reader: Reader,
    guide: Guide,
    *,
    excluded: Mapping[str, str] | None = None,
) -> dict[str, Rating]:
    """Read ``items``: every item of ``guide`` (except ``excluded``: code -> why not scored)
    must be present as ``{"rating": n, "evidence": "...", <flag>: bool}``.

    Returns the valid ratings by code; every problem is added to ``reader``'s errors.
    """
    excluded = excluded or {}
    ratings: dict[str, Rating] = {}
    items = read_object(reader, "items")
    if items is None:
        return ratings
    items.unknown_fields([i.code for i in guide.items])
    for item in guide.items:
        if item.code in excluded:
            if items.data.get(item.code) is not None:
                items.fail(item.code, excluded[item.code])
            continue
        one = read_object(items, item.code)
        if one is None:
            continue
        one.unknown_fields(("rating", "evidence", *guide.flags))
        rating = _read_rating(one, guide.ratings)
        before = error_count(one)
        evidence = read_text(one, "evidence", max_length=EVIDENCE_MAX)
        if rating and not evidence and error_count(one) == before:
            one.fail(
                "evidence",
                "is required when the item is rated above 0: a rating without the evidence "
                "it rests on is not defensible",
            )
        flags = set()
        for flag in guide.flags:
            if one.boolean(flag, required=False):
                flags.add(flag)
        if "critical" in flags and rating == 0:
            one.fail("critical", "an item rated 0 (absent) cannot be marked critical")
        merge(items, one)
        if rating is not None:
            ratings[item.code] = Rating(item, rating, evidence, frozenset(flags))
    merge(reader, items)
    return ratings


def read_final_judgement(reader: Reader, judgements: Sequence[str]) -> dict[str, str]:
    """``final_judgement``: each of ``judgements`` low/moderate/high, plus the ``reasons``."""
    out: dict[str, str] = {}
    final = read_object(reader, "final_judgement")
    if final is None:
        return out
    final.unknown_fields((*judgements, "reasons"))
    for name in judgements:
        level = final.choice(name, LEVELS)
        if level is not None:
            out[name] = level
    reasons = read_text(final, "reasons", required=True, max_length=REASONS_MAX)
    out["reasons"] = reasons
    merge(reader, final)
    return out


def item_terms(ratings: Mapping[str, Rating], guide: Guide) -> list[Term]:
    terms = []
    for item in guide.items:
        rated = ratings.get(item.code)
        if rated is None:
            continue
        marks = "".join(f" [{flag}]" for flag in guide.flags if flag in rated.flags)
        terms.append(
            Term(
                name=f"item_{item.code}",
                label=f"{item.number}. {item.label}{marks}",
                value=rated.rating,
                explanation=rated.evidence or "Rated 0 (absent); no evidence given.",
            )
        )
    return terms


def section_terms(ratings: Mapping[str, Rating], guide: Guide, top: int) -> list[Term]:
    """Per section, how many items sit at each rating: counts to read, never a cut-off."""
    terms = []
    for section in guide.sections:
        rated = [r.rating for r in ratings.values() if r.item.section == section.code]
        counts = ", ".join(
            f"{sum(1 for v in rated if v == level)} rated {level}"
            for level in sorted(guide.ratings, reverse=True)
        )
        terms.append(
            Term(
                name=f"section_{section.code}",
                label=f"{section.label}: {len(rated)} items",
                value=counts,
                explanation=(
                    f"Counts of ratings in the section, for reading only ({top} is the highest "
                    "rating). They are not summed into a score and carry no cut-off."
                ),
            )
        )
    return terms
