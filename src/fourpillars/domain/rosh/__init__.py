"""Risk of Serious Harm (RoSH) assessment rules ([ROSH-2020], [PC-36-2006], [OASYS-ROSH];
MAPPA levels: [MAPPA-G] ch.7).

Pure rules only: the screening triggers, the rating scale and the overall rating, the shape
of a full analysis (summary questions R10.1-R10.5, formulation, scenarios, risk and
protective factors), how a professional rating compares with what the instruments suggest,
the assessment lifecycle, and the MAPPA level indicated by the ratings.

- ``ratings``: the rating scale, labels, definitions, risk groups and analysis vocabulary;
- ``screening``: the screening triggers, the ECRIS mapping and :func:`screen`;
- ``indication``: what instrument bands indicate and :func:`compare_with_instruments`;
- ``document``: :class:`AssessmentInput`, :func:`clean_assessment`, :func:`submission_problems`;
- ``lifecycle``: :class:`Status` and :func:`transition`;
- ``levels``: :func:`indicate_level` and ``LEVEL_FLAGS``.

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
from .indication import (
    BAND_INDICATES,
    INDICATION_VERSION,
    Departure,
    DepartureDirection,
    InstrumentBand,
    compare_with_instruments,
)
from .levels import LEVEL_FLAGS, LevelIndication, indicate_level
from .lifecycle import STATUS_LABELS, Status, transition
from .ratings import (
    ASSESSMENT_LABEL,
    IMMINENCE,
    IMMINENCE_LABELS,
    LIKELIHOODS,
    RATING_DEFINITIONS,
    RATING_LABELS,
    RATING_ORDER,
    RISK_GROUPS,
    RULES_VERSION,
    SCENARIO_LABELS,
    SUMMARY_QUESTIONS,
    FactorKind,
    Rating,
    ScenarioKind,
    Setting,
    highest,
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
    "BAND_INDICATES",
    "BEHAVIOUR_TRIGGERS",
    "DOCUMENT_FIELDS",
    "ECRIS_TRIGGER_PREFIXES",
    "ECRIS_TRIGGER_VERSION",
    "IMMINENCE",
    "IMMINENCE_LABELS",
    "INDICATION_VERSION",
    "LEVEL_FLAGS",
    "LIKELIHOODS",
    "LONG_SENTENCE_MONTHS",
    "MAX_FACTORS",
    "MAX_SCENARIOS",
    "OFFENCE_TRIGGERS",
    "RATING_DEFINITIONS",
    "RATING_LABELS",
    "RATING_ORDER",
    "RISK_GROUPS",
    "RULES_VERSION",
    "SCENARIO_LABELS",
    "STATUS_LABELS",
    "SUMMARY_QUESTIONS",
    "TRIGGER_LABELS",
    "AssessmentInput",
    "Departure",
    "DepartureDirection",
    "FactorInput",
    "FactorKind",
    "InstrumentBand",
    "LevelIndication",
    "Rating",
    "ScenarioInput",
    "ScenarioKind",
    "Screening",
    "Setting",
    "Status",
    "clean_assessment",
    "compare_with_instruments",
    "highest",
    "indicate_level",
    "screen",
    "submission_problems",
    "transition",
    "triggers_for_ecris",
]
