"""Risk Matrix 2000: the /S (sexual), /V (violent) and /C (combined) scales.

REFERENCE 4.4 (Thornton, *Scoring Guide for Risk Matrix 2000.9/SVC*, February 2007) with
the second check of REFERENCE 0a: the structure, the step-1 items, the step-2 aggravating
factors and the /C method are confirmed [C]; the step-1 points, the /V item points and all
cut-offs are standard knowledge not re-read in the guide [M], so every result carries the
warning "cut-offs unconfirmed [M]".

Version ``2007-thornton.1`` is our first encoding of the 2000.9/SVC scoring guide as
summarised in REFERENCE 4.4. Any change to a figure makes a new version.

Scope (not checkable from these inputs, so stated in the definitions): men aged 18 or
over convicted of a sexual offence, at least one committed after the age of 16; not for
alleged, unconvicted offending. Age is counted at the commencement of risk, which we take
to be the ``assessment_date``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..errors import DomainValidationError
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
    whole_years,
)

VERSION = "2007-thornton.1"
SOURCE = (
    "REFERENCE 4.4 and 0a; Thornton, Scoring Guide for Risk Matrix 2000.9/SVC (February "
    "2007; University of Birmingham CFCP)"
)
POPULATION = (
    "Men aged 18 or over convicted of a sexual offence, at least one committed after the age "
    "of 16. Not for alleged (unconvicted) offending."
)
UNCONFIRMED = "cut-offs unconfirmed [M]"
CATEGORIES = ("low", "medium", "high", "very_high")
CATEGORY_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
MAX_AGE = 120
YES_NO = ("yes", "no")


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

S_CODE = "rm2000-s"
S_BANDS = (
    Band("low", "Low (step 1: 0)", 0, 0),
    Band("medium", "Medium (step 1: 1-2)", 1, 2),
    Band("high", "High (step 1: 3-4)", 3, 4),
    Band("very_high", "Very high (step 1: 5-6)", 5, 6),
)
S_FIELDS = (
    "date_of_birth",
    "assessment_date",
    "sexual_appearances",
    "criminal_appearances",
    "male_victim",
    "stranger_victim",
    "non_contact_offence",
    "single",
)
AGGRAVATING = (
    ("male_victim", "a sexual offence against a male"),
    ("stranger_victim", "a sexual offence against a stranger"),
    ("non_contact_offence", "a conviction for a non-contact sexual offence"),
    ("single", "single: never married nor lived with an adult partner for 2 years"),
)

S_DEFINITION = Definition(
    code=S_CODE,
    version=VERSION,
    name="Risk Matrix 2000/S (sexual reconviction)",
    kind=Kind.ACTUARIAL,
    source=SOURCE,
    confidence=Confidence.STANDARD,
    population=POPULATION,
    predicts="Sexual reconviction (a risk category, no probability).",
    items=(
        Item("date_of_birth", "Date of birth", (), "YYYY-MM-DD", "Step 1"),
        Item(
            "assessment_date",
            "Date risk starts (assessment or release date)",
            (),
            "YYYY-MM-DD",
            "Step 1",
        ),
        Item(
            "sexual_appearances",
            "Court appearances sentenced for a sexual offence, the index one included",
            (),
            "Whole number, 1 or more.",
            "Step 1",
        ),
        Item(
            "criminal_appearances",
            "Court appearances sentenced for any offence, the index one included",
            (),
            "Whole number, at least the number of sexual appearances.",
            "Step 1",
        ),
        Item("male_victim", "Any sexual offence against a male?", YES_NO, "", "Step 2"),
        Item(
            "stranger_victim",
            "Any sexual offence against a stranger?",
            YES_NO,
            "",
            "Step 2",
        ),
        Item(
            "non_contact_offence",
            "Any conviction for a non-contact sexual offence?",
            YES_NO,
            "",
            "Step 2",
        ),
        Item(
            "single",
            "Never married and never lived with an adult partner for 2 years or more?",
            YES_NO,
            "",
            "Step 2",
        ),
    ),
    bands=S_BANDS,
    notes=(
        UNCONFIRMED + ": the step-1 points and category cut-offs are standard knowledge "
        "not re-read in the scoring guide.",
        "The score is the step-1 total (0-6); the band is the final category after step 2: "
        "2 or 3 aggravating factors raise it one category, 4 raise it two, never above very "
        "high [C].",
        "A group estimate: it does not replace professional judgement.",
    ),
)


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

V_CODE = "rm2000-v"
V_BANDS = (
    Band("low", "Low (0-1)", 0, 1),
    Band("medium", "Medium (2-3)", 2, 3),
    Band("high", "High (4-5)", 4, 5),
    Band("very_high", "Very high (6-8)", 6, 8),
)
V_FIELDS = ("date_of_birth", "assessment_date", "violent_appearances", "burglary")

V_DEFINITION = Definition(
    code=V_CODE,
    version=VERSION,
    name="Risk Matrix 2000/V (non-sexual violence)",
    kind=Kind.ACTUARIAL,
    source=SOURCE,
    confidence=Confidence.STANDARD,
    population=POPULATION,
    predicts="Reconviction for non-sexual violence by sexual offenders (a risk category).",
    items=(
        Item("date_of_birth", "Date of birth", (), "YYYY-MM-DD"),
        Item("assessment_date", "Date risk starts (assessment or release date)", (), "YYYY-MM-DD"),
        Item(
            "violent_appearances",
            "Court appearances sentenced for non-sexual violence",
            (),
            "Whole number, 0 or more.",
        ),
        Item("burglary", "Any conviction for burglary?", YES_NO),
    ),
    bands=V_BANDS,
    notes=(
        UNCONFIRMED + ": item points and cut-offs are standard knowledge not re-read in the "
        "scoring guide.",
        "A group estimate: it does not replace professional judgement.",
    ),
)


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

C_CODE = "rm2000-c"
C_BANDS = (
    Band("low", "Low (2)", 2, 2),
    Band("medium", "Medium (3-4)", 3, 4),
    Band("high", "High (5-6)", 5, 6),
    Band("very_high", "Very high (7-8)", 7, 8),
)
C_FIELDS = ("s_band", "v_band")
CATEGORY_POINTS = {"low": 1, "medium": 2, "high": 3, "very_high": 4}

C_DEFINITION = Definition(
    code=C_CODE,
    version=VERSION,
    name="Risk Matrix 2000/C (combined sexual or other violence)",
    kind=Kind.ACTUARIAL,
    source=SOURCE,
    confidence=Confidence.STANDARD,
    population=POPULATION,
    predicts="Reconviction for sexual or other violence (a risk category).",
    items=(
        Item("s_band", "Final RM2000/S category", CATEGORIES),
        Item("v_band", "RM2000/V category", CATEGORIES),
    ),
    bands=C_BANDS,
    notes=(
        "The method, summing the category points of /S and /V, is confirmed [C]; "
        + UNCONFIRMED
        + ": the points (low 1 to very high 4) and cut-offs are standard knowledge.",
        "A group estimate: it does not replace professional judgement.",
    ),
)


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
    r.done()
    assert s_band is not None and v_band is not None
    total = rm2000_c_total(s_band, v_band)
    band = band_for(C_BANDS, total).code
    terms = (
        Term("s_band", f"RM2000/S category {CATEGORY_LABELS[s_band]}", CATEGORY_POINTS[s_band]),
        Term("v_band", f"RM2000/V category {CATEGORY_LABELS[v_band]}", CATEGORY_POINTS[v_band]),
        Term(
            "total",
            f"Total {total} of 8: {CATEGORY_LABELS[band]}",
            total,
            "2 low, 3-4 medium, 5-6 high, 7-8 very high [M]",
        ),
    )
    return ScoreResult(C_CODE, VERSION, total, band, {}, terms, (UNCONFIRMED,))


INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(S_DEFINITION, score_rm2000_s),
    Instrument(V_DEFINITION, score_rm2000_v),
    Instrument(C_DEFINITION, score_rm2000_c),
)
