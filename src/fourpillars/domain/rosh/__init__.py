"""Risk of Serious Harm (RoSH) assessment rules ([ROSH-2020], [PC-36-2006], [OASYS-ROSH];
MAPPA levels: [MAPPA-G] ch.7).

Pure rules only: the screening triggers, the rating scale and the overall rating of each
setting, the shape of a full analysis (summary questions R10.1-R10.5, formulation, scenarios,
risk and protective factors), the screening and countersignature policies (versioned data),
the assessment lifecycle, and the MAPPA level indicated by the community rating.

A predictor describes a group, not this person: its band never indicates a rating. Predictor
results are evidence shown beside the ratings, and they trigger the full analysis under the
screening policy (decision 0011).

- ``ratings``: the rating scale, labels, definitions, risk groups and analysis vocabulary;
- ``policy``: :class:`ScreeningPolicy` and :class:`CountersignaturePolicy`, with defaults;
- ``screening``: the screening triggers, the ECRIS mapping and :func:`screen`;
- ``document``: :class:`AssessmentInput`, :func:`clean_assessment`, :func:`submission_problems`;
- ``lifecycle``: :class:`Status` and :func:`transition`;
- ``levels``: :func:`indicate_level`, :func:`level_statement` and ``LEVEL_FLAGS``.

The content of an assessment is a professional assessment, not a fact (DPA 2018 s.38(2));
``ASSESSMENT_LABEL`` is shown wherever it is displayed or exported.
"""

from __future__ import annotations

from .document import (
    DOCUMENT_FIELDS,
    MAX_FACTORS,
    MAX_SCENARIOS,
    AssessmentInput,
    FactorInput,
    ScenarioInput,
    clean_assessment,
    submission_problems,
)
from .levels import LEVEL_FLAGS, LevelIndication, LevelStatement, indicate_level, level_statement
from .lifecycle import STATUS_LABELS, Status, transition
from .policy import (
    DEFAULT_COUNTERSIGNATURE_POLICY,
    DEFAULT_SCREENING_POLICY,
    PREDICTOR_NAMES,
    CountersignaturePolicy,
    PredictorResult,
    PredictorTrigger,
    ScreeningPolicy,
)
from .ratings import (
    ASSESSMENT_LABEL,
    CUSTODY_RATED_AS,
    IMMINENCE,
    IMMINENCE_LABELS,
    LIKELIHOODS,
    RATING_DEFINITIONS,
    RATING_LABELS,
    RATING_ORDER,
    RISK_GROUPS,
    RULES_VERSION,
    SCENARIO_LABELS,
    SETTING_LABELS,
    SUMMARY_QUESTIONS,
    FactorKind,
    Rating,
    ScenarioKind,
    Setting,
    highest,
    overall_by_setting,
)
from .screening import (
    BEHAVIOUR_TRIGGERS,
    ECRIS_TRIGGER_PREFIXES,
    ECRIS_TRIGGER_VERSION,
    LONG_SENTENCE_MONTHS,
    OFFENCE_TRIGGERS,
    TRIGGER_LABELS,
    Screening,
    screen,
    triggers_for_ecris,
)

__all__ = [
    "ASSESSMENT_LABEL",
    "BEHAVIOUR_TRIGGERS",
    "CUSTODY_RATED_AS",
    "DEFAULT_COUNTERSIGNATURE_POLICY",
    "DEFAULT_SCREENING_POLICY",
    "DOCUMENT_FIELDS",
    "ECRIS_TRIGGER_PREFIXES",
    "ECRIS_TRIGGER_VERSION",
    "IMMINENCE",
    "IMMINENCE_LABELS",
    "LEVEL_FLAGS",
    "LIKELIHOODS",
    "LONG_SENTENCE_MONTHS",
    "MAX_FACTORS",
    "MAX_SCENARIOS",
    "OFFENCE_TRIGGERS",
    "PREDICTOR_NAMES",
    "RATING_DEFINITIONS",
    "RATING_LABELS",
    "RATING_ORDER",
    "RISK_GROUPS",
    "RULES_VERSION",
    "SCENARIO_LABELS",
    "SETTING_LABELS",
    "STATUS_LABELS",
    "SUMMARY_QUESTIONS",
    "TRIGGER_LABELS",
    "AssessmentInput",
    "CountersignaturePolicy",
    "FactorInput",
    "FactorKind",
    "LevelIndication",
    "LevelStatement",
    "PredictorResult",
    "PredictorTrigger",
    "Rating",
    "ScenarioInput",
    "ScenarioKind",
    "Screening",
    "ScreeningPolicy",
    "Setting",
    "Status",
    "clean_assessment",
    "highest",
    "indicate_level",
    "level_statement",
    "overall_by_setting",
    "screen",
    "submission_problems",
    "transition",
    "triggers_for_ecris",
]
