"""The plan as a document, and the lookups every plan use case shares.

The document is the checker's shape (``domain/plans``): the same the plan API returns and
``fourpillars check-plan`` reads. The lookups find a plan on a case the actor can see (or
manage) and name it in audit rows. Re-exported by ``services/plans.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import IntegerField, Value
from django.utils import timezone

from fourpillars.assessments.models import Factor, InstrumentResult, LevelDecision, Scenario
from fourpillars.domain import access
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.rosh import FactorKind
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case, CaseShare, Conviction
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
    "information_considered",
    "information_gaps",
    "communicated",
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


@dataclass(frozen=True)
class CaseFacts:
    """What the plan's document takes from the case beyond the plan and its assessment: the
    latest level decision, the instruments scored on each assessment, and the ECRIS codes of
    the person's convictions."""

    level_decision: LevelDecision | None = None
    instruments: Mapping[int, list[str]] = field(default_factory=dict)
    ecris_codes: list[str] = field(default_factory=list)


def case_facts(case: Case, assessment_ids: Iterable[int]) -> CaseFacts:
    """The case's facts for its plans' documents, in two queries whatever the data size: the
    latest level decision, then the instruments scored and the conviction codes together."""
    ids = sorted({int(i) for i in assessment_ids})
    decision = (
        LevelDecision.objects.filter(case=case)
        .only("decided_level", "reason", "decided_at")
        .order_by("-decided_at", "-id")
        .first()
    )
    scored = (
        InstrumentResult.objects.filter(assessment_id__in=ids)
        .order_by()
        .values_list("assessment_id", "instrument")
    )
    convicted = (
        Conviction.objects.filter(person_id=case.person_id)
        .order_by()
        .annotate(none=Value(None, output_field=IntegerField()))
        .values_list("none", "ecris_code")
    )
    found = list(scored.union(convicted, all=True))
    instruments: dict[int, list[str]] = {}
    codes: list[str] = []
    for assessment_id, code in found:
        if assessment_id is None:
            codes.append(str(code or ""))
        elif code not in instruments.setdefault(int(assessment_id), []):
            instruments[int(assessment_id)].append(str(code))
    return CaseFacts(decision, instruments, codes)


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan in the checker's document shape (the same the plan API returns)."""
    a = plan.assessment
    return document_of(
        plan,
        factors=list(a.factors.all()),
        scenarios=list(a.scenarios.all()),
        actions=list(plan.actions.select_related("owner_agency")),
        agencies=agencies_with_access(plan.case),
        facts=case_facts(plan.case, [a.pk]),
    )


def level_decision_doc(d: LevelDecision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "level": d.decided_level,
        "reason": d.reason or None,
        "decided_on": timezone.localdate(d.decided_at).isoformat(),
    }


def _instrument_codes(codes: Iterable[str]) -> list[str]:
    """Codes the document can carry (a stored code of another shape is left out, not fatal)."""
    return [c for c in codes if plan_rules.INSTRUMENT_PATTERN.fullmatch(c)]


def document_of(
    plan: Plan,
    *,
    factors: Sequence[Factor],
    scenarios: Sequence[Scenario],
    actions: Sequence[Action],
    agencies: list[str],
    facts: CaseFacts,
) -> dict[str, Any]:
    """The one definition of the plan's document, from rows already read (no query here):
    the factors and scenarios of the assessment it responds to, its actions, the agencies
    holding access to the case, and the case's facts (level decision, instruments scored,
    convictions)."""
    a = plan.assessment
    case = plan.case
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
        "assessment": {
            "id": a.pk,
            "status": plan_rules.AssessmentStanding.of(a.is_current),
            "countersignature_required": a.needs_countersignature,
            "countersigned": a.countersigned_by_id is not None,
        },
        "acknowledgements": list(plan.acknowledgements),
        "mappa_category": case.category,
        "level_decision": level_decision_doc(facts.level_decision),
        "next_mappa_review": iso_date(case.next_review_date),
        "offending": list(plan_rules.offending_kinds(case.category, facts.ecris_codes)),
        "instruments": _instrument_codes(facts.instruments.get(a.pk, [])),
        "information_considered": list(plan.information_considered),
        "information_gaps": plan.information_gaps or None,
        "communicated": list(plan.communicated),
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
        "information_considered": list(plan.information_considered),
        "information_gaps": plan.information_gaps,
        "communicated": list(plan.communicated),
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
