"""Risk management plans: the plan as the checker's document, drafts and action status
(changes), approval, and the audited reads of plans.
"""

from __future__ import annotations

from .documents import (
    ACTION_FIELDS,
    EDITABLE,
    iso_date,
    agencies_holding_access,
    agencies_with_access,
    action_doc,
    plan_document,
    document_of,
    findings,
    plan_snapshot,
    parsed_contingencies,
    plan_target,
    find_plan,
    active_plan,
)
from .changes import (
    check_plan_version,
    require_draft,
    start_plan,
    save_plan,
    update_action_status,
)
from .approval import (
    approve,
)
from .screens import (
    plan_case_id,
    consult_plan_for_edit,
    visible_action,
    PlanSummary,
    CasePlans,
    CASE_DECISIONS,
    case_plans,
)
from .reads import (
    consult_plan,
    list_plans,
    my_actions,
    record_my_actions_view,
    compare,
    field_errors_of,
    PRINTED_DECISIONS,
    PlanForPrint,
    plan_for_print,
)

__all__ = [
    "ACTION_FIELDS",
    "CASE_DECISIONS",
    "CasePlans",
    "EDITABLE",
    "PRINTED_DECISIONS",
    "PlanForPrint",
    "PlanSummary",
    "action_doc",
    "active_plan",
    "agencies_holding_access",
    "agencies_with_access",
    "approve",
    "case_plans",
    "check_plan_version",
    "compare",
    "consult_plan",
    "consult_plan_for_edit",
    "document_of",
    "field_errors_of",
    "find_plan",
    "findings",
    "iso_date",
    "list_plans",
    "my_actions",
    "parsed_contingencies",
    "plan_case_id",
    "plan_document",
    "plan_for_print",
    "plan_snapshot",
    "plan_target",
    "record_my_actions_view",
    "require_draft",
    "save_plan",
    "start_plan",
    "update_action_status",
    "visible_action",
]
