"""RoSH assessments: drafts, instrument results, submission, countersignature and level
decisions (changes), and the audited reads behind the RoSH screens.
"""

from __future__ import annotations

from .reads import (
    ATTACHABLE,
    assessment_target,
    find_assessment,
    consult_assessment,
    list_assessments,
    current_assessment,
    HistoryPoint,
    HISTORY_LIMIT,
    history,
    as_document,
    register_facts,
    instrument_prefill,
    latest_results,
    can_countersign,
    indicate_level,
    level_decisions,
    assessment_case_id,
    consult_for_edit,
    explain_departure,
    CaseRosh,
    CASE_ROSH_ROWS,
    case_rosh,
)
from .drafts import (
    derive_departure,
    start_assessment,
    check_assessment_version,
    require_draft_assessment,
    save_draft,
    score_instrument,
    remove_instrument_result,
)
from .changes import (
    submit,
    countersign,
    decide_level,
)

__all__ = [
    "ATTACHABLE",
    "CASE_ROSH_ROWS",
    "CaseRosh",
    "HISTORY_LIMIT",
    "HistoryPoint",
    "as_document",
    "assessment_case_id",
    "assessment_target",
    "can_countersign",
    "case_rosh",
    "check_assessment_version",
    "consult_assessment",
    "consult_for_edit",
    "countersign",
    "current_assessment",
    "decide_level",
    "derive_departure",
    "explain_departure",
    "find_assessment",
    "history",
    "indicate_level",
    "instrument_prefill",
    "latest_results",
    "level_decisions",
    "list_assessments",
    "register_facts",
    "remove_instrument_result",
    "require_draft_assessment",
    "save_draft",
    "score_instrument",
    "start_assessment",
    "submit",
]
