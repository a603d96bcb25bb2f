"""Plan reads for the web screens (issue 4): the case a plan or action belongs to, the
content behind a change screen, and the case page's plan section. Re-exported by
``services/plans.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from fourpillars.assessments.models import Factor, Scenario
from fourpillars.db import sql_rows
from fourpillars.domain import access
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.plans.models import ACTION_STATUSES, Action, Decision, Plan
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import require, require_justification
from fourpillars.services.cases.changes import review_policy
from fourpillars.services.errors import NotFound
from fourpillars.services.plans.documents import (
    action_doc,
    find_plan,
    iso_date,
    plan_target,
)

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def plan_case_id(actor: User, plan_id: object) -> int:
    """The case a plan belongs to, if the actor may see it (NotFound otherwise); used to ask
    for the purpose of a consultation before showing the plan."""
    try:
        pk = int(str(plan_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    case_id = (
        Plan.objects.filter(pk=pk, case__in=Case.objects.visible_to(actor).values("pk"))
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise NotFound()
    return int(case_id)


def consult_plan_for_edit(
    *,
    actor: User,
    plan_id: object,
    justification: Justification | None,
    permission: Permission = Permission.MANAGE_CASE,
) -> Plan:
    """The content behind a change screen (the builder; approval with ``APPROVE_PLAN``):
    missing or hidden is NotFound, visible but not the actor's to ``permission`` is Forbidden
    (checked before the purpose is asked), then an audited consultation like ``consult_plan``."""
    with transaction.atomic():
        plan = find_plan(actor, plan_id, manage=False)
        require(actor, permission, plan)
        require_justification(actor, plan.case, justification)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_plan",
            target=plan_target(plan),
            justification=justification,
        )
        return plan


def visible_action(actor: User, action_id: object) -> Action:
    """An action of a plan on a case the actor can see (NotFound otherwise), with its plan
    and case: what a refused status update shows again next to the user's input."""
    try:
        pk = int(str(action_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    found = (
        Action.objects.filter(pk=pk, plan__case__in=Case.objects.visible_to(actor).values("pk"))
        .select_related("plan", "plan__case", "owner_agency")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class PlanSummary:
    """One plan as the case page shows it: actions counted by pillar and by status, and how
    many error and warning findings the live check gives."""

    plan: Plan
    by_pillar: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    errors: int
    warnings: int


@dataclass(frozen=True)
class CasePlans:
    active: PlanSummary | None
    draft: PlanSummary | None
    decisions: list[Decision]  # newest first, at most CASE_DECISIONS
    more_decisions: bool


CASE_DECISIONS = 20


def _open_plans_sql() -> str:
    """The case's active plan and open draft (at most one of each)."""
    return (
        f'SELECT p."id" FROM "{Plan._meta.db_table}" p '
        """WHERE p."case_id" = %s AND p."status" IN ('active', 'draft')"""
    )


def case_plans(case: Case) -> CasePlans:
    """The case page's plan section and decision timeline in four hand-written queries
    whatever the data size (``sql_rows``): the active plan and the open draft with their
    authors and assessments, their actions, the factors and scenarios of the assessments they
    respond to, and the latest decisions. The agencies holding access come from the case's
    shares, already read."""
    open_plans = _open_plans_sql()
    plans = sql_rows.joined(
        Plan,
        "p",
        f'p."id" IN ({open_plans})',
        [case.pk],
        related={"created_by": "mk", "approved_by": "ap", "assessment": "ra"},
        fixed={"case": case},
    )
    for plan in plans:
        sql_rows.attach(plan.assessment, "case", case)
    actions = sql_rows.joined(
        Action, "x", f'x."plan_id" IN ({open_plans})', [case.pk], related={"owner_agency": "ow"}
    )
    responded = (
        f'SELECT p."assessment_id" FROM "{Plan._meta.db_table}" p '
        """WHERE p."case_id" = %s AND p."status" IN ('active', 'draft')"""
    )
    parts = sorted(
        sql_rows.rows(
            'SELECT f."assessment_id", \'factor\', f."kind", f."ident", f."text", f."position" '
            f'FROM "{Factor._meta.db_table}" f WHERE f."assessment_id" IN ({responded}) '
            "UNION ALL "
            'SELECT s."assessment_id", \'scenario\', s."kind", s."ident", s."description", '
            f's."position" FROM "{Scenario._meta.db_table}" s '
            f'WHERE s."assessment_id" IN ({responded})',
            [case.pk, case.pk],
        ),
        key=lambda r: (r[0], r[1], r[5], r[3]),
    )
    decisions = _latest_decisions(case, CASE_DECISIONS + 1)
    now = timezone.now()
    agencies = sorted(
        {case.lead_agency.code}
        | {
            s.agency.code
            for s in case.shares.all()
            if access.Share(s.agency_id, s.expires_at, s.revoked_at).active(now)
        }
    )
    summaries = {
        p.status: _summary(p, [a for a in actions if a.plan_id == p.pk], parts, agencies)
        for p in plans
    }
    return CasePlans(
        summaries.get("active"),
        summaries.get("draft"),
        decisions[:CASE_DECISIONS],
        len(decisions) > CASE_DECISIONS,
    )


def _latest_decisions(case: Case, limit: int) -> list[Decision]:
    """The case's latest decisions with who decided and the decision each corrects, newest
    first (as ``decisions.decisions_for``), in one query."""
    return sql_rows.joined(
        Decision,
        "d",
        'd."case_id" = %s',
        [case.pk, limit],
        related={"decided_by": "du", "refers_to": "rf"},
        fixed={"case": case},
        tail=f"ORDER BY {sql_rows.order_by(Decision, 'd')} LIMIT %s",
    )


def _summary(
    plan: Plan, actions: list[Action], parts: list[tuple[Any, ...]], agencies: list[str]
) -> PlanSummary:
    """Counts and the live check of one plan from rows already read (no query here)."""
    a = plan.assessment
    mine = [r for r in parts if r[0] == a.pk]
    doc = {
        "plan_date": iso_date(plan.plan_date),
        "review_date": iso_date(plan.review_date),
        "mappa_level": plan.case.level,
        "rosh": {k: v for k, v in (a.ratings or {}).items() if k in ("community", "custody")},
        "risk_factors": [{"id": r[3], "text": r[4]} for r in mine if r[1:3] == ("factor", "risk")],
        "protective_factors": [
            {"id": r[3], "text": r[4]} for r in mine if r[1:3] == ("factor", "protective")
        ],
        "scenarios": [{"id": r[3], "kind": r[2], "text": r[4]} for r in mine if r[1] == "scenario"],
        "victims": list(plan.victims),
        "agencies_with_access": agencies,
        "actions": [action_doc(x) for x in actions],
        "pillar_reasons": dict(plan.pillar_reasons),
        "contingencies": list(plan.contingencies),
        "assessment": {"id": a.pk, "status": "current" if a.is_current else "superseded"},
    }
    try:
        found = plan_rules.check(plan_rules.parse_plan(doc), policy=review_policy(plan.case.area))
        errors = sum(1 for f in found if f.severity == plan_rules.ERROR)
        warnings = len(found) - errors
    except DomainValidationError as exc:  # stored content the rules no longer read
        errors, warnings = len(exc.errors), 0
    statuses = dict(ACTION_STATUSES)
    return PlanSummary(
        plan,
        [
            (label, sum(1 for x in actions if x.pillar == p))
            for p, label in plan_rules.PILLARS.items()
        ],
        [(label, sum(1 for x in actions if x.status == s)) for s, label in statuses.items()],
        errors,
        warnings,
    )
