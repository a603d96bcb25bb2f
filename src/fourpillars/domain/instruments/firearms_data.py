"""The firearms suitability record as data: the s.21 Firearms Act 1968 rules, the checks the
Home Office statutory guidance expects, the bands and the definition ([FA-1968],
[HO-FIREARMS-2021], [HO-FIREARMS-GUIDE]). The
prohibition arithmetic and the record are in :mod:`.firearms`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..vocabulary import Vocabulary
from .base import Band, Confidence, Definition, Item, Kind

# --- the s.21 rules as data [C] -----------------------------------------------------------

LIFETIME_MONTHS = 36  # custody of 3 years or more: prohibited for life
SHORT_MONTHS = 3  # custody or suspended sentence of 3 months or more: 5 years
PROHIBITION_YEARS = 5
SUSPENDED_START_DAYS = 2  # "beginning with the second day after the date of sentence"
MAX_SENTENCES = 100
MAX_LENGTH_MONTHS = 1200  # life and indeterminate sentences: enter any length >= 36


class SentenceKind(Vocabulary):
    """The sentences s.21 Firearms Act 1968 attaches a prohibition to [C]."""

    CUSTODY = "custody", "Custody"
    SUSPENDED = "suspended", "Suspended"


class ProhibitionKind(Vocabulary):
    """The s.21 prohibitions: for life (s.21(1)) or for five years (s.21(2), (2A)) [C]."""

    LIFETIME = "lifetime", "For life"
    FIVE_YEARS = "five_years", "For five years"


SENTENCE_KINDS = tuple(k.value for k in SentenceKind)
SENTENCE_FIELDS = ("kind", "length_months", "sentence_date", "release_date")


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    help: str = ""


DOMESTIC_ABUSE_CHECKS = (
    Check(
        "incidents_or_pattern",
        "Evidence or history of domestic abuse: incidents, violence or a worrying pattern of "
        "behaviour (with or without a conviction)",
        "A 'most serious factor' since 2023: refusal unless circumstances are exceptional [C].",
    ),
    Check(
        "partner_interviews_done",
        "Current and former partners (and others at the address) interviewed, sensitively",
    ),
    Check(
        "unit_and_mash_checks_done",
        "Checks made with the force domestic abuse unit and the MASH",
    ),
)
MEDICAL_CHECKS = (
    Check("gp_notified", "The applicant's GP has been notified"),
    Check("medical_report_received", "Medical proforma or report received from the GP"),
    Check(
        "marker_placed",
        "Firearms marker placed on the GP record (so later conditions reach the police)",
    ),
)
# Relevant conditions named in the guidance [M].
MEDICAL_CONDITIONS: Mapping[str, str] = {
    "acute_stress_or_trauma": "Acute stress or trauma",
    "suicidal_thoughts_or_self_harm": "Suicidal thoughts or self-harm",
    "depression_or_anxiety": "Depression or anxiety",
    "dementia": "Dementia",
    "mania_or_bipolar": "Mania or bipolar disorder",
    "personality_disorder": "Personality disorder",
    "psychotic_illness": "Psychotic illness",
    "autism_spectrum_disorder": "Autism spectrum disorder",
    "eating_disorder": "Eating disorder",
    "alcohol_or_drug_misuse": "Alcohol or drug misuse",
    "neurological_condition": "Neurological condition (e.g. epilepsy, Parkinson's, "
    "Huntington's, multiple sclerosis)",
}
OTHER_CHECKS = (
    Check("intelligence", "Intelligence that raises concern"),
    Check("criminality", "Criminality, including cautions and matters without a conviction"),
    Check("anger_or_violence", "Anger or violence"),
    Check("extremism", "Extremism"),
    Check("dishonesty", "Dishonesty (including in the application)"),
    Check("poor_security", "Poor security of firearms or ammunition"),
    Check("references_unsatisfactory", "References (two referees) missing or unsatisfactory"),
)

BANDS = (
    Band("no_automatic_bar", "No automatic bar", 0, 0),
    Band("review_required", "Review required: domestic abuse evidence", 1, 1),
    Band("prohibited", "Prohibited (s.21 Firearms Act 1968)", 2, 2),
)


def _items() -> tuple[Item, ...]:
    yes_no = ("true", "false")
    items = [
        Item(
            "sentences",
            "Custodial and suspended sentences",
            (),
            "A list of {kind: custody|suspended, length_months, sentence_date, release_date}. "
            "release_date is required for custody of 3 months to under 3 years and is not "
            "given for suspended sentences. Custody includes youth custody and detention; "
            f"enter life or indeterminate sentences as {LIFETIME_MONTHS} months or more.",
            "Sentences",
        )
    ]
    items += [
        Item(f"domestic_abuse.{c.code}", c.label, yes_no, c.help, "Domestic abuse")
        for c in DOMESTIC_ABUSE_CHECKS
    ]
    items += [Item(f"medical.{c.code}", c.label, yes_no, c.help, "Medical") for c in MEDICAL_CHECKS]
    items.append(
        Item(
            "medical.conditions",
            "Relevant medical conditions reported (a list; empty if none)",
            tuple(MEDICAL_CONDITIONS),
            "; ".join(f"{k}: {v}" for k, v in MEDICAL_CONDITIONS.items()) + " [M].",
            "Medical",
        )
    )
    items += [
        Item(f"other_factors.{c.code}", c.label, yes_no, c.help, "Other factors")
        for c in OTHER_CHECKS
    ]
    return tuple(items)


FIREARMS = Definition(
    code="firearms-suitability",
    version="2023.1",
    name="Firearms suitability record (s.21 prohibition and suitability checks)",
    kind=Kind.STRUCTURED,
    source="[FA-1968] Firearms Act 1968 s.21; [HO-FIREARMS-2021] Home Office statutory guidance "
    "on firearms licensing (2021, revised 2023); [HO-FIREARMS-GUIDE] Guide on Firearms "
    "Licensing Law ch.12",
    confidence=Confidence.CONFIRMED,
    population="Applicants for, and holders of, firearm and shotgun certificates",
    predicts="Whether an automatic prohibition applies, and what a person must weigh",
    items=_items(),
    bands=BANDS,
    notes=(
        "s.21 [C]: custody of 3 years or more, lifetime prohibition; custody of 3 months to "
        "under 3 years, prohibited until 5 years after release; suspended sentence of 3 "
        "months or more, 5 years beginning on the second day after sentence; under 3 months, "
        "none.",
        "Band: prohibited if any prohibition is in force on assessment_date; otherwise "
        "review_required if there is evidence of domestic abuse (a most serious factor, "
        "refusal unless exceptional [C]); otherwise no_automatic_bar, which is not a finding "
        "of suitability.",
        "Prohibition 'ends' is the last day on which it applies. A custody prohibition also "
        "covers the time in custody (the Act bars possession at any time before the end of "
        "the 5 years), so it starts on the sentence date.",
        "Medical conditions and the other factors are [M]; they are recorded and shown, and "
        "do not change the band.",
        "The decision is a person's, on behalf of the chief officer, having regard to the "
        "statutory guidance; this record does not decide.",
    ),
)
