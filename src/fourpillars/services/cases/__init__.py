"""Cases: registration, edits, status and sharing (changes); the case's records, its timeline
and search (reads).
"""

from __future__ import annotations

from .changes import (
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
    needs_justification,
    parse_query,
    record_search,
    search_cases,
    timeline,
    timeline_events,
)
from .records import (
    PERSON_RECORDS,
    cases_by_id,
    load,
    load_person_records,
    visible_case_with_records,
    visible_case_with_shares,
)

__all__ = [
    "COLLAPSIBLE_ACTIONS",
    "PEOPLE_LIST_MAX",
    "PERSON_RECORDS",
    "QUERY_MAX",
    "TIMELINE_LIMIT",
    "ParsedQuery",
    "SearchResult",
    "apply_case_fields",
    "case_snapshot",
    "cases_by_id",
    "change_status",
    "consult_case",
    "consult_case_records",
    "load",
    "load_person_records",
    "needs_justification",
    "parse_query",
    "record_search",
    "register_case",
    "registering_for",
    "review_policy",
    "revoke_share",
    "search_cases",
    "share_case",
    "timeline",
    "timeline_events",
    "update_case",
    "visible_case_with_records",
    "visible_case_with_shares",
]
