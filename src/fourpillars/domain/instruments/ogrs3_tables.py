"""OGRS3 as data: the published coefficients and age-gender and offence tables
([MOJ-RSR-CALC] [C]), the bands ([MOJ-ARNS] [C]) and the definition of version
``2009-moj.1``. Any change to a figure makes a new version. The arithmetic and the scoring are
in :mod:`.ogrs3`.
"""

from __future__ import annotations

from .base import Band, Confidence, Definition, Item, Kind

CODE = "ogrs3"
VERSION = "2009-moj.1"

# --- coefficients ([MOJ-RSR-CALC] lib/data/coefficients.json [C]) -----------------------

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
    "between MoJ implementations; the negative published value is used ([KRIMZ-2022])"
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
        "[OGRS3-2009] Howard, Francis, Soothill & Humphreys, OGRS 3: the revised "
        "Offender Group Reconviction Scale (Ministry of Justice Research Summary 7/09, 2009); "
        "coefficients from [MOJ-RSR-CALC] NOMS-DIGITAL-STUDIO/rsr-calculator "
        "lib/data/coefficients.json; bands from [MOJ-ARNS] "
        "ministryofjustice/hmpps-arns-risk-actuarial-api OGRS3TransformationHelper.kt"
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
        "All figures confirmed [C] in MoJ code; the worked example of [MOJ-RSR-SVC] is "
        "reproduced exactly.",
        "The band compares the 2-year percentage truncated to a whole number (49.9 % is low).",
        "Female 10-15 age-gender coefficients: negative values used ([KRIMZ-2022]); flagged "
        "in the warnings whenever they apply.",
        "Follow-up starts on the assessment date.",
        "A group estimate: it does not replace professional judgement.",
    ),
)
