"""The plan as a document, and the lookups every plan use case shares.

The document is the checker's shape (``domain/plans``): the same the plan API returns and
``fourpillars check-plan`` reads. The lookups find a plan on a case the actor can see (or
manage) and name it in audit rows. Re-exported by ``services/plans.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from fourpillars.assessments.models import Factor, Scenario
from fourpillars.domain import access
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.rosh import FactorKind
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import audit
from fourpillars.services.access import record_on_case
from fourpillars.services.cases.changes import review_policy

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

ACTION_FIELDS = (
    "id",
    "pillar",
    "text",
    "owner_agency",
    "owner_name",
    "frequency",
    "due",
    "start",
    "end",
    "restrictive",
    "legal_basis",
    "proportionality",
    "addresses",
    "protects",
    "status",
)
EDITABLE = (
    "period_start",
    "period_end",
    "plan_date",
    "review_date",
    "pillar_reasons",
    "victims",
    "contingencies",
    "actions",
)


# --- the plan as a document --------------------------------------------------------------


def iso_date(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def agencies_holding_access(
    case: Case, shares: Iterable[CaseShare], now: dt.datetime | None = None
) -> list[str]:
    """Agency codes that hold access to the case: the lead and every active share (from
    shares already read, with their agencies)."""
    now = now or timezone.now()
    codes = {case.lead_agency.code}
    for share in shares:
        if access.Share(share.agency_id, share.expires_at, share.revoked_at).active(now):
            codes.add(share.agency.code)
    return sorted(codes)


def agencies_with_access(case: Case, now: dt.datetime | None = None) -> list[str]:
    """Agency codes that hold access to the case: the lead and every active share."""
    return agencies_holding_access(case, case.shares.select_related("agency"), now)


def action_doc(a: Action) -> dict[str, Any]:
    return {
        "id": a.ident,
        "pillar": a.pillar,
        "text": a.text,
        "owner_agency": a.owner_agency.code,
        "owner_name": a.owner_name,
        "frequency": a.frequency or None,
        "due": iso_date(a.due),
        "start": iso_date(a.start),
        "end": iso_date(a.end),
        "restrictive": a.restrictive,
        "legal_basis": a.legal_basis,
        "proportionality": a.proportionality,
        "addresses": list(a.addresses),
        "protects": list(a.protects),
        "status": a.status,
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan in the checker's document shape (the same the plan API returns)."""
    a = plan.assessment
    return document_of(
        plan,
        factors=list(a.factors.all()),
        scenarios=list(a.scenarios.all()),
        actions=list(plan.actions.select_related("owner_agency")),
        agencies=agencies_with_access(plan.case),
    )


def document_of(
    plan: Plan,
    *,
    factors: Sequence[Factor],
    scenarios: Sequence[Scenario],
    actions: Sequence[Action],
    agencies: list[str],
) -> dict[str, Any]:
    """The one definition of the plan's document, from rows already read (no query here):
    the factors and scenarios of the assessment it responds to, its actions, and the agencies
    holding access to the case."""
    a = plan.assessment
    ratings = a.ratings or {}
    return {
        "plan_date": iso_date(plan.plan_date),
        "review_date": iso_date(plan.review_date),
        "period_start": iso_date(plan.period_start),
        "period_end": iso_date(plan.period_end),
        "mappa_level": plan.case.level,
        "rosh": {k: v for k, v in ratings.items() if k in ("community", "custody")},
        "risk_factors": [
            {"id": f.ident, "text": f.text} for f in factors if f.kind == FactorKind.RISK
        ],
        "protective_factors": [
            {"id": f.ident, "text": f.text} for f in factors if f.kind == FactorKind.PROTECTIVE
        ],
        "scenarios": [{"id": s.ident, "kind": s.kind, "text": s.description} for s in scenarios],
        "victims": list(plan.victims),
        "agencies_with_access": agencies,
        "actions": [action_doc(x) for x in actions],
        "pillar_reasons": dict(plan.pillar_reasons),
        "contingencies": list(plan.contingencies),
        "assessment": {"id": a.pk, "status": plan_rules.AssessmentStanding.of(a.is_current)},
        "acknowledgements": list(plan.acknowledgements),
    }


def findings(plan: Plan, doc: dict[str, Any] | None = None) -> list[plan_rules.Finding]:
    """The live findings; pass the ``plan_document`` already built to avoid reading it twice."""
    parsed = plan_rules.parse_plan(doc if doc is not None else plan_document(plan))
    return plan_rules.check(parsed, policy=review_policy(plan.case.area))


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    return {
        "period_start": iso_date(plan.period_start),
        "period_end": iso_date(plan.period_end),
        "plan_date": iso_date(plan.plan_date),
        "review_date": iso_date(plan.review_date),
        "pillar_reasons": dict(plan.pillar_reasons),
        "victims": list(plan.victims),
        "contingencies": list(plan.contingencies),
        "actions": [action_doc(a) for a in plan.actions.select_related("owner_agency")],
    }


def parsed_contingencies(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = doc.get("contingencies") or []
    return [c for c in raw if isinstance(c, Mapping)] if isinstance(raw, list) else []


# --- finding a plan ---------------------------------------------------------------------


def plan_target(plan: Plan) -> audit.Target:
    return audit.Target("plan", str(plan.pk), plan.case_id, plan.case.person_id)


def find_plan(
    actor: User,
    plan_id: object,
    *,
    manage: bool,
    permission: Permission = Permission.MANAGE_CASE,
) -> Plan:
    """The plan if its case is visible (404 otherwise); with ``manage``, locked for the
    change and Forbidden unless the actor may ``permission`` it."""
    plan: Plan = record_on_case(
        actor,
        Plan.objects.all(),
        plan_id,
        manage=manage,
        permission=permission,
        related=("case", "case__person", "case__lead_agency", "case__area", "assessment"),
    )
    return plan


def active_plan(case: Case) -> Plan | None:
    return case.plans.filter(status=plan_rules.PlanStatus.ACTIVE).first()
