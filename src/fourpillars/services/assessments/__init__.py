"""RoSH assessments: drafts, instrument results, submission, countersignature and level
decisions (changes), and the audited reads behind the RoSH screens.
"""

from __future__ import annotations

from .changes import (
    countersign,
    decide_level,
    submit,
)
from .drafts import (
    check_assessment_version,
    derive_policy,
    remove_instrument_result,
    require_draft_assessment,
    save_draft,
    score_instrument,
    start_assessment,
)
from .reads import (
    CASE_ROSH_ROWS,
    HISTORY_LIMIT,
    CaseRosh,
    HistoryPoint,
    as_document,
    assessment_case_id,
    assessment_target,
    can_countersign,
    case_rosh,
    consult_assessment,
    consult_for_edit,
    current_assessment,
    find_assessment,
    history,
    indicate_level,
    instrument_prefill,
    instrument_prefill_notes,
    latest_results,
    level_decisions,
    list_assessments,
    register_facts,
    screening_of,
)

__all__ = [
    "CASE_ROSH_ROWS",
    "HISTORY_LIMIT",
    "CaseRosh",
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
    "derive_policy",
    "find_assessment",
    "history",
    "indicate_level",
    "instrument_prefill",
    "instrument_prefill_notes",
    "latest_results",
    "level_decisions",
    "list_assessments",
    "register_facts",
    "remove_instrument_result",
    "require_draft_assessment",
    "save_draft",
    "score_instrument",
    "screening_of",
    "start_assessment",
    "submit",
]
