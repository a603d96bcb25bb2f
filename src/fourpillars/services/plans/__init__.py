"""Risk management plans: the plan as the checker's document, drafts and action status
(changes), approval, and the audited reads of plans.
"""

from __future__ import annotations

from .actions import ActionList, action_list, owner_label, parse_group
from .approval import (
    approve,
)
from .changes import (
    check_plan_version,
    complete_action,
    require_draft,
    save_plan,
    start_plan,
    update_action_status,
)
from .documents import (
    ACTION_FIELDS,
    EDITABLE,
    action_doc,
    active_plan,
    agencies_holding_access,
    agencies_with_access,
    document_of,
    find_plan,
    findings,
    iso_date,
    parsed_contingencies,
    plan_document,
    plan_snapshot,
    plan_target,
)
from .reads import (
    CASE_DECISIONS,
    PRINTED_DECISIONS,
    CasePlans,
    PlanForPrint,
    PlanSummary,
    case_plans,
    compare,
    consult_plan,
    consult_plan_for_edit,
    list_plans,
    my_actions,
    plan_case_id,
    plan_for_print,
    plans_waiting_for,
    visible_action,
)

__all__ = [
    "ACTION_FIELDS",
    "CASE_DECISIONS",
    "EDITABLE",
    "PRINTED_DECISIONS",
    "ActionList",
    "CasePlans",
    "PlanForPrint",
    "PlanSummary",
    "action_doc",
    "action_list",
    "active_plan",
    "agencies_holding_access",
    "agencies_with_access",
    "approve",
    "case_plans",
    "check_plan_version",
    "compare",
    "complete_action",
    "consult_plan",
    "consult_plan_for_edit",
    "document_of",
    "find_plan",
    "findings",
    "iso_date",
    "list_plans",
    "my_actions",
    "owner_label",
    "parse_group",
    "parsed_contingencies",
    "plan_case_id",
    "plan_document",
    "plan_for_print",
    "plan_snapshot",
    "plan_target",
    "plans_waiting_for",
    "require_draft",
    "save_plan",
    "start_plan",
    "update_action_status",
    "visible_action",
]
