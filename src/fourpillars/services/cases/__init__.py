"""Cases: registration, edits, status and sharing (changes); the case's records, its timeline
and search (reads).
"""

from __future__ import annotations

from .changes import (
    alter_case,
    apply_case_fields,
    case_snapshot,
    change_status,
    register_case,
    registering_for,
    review_policy,
    revoke_share,
    share_case,
    update_case,
)
from .reads import (
    COLLAPSIBLE_ACTIONS,
    PEOPLE_LIST_MAX,
    QUERY_MAX,
    TIMELINE_LIMIT,
    ParsedQuery,
    SearchResult,
    consult_case,
    consult_case_records,
    consult_timeline,
    list_visible_cases,
    needs_justification,
    parse_query,
    record_search,
    search_cases,
    timeline,
    timeline_events,
    timeline_length,
)
from .records import (
    CaseRecord,
    PersonRecords,
    case_shares,
    cases_by_id,
    person_records,
)

__all__ = [
    "COLLAPSIBLE_ACTIONS",
    "PEOPLE_LIST_MAX",
    "QUERY_MAX",
    "TIMELINE_LIMIT",
    "CaseRecord",
    "ParsedQuery",
    "PersonRecords",
    "SearchResult",
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
    "registering_for",
    "review_policy",
    "revoke_share",
    "search_cases",
    "share_case",
    "timeline",
    "timeline_events",
    "timeline_length",
    "update_case",
]
