"""Risk Matrix 2000 as data: the items, bands, aggravating factors, category points and
definitions of the /S, /V and /C scales ([RM2000]), version ``2007-thornton.1``.
Any change to a figure makes a new version. Scoring is in :mod:`.rm2000`.
"""

from __future__ import annotations

from .base import Band, Confidence, Definition, Item, Kind

VERSION = "2007-thornton.1"
SOURCE = (
    "[RM2000] Thornton, Scoring Guide for Risk Matrix 2000.9/SVC (February "
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

# --- RM2000/C ------------------------------------------------------------------------------

C_CODE = "rm2000-c"
C_BANDS = (
    Band("low", "Low (2)", 2, 2),
    Band("medium", "Medium (3-4)", 3, 4),
    Band("high", "High (5-6)", 5, 6),
    Band("very_high", "Very high (7-8)", 7, 8),
)
# The /C cut-offs are disputed [U]: two readings of the scoring guide differ. The current one
# stays the default (version 2007-thornton.1); the second is a version of its own, chosen with
# the ``cutoffs`` input. Every /C result names both.
C_SECOND_VERSION = "2007-thornton.1-reading2"
C_SECOND_BANDS = (
    Band("low", "Low (2-3)", 2, 3),
    Band("medium", "Medium (4-5)", 4, 5),
    Band("high", "High (6-7)", 6, 7),
    Band("very_high", "Very high (8)", 8, 8),
)
# cutoffs input -> (version, bands, cut-offs in words)
C_CUTOFFS = {
    "current": (VERSION, C_BANDS, "2 low, 3-4 medium, 5-6 high, 7-8 very high"),
    "second_reading": (
        C_SECOND_VERSION,
        C_SECOND_BANDS,
        "2-3 low, 4-5 medium, 6-7 high, 8 very high",
    ),
}
C_FIELDS = ("s_band", "v_band", "cutoffs")
CATEGORY_POINTS = {"low": 1, "medium": 2, "high": 3, "very_high": 4}
C_DISPUTED = (
    "The RM2000/C cut-offs are disputed [U]: two readings of the scoring guide differ "
    "(current: 2 low, 3-4 medium, 5-6 high, 7-8 very high; second reading: 2-3 low, "
    "4-5 medium, 6-7 high, 8 very high)."
)

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
        Item(
            "cutoffs",
            "Which reading of the disputed cut-offs (optional; current if not given)",
            tuple(C_CUTOFFS),
            "; ".join(
                f"{code} = {words}{' (default)' if code == 'current' else ''}"
                for code, (_, _, words) in C_CUTOFFS.items()
            ),
        ),
    ),
    bands=C_BANDS,
    notes=(
        "The method, summing the category points of /S and /V, is confirmed [C]; "
        + UNCONFIRMED
        + ": the points (low 1 to very high 4) and cut-offs are standard knowledge.",
        C_DISPUTED + " The current reading is the default; the second is version "
        f"{C_SECOND_VERSION}. Every result names the band under the other reading.",
        "A group estimate: it does not replace professional judgement.",
    ),
    alternative_versions=(C_SECOND_VERSION,),
)
