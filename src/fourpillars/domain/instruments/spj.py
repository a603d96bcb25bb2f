"""Structured professional judgement guides: SARA, SAPROF, STABLE-2007 and ACUTE-2007.

Each item is rated by a practitioner from evidence ([SARA-1999], [SAPROF-2012], [STABLE-2007],
[ACUTE-2007]). A rating above 0
without its evidence is refused: a structured judgement that cannot show what it rests on is
not defensible. SARA and SAPROF end in a professional final judgement, so their score is
``None`` and no total is invented; STABLE-2007 has a summed total with bands, ACUTE-2007 two
summed indices, and their cut-offs are kept as data tagged [U].

The guides (item lists, cut-offs, definitions) are data in :mod:`.spj_guides`, the rating
machinery is in :mod:`.spj_base`, and the small input helpers that the other structured
instruments (DASH, firearms, parole) share are in :mod:`.inputs`; all are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .base import Instrument, Reader, ScoreResult, Term, band_for
from .inputs import (
    DATE_MAX,
    DATE_MIN,
    EVIDENCE_MAX,
    add_months,
    add_years,
    error_count,
    field_name,
    merge,
    read_date,
    read_object,
    read_text,
)
from .spj_base import (
    LEVEL_BANDS,
    LEVEL_RANK,
    LEVELS,
    REASONS_MAX,
    Guide,
    Rating,
    Section,
    SpjItem,
    item_terms,
    read_final_judgement,
    read_ratings,
    section_terms,
)
from .spj_guides import (
    ACUTE_2007,
    ACUTE_GENERAL_BANDS,
    ACUTE_GUIDE,
    ACUTE_SEXUAL_VIOLENT_BANDS,
    ACUTE_SEXUAL_VIOLENT_ITEMS,
    SAPROF,
    SAPROF_GUIDE,
    SARA,
    SARA_GUIDE,
    SARA_JUDGEMENTS,
    STABLE_2007,
    STABLE_BANDS,
    STABLE_CHILD_ITEM,
    STABLE_GUIDE,
)


def _common_fields(reader: Reader, allowed: Sequence[str]) -> dt.date | None:
    reader.unknown_fields(allowed)
    return read_date(reader, "assessment_date")


# --- SARA ([SARA-1999]) -------------------------------------------------------------------


def score_sara(payload: Mapping[str, object]) -> ScoreResult:
    reader = Reader(payload)
    _common_fields(reader, ("items", "final_judgement", "assessment_date"))
    ratings = read_ratings(reader, SARA_GUIDE)
    final = read_final_judgement(reader, SARA_JUDGEMENTS)
    reader.done()

    partner, others = final["risk_to_partner"], final["risk_to_others"]
    band = max(partner, others, key=LEVEL_RANK.__getitem__)
    critical = [r.item for r in ratings.values() if "critical" in r.flags]
    warnings = ["Item list and wording [M]: check against the manual in use."]
    if critical and band == "low":
        warnings.append(
            f"{len(critical)} item(s) marked critical but both final judgements are low: the "
            "reasons should explain why the critical items do not raise the risk."
        )
    terms = [
        *item_terms(ratings, SARA_GUIDE),
        *section_terms(ratings, SARA_GUIDE, 2),
        Term(
            "critical_items",
            "Critical items",
            ", ".join(f"{i.number} {i.code}" for i in critical) or "none",
            "Items the assessor marked as critical: present and, on their own, a reason to "
            "act now.",
        ),
        Term(
            "risk_to_partner",
            "Final judgement: risk to the partner",
            partner,
            final["reasons"],
        ),
        Term(
            "risk_to_others",
            "Final judgement: risk to others",
            others,
            final["reasons"],
        ),
        Term(
            "band",
            "Band",
            band,
            "The higher of the two final judgements. SARA has no total: the judgements are "
            "the assessor's, made from the items and the evidence.",
        ),
    ]
    return ScoreResult(
        instrument=SARA.code,
        version=SARA.version,
        score=None,
        band=band,
        terms=tuple(terms),
        warnings=tuple(warnings),
    )


# --- SAPROF ([SAPROF-2012]) ---------------------------------------------------------------


def score_saprof(payload: Mapping[str, object]) -> ScoreResult:
    reader = Reader(payload)
    _common_fields(reader, ("items", "final_judgement", "assessment_date"))
    ratings = read_ratings(reader, SAPROF_GUIDE)
    final = read_final_judgement(reader, ("protection",))
    reader.done()

    total = sum(r.rating for r in ratings.values())
    key = [r.item.code for r in ratings.values() if "key" in r.flags]
    goal = [r.item.code for r in ratings.values() if "goal" in r.flags]
    warnings = ["Item names [M]: check against the manual in use."]
    static_goals = [r.item.code for r in ratings.values() if "goal" in r.flags and r.item.static]
    if static_goals:
        warnings.append(
            f"Static item(s) marked as a goal ({', '.join(static_goals)}): static factors do "
            "not change with treatment."
        )
    terms = [
        *item_terms(ratings, SAPROF_GUIDE),
        *section_terms(ratings, SAPROF_GUIDE, 2),
        Term(
            "total_not_a_cut_off",
            "Sum of the 17 ratings (0-34), for reading only: not a cut-off",
            total,
            "SAPROF allows the sum to be computed but has no bands for it; the final "
            "protection judgement is the assessor's.",
        ),
        Term("key_factors", "Key protective factors", ", ".join(key) or "none"),
        Term("goal_factors", "Goal factors for treatment", ", ".join(goal) or "none"),
        Term(
            "protection",
            "Final protection judgement",
            final["protection"],
            final["reasons"],
        ),
    ]
    return ScoreResult(
        instrument=SAPROF.code,
        version=SAPROF.version,
        score=None,
        band=final["protection"],
        terms=tuple(terms),
        warnings=tuple(warnings),
    )


# --- STABLE-2007 ([STABLE-2007]) ----------------------------------------------------------


def score_stable(payload: Mapping[str, object]) -> ScoreResult:
    reader = Reader(payload)
    _common_fields(reader, ("child_victims", "items", "assessment_date"))
    child_victims = reader.boolean("child_victims")
    excluded = (
        {STABLE_CHILD_ITEM: "is scored only when there are child victims (child_victims true)"}
        if child_victims is False
        else {}
    )
    ratings = read_ratings(reader, STABLE_GUIDE, excluded=excluded)
    reader.done()

    total = sum(r.rating for r in ratings.values())
    maximum = 2 * len(ratings)
    band = band_for(STABLE_BANDS, total)
    warnings = [
        "STABLE-2007 bands (0-3 low, 4-11 moderate, 12+ high) are unconfirmed [U]; item "
        "wording [M]. Check against the scoring manual in use."
    ]
    if not child_victims:
        warnings.append(
            "No child victims: item 3 (emotional identification with children) is not "
            "scored and the total is out of 24."
        )
    terms = [
        *item_terms(ratings, STABLE_GUIDE),
        Term(
            "total",
            f"Total of {len(ratings)} item ratings (0-{maximum})",
            total,
            "Sum of the item ratings."
            + ("" if child_victims else " Item 3 is left out because there are no child victims."),
        ),
        Term(
            "band",
            f"Band: {band.label}",
            band.code,
            "Bands 0-3 low, 4-11 moderate, 12 or more high (configurable, unconfirmed [U]).",
        ),
    ]
    return ScoreResult(
        instrument=STABLE_2007.code,
        version=STABLE_2007.version,
        score=total,
        band=band.code,
        terms=tuple(terms),
        warnings=tuple(warnings),
        extra={"maximum": maximum},
    )


# --- ACUTE-2007 ([ACUTE-2007]) ------------------------------------------------------------


def score_acute(payload: Mapping[str, object]) -> ScoreResult:
    reader = Reader(payload)
    _common_fields(reader, ("items", "assessment_date"))
    ratings = read_ratings(reader, ACUTE_GUIDE)
    reader.done()

    codes = [i.code for i in ACUTE_GUIDE.items]
    sexual_violent = sum(ratings[c].rating for c in codes[:ACUTE_SEXUAL_VIOLENT_ITEMS])
    general = sum(ratings[c].rating for c in codes)
    sv_band = band_for(ACUTE_SEXUAL_VIOLENT_BANDS, sexual_violent)
    general_band = band_for(ACUTE_GENERAL_BANDS, general)
    terms = [
        *item_terms(ratings, ACUTE_GUIDE),
        Term(
            "sexual_violent_index",
            f"Sexual/violent recidivism index (items 1-4, 0-12): {sv_band.label}",
            sexual_violent,
            "Sum of items 1-4. Bands 0 low, 1-2 moderate, 3 or more high [U]. This band is "
            "the result's band.",
        ),
        Term(
            "general_index",
            f"General recidivism index (all 7 items, 0-21): {general_band.label}",
            general,
            "Sum of all seven items. Bands 0-1 low, 2-5 moderate, 6 or more high [U].",
        ),
    ]
    warnings = [
        "ACUTE-2007 index bands are unconfirmed [U]; item wording [M]. Check against the "
        "scoring manual in use."
    ]
    if any(r.rating == 3 for r in ratings.values()):
        warnings.append("At least one item is rated 3 (intervene now): act on it now.")
    return ScoreResult(
        instrument=ACUTE_2007.code,
        version=ACUTE_2007.version,
        score=None,
        band=sv_band.code,
        terms=tuple(terms),
        warnings=tuple(warnings),
        extra={
            "indices": {
                "sexual_violent": {"score": sexual_violent, "band": sv_band.code},
                "general": {"score": general, "band": general_band.code},
            }
        },
    )


INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(SARA, score_sara),
    Instrument(SAPROF, score_saprof),
    Instrument(STABLE_2007, score_stable),
    Instrument(ACUTE_2007, score_acute),
)


__all__ = [
    "ACUTE_2007",
    "ACUTE_GENERAL_BANDS",
    "ACUTE_GUIDE",
    "ACUTE_SEXUAL_VIOLENT_BANDS",
    "ACUTE_SEXUAL_VIOLENT_ITEMS",
    "DATE_MAX",
    "DATE_MIN",
    "EVIDENCE_MAX",
    "INSTRUMENTS",
    "LEVELS",
    "LEVEL_BANDS",
    "LEVEL_RANK",
    "REASONS_MAX",
    "SAPROF",
    "SAPROF_GUIDE",
    "SARA",
    "SARA_GUIDE",
    "SARA_JUDGEMENTS",
    "STABLE_2007",
    "STABLE_BANDS",
    "STABLE_CHILD_ITEM",
    "STABLE_GUIDE",
    "Guide",
    "Rating",
    "Section",
    "SpjItem",
    "add_months",
    "add_years",
    "error_count",
    "field_name",
    "item_terms",
    "merge",
    "read_date",
    "read_final_judgement",
    "read_object",
    "read_ratings",
    "read_text",
    "score_acute",
    "score_saprof",
    "score_sara",
    "score_stable",
    "section_terms",
]
