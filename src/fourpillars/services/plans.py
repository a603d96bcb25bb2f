"""Use cases for risk management plans and decisions.

A plan is built from the case's current RoSH assessment; each save of a draft is checked by
the pure rules in ``domain/plans/`` (the same checker behind ``fourpillars check-plan`` and
``POST /api/v1/plan-checks``); approval needs no error, every warning acknowledged with a
reason, and an answer to each of Kemshall's defensibility criteria, and records a decision.
Every change writes its audit row in the same transaction; reads are audited consultations.

This module holds the audited reads and the version comparison. The rest lives by
responsibility and is re-exported here, so callers keep using ``services.plans``:
``plan_documents`` (the plan as the checker's document, shared lookups), ``plan_changes``
(start, save, action status), ``plan_approval`` (approve), ``decisions`` (significant
decisions) and ``plan_screens`` (reads behind the web screens).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import FieldError
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case

from . import audit
from .access import visible_case
from .decisions import decisions_for, record_decision, record_system_decision
from .plan_approval import approve
from .plan_changes import save_plan, start_plan, update_action_status
from .plan_documents import (
    ACTION_FIELDS,
    EDITABLE,
    _iso,
    _justify,
    _plan,
    _snapshot,
    _target,
    action_doc,
    active_plan,
    agencies_with_access,
    findings,
    parsed_contingencies,
    plan_document,
)
from .plan_screens import (
    CASE_DECISIONS,
    CasePlans,
    PlanSummary,
    case_plans,
    consult_plan_for_edit,
    plan_case_id,
    visible_action,
)

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

# The use cases split out by responsibility are re-exported: callers keep using
# ``services.plans``.
__all__ = [
    "ACTION_FIELDS",
    "CASE_DECISIONS",
    "EDITABLE",
    "CasePlans",
    "PlanSummary",
    "_iso",
    "action_doc",
    "active_plan",
    "agencies_with_access",
    "approve",
    "case_plans",
    "compare",
    "consult_plan",
    "consult_plan_for_edit",
    "decisions_for",
    "field_errors_of",
    "findings",
    "list_plans",
    "my_actions",
    "parsed_contingencies",
    "plan_case_id",
    "plan_document",
    "record_decision",
    "record_my_actions_view",
    "record_system_decision",
    "save_plan",
    "start_plan",
    "update_action_status",
    "visible_action",
]

# --- reading ----------------------------------------------------------------------------


def consult_plan(*, actor: User, plan_id: object, justification: Justification | None) -> Plan:
    with transaction.atomic():
        plan = _plan(actor, plan_id, manage=False)
        _justify(actor, plan.case, justification)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_plan",
            target=_target(plan),
            justification=justification,
        )
        return plan


def list_plans(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[Plan]]:
    with transaction.atomic():
        case = visible_case(actor, case_id)
        _justify(actor, case, justification)
        rows = list(case.plans.select_related("assessment", "approved_by", "created_by"))
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_plans",
            target=audit.Target("case", str(case.pk), case.pk, case.person_id),
            justification=justification,
            record_ids=[p.pk for p in rows],
        )
        return case, rows


def my_actions(actor: User, *, include_done: bool = False) -> QuerySet[Action]:
    """Actions in active plans of cases the actor can see, owned by them or their agency."""
    owned = Q(owner_user=actor)
    if actor.agency_id:
        owned |= Q(owner_agency_id=actor.agency_id)
    qs = (
        Action.objects.filter(owned, plan__status="active")
        .filter(plan__case__in=Case.objects.visible_to(actor).values("pk"))
        .select_related("plan", "plan__case", "owner_agency")
        .order_by("due", "plan__case__reference", "position")
    )
    if not include_done:
        qs = qs.exclude(status__in=("done", "not_done"))
    return qs


def record_my_actions_view(actor: User, shown: Sequence[Action]) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_my_actions",
            target=audit.Target("actions"),
            record_ids=sorted({a.plan.case_id for a in shown}),
        )


def compare(old: Plan, new: Plan) -> dict[str, Any]:
    """Side by side: what changed between two versions (actions by id, and the plan fields)."""
    a, b = _snapshot(old), _snapshot(new)
    before = {x["id"]: x for x in a.pop("actions")}
    after = {x["id"]: x for x in b.pop("actions")}
    return {
        "fields": {k: {"old": a[k], "new": b[k]} for k in a if a[k] != b[k]},
        "actions_added": [after[k] for k in after if k not in before],
        "actions_removed": [before[k] for k in before if k not in after],
        "actions_changed": [
            {
                "id": k,
                "changes": {
                    f: {"old": before[k][f], "new": after[k][f]}
                    for f in after[k]
                    if after[k][f] != before[k].get(f)
                },
            }
            for k in after
            if k in before and after[k] != before[k]
        ],
    }


def field_errors_of(found: Sequence[plan_rules.Finding]) -> list[FieldError]:
    return [
        FieldError("findings", f"{f.code}: {f.message}") for f in found if f.severity == "error"
    ]
