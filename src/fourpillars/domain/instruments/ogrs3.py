"""OGRS3: Offender Group Reconviction Scale, version 3 ([OGRS3-2009]).

The formula and coefficients from [MOJ-RSR-CALC], the worked example from [MOJ-RSR-SVC], the
bands from [MOJ-ARNS], all confirmed [C].

Version ``2009-moj.1`` is our first encoding of the published OGRS3 model: the coefficients
of the MoJ ``rsr-calculator`` (``lib/data/coefficients.json``), unrounded, with the negative
female 10-15 age-gender values ([KRIMZ-2022]), the copas term *not* rounded (the older
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

The coefficients, tables, bands and definition are data in :mod:`.ogrs3_tables`, re-exported
here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from ..errors import DomainValidationError, FieldError
from .base import (
    MAX_COUNT,
    Instrument,
    Reader,
    ScoreResult,
    Term,
    band_for,
    logistic,
    whole_years,
)
from .ogrs3_tables import (
    AGE_GENDER,
    BANDS,
    CODE,
    COPAS_MULTIPLIER,
    DEFINITION,
    FEMALE_YOUTH_WARNING,
    FIELDS,
    FIRST_SANCTION,
    INTERCEPT_1Y,
    INTERCEPT_2Y,
    MAX_AGE,
    MIN_AGE,
    OFFENCE_CATEGORIES,
    REPEAT_OFFENDER,
    SEXES,
    VERSION,
)

# --- pure arithmetic ----------------------------------------------------------------------


def ogrs3_probabilities(x: float) -> tuple[float, float]:
    """[OGRS3-2009]: the 1- and 2-year reoffending probabilities for linear predictor x."""
    return logistic(x + INTERCEPT_1Y), logistic(x + INTERCEPT_2Y)


def ogrs3_band(percent: float) -> str:
    """[MOJ-ARNS]: band code of a 2-year percentage, compared as a whole number."""
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


__all__ = [
    "AGE_GENDER",
    "BANDS",
    "CODE",
    "COPAS_MULTIPLIER",
    "DEFINITION",
    "FEMALE_YOUTH_WARNING",
    "FIELDS",
    "FIRST_SANCTION",
    "INSTRUMENTS",
    "INTERCEPT_1Y",
    "INTERCEPT_2Y",
    "MAX_AGE",
    "MIN_AGE",
    "OFFENCE_CATEGORIES",
    "REPEAT_OFFENDER",
    "SEXES",
    "VERSION",
    "check_facts",
    "ogrs3_band",
    "ogrs3_probabilities",
    "score_ogrs3",
    "score_ogrs3_facts",
]
