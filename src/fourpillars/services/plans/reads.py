"""Audited reads of plans: one plan, a case's plans, the actor's own actions, the comparison
of two versions and a plan's printable content; the case a plan or action belongs to and the
content behind a change; and the case's active plan and open draft as the case page shows
them. Each read of a plan's content is a consultation in the audit trail ([DPA-2018] s.62).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet

from fourpillars.assessments.models import Factor, Scenario
from fourpillars.db import sql_rows
from fourpillars.domain import exports
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exports import Export
from fourpillars.plans.models import Action, Decision, Plan
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import audit
from fourpillars.services.access import allowed, refused, refused_record, require
from fourpillars.services.cases.changes import review_policy
from fourpillars.services.cases.reads import consult_case_records
from fourpillars.services.decisions import decisions_for
from fourpillars.services.errors import NotFound
from fourpillars.services.plans.documents import (
    agencies_holding_access,
    case_facts,
    document_of,
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
        audit.consultation(
            actor=actor,
            case=plan.case,
            justification=justification,
            action="view_plan",
            target=plan_target(plan),
        )
        return plan


def list_plans(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[Plan]]:
    """Every plan version of the case, newest first: one audited consultation of the case."""
    return consult_case_records(
        actor=actor,
        case_id=case_id,
        justification=justification,
        action="list_plans",
        load=lambda case: case.plans.select_related("assessment", "approved_by", "created_by"),
    )


def action_owners(actor: User) -> list[Q]:
    """The actions the actor owns, one condition per way of owning them (named, or through
    their agency): the policy's ``domain.access.owns_action`` as queries (the tests hold the
    two together). Each is read off its own partial index by the work lists."""
    owners = [Q(owner_user=actor)]
    if actor.agency_id:
        owners.append(Q(owner_agency_id=actor.agency_id))
    return owners


def live_actions_visible_to(actor: User) -> QuerySet[Action]:
    """Actions of the active plans of the cases the actor can see, whoever owns them."""
    return Action.objects.filter(live=True, case__in=Case.objects.visible_to(actor).values("pk"))


def my_actions(actor: User, *, include_done: bool = False) -> QuerySet[Action]:
    """Actions in active plans of cases the actor can see, owned by them or their agency."""
    owned = Q()
    for owner in action_owners(actor):
        owned |= owner
    qs = (
        live_actions_visible_to(actor)
        .filter(owned)
        .select_related("plan", "plan__case", "plan__case__person", "owner_agency")
        .order_by("due", "plan__case__reference", "position")
    )
    if not include_done:
        qs = qs.exclude(status__in=plan_rules.FINISHED_ACTION_STATUSES)
    return qs


def plans_waiting_for(actor: User) -> list[Plan]:
    """Draft plans waiting for the actor's approval, oldest change first: drafts on the cases
    whose plans they may approve (``Case.objects.restrict``), less those the policy refuses
    them (the second-person rule: the ones they wrote). Read by the caseload home."""
    cases = Case.objects.restrict(actor, Permission.APPROVE_PLAN).filter(
        pk__in=Case.objects.visible_to(actor).values("pk")
    )
    drafts = (
        Plan.objects.filter(status=plan_rules.PlanStatus.DRAFT, case__in=cases.values("pk"))
        .select_related("case", "case__person", "created_by")
        .order_by("updated_at", "pk")
    )
    return [p for p in drafts if allowed(actor, Permission.APPROVE_PLAN, p)]


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
    """Gather a plan's printable content (its reading is audited by the caller: ``export_plan``)."""
    doc = plan_document(plan)
    return PlanForPrint(
        plan, doc, findings(plan, doc), list(decisions_for(plan.case)[:PRINTED_DECISIONS])
    )


def export_plan(
    *, actor: User, plan_id: object, justification: Justification | None
) -> tuple[PlanForPrint, Export]:
    """The plan as its PDF prints it, and the download's own audit row (a disclosure to the
    reader, [DPA-2018] s.62; outside the lead agency the purpose first)."""
    with transaction.atomic():
        plan = find_plan(actor, plan_id, manage=False)
        export = exports.plan_pdf(plan.case.reference, plan.number)
        audit.export(
            actor=actor,
            export=export,
            target=plan_target(plan),
            case=plan.case,
            justification=justification,
        )
        return plan_for_print(plan), export


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
        raise refused(Plan.objects.filter(pk=pk).values_list("case_id", flat=True).first())
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
        audit.consultation(
            actor=actor,
            case=plan.case,
            justification=justification,
            action="view_plan",
            target=plan_target(plan),
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
        raise refused_record(actor, Action.objects.all(), pk, case="plan__case")
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
_ACTIVE, _DRAFT = plan_rules.PlanStatus.ACTIVE, plan_rules.PlanStatus.DRAFT


def _open_plans_sql() -> str:
    """The case's active plan and open draft (at most one of each)."""
    return (
        f'SELECT p."id" FROM "{Plan._meta.db_table}" p '
        f"""WHERE p."case_id" = %s AND p."status" IN ('{_ACTIVE}', '{_DRAFT}')"""
    )


def _responded_sql() -> str:
    """The assessments the case's active plan and open draft respond to."""
    return (
        f'SELECT p."assessment_id" FROM "{Plan._meta.db_table}" p '
        f"""WHERE p."case_id" = %s AND p."status" IN ('{_ACTIVE}', '{_DRAFT}')"""
    )


def case_plans(case: Case, shares: Sequence[CaseShare]) -> CasePlans:
    """The case page's plan section and decision timeline in seven queries
    whatever the data size (``fourpillars.db.sql_rows``): the active plan and the open draft
    with their authors and assessments, their actions, the factors and the scenarios of the
    assessments they respond to, the latest decisions, and the case's facts (``case_facts``:
    the latest level decision; instruments scored and conviction codes). The agencies holding
    access come from the case's shares, already read; each plan's document is
    ``document_of``, the same definition the plan page and the plan API use."""
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
    factors, scenarios = _factors_and_scenarios(case)
    decisions = _latest_decisions(case, CASE_DECISIONS + 1)
    agencies = agencies_holding_access(case, shares)
    facts = case_facts(case, [p.assessment_id for p in plans])
    summaries = {}
    for plan in plans:
        doc = document_of(
            plan,
            factors=[f for f in factors if f.assessment_id == plan.assessment_id],
            scenarios=[s for s in scenarios if s.assessment_id == plan.assessment_id],
            actions=[a for a in actions if a.plan_id == plan.pk],
            agencies=agencies,
            facts=facts,
        )
        summaries[plan.status] = _summary(plan, doc, [a for a in actions if a.plan_id == plan.pk])
    return CasePlans(
        summaries.get(_ACTIVE),
        summaries.get(_DRAFT),
        decisions[:CASE_DECISIONS],
        len(decisions) > CASE_DECISIONS,
    )


def _factors_and_scenarios(case: Case) -> tuple[list[Factor], list[Scenario]]:
    """The factors and scenarios of the assessments the case's open plans respond to, in one
    query, as (unsaved) instances holding only what a plan's document reads, each list in its
    model's ordering (factors by kind and position, scenarios by position)."""
    responded = _responded_sql()
    found = sql_rows.rows(
        'SELECT \'factor\', f."id", f."assessment_id", f."kind", f."ident", f."text", '
        f'f."position" FROM "{Factor._meta.db_table}" f WHERE f."assessment_id" IN ({responded}) '
        "UNION ALL "
        'SELECT \'scenario\', s."id", s."assessment_id", s."kind", s."ident", s."description", '
        f's."position" FROM "{Scenario._meta.db_table}" s '
        f'WHERE s."assessment_id" IN ({responded})',
        [case.pk, case.pk],
    )
    factors = [
        Factor(id=r[1], assessment_id=r[2], kind=r[3], ident=r[4], text=r[5], position=r[6])
        for r in found
        if r[0] == "factor"
    ]
    scenarios = [
        Scenario(
            id=r[1], assessment_id=r[2], kind=r[3], ident=r[4], description=r[5], position=r[6]
        )
        for r in found
        if r[0] == "scenario"
    ]
    factors.sort(key=lambda f: (f.kind, f.position))
    scenarios.sort(key=lambda s: s.position)
    return factors, scenarios


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


def _summary(plan: Plan, doc: dict[str, Any], actions: list[Action]) -> PlanSummary:
    """Counts and the live check of one plan from its document (no query here)."""
    try:
        found = plan_rules.check(plan_rules.parse_plan(doc), policy=review_policy(plan.case.area))
        errors = sum(1 for f in found if f.severity == plan_rules.ERROR)
        warnings = len(found) - errors
    except DomainValidationError as exc:  # stored content the rules no longer read
        errors, warnings = len(exc.errors), 0
    return PlanSummary(
        plan,
        [(p.label, sum(1 for x in actions if x.pillar == p)) for p in plan_rules.Pillar],
        [(s.label, sum(1 for x in actions if x.status == s)) for s in plan_rules.ActionStatus],
        errors,
        warnings,
    )
