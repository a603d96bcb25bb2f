"""Risk Matrix 2000: the /S (sexual), /V (violent) and /C (combined) scales.

[RM2000] (Thornton, *Scoring Guide for Risk Matrix 2000.9/SVC*, February 2007), checked a
second time: the structure, the step-1 items, the step-2 aggravating factors and the /C method
are confirmed [C]; the step-1 points, the /V item points and all cut-offs are standard
knowledge not re-read in the guide [M], so every result carries the warning "cut-offs
unconfirmed [M]".

Version ``2007-thornton.1`` is our first encoding of the 2000.9/SVC scoring guide. Any change
to a figure makes a new version.

Scope (not checkable from these inputs, so stated in the definitions): men aged 18 or
over convicted of a sexual offence, at least one committed after the age of 16; not for
alleged, unconvicted offending. Age is counted at the commencement of risk, which we take
to be the ``assessment_date``.

The items, bands, category points and definitions are data in :mod:`.rm2000_data`,
re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..errors import DomainValidationError
from .base import Instrument, Reader, ScoreResult, Term, band_for, whole_years
from .rm2000_data import (
    AGGRAVATING,
    C_BANDS,
    C_CODE,
    C_CUTOFFS,
    C_DEFINITION,
    C_DISPUTED,
    C_FIELDS,
    C_SECOND_BANDS,
    C_SECOND_VERSION,
    CATEGORIES,
    CATEGORY_LABELS,
    CATEGORY_POINTS,
    MAX_AGE,
    POPULATION,
    S_BANDS,
    S_CODE,
    S_DEFINITION,
    S_FIELDS,
    SOURCE,
    UNCONFIRMED,
    V_BANDS,
    V_CODE,
    V_DEFINITION,
    V_FIELDS,
    VERSION,
    YES_NO,
)


def _age(r: Reader, dob: dt.date | None, assessed: dt.date | None) -> int | None:
    """Whole age on the assessment date; refuses under 18 (RM2000 is for adults)."""
    if dob is None or assessed is None:
        return None
    if dob > assessed:
        r.fail("date_of_birth", "is after the assessment_date")
        return None
    age = whole_years(dob, assessed)
    if age < 18:
        r.fail(
            "date_of_birth",
            f"gives age {age} on the assessment date: Risk Matrix 2000 is for people aged 18 "
            "or over",
        )
        return None
    if age > MAX_AGE:
        r.fail("date_of_birth", f"gives an age over {MAX_AGE} on the assessment date")
        return None
    return age


def _raise(category: str, steps: int) -> str:
    return CATEGORIES[min(CATEGORIES.index(category) + steps, len(CATEGORIES) - 1)]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


# --- RM2000/S ------------------------------------------------------------------------------


def score_rm2000_s(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object with RM2000/S; refuses bad input naming every bad field."""
    r = Reader(data)
    r.unknown_fields(S_FIELDS)
    dob = r.date("date_of_birth")
    assessed = r.date("assessment_date")
    sexual = r.count("sexual_appearances", minimum=1)
    criminal = r.count("criminal_appearances", minimum=1)
    factors = {name: r.boolean(name) for name, _ in AGGRAVATING}
    age = _age(r, dob, assessed)
    if sexual is not None and criminal is not None and criminal < sexual:
        r.fail(
            "criminal_appearances",
            f"{criminal} is fewer than sexual_appearances ({sexual}): every sexual appearance "
            "is also a criminal appearance",
        )
    r.done()
    assert age is not None and sexual is not None and criminal is not None

    age_pts = 2 if age < 25 else 1 if age < 35 else 0
    sexual_pts = 0 if sexual == 1 else 1 if sexual == 2 else 2 if sexual <= 4 else 3
    criminal_pts = 0 if criminal <= 4 else 1
    step1 = age_pts + sexual_pts + criminal_pts
    step1_band = band_for(S_BANDS, step1).code
    present = [label for name, label in AGGRAVATING if factors[name]]
    raise_by = 2 if len(present) == 4 else 1 if len(present) >= 2 else 0
    final = _raise(step1_band, raise_by)
    terms = (
        Term(
            "age",
            f"Age {age} when risk starts ({assessed.isoformat() if assessed else ''})",
            age_pts,
            "18-24 -> 2, 25-34 -> 1, 35 or over -> 0 [M]",
        ),
        Term(
            "sexual_appearances",
            f"{sexual} sentencing appearances for sexual offences",
            sexual_pts,
            "1 -> 0, 2 -> 1, 3-4 -> 2, 5 or more -> 3 [M]",
        ),
        Term(
            "criminal_appearances",
            f"{criminal} sentencing appearances for any offence",
            criminal_pts,
            "4 or fewer -> 0, 5 or more -> 1 [M]",
        ),
        Term(
            "step1",
            f"Step 1 total {step1}: category {CATEGORY_LABELS[step1_band]}",
            step1,
            "0 low, 1-2 medium, 3-4 high, 5-6 very high [M]",
        ),
        *(
            Term(
                name,
                f"Aggravating factor, {label}: {_yes_no(bool(factors[name]))}",
                int(bool(factors[name])),
            )
            for name, label in AGGRAVATING
        ),
        Term(
            "step2",
            f"{len(present)} aggravating factors: "
            + (
                "no change"
                if raise_by == 0
                else f"raised {raise_by} categor{'y' if raise_by == 1 else 'ies'}"
            )
            + (" (capped at very high)" if CATEGORIES.index(step1_band) + raise_by > 3 else "")
            + f" to {CATEGORY_LABELS[final]}",
            raise_by,
            "2-3 factors raise one category, 4 raise two, never above very high [C]",
        ),
    )
    return ScoreResult(S_CODE, VERSION, step1, final, {}, terms, (UNCONFIRMED,))


# --- RM2000/V ------------------------------------------------------------------------------


def score_rm2000_v(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object with RM2000/V; refuses bad input naming every bad field."""
    r = Reader(data)
    r.unknown_fields(V_FIELDS)
    dob = r.date("date_of_birth")
    assessed = r.date("assessment_date")
    violent = r.count("violent_appearances")
    burglary = r.boolean("burglary")
    age = _age(r, dob, assessed)
    r.done()
    assert age is not None and violent is not None and burglary is not None

    age_pts = 3 if age < 25 else 2 if age < 35 else 1 if age < 45 else 0
    violent_pts = 0 if violent == 0 else 1 if violent == 1 else 2 if violent <= 3 else 3
    burglary_pts = 2 if burglary else 0
    total = age_pts + violent_pts + burglary_pts
    band = band_for(V_BANDS, total).code
    terms = (
        Term(
            "age",
            f"Age {age} when risk starts ({assessed.isoformat() if assessed else ''})",
            age_pts,
            "18-24 -> 3, 25-34 -> 2, 35-44 -> 1, 45 or over -> 0 [M]",
        ),
        Term(
            "violent_appearances",
            f"{violent} sentencing appearances for non-sexual violence",
            violent_pts,
            "0 -> 0, 1 -> 1, 2-3 -> 2, 4 or more -> 3 [M]",
        ),
        Term("burglary", f"Any burglary conviction: {_yes_no(burglary)}", burglary_pts, "yes -> 2"),
        Term(
            "total",
            f"Total {total} of 8: {CATEGORY_LABELS[band]}",
            total,
            "0-1 low, 2-3 medium, 4-5 high, 6-8 very high [M]",
        ),
    )
    return ScoreResult(V_CODE, VERSION, total, band, {}, terms, (UNCONFIRMED,))


# --- RM2000/C ------------------------------------------------------------------------------


def rm2000_c_total(s_band: str, v_band: str) -> int:
    """RM2000/C: points of the /S and /V categories summed (2-8)."""
    try:
        return CATEGORY_POINTS[s_band] + CATEGORY_POINTS[v_band]
    except KeyError as exc:
        raise DomainValidationError.single(
            "s_band" if s_band not in CATEGORY_POINTS else "v_band", "is not a category"
        ) from exc


def score_rm2000_c(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object with RM2000/C; refuses bad input naming every bad field."""
    r = Reader(data)
    r.unknown_fields(C_FIELDS)
    s_band = r.choice("s_band", CATEGORIES)
    v_band = r.choice("v_band", CATEGORIES)
    cutoffs = r.choice("cutoffs", tuple(C_CUTOFFS), required=False) or "current"
    r.done()
    assert s_band is not None and v_band is not None
    total = rm2000_c_total(s_band, v_band)
    version, bands, words = C_CUTOFFS[cutoffs]
    band = band_for(bands, total).code
    other = "second_reading" if cutoffs == "current" else "current"
    other_version, other_bands, other_words = C_CUTOFFS[other]
    other_band = band_for(other_bands, total).code
    reading = "current reading" if cutoffs == "current" else "second reading"
    note = (
        f"{C_DISPUTED} This result uses the {reading} ({CATEGORY_LABELS[band]}); the "
        f"{'second reading' if other == 'second_reading' else 'current reading'} gives "
        f"{CATEGORY_LABELS[other_band]} (version {other_version})."
    )
    terms = (
        Term("s_band", f"RM2000/S category {CATEGORY_LABELS[s_band]}", CATEGORY_POINTS[s_band]),
        Term("v_band", f"RM2000/V category {CATEGORY_LABELS[v_band]}", CATEGORY_POINTS[v_band]),
        Term(
            "total",
            f"Total {total} of 8: {CATEGORY_LABELS[band]} ({reading} of the cut-offs)",
            total,
            f"{words} [M]; disputed [U]",
        ),
        Term(
            "other_reading",
            f"Under the {'second' if other == 'second_reading' else 'current'} reading "
            f"({other_words}): {CATEGORY_LABELS[other_band]}",
            other_band,
            "The cut-offs are disputed: both readings are shown",
        ),
    )
    extra = {
        "cutoffs": cutoffs,
        "other_reading": {"cutoffs": other, "version": other_version, "band": other_band},
    }
    return ScoreResult(C_CODE, version, total, band, {}, terms, (UNCONFIRMED, note), extra)


INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(S_DEFINITION, score_rm2000_s),
    Instrument(V_DEFINITION, score_rm2000_v),
    Instrument(C_DEFINITION, score_rm2000_c),
)


__all__ = [
    "AGGRAVATING",
    "CATEGORIES",
    "CATEGORY_LABELS",
    "CATEGORY_POINTS",
    "C_BANDS",
    "C_CODE",
    "C_CUTOFFS",
    "C_DEFINITION",
    "C_DISPUTED",
    "C_FIELDS",
    "C_SECOND_BANDS",
    "C_SECOND_VERSION",
    "INSTRUMENTS",
    "MAX_AGE",
    "POPULATION",
    "SOURCE",
    "S_BANDS",
    "S_CODE",
    "S_DEFINITION",
    "S_FIELDS",
    "UNCONFIRMED",
    "VERSION",
    "V_BANDS",
    "V_CODE",
    "V_DEFINITION",
    "V_FIELDS",
    "YES_NO",
    "rm2000_c_total",
    "score_rm2000_c",
    "score_rm2000_s",
    "score_rm2000_v",
]
