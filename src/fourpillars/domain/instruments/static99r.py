"""Static-99R (Hanson & Thornton; Static-99R Coding Rules Revised 2016, Phenix et al.).

[S99R-2016], checked a second time: the age bands, the -3..12 total range, the old four
labels and the existence of five 2016 risk levels are confirmed [C]; the other item points,
the item 5 thresholds and the exact 2016 cut-offs are standard knowledge not re-read in the
source [M], so every result carries the warning "cut-offs unconfirmed [M]".

Version ``2016-coding-rules.1`` is our first encoding of the 10 items and the 2016 risk
levels ([S99R-LEVELS-2017]: Hanson, Babchishin, Helmus, Harris & Thornton 2017).
Any change to a figure makes a new version.

Rules as implemented:

- Item 1 uses the age at release in years, fractions allowed: under 35 -> 1, 35 to under 40
  -> 0, 40 to under 60 -> -1, 60 or over -> -3. Under 18 is refused (adults only).
- Item 5 scores the higher of the charges scale and the convictions scale; no rule relates
  the two counts.
- A stranger victim is also an unrelated victim: item 8 scores when item 9 does, and a term
  and a warning say so when the answer to ``unrelated_victim`` was "no".
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
)

CODE = "static-99r"
VERSION = "2016-coding-rules.1"
UNCONFIRMED = "cut-offs unconfirmed [M]"
STRANGER_IMPLIES_UNRELATED = (
    "a stranger victim is also an unrelated victim: item 8 scored although unrelated_victim was no"
)
MIN_TOTAL, MAX_TOTAL = -3, 12
MAX_AGE = 120
YES_NO = ("yes", "no")

BANDS = (
    Band("I", "I - Very low risk (-3 to -2)", -3, -2),
    Band("II", "II - Below average risk (-1 to 0)", -1, 0),
    Band("III", "III - Average risk (1 to 3)", 1, 3),
    Band("IVa", "IVa - Above average risk (4 to 5)", 4, 5),
    Band("IVb", "IVb - Well above average risk (6 or more)", 6, MAX_TOTAL),
)
OLD_BANDS = (
    Band("low", "Low", -3, 1),
    Band("moderate_low", "Moderate-Low", 2, 3),
    Band("moderate_high", "Moderate-High", 4, 5),
    Band("high", "High", 6, MAX_TOTAL),
)

FIELDS = (
    "age_at_release",
    "lived_with_partner_2_years",
    "index_non_sexual_violence",
    "prior_non_sexual_violence",
    "prior_sex_offence_charges",
    "prior_sex_offence_convictions",
    "prior_sentencing_dates",
    "non_contact_sex_offence",
    "unrelated_victim",
    "stranger_victim",
    "male_victim",
)

DEFINITION = Definition(
    code=CODE,
    version=VERSION,
    name="Static-99R",
    kind=Kind.ACTUARIAL,
    source=(
        "[S99R-2016] Phenix, Fernandez, Harris, Helmus, Hanson & Thornton, "
        "Static-99R Coding Rules Revised - 2016 (Public Safety Canada); risk levels from "
        "[S99R-LEVELS-2017] Hanson, Babchishin, Helmus, Harris & Thornton (2017)"
    ),
    confidence=Confidence.STANDARD,
    population="Adult men (18 or over at release) with a conviction for a sexual offence.",
    predicts="Sexual recidivism (a nominal risk level; no probability is given here).",
    items=(
        Item(
            "age_at_release",
            "Age on release from the index sexual offence",
            (),
            "Years, fractions allowed; 18 or over.",
            "Item 1",
        ),
        Item(
            "lived_with_partner_2_years",
            "Ever lived with an intimate partner for 2 years or more?",
            YES_NO,
            "",
            "Item 2",
        ),
        Item(
            "index_non_sexual_violence",
            "Any conviction for non-sexual violence with the index offence?",
            YES_NO,
            "",
            "Item 3",
        ),
        Item(
            "prior_non_sexual_violence",
            "Any earlier conviction for non-sexual violence?",
            YES_NO,
            "",
            "Item 4",
        ),
        Item(
            "prior_sex_offence_charges",
            "Earlier charges for sexual offences",
            (),
            "Whole number, 0 or more.",
            "Item 5",
        ),
        Item(
            "prior_sex_offence_convictions",
            "Earlier convictions for sexual offences",
            (),
            "Whole number, 0 or more.",
            "Item 5",
        ),
        Item(
            "prior_sentencing_dates",
            "Earlier sentencing dates, the index one not counted",
            (),
            "Whole number, 0 or more.",
            "Item 6",
        ),
        Item(
            "non_contact_sex_offence",
            "Any conviction for a non-contact sexual offence?",
            YES_NO,
            "",
            "Item 7",
        ),
        Item("unrelated_victim", "Any victim not related to him?", YES_NO, "", "Item 8"),
        Item(
            "stranger_victim",
            "Any stranger victim (known to him for less than 24 hours)?",
            YES_NO,
            "A stranger victim also counts as an unrelated victim.",
            "Item 9",
        ),
        Item("male_victim", "Any male victim?", YES_NO, "", "Item 10"),
    ),
    bands=BANDS,
    notes=(
        UNCONFIRMED + ": item points other than age, the item 5 thresholds and the 2016 "
        "level cut-offs are standard knowledge not re-read in the coding rules.",
        "Age bands, the -3 to 12 range and the pre-2016 labels are confirmed [C]; the "
        "pre-2016 label is given as a term.",
        "A group estimate: it does not replace professional judgement.",
    ),
)


def age_points(age: float) -> int:
    """Item 1: 18 to under 35 -> 1; 35 to under 40 -> 0; 40 to under 60 -> -1; 60+ -> -3."""
    if age < 18:
        raise DomainValidationError.single("age_at_release", "must be 18 or more")
    return 1 if age < 35 else 0 if age < 40 else -1 if age < 60 else -3


def prior_sex_offence_points(charges: int, convictions: int) -> int:
    """Item 5: the higher of the charges scale and the convictions scale (0-3)."""
    by_charges = 0 if charges == 0 else 1 if charges <= 2 else 2 if charges <= 5 else 3
    by_convictions = (
        0 if convictions == 0 else 1 if convictions == 1 else 2 if convictions <= 3 else 3
    )
    return max(by_charges, by_convictions)


def static99r_level(total: int) -> str:
    """[S99R-LEVELS-2017] [M]: the 2016 risk level (I, II, III, IVa, IVb) of a total."""
    if isinstance(total, bool) or not isinstance(total, int) or not MIN_TOTAL <= total <= MAX_TOTAL:
        raise DomainValidationError.single("total", "must be a whole number from -3 to 12")
    return band_for(BANDS, total).code


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def score_static99r(data: Mapping[str, Any]) -> ScoreResult:
    """Score a raw JSON object with Static-99R; refuses bad input naming every bad field."""
    r = Reader(data)
    r.unknown_fields(FIELDS)
    age = r.number("age_at_release", minimum=18, maximum=MAX_AGE)
    lived = r.boolean("lived_with_partner_2_years")
    index_violence = r.boolean("index_non_sexual_violence")
    prior_violence = r.boolean("prior_non_sexual_violence")
    charges = r.count("prior_sex_offence_charges")
    convictions = r.count("prior_sex_offence_convictions")
    sentencing = r.count("prior_sentencing_dates")
    non_contact = r.boolean("non_contact_sex_offence")
    unrelated = r.boolean("unrelated_victim")
    stranger = r.boolean("stranger_victim")
    male = r.boolean("male_victim")
    r.done()
    assert age is not None and charges is not None and convictions is not None
    assert sentencing is not None
    assert lived is not None and index_violence is not None and prior_violence is not None
    assert non_contact is not None and unrelated is not None and stranger is not None
    assert male is not None

    warnings = [UNCONFIRMED]
    item8 = unrelated or stranger
    item8_label = f"Item 8, any unrelated victim: {_yes_no(unrelated)}"
    if stranger and not unrelated:
        item8_label += " (scored: a stranger victim is also unrelated)"
        warnings.append(STRANGER_IMPLIES_UNRELATED)
    items = (
        Term(
            "item1_age",
            f"Item 1, age {age:g} at release",
            age_points(age),
            "18 to under 35 -> 1, 35-39.9 -> 0, 40-59.9 -> -1, 60 or over -> -3 [C]",
        ),
        Term(
            "item2_partner",
            f"Item 2, ever lived with an intimate partner for 2 years: {_yes_no(lived)}",
            0 if lived else 1,
            "no -> 1 [M]",
        ),
        Term(
            "item3_index_violence",
            f"Item 3, index non-sexual violence: {_yes_no(index_violence)}",
            int(index_violence),
            "yes -> 1 [M]",
        ),
        Term(
            "item4_prior_violence",
            f"Item 4, prior non-sexual violence: {_yes_no(prior_violence)}",
            int(prior_violence),
            "yes -> 1 [M]",
        ),
        Term(
            "item5_prior_sex_offences",
            f"Item 5, prior sexual offences: {charges} charges, {convictions} convictions "
            "(whichever scores higher)",
            prior_sex_offence_points(charges, convictions),
            "charges 1-2 or 1 conviction -> 1; 3-5 or 2-3 -> 2; 6+ or 4+ -> 3 [M]",
        ),
        Term(
            "item6_sentencing_dates",
            f"Item 6, {sentencing} prior sentencing dates",
            1 if sentencing >= 4 else 0,
            "3 or fewer -> 0, 4 or more -> 1 [M]",
        ),
        Term(
            "item7_non_contact",
            f"Item 7, any non-contact sexual offence conviction: {_yes_no(non_contact)}",
            int(non_contact),
            "yes -> 1 [M]",
        ),
        Term("item8_unrelated_victim", item8_label, int(item8), "yes -> 1 [M]"),
        Term(
            "item9_stranger_victim",
            f"Item 9, any stranger victim: {_yes_no(stranger)}",
            int(stranger),
            "yes -> 1 [M]",
        ),
        Term(
            "item10_male_victim",
            f"Item 10, any male victim: {_yes_no(male)}",
            int(male),
            "yes -> 1 [M]",
        ),
    )
    total = sum(int(t.value or 0) for t in items)
    level = static99r_level(total)
    old = band_for(OLD_BANDS, total)
    terms = (
        *items,
        Term("total", f"Total {total} (range -3 to 12): 2016 level {level}", total),
        Term(
            "pre_2016_label",
            f"Pre-2016 label: {old.label}",
            old.label,
            "-3 to 1 low, 2-3 moderate-low, 4-5 moderate-high, 6 or more high [C]",
        ),
    )
    return ScoreResult(CODE, VERSION, total, level, {}, terms, tuple(warnings))


INSTRUMENTS: tuple[Instrument, ...] = (Instrument(DEFINITION, score_static99r),)
