"""The structured professional judgement guides as data: the item lists of SARA, SAPROF,
STABLE-2007 and ACUTE-2007, their cut-offs and their definitions; item wording is our own
paraphrase. Scoring is in :mod:`.spj`.
"""

from __future__ import annotations

from .base import Band, Confidence, Definition, Kind
from .spj_base import LEVEL_BANDS, Guide, Section, SpjItem

# --- SARA ([SARA-1999]) -------------------------------------------------------------------

SARA_GUIDE = Guide(
    sections=(
        Section("criminal_history", "Criminal history"),
        Section("psychosocial_adjustment", "Psychosocial adjustment"),
        Section("spousal_assault_history", "Spousal assault history"),
        Section("current_offence", "Alleged or current offence"),
    ),
    items=(
        SpjItem(
            1, "past_assault_family", "Has assaulted family members before", "criminal_history"
        ),
        SpjItem(
            2,
            "past_assault_strangers",
            "Has assaulted strangers or acquaintances before",
            "criminal_history",
        ),
        SpjItem(
            3,
            "past_violation_conditional_release",
            "Has broken conditional release or community supervision before",
            "criminal_history",
        ),
        SpjItem(
            4,
            "recent_relationship_problems",
            "Relationship problems recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            5,
            "recent_employment_problems",
            "Problems with work recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            6,
            "victim_witness_family_violence",
            "Suffered or saw family violence as a child or teenager",
            "psychosocial_adjustment",
        ),
        SpjItem(
            7,
            "recent_substance_abuse",
            "Misuse of or dependence on drink or drugs recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            8,
            "recent_suicidal_homicidal_ideation",
            "Thoughts or intent of suicide or of killing recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            9,
            "recent_psychotic_manic_symptoms",
            "Psychotic or manic symptoms recently",
            "psychosocial_adjustment",
        ),
        SpjItem(
            10,
            "personality_disorder",
            "Personality disorder with anger, impulsiveness or unstable behaviour",
            "psychosocial_adjustment",
        ),
        SpjItem(
            11,
            "past_physical_assault",
            "Has physically assaulted a partner before",
            "spousal_assault_history",
        ),
        SpjItem(
            12,
            "past_sexual_assault_jealousy",
            "Has sexually assaulted a partner before, or shown sexual jealousy",
            "spousal_assault_history",
        ),
        SpjItem(
            13,
            "past_weapons_death_threats",
            "Has used weapons or made believable threats to kill before",
            "spousal_assault_history",
        ),
        SpjItem(
            14,
            "recent_escalation",
            "Assaults recently more frequent or more severe",
            "spousal_assault_history",
        ),
        SpjItem(
            15,
            "past_no_contact_violation",
            "Has broken 'no contact' orders before",
            "spousal_assault_history",
        ),
        SpjItem(
            16,
            "extreme_minimisation_denial",
            "Denies or greatly plays down the history of partner assault",
            "spousal_assault_history",
        ),
        SpjItem(
            17,
            "attitudes_condoning_spousal_assault",
            "Holds attitudes that support or excuse assaulting a partner",
            "spousal_assault_history",
        ),
        SpjItem(
            18,
            "current_severe_sexual_assault",
            "The current offence is a severe or sexual assault",
            "current_offence",
        ),
        SpjItem(
            19,
            "current_weapons_death_threats",
            "The current offence involved weapons or believable threats to kill",
            "current_offence",
        ),
        SpjItem(
            20,
            "current_no_contact_violation",
            "The current offence broke a 'no contact' order",
            "current_offence",
        ),
    ),
    ratings=(0, 1, 2),
    rating_meanings="0 absent, 1 possibly or partly present, 2 present",
    flags=("critical",),
)
SARA_JUDGEMENTS = ("risk_to_partner", "risk_to_others")

SARA = Definition(
    code="sara",
    version="1999.1",
    name="SARA: Spousal Assault Risk Assessment guide (2nd edition)",
    kind=Kind.SPJ,
    source="[SARA-1999] Kropp, Hart, Webster & Eaves, SARA 2nd ed. 1995/1999",
    confidence=Confidence.STANDARD,
    population="Men and women who have been violent, or are feared to be, towards a partner",
    predicts="Judged risk of violence to the partner and to others (no actuarial total)",
    items=SARA_GUIDE.form_items(),
    bands=LEVEL_BANDS,
    notes=(
        "20 items in 4 sections (3 + 7 + 7 + 3), each rated 0, 1 or 2; any item rated 1 or "
        "2 may be marked critical [M].",
        "Final judgements: risk to partner and risk to others, each low, moderate or high, "
        "with reasons. There is no summed score and no cut-off; the band is the higher of "
        "the two final judgements.",
        "Input: items {code: {rating, evidence, critical}}, final_judgement {risk_to_partner, "
        "risk_to_others, reasons}, assessment_date.",
        "Item wording is our own paraphrase; the item list is [M]. SARA-V3 (2015, 24 "
        "factors) is a different guide and is not modelled [U].",
    ),
)

# --- SAPROF ([SAPROF-2012]) ---------------------------------------------------------------

SAPROF_GUIDE = Guide(
    sections=(
        Section("internal", "Internal factors"),
        Section("motivational", "Motivational factors"),
        Section("external", "External factors"),
    ),
    items=(
        SpjItem(1, "intelligence", "Intelligence", "internal", static=True),
        SpjItem(
            2, "secure_attachment_childhood", "Secure attachment in childhood", "internal", True
        ),
        SpjItem(3, "empathy", "Empathy", "internal"),
        SpjItem(4, "coping", "Coping", "internal"),
        SpjItem(5, "self_control", "Self-control", "internal"),
        SpjItem(6, "work", "Work", "motivational"),
        SpjItem(7, "leisure_activities", "Leisure activities", "motivational"),
        SpjItem(8, "financial_management", "Managing money", "motivational"),
        SpjItem(9, "motivation_for_treatment", "Motivation for treatment", "motivational"),
        SpjItem(10, "attitudes_towards_authority", "Attitudes towards authority", "motivational"),
        SpjItem(11, "life_goals", "Life goals", "motivational"),
        SpjItem(12, "medication", "Medication", "motivational"),
        SpjItem(13, "social_network", "Social network", "external"),
        SpjItem(14, "intimate_relationship", "Intimate relationship", "external"),
        SpjItem(15, "professional_care", "Professional care", "external"),
        SpjItem(16, "living_circumstances", "Living circumstances", "external"),
        SpjItem(17, "external_control", "External control", "external"),
    ),
    ratings=(0, 1, 2),
    rating_meanings="0 absent, 1 partly present, 2 clearly present (a protective factor)",
    flags=("key", "goal"),
)

SAPROF = Definition(
    code="saprof",
    version="2012.1",
    name="SAPROF: Structured Assessment of Protective Factors for violence risk",
    kind=Kind.SPJ,
    source="[SAPROF-2012] de Vogel, de Ruiter, Bouman & de Vries Robbé, SAPROF 2nd ed. 2012",
    confidence=Confidence.STANDARD,
    population="Adults assessed for violence risk, used alongside the HCR-20",
    predicts="Judged level of protection against violence (no actuarial bins)",
    items=SAPROF_GUIDE.form_items(),
    bands=LEVEL_BANDS,
    notes=(
        "17 protective factors: 5 internal, 7 motivational, 5 external [C]; items 1 and 2 "
        "are static [C]; each rated 0, 1 or 2 [C]. Item names [M].",
        "Key factors (most important for this person) and goal factors (to be built up in "
        "treatment) are flags on items [M].",
        "The final protection judgement (low, moderate, high, with reasons) is the band. The "
        "sum of ratings is shown as a term for reading only: it is not a cut-off.",
        "Input: items {code: {rating, evidence, key, goal}}, final_judgement {protection, "
        "reasons}, assessment_date.",
    ),
)

# --- STABLE-2007 ([STABLE-2007]) ----------------------------------------------------------

STABLE_GUIDE = Guide(
    sections=(
        Section("social_influences", "Significant social influences"),
        Section("intimacy_deficits", "Intimacy deficits"),
        Section("general_self_regulation", "General self-regulation"),
        Section("sexual_self_regulation", "Sexual self-regulation"),
        Section("cooperation", "Co-operation with supervision"),
    ),
    items=(
        SpjItem(
            1, "significant_social_influences", "Significant social influences", "social_influences"
        ),
        SpjItem(
            2,
            "capacity_for_relationship_stability",
            "Capacity for stable relationships",
            "intimacy_deficits",
        ),
        SpjItem(
            3,
            "emotional_identification_with_children",
            "Emotional identification with children",
            "intimacy_deficits",
        ),
        SpjItem(4, "hostility_toward_women", "Hostility toward women", "intimacy_deficits"),
        SpjItem(
            5,
            "general_social_rejection",
            "General social rejection or loneliness",
            "intimacy_deficits",
        ),
        SpjItem(6, "lack_of_concern_for_others", "Lack of concern for others", "intimacy_deficits"),
        SpjItem(7, "impulsive_acts", "Impulsive acts", "general_self_regulation"),
        SpjItem(
            8,
            "poor_problem_solving",
            "Poor skills for thinking problems through",
            "general_self_regulation",
        ),
        SpjItem(
            9,
            "negative_emotionality",
            "Negative emotions or hostility",
            "general_self_regulation",
        ),
        SpjItem(
            10,
            "sex_drive_preoccupation",
            "Sex drive or preoccupation with sex",
            "sexual_self_regulation",
        ),
        SpjItem(11, "sex_as_coping", "Sex used to cope", "sexual_self_regulation"),
        SpjItem(
            12, "deviant_sexual_preference", "Deviant sexual preference", "sexual_self_regulation"
        ),
        SpjItem(13, "cooperation_with_supervision", "Co-operation with supervision", "cooperation"),
    ),
    ratings=(0, 1, 2),
    rating_meanings="0 no problem, 1 some concern, 2 definite problem",
)
STABLE_CHILD_ITEM = "emotional_identification_with_children"
# [M]/[U]: the usual bands; one application seen uses < 5 / < 12, so these are data.
STABLE_BANDS = (
    Band("low", "Low", 0, 3),
    Band("moderate", "Moderate", 4, 11),
    Band("high", "High", 12, None),
)

STABLE_2007 = Definition(
    code="stable-2007",
    version="2007.1",
    name="STABLE-2007: stable dynamic risk factors for sexual offending",
    kind=Kind.SPJ,
    source="[STABLE-2007] Hanson, Harris, Scott & Helmus 2007",
    confidence=Confidence.UNCONFIRMED,
    population="Adult men convicted of a sexual offence, under community supervision",
    predicts="Level of stable dynamic risk (combined with Static-99R in practice)",
    items=STABLE_GUIDE.form_items({STABLE_CHILD_ITEM: "Scored only when there are child victims."}),
    bands=STABLE_BANDS,
    notes=(
        "13 items rated 0, 1 or 2 [M]; item 3 is scored only when there are child victims, "
        "so the total runs 0-26, or 0-24 without child victims [M].",
        "Bands 0-3 low, 4-11 moderate, 12 or more high are the usual ones but unconfirmed "
        "[U]; they are configurable data.",
        "Input: child_victims (true/false), items {code: {rating, evidence}} (item 3 only "
        "with child victims), assessment_date.",
    ),
)

# --- ACUTE-2007 ([ACUTE-2007]) ------------------------------------------------------------

ACUTE_GUIDE = Guide(
    sections=(
        Section("sexual_violent", "Sexual and violent recidivism index (items 1-4)"),
        Section("general_only", "General recidivism index only (items 5-7)"),
    ),
    items=(
        SpjItem(1, "victim_access", "Access to victims", "sexual_violent"),
        SpjItem(2, "hostility", "Hostility", "sexual_violent"),
        SpjItem(3, "sexual_preoccupation", "Preoccupation with sex", "sexual_violent"),
        SpjItem(4, "rejection_of_supervision", "Rejection of supervision", "sexual_violent"),
        SpjItem(5, "emotional_collapse", "Emotional collapse", "general_only"),
        SpjItem(6, "collapse_of_social_supports", "Collapse of social supports", "general_only"),
        SpjItem(7, "substance_abuse", "Misuse of drink or drugs", "general_only"),
    ),
    ratings=(0, 1, 3),
    rating_meanings="0 no problem, 1 maybe a problem, 3 intervene now",
)
ACUTE_SEXUAL_VIOLENT_ITEMS = 4  # the first four items
# [U] both sets of cut-offs: configurable data.
ACUTE_SEXUAL_VIOLENT_BANDS = (
    Band("low", "Low", 0, 0),
    Band("moderate", "Moderate", 1, 2),
    Band("high", "High", 3, None),
)
ACUTE_GENERAL_BANDS = (
    Band("low", "Low", 0, 1),
    Band("moderate", "Moderate", 2, 5),
    Band("high", "High", 6, None),
)

ACUTE_2007 = Definition(
    code="acute-2007",
    version="2007.1",
    name="ACUTE-2007: acute dynamic risk factors for sexual offending",
    kind=Kind.SPJ,
    source="[ACUTE-2007] Hanson, Harris, Scott & Helmus 2007",
    confidence=Confidence.UNCONFIRMED,
    population="Adult men convicted of a sexual offence, under community supervision",
    predicts="Imminent (acute) risk: sexual/violent and general recidivism indices",
    items=ACUTE_GUIDE.form_items(),
    bands=ACUTE_SEXUAL_VIOLENT_BANDS,
    notes=(
        "7 items rated 0 (no problem), 1 (maybe) or 3 (intervene now) [M].",
        "Two indices: sexual/violent = items 1-4 (0-12), general = all 7 items (0-21) [M].",
        "The score is None because there are two indices: both are terms and in extra "
        "'indices'. The band is the sexual/violent index band (0 low, 1-2 moderate, 3+ high); "
        "the general index has its own band (0-1 low, 2-5 moderate, 6+ high). Both sets of "
        "cut-offs are unconfirmed [U] and kept as data.",
        "Input: items {code: {rating, evidence}}, assessment_date.",
    ),
)
