"""Structured professional judgement guides: SARA, SAPROF, STABLE-2007 and ACUTE-2007.

Each item is rated by a practitioner from evidence (REFERENCE 4.7-4.9). A rating above 0
without its evidence is refused: a structured judgement that cannot show what it rests on is
not defensible. SARA and SAPROF end in a professional final judgement, so their score is
``None`` and no total is invented; STABLE-2007 has a summed total with bands, ACUTE-2007 two
summed indices, and their cut-offs are kept as data tagged [U].

This module also holds the small input helpers that the other structured instruments (DASH,
firearms, parole) share: free text through :func:`~fourpillars.domain.text.clean_text`,
nested objects named by their dotted path, and dates held to a sane range.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..text import LONG_TEXT_MAX, clean_text
from .base import (
    Band,
    Confidence,
    Definition,
    Instrument,
    Item,
    Kind,
    Reader,
    ScoreResult,
    Term,
    band_for,
)

# --- input helpers shared by the structured instruments ----------------------------------

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)  # keeps date arithmetic (+ 5 years) far from year 9999
EVIDENCE_MAX = 4000


def field_name(reader: Reader, name: str) -> str:
    """The dotted path of ``name`` inside ``reader`` (``items.hostility.rating``)."""
    return f"{reader.prefix}.{name}" if reader.prefix else name


def read_text(
    reader: Reader,
    name: str,
    *,
    required: bool = False,
    max_length: int = LONG_TEXT_MAX,
    multiline: bool = True,
) -> str:
    """Free text: NFC, stripped, control characters and oversized input refused."""
    return clean_text(
        reader.data.get(name),
        field_name(reader, name),
        reader.errors,
        required=required,
        max_length=max_length,
        multiline=multiline,
    )


def read_object(reader: Reader, name: str, *, required: bool = True) -> Reader | None:
    """A nested JSON object, read by a child reader whose errors carry the dotted path.

    Call :func:`merge` afterwards to move the child's errors into the parent.
    """
    raw = reader.data.get(name)
    if raw is None:
        if required:
            reader.fail(name, "is required")
        return None
    if not isinstance(raw, Mapping):
        reader.fail(name, "must be a JSON object")
        return None
    return Reader(raw, prefix=field_name(reader, name))


def merge(parent: Reader, child: Reader | None) -> None:
    if child is not None:
        parent.errors.extend(child.errors.errors)


def read_date(reader: Reader, name: str, *, required: bool = True) -> dt.date | None:
    """A ``YYYY-MM-DD`` date between 1900 and 2199 (anything else is a typing slip)."""
    value = reader.date(name, required)
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        reader.fail(name, f"must be between {DATE_MIN} and {DATE_MAX}")
        return None
    return value


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; a day the month lacks becomes its last day."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """The anniversary ``years`` later; 29 February falls on 1 March in common years (the
    later day, so a period never ends early; the same rule as ``whole_years``)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def error_count(reader: Reader) -> int:
    return len(reader.errors.errors)


# --- structured professional judgement --------------------------------------------------

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


def _common_fields(reader: Reader, allowed: Sequence[str]) -> dt.date | None:
    reader.unknown_fields(allowed)
    return read_date(reader, "assessment_date")


# --- SARA (REFERENCE 4.7) -----------------------------------------------------------------

SARA_GUIDE = Guide(
    sections=(
        Section("criminal_history", "Criminal history"),
        Section("psychosocial_adjustment", "Psychosocial adjustment"),
        Section("spousal_assault_history", "Spousal assault history"),
        Section("current_offence", "Alleged or current offence"),
    ),
    items=(
        SpjItem(
            1, "past_assault_family", "Has assaulted family members before", "criminal_history"
        ),
        SpjItem(
            2,
            "past_assault_strangers",
            "Has assaulted strangers or acquaintances before",
            "criminal_history",
        ),
        SpjItem(
            3,
            "past_violation_conditional_release",
            "Has broken conditional release or community supervision before",
            "criminal_history",
        ),
        SpjItem(
            4,
            "recent_relationship_problems",
            "Relationship problems recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            5,
            "recent_employment_problems",
            "Problems with work recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            6,
            "victim_witness_family_violence",
            "Suffered or saw family violence as a child or teenager",
            "psychosocial_adjustment",
        ),
        SpjItem(
            7,
            "recent_substance_abuse",
            "Misuse of or dependence on drink or drugs recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            8,
            "recent_suicidal_homicidal_ideation",
            "Thoughts or intent of suicide or of killing recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            9,
            "recent_psychotic_manic_symptoms",
            "Psychotic or manic symptoms recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            10,
            "personality_disorder",
            "Personality disorder with anger, impulsiveness or unstable behaviour",
            "psychosocial_adjustment",
        ),
        SpjItem(
            11,
            "past_physical_assault",
            "Has physically assaulted a partner before",
            "spousal_assault_history",
        ),
        SpjItem(
            12,
            "past_sexual_assault_jealousy",
            "Has sexually assaulted a partner before, or shown sexual jealousy",
            "spousal_assault_history",
        ),
        SpjItem(
            13,
            "past_weapons_death_threats",
            "Has used weapons or made believable threats to kill before",
            "spousal_assault_history",
        ),
        SpjItem(
            14,
            "recent_escalation",
            "Assaults recently more frequent or more severe",
            "spousal_assault_history",
        ),
        SpjItem(
            15,
            "past_no_contact_violation",
            "Has broken 'no contact' orders before",
            "spousal_assault_history",
        ),
        SpjItem(
            16,
            "extreme_minimisation_denial",
            "Denies or greatly plays down the history of partner assault",
            "spousal_assault_history",
        ),
        SpjItem(
            17,
            "attitudes_condoning_spousal_assault",
            "Holds attitudes that support or excuse assaulting a partner",
            "spousal_assault_history",
        ),
        SpjItem(
            18,
            "current_severe_sexual_assault",
            "The current offence is a severe or sexual assault",
            "current_offence",
        ),
        SpjItem(
            19,
            "current_weapons_death_threats",
            "The current offence involved weapons or believable threats to kill",
            "current_offence",
        ),
        SpjItem(
            20,
            "current_no_contact_violation",
            "The current offence broke a 'no contact' order",
            "current_offence",
        ),
    ),
    ratings=(0, 1, 2),
    rating_meanings="0 absent, 1 possibly or partly present, 2 present",
    flags=("critical",),
)
SARA_JUDGEMENTS = ("risk_to_partner", "risk_to_others")

SARA = Definition(
    code="sara",
    version="1999.1",
    name="SARA: Spousal Assault Risk Assessment guide (2nd edition)",
    kind=Kind.SPJ,
    source="Kropp, Hart, Webster & Eaves, SARA 2nd ed. 1995/1999 (REFERENCE 4.7)",
    confidence=Confidence.STANDARD,
    population="Men and women who have been violent, or are feared to be, towards a partner",
    predicts="Judged risk of violence to the partner and to others (no actuarial total)",
    items=SARA_GUIDE.form_items(),
    bands=LEVEL_BANDS,
    notes=(
        "20 items in 4 sections (3 + 7 + 7 + 3), each rated 0, 1 or 2; any item rated 1 or "
        "2 may be marked critical [M].",
        "Final judgements: risk to partner and risk to others, each low, moderate or high, "
        "with reasons. There is no summed score and no cut-off; the band is the higher of "
        "the two final judgements.",
        "Input: items {code: {rating, evidence, critical}}, final_judgement {risk_to_partner, "
        "risk_to_others, reasons}, assessment_date.",
        "Item wording is our own paraphrase; the item list is [M]. SARA-V3 (2015, 24 "
        "factors) is a different guide and is not modelled [U].",
    ),
)


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


# --- SAPROF (REFERENCE 4.8) ---------------------------------------------------------------

SAPROF_GUIDE = Guide(
    sections=(
        Section("internal", "Internal factors"),
        Section("motivational", "Motivational factors"),
        Section("external", "External factors"),
    ),
    items=(
        SpjItem(1, "intelligence", "Intelligence", "internal", static=True),
        SpjItem(
            2, "secure_attachment_childhood", "Secure attachment in childhood", "internal", True
        ),
        SpjItem(3, "empathy", "Empathy", "internal"),
        SpjItem(4, "coping", "Coping", "internal"),
        SpjItem(5, "self_control", "Self-control", "internal"),
        SpjItem(6, "work", "Work", "motivational"),
        SpjItem(7, "leisure_activities", "Leisure activities", "motivational"),
        SpjItem(8, "financial_management", "Managing money", "motivational"),
        SpjItem(9, "motivation_for_treatment", "Motivation for treatment", "motivational"),
        SpjItem(10, "attitudes_towards_authority", "Attitudes towards authority", "motivational"),
        SpjItem(11, "life_goals", "Life goals", "motivational"),
        SpjItem(12, "medication", "Medication", "motivational"),
        SpjItem(13, "social_network", "Social network", "external"),
        SpjItem(14, "intimate_relationship", "Intimate relationship", "external"),
        SpjItem(15, "professional_care", "Professional care", "external"),
        SpjItem(16, "living_circumstances", "Living circumstances", "external"),
        SpjItem(17, "external_control", "External control", "external"),
    ),
    ratings=(0, 1, 2),
    rating_meanings="0 absent, 1 partly present, 2 clearly present (a protective factor)",
    flags=("key", "goal"),
)

SAPROF = Definition(
    code="saprof",
    version="2012.1",
    name="SAPROF: Structured Assessment of Protective Factors for violence risk",
    kind=Kind.SPJ,
    source="de Vogel, de Ruiter, Bouman & de Vries Robbé, SAPROF 2nd ed. 2012 (REFERENCE 4.8)",
    confidence=Confidence.STANDARD,
    population="Adults assessed for violence risk, used alongside the HCR-20",
    predicts="Judged level of protection against violence (no actuarial bins)",
    items=SAPROF_GUIDE.form_items(),
    bands=LEVEL_BANDS,
    notes=(
        "17 protective factors: 5 internal, 7 motivational, 5 external [C]; items 1 and 2 "
        "are static [C]; each rated 0, 1 or 2 [C]. Item names [M].",
        "Key factors (most important for this person) and goal factors (to be built up in "
        "treatment) are flags on items [M].",
        "The final protection judgement (low, moderate, high, with reasons) is the band. The "
        "sum of ratings is shown as a term for reading only: it is not a cut-off.",
        "Input: items {code: {rating, evidence, key, goal}}, final_judgement {protection, "
        "reasons}, assessment_date.",
    ),
)


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


# --- STABLE-2007 (REFERENCE 4.9) -----------------------------------------------------------

STABLE_GUIDE = Guide(
    sections=(
        Section("social_influences", "Significant social influences"),
        Section("intimacy_deficits", "Intimacy deficits"),
        Section("general_self_regulation", "General self-regulation"),
        Section("sexual_self_regulation", "Sexual self-regulation"),
        Section("cooperation", "Co-operation with supervision"),
    ),
    items=(
        SpjItem(
            1, "significant_social_influences", "Significant social influences", "social_influences"
        ),
        SpjItem(
            2,
            "capacity_for_relationship_stability",
            "Capacity for stable relationships",
            "intimacy_deficits",
        ),
        SpjItem(
            3,
            "emotional_identification_with_children",
            "Emotional identification with children",
            "intimacy_deficits",
        ),
        SpjItem(4, "hostility_toward_women", "Hostility toward women", "intimacy_deficits"),
        SpjItem(
            5,
            "general_social_rejection",
            "General social rejection or loneliness",
            "intimacy_deficits",
        ),
        SpjItem(6, "lack_of_concern_for_others", "Lack of concern for others", "intimacy_deficits"),
        SpjItem(7, "impulsive_acts", "Impulsive acts", "general_self_regulation"),
        SpjItem(
            8,
            "poor_problem_solving",
            "Poor skills for thinking problems through",
            "general_self_regulation",
        ),
        SpjItem(
            9,
            "negative_emotionality",
            "Negative emotions or hostility",
            "general_self_regulation",
        ),
        SpjItem(
            10,
            "sex_drive_preoccupation",
            "Sex drive or preoccupation with sex",
            "sexual_self_regulation",
        ),
        SpjItem(11, "sex_as_coping", "Sex used to cope", "sexual_self_regulation"),
        SpjItem(
            12, "deviant_sexual_preference", "Deviant sexual preference", "sexual_self_regulation"
        ),
        SpjItem(13, "cooperation_with_supervision", "Co-operation with supervision", "cooperation"),
    ),
    ratings=(0, 1, 2),
    rating_meanings="0 no problem, 1 some concern, 2 definite problem",
)
STABLE_CHILD_ITEM = "emotional_identification_with_children"
# [M]/[U]: the usual bands; one application seen uses < 5 / < 12, so these are data.
STABLE_BANDS = (
    Band("low", "Low", 0, 3),
    Band("moderate", "Moderate", 4, 11),
    Band("high", "High", 12, None),
)

STABLE_2007 = Definition(
    code="stable-2007",
    version="2007.1",
    name="STABLE-2007: stable dynamic risk factors for sexual offending",
    kind=Kind.SPJ,
    source="Hanson, Harris, Scott & Helmus 2007 (REFERENCE 4.9)",
    confidence=Confidence.UNCONFIRMED,
    population="Adult men convicted of a sexual offence, under community supervision",
    predicts="Level of stable dynamic risk (combined with Static-99R in practice)",
    items=STABLE_GUIDE.form_items(
        {STABLE_CHILD_ITEM: "Scored only when there are child victims (child_victims true)."}
    ),
    bands=STABLE_BANDS,
    notes=(
        "13 items rated 0, 1 or 2 [M]; item 3 is scored only when there are child victims, "
        "so the total runs 0-26, or 0-24 without child victims [M].",
        "Bands 0-3 low, 4-11 moderate, 12 or more high are the usual ones but unconfirmed "
        "[U]; they are configurable data.",
        "Input: child_victims (true/false), items {code: {rating, evidence}} (item 3 only "
        "with child victims), assessment_date.",
    ),
)


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


# --- ACUTE-2007 (REFERENCE 4.9) ------------------------------------------------------------

ACUTE_GUIDE = Guide(
    sections=(
        Section("sexual_violent", "Sexual and violent recidivism index (items 1-4)"),
        Section("general_only", "General recidivism index only (items 5-7)"),
    ),
    items=(
        SpjItem(1, "victim_access", "Access to victims", "sexual_violent"),
        SpjItem(2, "hostility", "Hostility", "sexual_violent"),
        SpjItem(3, "sexual_preoccupation", "Preoccupation with sex", "sexual_violent"),
        SpjItem(4, "rejection_of_supervision", "Rejection of supervision", "sexual_violent"),
        SpjItem(5, "emotional_collapse", "Emotional collapse", "general_only"),
        SpjItem(6, "collapse_of_social_supports", "Collapse of social supports", "general_only"),
        SpjItem(7, "substance_abuse", "Misuse of drink or drugs", "general_only"),
    ),
    ratings=(0, 1, 3),
    rating_meanings="0 no problem, 1 maybe a problem, 3 intervene now",
)
ACUTE_SEXUAL_VIOLENT_ITEMS = 4  # the first four items
# [U] both sets of cut-offs: configurable data.
ACUTE_SEXUAL_VIOLENT_BANDS = (
    Band("low", "Low", 0, 0),
    Band("moderate", "Moderate", 1, 2),
    Band("high", "High", 3, None),
)
ACUTE_GENERAL_BANDS = (
    Band("low", "Low", 0, 1),
    Band("moderate", "Moderate", 2, 5),
    Band("high", "High", 6, None),
)

ACUTE_2007 = Definition(
    code="acute-2007",
    version="2007.1",
    name="ACUTE-2007: acute dynamic risk factors for sexual offending",
    kind=Kind.SPJ,
    source="Hanson, Harris, Scott & Helmus 2007 (REFERENCE 4.9)",
    confidence=Confidence.UNCONFIRMED,
    population="Adult men convicted of a sexual offence, under community supervision",
    predicts="Imminent (acute) risk: sexual/violent and general recidivism indices",
    items=ACUTE_GUIDE.form_items(),
    bands=ACUTE_SEXUAL_VIOLENT_BANDS,
    notes=(
        "7 items rated 0 (no problem), 1 (maybe) or 3 (intervene now) [M].",
        "Two indices: sexual/violent = items 1-4 (0-12), general = all 7 items (0-21) [M].",
        "The score is None because there are two indices: both are terms and in extra "
        "'indices'. The band is the sexual/violent index band (0 low, 1-2 moderate, 3+ high); "
        "the general index has its own band (0-1 low, 2-5 moderate, 6+ high). Both sets of "
        "cut-offs are unconfirmed [U] and kept as data.",
        "Input: items {code: {rating, evidence}}, assessment_date.",
    ),
)


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
