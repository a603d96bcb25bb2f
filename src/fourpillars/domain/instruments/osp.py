"""OSP/DC and OSP/IIC: the OASys Sexual reoffending Predictors (current MoJ versions).

[MOJ-ARNS], all tagged [C]: the rules as coded in the MoJ
``hmpps-arns-risk-actuarial-api`` (``OSPDCTransformationHelper.kt``,
``OSPIICHierarchyBand.kt`` and their tests).

Versions:

- ``arns-moj.1``: our first encoding of those rules: the 64-point OSP/DC score with its bands
  and logistic 2-year probability, and the six-row OSP/IIC hierarchy with its 2-year RSR
  contributions. Women were scored as men, with a warning.
- ``arns-moj.2`` (current): the same figures, but both predictors answer *not applicable*
  for a woman, with the reason: they are validated on men only and the MoJ service does not
  score women ([MOJ-ARNS] ``RSRRiskProducerService.kt`` counts them as 0). Stored results
  keep the version they were scored with.

The legacy OSP/C static score of the older rsr-calculator is not implemented (superseded).
Any change to a rule or a figure makes a new version.

The combined RSR is in :mod:`.rsr`; OSP/IIC's ``2y`` probability is the contribution it adds
to RSR.
"""

from __future__ import annotations

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
    logistic,
    not_applicable,
    whole_years,
)

VERSION = "arns-moj.2"
SOURCE = (
    "[MOJ-ARNS] MoJ OASys Sexual reoffending Predictors as coded in "
    "ministryofjustice/hmpps-arns-risk-actuarial-api (OSPDCTransformationHelper.kt, "
    "OSPIICHierarchyBand.kt and tests)"
)
POPULATION = "Adult men (18 or over) with a history of sexual offending."
FEMALE_REASON = (
    "Not applicable to women: the OASys sexual reoffending predictors are validated on men "
    "only and do not score women."
)
MAX_AGE = 120

# --- OSP/DC ([MOJ-ARNS] OSPDCTransformationHelper.kt [C]) ---------------------------------

DC_CODE = "osp-dc"
DC_INTERCEPT = -8.6333
DC_SLOPE = 0.1598
DC_MAX = 64
ADULT_POINTS = (0, 5, 10, 15)  # by count, 3 or more = last
CHILD_POINTS = (0, 3, 6, 9)
NON_CONTACT_POINTS = (0, 2, 4, 6)
STRANGER_POINTS = {"yes": 4, "no": 0, "unknown": 2}

DC_BANDS = (
    Band("not_applicable", "Not applicable (score 0)", 0, 0),
    Band("low", "Low (1-21)", 1, 21),
    Band("medium", "Medium (22-29)", 22, 29),
    Band("high", "High (30-35)", 30, 35),
    Band("very_high", "Very high (36-64)", 36, 64),
)

DC_FIELDS = (
    "sex",
    "date_of_birth",
    "assessment_date",
    "contact_adult_sanctions",
    "contact_child_sanctions",
    "non_contact_sanctions",
    "date_of_last_sexual_sanction",
    "total_sanctions",
    "stranger_victim",
)

DC_DEFINITION = Definition(
    code=DC_CODE,
    version=VERSION,
    name="OSP/DC (OASys Sexual reoffending Predictor, direct contact)",
    kind=Kind.ACTUARIAL,
    source=SOURCE,
    confidence=Confidence.CONFIRMED,
    population=POPULATION,
    predicts="Proven direct-contact sexual reoffending within 2 years.",
    items=(
        Item("sex", "Sex (optional; men if not given)", ("male", "female")),
        Item(
            "date_of_birth", "Date of birth", (), "YYYY-MM-DD; 18 or over on the assessment date."
        ),
        Item("assessment_date", "Assessment date (start of follow-up)", (), "YYYY-MM-DD"),
        Item(
            "contact_adult_sanctions",
            "Sanctions for contact sexual offences against adults",
            (),
            "Whole number; 3 or more score the same.",
        ),
        Item(
            "contact_child_sanctions",
            "Sanctions for contact sexual offences against children",
            (),
            "Whole number; 3 or more score the same.",
        ),
        Item(
            "non_contact_sanctions",
            "Sanctions for non-contact sexual offences, not counting indecent-image ones",
            (),
            "Whole number; 3 or more score the same.",
        ),
        Item(
            "date_of_last_sexual_sanction",
            "Date of the most recent sanction for a sexual offence",
            (),
            "YYYY-MM-DD",
        ),
        Item(
            "total_sanctions",
            "Sanctions for offences of any kind, the current one included",
            (),
            "Whole number, 1 or more.",
        ),
        Item(
            "stranger_victim",
            "Was any victim of a sexual offence a stranger?",
            ("yes", "no", "unknown"),
        ),
    ),
    bands=DC_BANDS,
    notes=(
        "All figures confirmed [C] in MoJ code.",
        "2-year probability = logistic(-8.6333 + 0.1598 x score); 0 when the score is 0.",
        "Not applicable to women (validated on men only): no score, with the reason.",
        "A group estimate: it does not replace professional judgement.",
    ),
)


def _female_term() -> Term:
    return Term("sex", "Sex: female", "female", FEMALE_REASON)


def _capped(points: tuple[int, ...], count: int) -> int:
    return points[min(count, len(points) - 1)]


def age_points(age: int) -> int:
    """Age at the start of follow-up (18 or over): 20 - floor(age / 3), 0 from 63."""
    if age < 18:
        raise DomainValidationError.single("date_of_birth", "must give an age of 18 or more")
    return 0 if age >= 63 else 20 - age // 3


def last_sanction_age_points(age: int) -> int:
    """Age at the last sanction for a sexual offence: 10-15 -> 0, 16-17 -> 5, 18+ -> 10."""
    if age < 10:
        raise DomainValidationError.single(
            "date_of_last_sexual_sanction", "must give an age of 10 or more"
        )
    return 0 if age < 16 else 5 if age < 18 else 10


def _check_score(score: int) -> None:
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= DC_MAX:
        raise DomainValidationError.single("score", f"must be a whole number from 0 to {DC_MAX}")


def osp_dc_band(score: int) -> str:
    """[MOJ-ARNS]: band code of a 64-point OSP/DC score (0 is not applicable)."""
    _check_score(score)
    return band_for(DC_BANDS, score).code


def osp_dc_probability(score: int) -> float:
    """[MOJ-ARNS]: 2-year direct-contact sexual reoffending probability of a score."""
    _check_score(score)
    return 0.0 if score == 0 else logistic(DC_INTERCEPT + DC_SLOPE * score)


def score_osp_dc(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object with OSP/DC; refuses bad input naming every bad field."""
    r = Reader(data)
    r.unknown_fields(DC_FIELDS)
    sex = r.choice("sex", ("male", "female"), required=False) or "male"
    need = sex != "female"  # a woman's answers are checked, none is required
    dob = r.date("date_of_birth", need)
    assessed = r.date("assessment_date", need)
    adult = r.count("contact_adult_sanctions", need)
    child = r.count("contact_child_sanctions", need)
    non_contact = r.count("non_contact_sanctions", need)
    last_sexual = r.date("date_of_last_sexual_sanction", need)
    total = r.count("total_sanctions", need, minimum=1)
    stranger = r.choice("stranger_victim", tuple(STRANGER_POINTS), need)
    if not need:
        r.done()
        return not_applicable(DC_CODE, VERSION, FEMALE_REASON, (_female_term(),))

    if dob is not None and assessed is not None:
        if dob > assessed:
            r.fail("date_of_birth", "is after the assessment_date")
        elif whole_years(dob, assessed) < 18:
            r.fail(
                "date_of_birth",
                f"gives age {whole_years(dob, assessed)} on the assessment date: OSP/DC is "
                "for people aged 18 or over",
            )
        elif whole_years(dob, assessed) > MAX_AGE:
            r.fail("date_of_birth", f"gives an age over {MAX_AGE} on the assessment date")
    if last_sexual is not None:
        if assessed is not None and last_sexual > assessed:
            r.fail("date_of_last_sexual_sanction", "is after the assessment_date")
        if dob is not None:
            if last_sexual < dob:
                r.fail("date_of_birth", "is after the date_of_last_sexual_sanction")
            elif whole_years(dob, last_sexual) < 10:
                r.fail(
                    "date_of_last_sexual_sanction",
                    f"gives age {whole_years(dob, last_sexual)}: must be 10 or more",
                )
    if total is not None:
        for field, count in (
            ("contact_adult_sanctions", adult),
            ("contact_child_sanctions", child),
            ("non_contact_sanctions", non_contact),
        ):
            if count is not None and count > total:
                r.fail(field, f"{count} is more than total_sanctions ({total})")
    r.done()
    assert dob is not None and assessed is not None and last_sexual is not None
    assert adult is not None and child is not None and non_contact is not None
    assert total is not None and stranger is not None

    age = whole_years(dob, assessed)
    age_at_last = whole_years(dob, last_sexual)
    parts = (
        Term(
            "contact_adult",
            f"{adult} contact sexual sanctions against adults",
            _capped(ADULT_POINTS, adult),
            "0 -> 0, 1 -> 5, 2 -> 10, 3 or more -> 15",
        ),
        Term(
            "contact_child",
            f"{child} contact sexual sanctions against children",
            _capped(CHILD_POINTS, child),
            "0 -> 0, 1 -> 3, 2 -> 6, 3 or more -> 9",
        ),
        Term(
            "non_contact",
            f"{non_contact} non-contact sexual sanctions (indecent images not counted)",
            _capped(NON_CONTACT_POINTS, non_contact),
            "0 -> 0, 1 -> 2, 2 -> 4, 3 or more -> 6",
        ),
        Term(
            "age_at_start",
            f"Age {age} on {assessed.isoformat()} (start of follow-up)",
            age_points(age),
            "20 - floor(age / 3) for ages 18-62; 0 from 63",
        ),
        Term(
            "age_at_last_sexual_sanction",
            f"Age {age_at_last} at the last sexual sanction ({last_sexual.isoformat()})",
            last_sanction_age_points(age_at_last),
            "10-15 -> 0, 16-17 -> 5, 18 or over -> 10",
        ),
        Term(
            "total_sanctions",
            f"{total} sanctions for any offence",
            0 if total == 1 else 6,
            "1 -> 0, 2 or more -> 6",
        ),
        Term(
            "stranger_victim",
            f"Stranger victim: {stranger}",
            STRANGER_POINTS[stranger],
            "yes -> 4, no -> 0, unknown -> 2",
        ),
    )
    score = sum(int(t.value or 0) for t in parts)
    band = osp_dc_band(score)
    p2 = osp_dc_probability(score)
    terms = (
        *parts,
        Term("total", f"Total {score} of {DC_MAX}: band {band}", score),
        Term(
            "probability",
            "2-year probability: logistic(-8.6333 + 0.1598 x score)"
            if score
            else "2-year probability: 0 for a score of 0",
            p2,
        ),
    )
    return ScoreResult(DC_CODE, VERSION, score, band, {"2y": p2}, terms)


# --- OSP/IIC ([MOJ-ARNS] OSPIICHierarchyBand.kt [C]) --------------------------------------

IIC_CODE = "osp-iic"
# (order, condition in plain words, band, 2-year RSR contribution); first match wins
IIC_ROWS: tuple[tuple[int, str, str, float], ...] = (
    (1, "2 or more indecent-image sanctions", "very_high", 0.10310),
    (2, "1 indecent-image sanction", "high", 0.03328),
    (3, "2 or more contact sexual sanctions against children", "medium", 0.00926),
    (4, "1 contact sexual sanction against a child", "low", 0.00634),
    (5, "no sanction for a sexual offence at all", "low", 0.00062),
    (6, "any other sexual-offence history", "low", 0.00281),
)
IIC_BANDS = (
    Band("low", "Low", 0, 0.00634),
    Band("medium", "Medium", 0.00926, 0.00926),
    Band("high", "High", 0.03328, 0.03328),
    Band("very_high", "Very high", 0.10310, 0.10310),
)
IIC_FIELDS = ("sex", "iioc_sanctions", "contact_child_sanctions", "any_sexual_sanctions")

IIC_DEFINITION = Definition(
    code=IIC_CODE,
    version=VERSION,
    name="OSP/IIC (OASys Sexual reoffending Predictor, images and indirect contact)",
    kind=Kind.ACTUARIAL,
    source=SOURCE,
    confidence=Confidence.CONFIRMED,
    population=POPULATION,
    predicts="Proven indecent-image or indirect-contact sexual reoffending within 2 years.",
    items=(
        Item("sex", "Sex (optional; men if not given)", ("male", "female")),
        Item(
            "iioc_sanctions",
            "Sanctions for indecent images of children",
            (),
            "Whole number, 0 or more.",
        ),
        Item(
            "contact_child_sanctions",
            "Sanctions for contact sexual offences against children",
            (),
            "Whole number, 0 or more.",
        ),
        Item(
            "any_sexual_sanctions",
            "Any sanction for a sexual offence of any kind?",
            ("yes", "no"),
        ),
    ),
    bands=IIC_BANDS,
    notes=(
        "All figures confirmed [C] in MoJ code.",
        "No score: the first matching row of a six-row hierarchy gives the band and the "
        "2-year probability it adds to RSR.",
        "Bands are listed by that probability.",
        "Not applicable to women (validated on men only): no band, with the reason.",
    ),
)


def score_osp_iic(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object with OSP/IIC; refuses bad input naming every bad field."""
    r = Reader(data)
    r.unknown_fields(IIC_FIELDS)
    sex = r.choice("sex", ("male", "female"), required=False) or "male"
    need = sex != "female"
    images = r.count("iioc_sanctions", need)
    child = r.count("contact_child_sanctions", need)
    any_sexual = r.boolean("any_sexual_sanctions", need)
    if not need:
        r.done()
        return not_applicable(IIC_CODE, VERSION, FEMALE_REASON, (_female_term(),))
    if any_sexual is False and ((images or 0) > 0 or (child or 0) > 0):
        r.fail(
            "any_sexual_sanctions",
            "is no, but iioc_sanctions or contact_child_sanctions counts a sexual sanction",
        )
    r.done()
    assert images is not None and child is not None and any_sexual is not None
    matches = (
        images >= 2,
        images == 1,
        child >= 2,
        child == 1,
        not any_sexual,
        True,
    )
    order, condition, band, contribution = IIC_ROWS[matches.index(True)]
    terms = (
        Term("iioc_sanctions", f"{images} indecent-image sanctions", images),
        Term(
            "contact_child_sanctions", f"{child} contact sexual sanctions against children", child
        ),
        Term(
            "any_sexual_sanctions",
            f"Any sexual-offence sanction: {'yes' if any_sexual else 'no'}",
            "yes" if any_sexual else "no",
        ),
        Term(
            "hierarchy_row",
            f"Row {order} of 6 matched: {condition}: band {band}, adds {contribution} to RSR",
            order,
            "The first matching row of the hierarchy wins",
        ),
    )
    return ScoreResult(IIC_CODE, VERSION, None, band, {"2y": contribution}, terms)


INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(DC_DEFINITION, score_osp_dc),
    Instrument(IIC_DEFINITION, score_osp_iic),
)
