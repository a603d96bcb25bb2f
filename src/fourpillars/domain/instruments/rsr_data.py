"""RSR and its SNSV part as data: the coefficients of the static and dynamic SNSV models, the
offence-category weights, the RSR combination constants, bands and the definition of version
``2026-moj.1``. Any change to a figure or a rule makes a new version. Scoring is in
:mod:`.rsr`.

Coefficients: [MOJ-RSR-CALC] ``lib/data/coefficients.json``, which reproduces every static and
dynamic case of the MoJ's 1,000-case spreadsheet sample [C]. The combination (percentages,
half-up rounding, the female adjustment, the clamp) and the bands: [MOJ-ARNS]
``RSRRiskProducerService.kt`` and its tests [C].
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .base import Band, Confidence, Definition, Item, Kind

CODE = "rsr"
VERSION = "2026-moj.1"
SOURCE = (
    "[MOJ-RSR-CALC] NOMS-DIGITAL-STUDIO/rsr-calculator lib/data/coefficients.json and the "
    "SNSV calculation with its spreadsheet sample (SNSV coefficients); [MOJ-ARNS] "
    "ministryofjustice/hmpps-arns-risk-actuarial-api RSRRiskProducerService.kt and tests (the "
    "combination with OSP/DC and OSP/IIC, rounding and bands)"
)
CAVEAT = (
    "A group estimate: it describes people like this one and does not replace professional "
    "judgement."
)
SEXES = ("male", "female")
MIN_AGE = 10  # age of criminal responsibility (as OGRS3)
MAX_AGE = 120
OFM_CAP = 36  # offence-free months counted at most


class Model(NamedTuple):
    """One column of the SNSV coefficient table (static or dynamic)."""

    name: str
    intercept_1y: float
    intercept_2y: float
    female: float  # constant added for women (men 0)
    age_male: tuple[float, float, float, float]  # a1..a4 (age, age^2, age^3, age^4)
    age_female: tuple[float, float, float, float]
    first: float  # N = 1
    second: float  # N = 2 (plus career x y)
    y_male: float
    y_female: float
    r_male: float  # N >= 3: r x ln(N / (career + 12))
    r_female: float
    s: float  # x N, every N
    never_male: float  # V = 0
    never_female: float
    once: float  # V = 1
    v: float  # x V, V >= 1
    q: float  # x ln(V / (career + 30)), V >= 1
    ofm: tuple[float, float, float, float]  # o1..o4 (ofm, ofm^2, ofm^3, ofm^4)
    weights: tuple[float, ...]  # offence category 0..19
    vatp: dict[str, float]  # violence against the person: sub-category


# [MOJ-RSR-CALC] offence categories (OGRS4 order): (our name for it, static, dynamic)
CATEGORIES: tuple[tuple[str, float, float], ...] = (
    ("absconding or bail offences", 0.304896300301182, 0.271350568105055),
    ("acquisitive violence", 0.326858080852591, 0.264445840395185),
    ("burglary (domestic)", 0.151649692548355, 0.123617390798186),
    ("burglary (other)", -0.194200416367268, -0.225990540250696),
    ("criminal damage", 0.186977546333514, 0.156493599418026),
    ("drink driving", -0.212258595209629, -0.210828726274969),
    ("drug import, export or production", 0.0818982459627011, 0.130461601097636),
    ("drug possession or supply", 0.0694507822486554, 0.081753216630546),
    ("drunkenness", 0.0841789642942883, 0.0923765737156082),
    ("fraud and forgery", -0.136811424047985, -0.0883945245425247),
    ("handling stolen goods", -0.224505821312900, -0.211172350332101),
    ("motoring offences (not drink driving)", -0.0286442357674878, 0.00778028771796321),
    ("any other offence", -0.215779995107354, -0.226808217378264),
    ("public order and harassment", 0.0446132016665715, 0.0206396832377319),
    ("sexual offence against a child", -0.442179128494551, -0.407005679932105),
    ("sexual offence, victim not a child", -0.0455228893277184, -0.067383107093799),
    ("theft (not of or from a vehicle)", 0.0202407984946185, 0.0187611938936452),
    ("vehicle-related theft", 0.226781312933932, 0.194487131847261),
    ("violence against the person", 0.0192703822415124, -0.00653849840412098),
    ("welfare fraud", -0.0169128022430282, 0.0819545573517356),
)
VATP = 18  # the category that needs a sub-category
# [MOJ-RSR-CALC] violence against the person sub-categories: (code, label, static, dynamic)
VATP_SUBCATEGORIES: tuple[tuple[str, str, float, float], ...] = (
    (
        "firearms_most_serious",
        "Firearms, most serious",
        0.503126183131338,
        0.41315945136753,
    ),
    ("firearms_other", "Firearms, other", 0.296194351653227, 0.261448353627646),
    ("weapon_not_firearm", "Weapon, not a firearm", 0.331898861349699, 0.200143106218146),
    ("abh_or_more", "ABH or more serious", 0.238802610774108, 0.204895023669854),
    ("below_abh", "Less serious than ABH", 0.0, 0.0),
)
VATP_CODES = tuple(code for code, *_ in VATP_SUBCATEGORIES)

STATIC = Model(
    name="static",
    intercept_1y=2.99795558254740,
    intercept_2y=3.60407707356772,
    female=-16.62202700890110,
    age_male=(-0.546062410902905, 0.0170043887737295, -0.000232716989498981, 1.094922933981e-6),
    age_female=(1.09365106131567, -0.042733609488121, 0.000697583963826421, -4.04895085233227e-6),
    first=-2.09447596484765,
    second=-1.67613460779912,
    y_male=-0.0292205730647305,
    y_female=-0.0841673003341906,
    r_male=0.769213898314811,
    r_female=0.793186572461819,
    s=-0.0147495874606046,
    never_male=-0.942816163300621,
    never_female=-2.32321324569237,
    once=-0.0633592949212861,
    v=0.0188685880078656,
    q=0.207442427665471,
    ofm=(-0.038382727965819, 0.000548515180678996, 6.62558757635182e-5, -1.59636460181398e-6),
    weights=tuple(static for _, static, _ in CATEGORIES),
    vatp={code: static for code, _, static, _ in VATP_SUBCATEGORIES},
)
DYNAMIC = Model(
    name="dynamic",
    intercept_1y=1.78331927182645,
    intercept_2y=2.39022796091603,
    female=-16.69272926978470,
    age_male=(-0.508802063507919, 0.0153890192629454, -0.000208800171123703, 9.83824143383739e-7),
    age_female=(1.14364995500560, -0.0448159815299769, 0.000731812620052307, -4.24504210770651e-6),
    first=-1.89458617745666,
    second=-1.51763151836726,
    y_male=-0.0271828619470523,
    y_female=-0.0960719132524968,
    r_male=0.689153313085879,
    r_female=0.76704149890481,
    s=-0.0182592921752245,
    never_male=-0.35940007303088,
    never_female=-1.75135363711310,
    once=-0.101514048705338,
    v=0.021160895925655,
    q=0.0549319831836878,
    ofm=(-0.0368447371150021, 0.000557887384281899, 6.15531052486415e-5, -1.49652694510477e-6),
    weights=tuple(dynamic for _, _, dynamic in CATEGORIES),
    vatp={code: dynamic for code, _, _, dynamic in VATP_SUBCATEGORIES},
)
MODELS = {"static": STATIC, "dynamic": DYNAMIC}
MODEL_CHOICES = ("auto", "static", "dynamic")

# [MOJ-RSR-CALC] the ten OASys items of the dynamic model: (field, label, top answer, weight).
# A top answer of 1 is yes/no; 2 is an OASys rating 0-2.
DYNAMIC_ITEMS: tuple[tuple[str, str, int, float], ...] = (
    ("weapon", "Used a weapon in the current offence", 1, 0.15071282416667),
    ("accommodation", "Accommodation problems (OASys 0-2)", 2, 0.0619710049121293),
    ("unemployed", "Unemployed or not in education or training", 1, 0.0778219399253534),
    ("relationship", "Relationship with a partner: problems (OASys 0-2)", 2, 0.0259107268767618),
    ("domestic_violence", "Perpetrator of domestic violence", 1, 0.0847839330659903),
    ("alcohol", "Current use of alcohol a problem (OASys 0-2)", 2, 0.0935672441515258),
    ("binge_drinking", "Binge drinking (OASys 0-2)", 2, 0.0567127896345591),
    ("impulsivity", "Impulsivity (OASys 0-2)", 2, 0.077212834605957),
    ("temper", "Temper control (OASys 0-2)", 2, 0.0482892034688302),
    ("pro_criminal", "Pro-criminal attitudes (OASys 0-2)", 2, 0.130830533773332),
)
DYNAMIC_FIELDS = tuple(name for name, *_ in DYNAMIC_ITEMS)
# [MOJ-RSR-CALC] ever committed (dynamic model only; not given = no): (field, label, weight)
PAST_OFFENCES: tuple[tuple[str, str, float], ...] = (
    ("past_homicide", "Ever committed murder or manslaughter", 0.399463399258737),
    ("past_wounding_gbh", "Ever committed wounding or GBH", 0.451029720739399),
    ("past_kidnapping", "Ever committed kidnapping or false imprisonment", 0.0749101406070305),
    ("past_firearm", "Ever committed an offence involving a firearm", 0.218055028351022),
    ("past_robbery", "Ever committed robbery", 0.163248217650296),
    ("past_aggravated_burglary", "Ever committed aggravated burglary", 0.506616685297771),
    ("past_weapon", "Ever committed an offence involving a weapon", 0.184104582611966),
    (
        "past_criminal_damage_life",
        "Ever committed criminal damage with intent to endanger life",
        0.357345708081477,
    ),
    ("past_arson", "Ever committed arson", 0.12261588608151),
)
PAST_FIELDS = tuple(name for name, *_ in PAST_OFFENCES)

# --- RSR combination ([MOJ-ARNS] RSRRiskProducerService.kt [C]) -------------------------

FEMALE_SEXUAL_HISTORY = 0.00383141762  # added for a woman with a sexual-offence history
RSR_MAX_PERCENT = Decimal("99.99")
CENT = Decimal("0.01")
BANDS = (
    Band("low", "Low (below 3.00 %)", 0, 2.99),
    Band("medium", "Medium (3.00-6.89 %)", 3.0, 6.89),
    Band("high", "High (6.90 % or more)", 6.9, None),
)
MEDIUM_FROM = Decimal("3.00")
HIGH_FROM = Decimal("6.90")

OSP_DC_FIELDS = (
    "contact_adult_sanctions",
    "contact_child_sanctions",
    "non_contact_sanctions",
    "date_of_last_sexual_sanction",
    "stranger_victim",
)
OSP_IIC_FIELDS = ("iioc_sanctions", "contact_child_sanctions")
BASE_FIELDS = (
    "sex",
    "date_of_birth",
    "date_of_current_conviction",
    "date_of_first_sanction",
    "follow_up_start",
    "assessment_date",
    "total_sanctions",
    "violent_sanctions",
    "offence_category",
    "vatp_subcategory",
    "model",
    "sexual_history",
    "osp_dc_probability",
    "osp_iic_probability",
)
FIELDS = tuple(
    dict.fromkeys((*BASE_FIELDS, *DYNAMIC_FIELDS, *PAST_FIELDS, *OSP_DC_FIELDS, *OSP_IIC_FIELDS))
)

_SNSV = "Serious violence (SNSV)"
_DYN = "Dynamic items (OASys; all ten, or the static model is used)"
_PAST = "Offences ever committed (dynamic model; not given = no)"
_OSP = "Sexual-offence history (men: OSP/DC and OSP/IIC)"
_YES_NO = ("yes", "no")


def _dynamic_item(name: str, label: str, top: int) -> Item:
    if top == 1:
        return Item(name, label, _YES_NO, section=_DYN)
    return Item(
        name,
        label,
        ("0", "1", "2"),
        "0 = No problems; 1 = Some problems; 2 = Significant problems",
        _DYN,
    )


DEFINITION = Definition(
    code=CODE,
    version=VERSION,
    name="RSR (Risk of Serious Recidivism) with its SNSV part",
    kind=Kind.ACTUARIAL,
    source=SOURCE,
    confidence=Confidence.CONFIRMED,
    population=(
        "People aged 10 or over convicted or cautioned in England and Wales; the OSP parts "
        "apply to men with a sexual-offence history only."
    ),
    predicts=(
        "A proven serious further offence (serious violence, or contact or image sexual "
        "offending) within 2 years; SNSV also gives 1 year."
    ),
    items=(
        Item("sex", "Sex", SEXES, "The model has separate age terms for men and women.", _SNSV),
        Item("date_of_birth", "Date of birth", (), "YYYY-MM-DD", _SNSV),
        Item(
            "date_of_current_conviction",
            "Date of the current conviction (or caution)",
            (),
            "YYYY-MM-DD",
            _SNSV,
        ),
        Item(
            "date_of_first_sanction",
            "Date of the first ever sanction",
            (),
            "YYYY-MM-DD; with no earlier sanction, the date of the current conviction.",
            _SNSV,
        ),
        Item(
            "follow_up_start",
            "Start of follow-up (optional; the assessment date if not given)",
            (),
            "YYYY-MM-DD; the sentence date for a community sentence, the release date for custody.",
            _SNSV,
        ),
        Item("assessment_date", "Assessment date", (), "YYYY-MM-DD", _SNSV),
        Item(
            "total_sanctions",
            "Sanctions of any kind, the current one included",
            (),
            "Whole number, 1 or more; everything dealt with on one day counts once.",
            _SNSV,
        ),
        Item(
            "violent_sanctions",
            "Sanctions for violent offences",
            (),
            "Whole number, from 0 to the total sanctions.",
            _SNSV,
        ),
        Item(
            "offence_category",
            "Category of the current offence",
            tuple(str(i) for i in range(len(CATEGORIES))),
            "; ".join(f"{i} = {name}" for i, (name, _, _) in enumerate(CATEGORIES)),
            _SNSV,
        ),
        Item(
            "vatp_subcategory",
            "Violence against the person: sub-category (category 18 only)",
            VATP_CODES,
            "; ".join(f"{code} = {label}" for code, label, _, _ in VATP_SUBCATEGORIES),
            _SNSV,
        ),
        Item(
            "model",
            "SNSV model",
            MODEL_CHOICES,
            "auto = dynamic when all ten dynamic items are given, otherwise static; "
            "static = the static model; dynamic = the dynamic model (needs all ten items)",
            _SNSV,
        ),
        *(_dynamic_item(name, label, top) for name, label, top, _ in DYNAMIC_ITEMS),
        *(Item(name, label, _YES_NO, section=_PAST) for name, label, _ in PAST_OFFENCES),
        Item(
            "sexual_history",
            "Any sanction for a sexual offence, ever?",
            _YES_NO,
            "For a man, give the OSP inputs below or the OSP probabilities; for a woman the "
            "OSP parts do not apply.",
            _OSP,
        ),
        Item(
            "osp_dc_probability",
            "OSP/DC 2-year probability, if already scored",
            (),
            "A number from 0 to 1; leave empty to score OSP/DC from the inputs below.",
            _OSP,
        ),
        Item(
            "osp_iic_probability",
            "OSP/IIC 2-year probability, if already scored",
            (),
            "A number from 0 to 1; leave empty to score OSP/IIC from the inputs below.",
            _OSP,
        ),
        Item(
            "contact_adult_sanctions",
            "Sanctions for contact sexual offences against adults",
            (),
            "Whole number, 0 or more.",
            _OSP,
        ),
        Item(
            "contact_child_sanctions",
            "Sanctions for contact sexual offences against children",
            (),
            "Whole number, 0 or more.",
            _OSP,
        ),
        Item(
            "non_contact_sanctions",
            "Sanctions for non-contact sexual offences, not counting indecent images",
            (),
            "Whole number, 0 or more.",
            _OSP,
        ),
        Item(
            "iioc_sanctions",
            "Sanctions for indecent images of children",
            (),
            "Whole number, 0 or more.",
            _OSP,
        ),
        Item(
            "date_of_last_sexual_sanction",
            "Date of the most recent sanction for a sexual offence",
            (),
            "YYYY-MM-DD",
            _OSP,
        ),
        Item(
            "stranger_victim",
            "Was any victim of a sexual offence a stranger?",
            ("yes", "no", "unknown"),
            section=_OSP,
        ),
    ),
    bands=BANDS,
    notes=(
        "All figures confirmed [C] in MoJ code; every worked example of the MoJ calculator "
        "and service is reproduced.",
        "RSR = SNSV + OSP/DC + OSP/IIC (2-year): each part as a percentage rounded half-up "
        "to 2 decimals, then the sum; 0.38 % is added for a woman with a sexual-offence "
        "history; the result is held between 0 and 99.99 %.",
        "The OSP parts count 0 where they do not apply (women; no sexual-offence history).",
        "Bands on the rounded percentage: below 3.00 low, 3.00-6.89 medium, 6.90 or more high.",
        "Unconfirmed [U]: which dynamic category pairing production OASys uses, whether the "
        "violent sanctions include the current offence, and the offence-code to category table.",
        CAVEAT,
    ),
)
