"""Audited reads of plans: one plan, a case's plans, the actor's own actions, and the
comparison of two versions. Each read is a consultation in the audit trail (DPA 2018 s.62).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.audit import Justification, Operation
from fourpillars.plans.models import Action, Decision, Plan
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import require_justification, visible_case
from fourpillars.services.decisions import decisions_for
from fourpillars.services.plans.documents import (
    find_plan,
    findings,
    plan_document,
    plan_snapshot,
    plan_target,
)

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


# --- reading ----------------------------------------------------------------------------


def consult_plan(*, actor: User, plan_id: object, justification: Justification | None) -> Plan:
    with transaction.atomic():
        plan = find_plan(actor, plan_id, manage=False)
        require_justification(actor, plan.case, justification)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_plan",
            target=plan_target(plan),
            justification=justification,
        )
        return plan


def list_plans(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[Plan]]:
    with transaction.atomic():
        case = visible_case(actor, case_id)
        require_justification(actor, case, justification)
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
    """Actions in active plans of cases the actor can see, owned by them or their agency: the
    policy's ``domain.access.owns_action`` as a query (the tests hold the two together)."""
    owned = Q(owner_user=actor)
    if actor.agency_id:
        owned |= Q(owner_agency_id=actor.agency_id)
    qs = (
        Action.objects.filter(owned, plan__status=plan_rules.PlanStatus.ACTIVE)
        .filter(plan__case__in=Case.objects.visible_to(actor).values("pk"))
        .select_related("plan", "plan__case", "owner_agency")
        .order_by("due", "plan__case__reference", "position")
    )
    if not include_done:
        qs = qs.exclude(status__in=plan_rules.FINISHED_ACTION_STATUSES)
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
    a, b = plan_snapshot(old), plan_snapshot(new)
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


PRINTED_DECISIONS = 50


@dataclass(frozen=True)
class PlanForPrint:
    """What the plan's PDF shows: the plan, its checker document, the live findings and the
    case's latest decisions."""

    plan: Plan
    document: dict[str, Any]
    findings: list[plan_rules.Finding]
    decisions: list[Decision]


def plan_for_print(plan: Plan) -> PlanForPrint:
    """Gather a consulted plan's printable content (the consultation is already audited)."""
    doc = plan_document(plan)
    return PlanForPrint(
        plan, doc, findings(plan, doc), list(decisions_for(plan.case)[:PRINTED_DECISIONS])
    )
