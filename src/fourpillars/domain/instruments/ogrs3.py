"""OGRS3: Offender Group Reconviction Scale, version 3 (Howard et al., MoJ 2009).

REFERENCE 4.1 (formula, coefficients, worked example) and 3.6 (bands), all tagged [C].

Version ``2009-moj.1`` is our first encoding of the published OGRS3 model: the coefficients
of the MoJ ``rsr-calculator`` (``lib/data/coefficients.json``), unrounded, with the negative
female 10-15 age-gender values (REFERENCE 0a), the copas term *not* rounded (the older
JavaScript; the Kotlin service rounds it to 5 dp) and the 2-year bands of the MoJ
``hmpps-arns-risk-actuarial-api`` code. Any change to a figure makes a new version.

Rules as implemented:

- The start of follow-up is the ``assessment_date``: age-gender uses age in whole years on
  that date. (The MoJ service replaces a follow-up start more than 2 years in the past by
  the assessment date; our only input *is* the assessment date, so that rule never fires.)
- The copas term is ``1.251124464 * ln(total / (10 + age_at_conviction - age_at_first))``
  with ``total = previous_sanctions + 1`` (the current sanction).
- The conviction status is "repeat" with any previous sanction, otherwise "first".
- ``score`` is the 2-year probability as a percentage *truncated* to 2 decimals (the
  worked example gives 20.18); the band compares the whole-number part, as the MoJ code
  does (``(p2 * 100).toInt()``), so 49.99 % is still low.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from ..errors import DomainValidationError, FieldError
from .base import (
    MAX_COUNT,
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
    logistic,
    whole_years,
)

CODE = "ogrs3"
VERSION = "2009-moj.1"

# --- coefficients (REFERENCE 4.1 [C]) ---------------------------------------------------

INTERCEPT_1Y = 1.402562384
INTERCEPT_2Y = 2.121705678
COPAS_MULTIPLIER = 1.251124464
REPEAT_OFFENDER = 0.463062792
FIRST_SANCTION = 0.126142106

MIN_AGE = 10  # age of criminal responsibility; the MoJ service refuses younger (MIN_CONVICTION_AGE)
MAX_AGE = 120  # older than this at assessment is a data-entry error

# (lowest age, highest age or None, male, female)
AGE_GENDER: tuple[tuple[int, int | None, float, float], ...] = (
    (10, 11, 0.0, -0.785038489),
    (12, 13, 0.083922902, -0.613852078),
    (14, 15, 0.075775765, -0.669521331),
    (16, 17, -0.061594199, -0.959179629),
    (18, 20, -0.625103618, -0.897480934),
    (21, 24, -1.051515067, -1.028488454),
    (25, 29, -1.166679288, -1.052777806),
    (30, 34, -1.325976554, -1.129127959),
    (35, 39, -1.368045933, -1.42187494),
    (40, 49, -1.499690953, -1.524652221),
    (50, None, -2.025261458, -2.44983716),
)

# index = OGRS3 offence category: (our name for it, coefficient)
OFFENCE_CATEGORIES: tuple[tuple[str, float], ...] = (
    ("violence", 0.0),
    ("robbery", -0.634795912),
    ("public order", 0.181917975),
    ("sexual offence, victim not a child", 0.003276327),
    ("sexual offence against a child", -0.653434071),
    ("soliciting or prostitution", 0.760608858),
    ("domestic burglary", -0.12394352),
    ("other burglary", 0.240604429),
    ("theft, not of or from a vehicle", 0.661244321),
    ("handling stolen goods", 0.351866973),
    ("fraud and forgery", 0.159910192),
    ("absconding or bail offences", 0.733378677),
    ("taking a vehicle without consent and related offences", 0.380059431),
    ("theft from a vehicle", 0.427225615),
    ("drink driving", 0.262228428),
    ("other motoring offences", -0.121439408),
    ("criminal damage", 0.204960477),
    ("drug import, export or production", -0.795556373),
    ("drug possession or supply", 0.077165871),
    ("any other offence", -0.060667525),
)

FEMALE_YOUTH_WARNING = (
    "female aged 10-15 at assessment: the sign of this age-gender coefficient differs "
    "between MoJ implementations; the negative published value is used (REFERENCE 0a)"
)

BANDS = (
    Band("low", "Low (2-year reoffending 0-49 %)", 0, 49),
    Band("medium", "Medium (50-74 %)", 50, 74),
    Band("high", "High (75-89 %)", 75, 89),
    Band("very_high", "Very high (90 % or more)", 90, None),
)

FIELDS = (
    "sex",
    "date_of_birth",
    "date_of_current_conviction",
    "date_of_first_sanction",
    "previous_sanctions",
    "assessment_date",
    "offence_category",
)
SEXES = ("male", "female")

DEFINITION = Definition(
    code=CODE,
    version=VERSION,
    name="OGRS3 (Offender Group Reconviction Scale, version 3)",
    kind=Kind.ACTUARIAL,
    source=(
        "REFERENCE 4.1 and 3.6; Howard, Francis, Soothill & Humphreys, OGRS 3: the revised "
        "Offender Group Reconviction Scale (Ministry of Justice Research Summary 7/09, 2009); "
        "coefficients from MoJ NOMS-DIGITAL-STUDIO/rsr-calculator lib/data/coefficients.json; "
        "bands from ministryofjustice/hmpps-arns-risk-actuarial-api OGRS3TransformationHelper.kt"
    ),
    confidence=Confidence.CONFIRMED,
    population=(
        "Adults and young people aged 10 or over convicted or cautioned in England and Wales "
        "(any offence type)."
    ),
    predicts="Proven reoffending of any kind within 1 and 2 years of the start of follow-up.",
    items=(
        Item("sex", "Sex", SEXES, "The model has separate age coefficients for men and women."),
        Item("date_of_birth", "Date of birth", (), "YYYY-MM-DD"),
        Item(
            "date_of_current_conviction",
            "Date of the current conviction (or caution)",
            (),
            "YYYY-MM-DD; the sanction this assessment is about.",
        ),
        Item(
            "date_of_first_sanction",
            "Date of the first ever sanction",
            (),
            "YYYY-MM-DD; the first caution, reprimand, final warning or conviction. With no "
            "previous sanctions this is the date of the current conviction.",
        ),
        Item(
            "previous_sanctions",
            "Number of previous sanctions",
            (),
            "Whole number, 0 or more, not counting the current one. Everything dealt with on "
            "the same day counts as one sanction.",
        ),
        Item(
            "assessment_date",
            "Assessment date (start of follow-up)",
            (),
            "YYYY-MM-DD; the date risk is measured from, e.g. the assessment or release date.",
        ),
        Item(
            "offence_category",
            "Category of the current offence",
            tuple(str(i) for i in range(len(OFFENCE_CATEGORIES))),
            "; ".join(f"{i} = {name}" for i, (name, _) in enumerate(OFFENCE_CATEGORIES)),
        ),
    ),
    bands=BANDS,
    notes=(
        "All figures confirmed [C] in MoJ code; the worked example of REFERENCE 4.1 is "
        "reproduced exactly.",
        "The band compares the 2-year percentage truncated to a whole number (49.9 % is low).",
        "Female 10-15 age-gender coefficients: negative values used (REFERENCE 0a); flagged "
        "in the warnings whenever they apply.",
        "Follow-up starts on the assessment date.",
        "A group estimate: it does not replace professional judgement.",
    ),
)


# --- pure arithmetic ----------------------------------------------------------------------


def ogrs3_probabilities(x: float) -> tuple[float, float]:
    """REFERENCE 4.1: the 1- and 2-year reoffending probabilities for linear predictor x."""
    return logistic(x + INTERCEPT_1Y), logistic(x + INTERCEPT_2Y)


def ogrs3_band(percent: float) -> str:
    """REFERENCE 3.6: band code of a 2-year percentage, compared as a whole number."""
    if not 0 <= percent <= 100:
        raise DomainValidationError.single("percent", "must be between 0 and 100")
    return band_for(BANDS, math.floor(percent)).code


def _age_table() -> tuple[tuple[tuple[float, str], ...], tuple[tuple[float, str], ...]]:
    """Per sex, indexed by whole age 0..MAX_AGE: (coefficient, band label)."""
    male: list[tuple[float, str]] = []
    female: list[tuple[float, str]] = []
    for age in range(MAX_AGE + 1):
        row = next(
            (r for r in AGE_GENDER if r[0] <= age and (r[1] is None or age <= r[1])),
            AGE_GENDER[0],  # under 10 is refused before the table is used
        )
        label = f"{row[0]}+" if row[1] is None else f"{row[0]}-{row[1]}"
        male.append((row[2], label))
        female.append((row[3], label))
    return tuple(male), tuple(female)


_MALE_AGES, _FEMALE_AGES = _age_table()
_BAND_BY_PERCENT = tuple(band_for(BANDS, pct).code for pct in range(101))


# --- validation ---------------------------------------------------------------------------


def check_facts(
    dob: dt.date | None,
    conviction: dt.date | None,
    first_sanction: dt.date | None,
    previous: int | None,
    assessed: dt.date | None,
) -> list[FieldError]:
    """Cross-field rules on already-typed inputs; any of them may be None (already refused)."""
    if (
        dob is not None
        and first_sanction is not None
        and conviction is not None
        and assessed is not None
        and previous is not None
        and dob <= first_sanction <= conviction <= assessed
        and whole_years(dob, first_sanction) >= MIN_AGE
        and whole_years(dob, assessed) <= MAX_AGE
        and (
            (previous == 0 and first_sanction == conviction)
            or 0 < previous <= (conviction - first_sanction).days
        )
    ):
        return []  # the usual case, checked cheaply; below, every problem is named
    errors: list[FieldError] = []

    def add(field: str, message: str) -> None:
        errors.append(FieldError(field, message))

    if assessed is not None:
        for field, value in (
            ("date_of_birth", dob),
            ("date_of_current_conviction", conviction),
            ("date_of_first_sanction", first_sanction),
        ):
            if value is not None and value > assessed:
                add(field, f"{value.isoformat()} is after the assessment_date")
    if dob is not None:
        for field, value, what in (
            ("date_of_first_sanction", first_sanction, "at the first sanction"),
            ("date_of_current_conviction", conviction, "at the current conviction"),
            ("assessment_date", assessed, "on the assessment date"),
        ):
            if value is None:
                continue
            if value < dob:
                if field != "assessment_date":  # already refused as after the assessment
                    add("date_of_birth", f"is after the {field}")
            elif whole_years(dob, value) < MIN_AGE:
                add(field, f"age {whole_years(dob, value)} {what}: must be {MIN_AGE} or more")
        if assessed is not None and assessed >= dob and whole_years(dob, assessed) > MAX_AGE:
            add("date_of_birth", f"gives an age over {MAX_AGE} on the assessment date")
    if first_sanction is not None and conviction is not None:
        if first_sanction > conviction:
            add("date_of_first_sanction", "is after the date_of_current_conviction")
        elif previous is not None:
            if previous == 0 and first_sanction != conviction:
                add(
                    "date_of_first_sanction",
                    "must be the date of the current conviction when previous_sanctions is 0",
                )
            elif previous > 0 and first_sanction == conviction:
                add(
                    "date_of_first_sanction",
                    "is the date of the current conviction, but previous_sanctions says there "
                    "were earlier ones (a same-day sanction counts as the current one)",
                )
            elif previous > (conviction - first_sanction).days:
                add(
                    "previous_sanctions",
                    f"{previous} previous sanctions cannot fit between the first sanction and "
                    "the current conviction (at most one a day)",
                )
    return errors


# --- scoring ------------------------------------------------------------------------------


def score_ogrs3_facts(
    sex: str,
    dob: dt.date,
    conviction: dt.date,
    first_sanction: dt.date,
    previous: int,
    assessed: dt.date,
    category: int,
) -> ScoreResult:
    """Score already-typed inputs (the fast path); refuses inconsistent facts by field."""
    if sex not in SEXES:
        raise DomainValidationError.single("sex", f"is not one of: {', '.join(SEXES)}")
    if not 0 <= category < len(OFFENCE_CATEGORIES):
        raise DomainValidationError.single("offence_category", "is not an OGRS3 category")
    if not 0 <= previous <= MAX_COUNT:
        raise DomainValidationError.single(
            "previous_sanctions", f"must be a whole number from 0 to {MAX_COUNT}"
        )
    errors = check_facts(dob, conviction, first_sanction, previous, assessed)
    if errors:
        raise DomainValidationError(errors)
    return _score(sex, dob, conviction, first_sanction, previous, assessed, category)


def _score(
    sex: str,
    dob: dt.date,
    conviction: dt.date,
    first_sanction: dt.date,
    previous: int,
    assessed: dt.date,
    category: int,
) -> ScoreResult:
    age_now = whole_years(dob, assessed)
    age_conviction = whole_years(dob, conviction)
    age_first = whole_years(dob, first_sanction)
    female = sex == "female"
    age_gender, age_band = (_FEMALE_AGES if female else _MALE_AGES)[age_now]
    status = REPEAT_OFFENDER if previous else FIRST_SANCTION
    total = previous + 1
    denominator = 10 + age_conviction - age_first  # >= 10: first sanction <= conviction
    rate = math.log(total / denominator)
    copas = COPAS_MULTIPLIER * rate
    offence_name, offence = OFFENCE_CATEGORIES[category]
    # Summed in the published order so the worked example is reproduced to the last bit.
    x = age_gender + status + copas + offence
    p1 = logistic(x + INTERCEPT_1Y)
    p2 = logistic(x + INTERCEPT_2Y)
    whole = int(p2 * 100)
    score = math.floor(p2 * 10000) / 100
    band = _BAND_BY_PERCENT[whole]
    assessed_iso = assessed.isoformat()
    warnings: tuple[str, ...] = ()
    if female and age_now < 16:
        warnings = (FEMALE_YOUTH_WARNING,)
    terms = (
        Term(
            "age_gender",
            f"Age {age_now} on {assessed_iso} (start of follow-up), {sex}: band {age_band}",
            age_gender,
            "Age-gender coefficient",
        ),
        Term(
            "conviction_status",
            f"{previous} previous sanctions: repeat offender"
            if previous
            else "No previous sanction: first sanction",
            status,
            "Conviction status coefficient",
        ),
        Term(
            "age_at_current_conviction",
            f"Age {age_conviction} at the current conviction ({conviction.isoformat()})",
            age_conviction,
        ),
        Term(
            "age_at_first_sanction",
            f"Age {age_first} at the first sanction ({first_sanction.isoformat()})",
            age_first,
        ),
        Term(
            "total_sanctions",
            f"{previous} previous sanctions plus the current one: {total}",
            total,
        ),
        Term(
            "sanction_rate",
            f"Log sanction rate: ln({total} / (10 + {age_conviction} - {age_first})) "
            f"= ln({total}/{denominator})",
            rate,
        ),
        Term(
            "copas",
            f"Copas term: {COPAS_MULTIPLIER} x log sanction rate",
            copas,
            "Not rounded (the older MoJ calculator); the newer service rounds the log to 5 dp",
        ),
        Term(
            "offence_category",
            f"Current offence category {category}: {offence_name}",
            offence,
            "Offence coefficient",
        ),
        Term(
            "linear_predictor",
            "Sum of age-gender, conviction status, copas and offence terms",
            x,
        ),
        Term(
            "two_year_percent",
            f"2-year probability {p2 * 100:.2f} %, compared as {whole} %: band {band}",
            whole,
        ),
    )
    return ScoreResult(CODE, VERSION, score, band, {"1y": p1, "2y": p2}, terms, warnings)


def _offence_category(reader: Reader) -> int | None:
    raw = reader.data.get("offence_category")
    if raw is None:
        reader.fail("offence_category", "is required")
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        reader.fail("offence_category", "must be a whole number from 0 to 19")
        return None
    if not 0 <= raw < len(OFFENCE_CATEGORIES):
        reader.fail("offence_category", "is not an OGRS3 offence category (0 to 19)")
        return None
    return raw


_FIELD_SET = frozenset(FIELDS)
_from_iso = dt.date.fromisoformat


def _fast_facts(
    data: Mapping[str, Any],
) -> tuple[str, dt.date, dt.date, dt.date, int, dt.date, int] | None:
    """The typed facts of a tidy input (exact types, no spaces, no unknown fields), or None.

    Accepts only what :class:`Reader` would read to the same values; anything else (and
    every error) goes through the full reader, which names each problem.
    """
    if type(data) is not dict or len(data) != len(FIELDS) or data.keys() != _FIELD_SET:
        return None
    sex, previous, category = data["sex"], data["previous_sanctions"], data["offence_category"]
    if (
        sex not in SEXES
        or type(previous) is not int
        or not 0 <= previous <= MAX_COUNT
        or type(category) is not int
        or not 0 <= category < len(OFFENCE_CATEGORIES)
    ):
        return None
    try:
        return (
            sex,
            _from_iso(data["date_of_birth"]),
            _from_iso(data["date_of_current_conviction"]),
            _from_iso(data["date_of_first_sanction"]),
            previous,
            _from_iso(data["assessment_date"]),
            category,
        )
    except (TypeError, ValueError):
        return None


def score_ogrs3(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object; refuses bad input naming every bad field."""
    facts = _fast_facts(data)
    if facts is not None and not check_facts(facts[1], facts[2], facts[3], facts[4], facts[5]):
        return _score(*facts)
    reader = Reader(data)
    reader.unknown_fields(FIELDS)
    sex = reader.choice("sex", SEXES)
    dob = reader.date("date_of_birth")
    conviction = reader.date("date_of_current_conviction")
    first_sanction = reader.date("date_of_first_sanction")
    previous = reader.count("previous_sanctions")
    assessed = reader.date("assessment_date")
    category = _offence_category(reader)
    reader.errors.extend(check_facts(dob, conviction, first_sanction, previous, assessed))
    reader.done()
    assert sex is not None and dob is not None and conviction is not None
    assert first_sanction is not None and previous is not None and assessed is not None
    assert category is not None
    return _score(sex, dob, conviction, first_sanction, previous, assessed, category)


INSTRUMENTS: tuple[Instrument, ...] = (Instrument(DEFINITION, score_ogrs3),)
