"""Cases: registration, edits, status and sharing (changes); the case's records, its timeline
and search (reads).
"""

from __future__ import annotations

from .changes import (
    review_policy,
    case_snapshot,
    apply_case_fields,
    register_case,
    update_case,
    alter_case,
    change_status,
    share_case,
    revoke_share,
)
from .records import (
    PersonRecords,
    CaseRecord,
    person_records,
    case_shares,
    cases_by_id,
)
from .reads import (
    QUERY_MAX,
    TIMELINE_LIMIT,
    consult_case,
    consult_case_records,
    needs_justification,
    timeline_events,
    timeline_length,
    COLLAPSIBLE_ACTIONS,
    timeline,
    record_search,
    ParsedQuery,
    parse_query,
    SearchResult,
    PEOPLE_LIST_MAX,
    search_cases,
    list_visible_cases,
    consult_timeline,
)

__all__ = [
    "COLLAPSIBLE_ACTIONS",
    "CaseRecord",
    "PEOPLE_LIST_MAX",
    "ParsedQuery",
    "PersonRecords",
    "QUERY_MAX",
    "SearchResult",
    "TIMELINE_LIMIT",
    "alter_case",
    "apply_case_fields",
    "case_shares",
    "case_snapshot",
    "cases_by_id",
    "change_status",
    "consult_case",
    "consult_case_records",
    "consult_timeline",
    "list_visible_cases",
    "needs_justification",
    "parse_query",
    "person_records",
    "record_search",
    "register_case",
    "review_policy",
    "revoke_share",
    "search_cases",
    "share_case",
    "timeline",
    "timeline_events",
    "timeline_length",
    "update_case",
]
