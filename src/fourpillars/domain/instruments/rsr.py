"""RSR (Risk of Serious Recidivism) and its SNSV part (serious non-sexual violence).

RSR = SNSV + OSP/DC + OSP/IIC: the chance of a proven serious further offence within 2 years.

- SNSV ([MOJ-RSR-CALC] [C]): a logistic model with a static and a dynamic column of
  coefficients (:mod:`.rsr_data`). The linear predictor sums a female constant, a quartic in
  age at the start of follow-up, the current offence's weight (and, for violence against the
  person, its sub-category), a sanction-history term that depends on N (1, 2, or 3 and
  more), ``s x N``, a violent-history term that depends on V, a quartic in offence-free
  months, and for the dynamic model ten OASys items and nine "ever committed" offences.
  ``p1y = logistic(I1 + LP)``, ``p2y = logistic(I2 + LP)``.
- Derived values: age = completed years at the start of follow-up; career = completed years
  at the current conviction less those at the first sanction; ofm = completed months from
  the start of follow-up to the assessment, 0 if the start is not before it, at most 36.
- The dynamic model is used when all ten dynamic items are given (or when ``model`` is
  ``dynamic``, which then requires them); otherwise the static model.
- The OSP parts ([MOJ-ARNS] [C]) are OSP/DC's and OSP/IIC's 2-year probabilities: scored
  here from their inputs by :mod:`.osp`, or given as already-computed probabilities. They
  count 0 where they do not apply: for a woman (the predictors do not score women) and for
  anyone with no sexual-offence history.
- Combination ([MOJ-ARNS] ``RSRRiskProducerService.kt``): each part as a percentage rounded
  half-up to 2 decimals, the sum rounded to 2 decimals, 0.38 % (0.00383141762) added for a
  woman with a sexual-offence history, held between 0 and 99.99. Bands on that percentage:
  below 3.00 low, 3.00-6.89 medium, 6.90 or more high.

Version ``2026-moj.1`` is our first encoding. Any change to a figure or rule makes a new one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..errors import DomainValidationError, FieldError
from . import osp
from .base import Instrument, Reader, ScoreResult, Term, logistic, whole_years
from .rsr_data import (
    BANDS,
    CATEGORIES,
    CAVEAT,
    CENT,
    CODE,
    DEFINITION,
    DYNAMIC,
    DYNAMIC_FIELDS,
    DYNAMIC_ITEMS,
    FEMALE_SEXUAL_HISTORY,
    FIELDS,
    HIGH_FROM,
    MAX_AGE,
    MEDIUM_FROM,
    MIN_AGE,
    MODEL_CHOICES,
    MODELS,
    OFM_CAP,
    OSP_DC_FIELDS,
    PAST_FIELDS,
    PAST_OFFENCES,
    RSR_MAX_PERCENT,
    SEXES,
    STATIC,
    VATP,
    VATP_CODES,
    VATP_SUBCATEGORIES,
    VERSION,
    Model,
)

NO_SEXUAL_HISTORY = "Not applicable: no sexual-offence history, so this part counts 0."


# --- pure arithmetic ----------------------------------------------------------------------


def completed_months(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end``; 0 when ``start`` is not before it."""
    if start >= end:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


@dataclass(frozen=True)
class SnsvFacts:
    """The typed inputs of SNSV (already checked)."""

    sex: str
    age: int  # completed years at the start of follow-up
    career: int  # completed years at the current conviction less those at the first sanction
    ofm: int  # offence-free months, 0-36
    total: int  # N, the current sanction included
    violent: int  # V
    category: int
    vatp: str | None = None
    dynamic: Mapping[str, int] | None = None  # all ten items, or None
    past: Mapping[str, bool] | None = None


def snsv_terms(f: SnsvFacts, model: Model) -> tuple[Term, ...]:
    """[MOJ-RSR-CALC]: each term of the SNSV linear predictor under ``model``, explained."""
    female = f.sex == "female"
    a = model.age_female if female else model.age_male
    age = f.age
    terms = [
        Term(
            "sex",
            f"Sex: {f.sex}",
            model.female if female else 0.0,
            "Female constant (men 0)",
        ),
        Term(
            "age",
            f"Age {age} at the start of follow-up",
            a[0] * age + a[1] * age**2 + a[2] * age**3 + a[3] * age**4,
            "a1 x age + a2 x age^2 + a3 x age^3 + a4 x age^4 (by sex)",
        ),
    ]
    name = CATEGORIES[f.category][0]
    terms.append(
        Term(
            "offence_category",
            f"Current offence category {f.category}: {name}",
            model.weights[f.category],
            "Offence category weight",
        )
    )
    if f.category == VATP and f.vatp is not None:
        label = next(label for code, label, _, _ in VATP_SUBCATEGORIES if code == f.vatp)
        terms.append(
            Term(
                "vatp_subcategory",
                f"Violence against the person: {label}",
                model.vatp[f.vatp],
                "Sub-category weight",
            )
        )
    n, career = f.total, f.career
    if n == 1:
        terms.append(Term("sanctions", "1 sanction: the first", model.first, "N = 1"))
    elif n == 2:
        y = model.y_female if female else model.y_male
        terms.append(
            Term(
                "sanctions",
                f"2 sanctions over a {career}-year career",
                model.second + career * y,
                "second + career x y (by sex)",
            )
        )
    else:
        r = model.r_female if female else model.r_male
        terms.append(
            Term(
                "sanctions",
                f"{n} sanctions over a {career}-year career: ln({n} / ({career} + 12))",
                r * math.log(n / (career + 12)),
                "r x ln(N / (career + 12)) (r by sex)",
            )
        )
    terms.append(Term("sanction_count", f"{n} sanctions x s", model.s * n, "s x N"))
    v = f.violent
    if v == 0:
        terms.append(
            Term(
                "violent_sanctions",
                "No violent sanction",
                model.never_female if female else model.never_male,
                "V = 0 (by sex)",
            )
        )
    else:
        value = (
            model.v * v + (model.once if v == 1 else 0.0) + model.q * math.log(v / (career + 30))
        )
        terms.append(
            Term(
                "violent_sanctions",
                f"{v} violent sanctions: ln({v} / ({career} + 30))",
                value,
                "v x V (+ once if V = 1) + q x ln(V / (career + 30))",
            )
        )
    o, m = model.ofm, f.ofm
    terms.append(
        Term(
            "offence_free_months",
            f"{m} offence-free months (at most {OFM_CAP})",
            o[0] * m + o[1] * m**2 + o[2] * m**3 + o[3] * m**4,
            "o1 x ofm + o2 x ofm^2 + o3 x ofm^3 + o4 x ofm^4",
        )
    )
    if model is DYNAMIC:
        items = f.dynamic or {}
        for field, label, top, weight in DYNAMIC_ITEMS:
            answer = items.get(field, 0)
            shown = ("yes" if answer else "no") if top == 1 else str(answer)
            terms.append(Term(field, f"{label}: {shown}", weight * answer, f"{weight} x answer"))
        past = f.past or {}
        for field, label, weight in PAST_OFFENCES:
            done = bool(past.get(field))
            terms.append(
                Term(field, f"{label}: {'yes' if done else 'no'}", weight if done else 0.0)
            )
    return tuple(terms)


def snsv_probabilities(f: SnsvFacts, model: Model) -> tuple[float, float, float]:
    """[MOJ-RSR-CALC]: (linear predictor, 1-year, 2-year) SNSV probabilities."""
    lp = math.fsum(float(t.value or 0) for t in snsv_terms(f, model))
    return lp, logistic(model.intercept_1y + lp), logistic(model.intercept_2y + lp)


def as_percent(p: float) -> Decimal:
    """A probability as a percentage rounded half-up to 2 decimals (the exact binary value
    of the float, as the MoJ service's BigDecimal does)."""
    return (Decimal(p) * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def rsr_percent(
    snsv: float, osp_dc: float | None, osp_iic: float | None, female_sexual: bool
) -> Decimal:
    """[MOJ-ARNS]: the RSR percentage from its parts (None = not applicable, counts 0)."""
    parts = [as_percent(snsv), as_percent(osp_dc or 0.0), as_percent(osp_iic or 0.0)]
    if female_sexual:
        parts.append(as_percent(FEMALE_SEXUAL_HISTORY))
    total = sum(parts, Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(max(total, Decimal(0)), RSR_MAX_PERCENT)


def rsr_band(percent: Decimal | float) -> str:
    """[MOJ-ARNS]: band of a rounded RSR percentage (3.00 is medium, 6.90 high)."""
    value = Decimal(str(percent)) if isinstance(percent, float) else percent
    if not Decimal(0) <= value <= Decimal(100):
        raise DomainValidationError.single("percent", "must be between 0 and 100")
    return "high" if value >= HIGH_FROM else "medium" if value >= MEDIUM_FROM else "low"


# --- reading and checking the input --------------------------------------------------------


def _category(r: Reader) -> int | None:
    raw = r.data.get("offence_category")
    if raw is None:
        r.fail("offence_category", "is required")
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,2}", raw.strip()):
        raw = int(raw.strip())  # "4" from a form; longer strings are refused below
    if isinstance(raw, bool) or not isinstance(raw, int):
        r.fail("offence_category", f"must be a whole number from 0 to {len(CATEGORIES) - 1}")
        return None
    if not 0 <= raw < len(CATEGORIES):
        r.fail("offence_category", f"{raw} is not an RSR offence category (0 to 19)")
        return None
    return raw


def _check_dates(
    r: Reader,
    dob: dt.date | None,
    first: dt.date | None,
    conviction: dt.date | None,
    start: dt.date | None,
    assessed: dt.date | None,
) -> None:
    named = (
        ("date_of_first_sanction", first),
        ("date_of_current_conviction", conviction),
        ("follow_up_start", start),
        ("assessment_date", assessed),
    )
    if dob is not None:
        for field, value in named:
            if value is not None and value < dob:
                r.fail(field, f"{value.isoformat()} is before the date_of_birth")
        if first is not None and first >= dob and whole_years(dob, first) < MIN_AGE:
            r.fail(
                "date_of_first_sanction",
                f"gives age {whole_years(dob, first)} at the first sanction: must be "
                f"{MIN_AGE} or more (an earlier date is probably a recording error)",
            )
        when = start or assessed
        if when is not None and when >= dob and whole_years(dob, when) > MAX_AGE:
            r.fail("date_of_birth", f"gives an age over {MAX_AGE} at the start of follow-up")
    if first is not None and conviction is not None and first > conviction:
        r.fail("date_of_first_sanction", "is after the date_of_current_conviction")
    if conviction is not None:
        if start is not None and start < conviction:
            r.fail("follow_up_start", "is before the date_of_current_conviction")
        if assessed is not None and assessed < conviction:
            r.fail("assessment_date", "is before the date_of_current_conviction")


def _check_counts(
    r: Reader,
    total: int | None,
    violent: int | None,
    first: dt.date | None,
    conviction: dt.date | None,
) -> None:
    if total is not None and violent is not None and violent > total:
        r.fail("violent_sanctions", f"{violent} is more than total_sanctions ({total})")
    if total is None or first is None or conviction is None or first > conviction:
        return
    if total == 1 and first != conviction:
        r.fail(
            "date_of_first_sanction",
            "must be the date of the current conviction when total_sanctions is 1",
        )
    elif total > 1 and first == conviction:
        r.fail(
            "date_of_first_sanction",
            f"is the date of the current conviction, but total_sanctions is {total} (a "
            "same-day sanction counts as the current one)",
        )


def _dynamic(r: Reader, model: str | None) -> dict[str, int] | None:
    """The ten dynamic items when all are given (or forced), else None (static model)."""
    forced = model == "dynamic"
    answers: dict[str, int] = {}
    for field, _, top, _ in DYNAMIC_ITEMS:
        if top == 1:
            yes = r.boolean(field, required=forced)
            if yes is not None:
                answers[field] = int(yes)
        else:
            value = r.count(field, required=forced, maximum=top)
            if value is not None:
                answers[field] = value
    if model == "static" or len(answers) < len(DYNAMIC_ITEMS):
        return None
    return answers


def _missing_dynamic(data: Mapping[str, Any]) -> list[str]:
    return [f for f in DYNAMIC_FIELDS if data.get(f) is None]


# --- the OSP parts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One OSP part of RSR: scored, given as a probability, or not applicable (counts 0)."""

    code: str
    status: str  # scored, given, not_applicable
    probability: float | None
    band: str | None = None
    reason: str | None = None
    result: ScoreResult | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "probability_2y": self.probability,
            "percent": float(as_percent(self.probability or 0.0)),
            "band": self.band,
            "reason": self.reason,
            "version": self.result.version if self.result else None,
        }


def _sub_score(
    code: str, scorer: Any, payload: dict[str, Any], errors: list[FieldError]
) -> Part | None:
    try:
        result: ScoreResult = scorer(payload)
    except DomainValidationError as exc:
        errors.extend(exc.errors)
        return None
    if not result.applicable:
        return Part(code, "not_applicable", None, result.band, result.reason, result)
    return Part(code, "scored", result.probabilities.get("2y"), result.band, None, result)


def _osp_parts(r: Reader, sex: str | None, sexual: bool | None) -> tuple[Part | None, Part | None]:
    """The OSP/DC and OSP/IIC parts; errors go to the reader, with the RSR field names."""
    data = r.data
    dc_given = r.number("osp_dc_probability", required=False, minimum=0, maximum=1)
    iic_given = r.number("osp_iic_probability", required=False, minimum=0, maximum=1)
    if sex is None or sexual is None:
        return None, None
    counts = {
        f: data.get(f)
        for f in ("contact_adult_sanctions", "contact_child_sanctions", "non_contact_sanctions")
    }
    counts["iioc_sanctions"] = data.get("iioc_sanctions")
    if not sexual:
        for field in ("osp_dc_probability", "osp_iic_probability"):
            if data.get(field) is not None:
                r.fail(field, "is given, but sexual_history is no: the OSP parts do not apply")
        for field, value in counts.items():
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                r.fail("sexual_history", f"is no, but {field} counts {value}")
        if data.get("date_of_last_sexual_sanction") is not None:
            r.fail("sexual_history", "is no, but date_of_last_sexual_sanction is given")
        return (
            Part("osp-dc", "not_applicable", None, None, NO_SEXUAL_HISTORY),
            Part("osp-iic", "not_applicable", None, None, NO_SEXUAL_HISTORY),
        )
    if sex == "female":
        for field in ("osp_dc_probability", "osp_iic_probability"):
            if data.get(field) is not None:
                r.fail(field, "does not apply to a woman: " + osp.FEMALE_REASON)
    elif all(isinstance(v, int) and not isinstance(v, bool) and v == 0 for v in counts.values()):
        r.fail("sexual_history", "is yes, but no sexual sanction is counted")
    errors: list[FieldError] = []
    shared = {k: data[k] for k in ("date_of_birth", "assessment_date") if k in data}
    shared["sex"] = sex
    if "total_sanctions" in data:
        shared["total_sanctions"] = data["total_sanctions"]
    dc_only = [f for f in OSP_DC_FIELDS if f != "contact_child_sanctions"]
    if dc_given is not None and sex == "male":
        both = [f for f in dc_only if data.get(f) is not None]
        if both:
            r.fail(
                "osp_dc_probability", f"give this or the OSP/DC inputs ({both[0]} ...), not both"
            )
        dc: Part | None = Part("osp-dc", "given", dc_given)
    else:
        payload = {**shared, **{f: data[f] for f in OSP_DC_FIELDS if data.get(f) is not None}}
        dc = _sub_score("osp-dc", osp.score_osp_dc, payload, errors)
    if iic_given is not None and sex == "male":
        if data.get("iioc_sanctions") is not None:
            r.fail("osp_iic_probability", "give this or iioc_sanctions, not both")
        iic: Part | None = Part("osp-iic", "given", iic_given)
    else:
        payload = {
            "sex": sex,
            "any_sexual_sanctions": True,
            **{f: data[f] for f in ("iioc_sanctions", "contact_child_sanctions") if f in data},
        }
        iic = _sub_score("osp-iic", osp.score_osp_iic, payload, errors)
    known = {(e.field, e.message) for e in r.errors.errors}
    for e in errors:
        if (e.field, e.message) not in known:
            known.add((e.field, e.message))
            r.errors.add(e.field, e.message)
    return dc, iic


# --- scoring ------------------------------------------------------------------------------


def _part_term(part: Part, label: str) -> Term:
    if part.status == "not_applicable":
        return Term(part.code.replace("-", "_"), f"{label}: not applicable", 0.0, part.reason or "")
    how = "scored from its inputs" if part.status == "scored" else "given"
    band = f", band {part.band}" if part.band else ""
    return Term(
        part.code.replace("-", "_"),
        f"{label} 2-year ({how}{band}): {as_percent(part.probability or 0.0)} %",
        float(as_percent(part.probability or 0.0)),
        "Percentage rounded half-up to 2 decimals",
    )


def score_rsr(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object with RSR; refuses bad input naming every bad field."""
    r = Reader(data)
    r.unknown_fields(FIELDS)
    sex = r.choice("sex", SEXES)
    dob = r.date("date_of_birth")
    conviction = r.date("date_of_current_conviction")
    first = r.date("date_of_first_sanction")
    start_given = r.date("follow_up_start", required=False)
    assessed = r.date("assessment_date")
    total = r.count("total_sanctions", minimum=1)
    violent = r.count("violent_sanctions")
    category = _category(r)
    vatp = r.choice("vatp_subcategory", VATP_CODES, required=False)
    model_choice = r.choice("model", MODEL_CHOICES, required=False) or "auto"
    if category == VATP and vatp is None and data.get("vatp_subcategory") is None:
        r.fail("vatp_subcategory", "is required for category 18 (violence against the person)")
    elif category is not None and category != VATP and vatp is not None:
        r.fail("vatp_subcategory", "is only for category 18 (violence against the person)")
    dynamic = _dynamic(r, model_choice)
    past = {f: bool(r.boolean(f, required=False)) for f in PAST_FIELDS}
    sexual = r.boolean("sexual_history")
    start = start_given or assessed
    _check_dates(r, dob, first, conviction, start_given, assessed)
    _check_counts(r, total, violent, first, conviction)
    dc, iic = _osp_parts(r, sex, sexual)
    r.done()
    assert sex is not None and dob is not None and conviction is not None
    assert first is not None and assessed is not None and start is not None
    assert total is not None and violent is not None and category is not None
    assert sexual is not None and dc is not None and iic is not None

    facts = SnsvFacts(
        sex=sex,
        age=whole_years(dob, start),
        career=whole_years(dob, conviction) - whole_years(dob, first),
        ofm=min(completed_months(start, assessed), OFM_CAP),
        total=total,
        violent=violent,
        category=category,
        vatp=vatp,
        dynamic=dynamic,
        past=past,
    )
    model = STATIC if dynamic is None else DYNAMIC
    terms = snsv_terms(facts, model)
    lp = math.fsum(float(t.value or 0) for t in terms)
    p1 = logistic(model.intercept_1y + lp)
    p2 = logistic(model.intercept_2y + lp)
    female_sexual = sex == "female" and sexual
    percent = rsr_percent(p2, dc.probability, iic.probability, female_sexual)
    band = rsr_band(percent)
    warnings: tuple[str, ...] = ()
    missing = _missing_dynamic(data)
    if model is STATIC and model_choice == "auto" and 0 < len(missing) < len(DYNAMIC_FIELDS):
        warnings = (
            f"static model used: {len(missing)} of the 10 dynamic items are not given "
            f"({', '.join(missing)})",
        )
    why_model = {
        "dynamic": "asked for the dynamic model",
        "static": "asked for the static model",
        "auto": "all ten dynamic items given" if dynamic else "the dynamic items are not all given",
    }[model_choice]
    start_label = (
        f"follow-up starts {start.isoformat()}"
        if start_given
        else f"follow-up starts on the assessment date {start.isoformat()}"
    )
    all_terms = (
        Term("model", f"SNSV {model.name} model ({why_model})", model.name),
        Term(
            "career",
            f"Career {facts.career} years (age at conviction less age at first sanction); "
            + start_label,
            facts.career,
        ),
        *terms,
        Term("snsv_linear_predictor", "SNSV linear predictor: the sum of the terms above", lp),
        Term("snsv_1y", "SNSV 1-year probability: logistic(I1 + LP)", p1),
        Term("snsv_2y", "SNSV 2-year probability: logistic(I2 + LP)", p2),
        Term(
            "snsv_percent",
            f"SNSV 2-year: {as_percent(p2)} %",
            float(as_percent(p2)),
            "Percentage rounded half-up to 2 decimals",
        ),
        _part_term(dc, "OSP/DC"),
        _part_term(iic, "OSP/IIC"),
        Term(
            "female_adjustment",
            "Woman with a sexual-offence history: + 0.38 %"
            if female_sexual
            else "No female adjustment",
            float(as_percent(FEMALE_SEXUAL_HISTORY)) if female_sexual else 0.0,
            "0.00383141762 as a percentage, for women with a sexual-offence history",
        ),
        Term(
            "rsr_percent",
            f"RSR {percent} %: band {band}",
            float(percent),
            "Sum rounded half-up to 2 decimals, held between 0 and 99.99; "
            "below 3.00 low, 3.00-6.89 medium, 6.90 or more high",
        ),
    )
    extra = {
        "snsv": {"model": model.name, "1y": p1, "2y": p2, "percent": float(as_percent(p2))},
        "osp_dc": dc.as_dict(),
        "osp_iic": iic.as_dict(),
        "female_adjustment": float(as_percent(FEMALE_SEXUAL_HISTORY)) if female_sexual else 0.0,
        "caveat": CAVEAT,
    }
    score = float(percent)
    return ScoreResult(CODE, VERSION, score, band, {"2y": score / 100}, all_terms, warnings, extra)


INSTRUMENTS: tuple[Instrument, ...] = (Instrument(DEFINITION, score_rsr),)


__all__ = [
    "BANDS",
    "CATEGORIES",
    "CODE",
    "DEFINITION",
    "DYNAMIC",
    "INSTRUMENTS",
    "MODELS",
    "STATIC",
    "VERSION",
    "Part",
    "SnsvFacts",
    "as_percent",
    "completed_months",
    "rsr_band",
    "rsr_percent",
    "score_rsr",
    "snsv_probabilities",
    "snsv_terms",
]
