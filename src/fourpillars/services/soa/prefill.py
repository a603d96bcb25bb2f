"""What a proposed risk notification carries, read once from the case (decision 0022): who
the person is, the MAPPA category and level, the RoSH ratings by group and setting of the
assessment in force with its risk factors and the warning signs of its scenarios, the active
plan's monitoring needs (its supervision and monitoring and control actions) and the warning
signs its contingencies watch for, the travel notified, the 24-hour
contingency contact (settings) and how long it holds.

Each section is keyed by ``domain.soa.proposals.Section``, so the officer's review includes
or leaves out whole sections. The RoSH content is a professional judgement, not fact
([DPA-2018] s.38(2)); the payload says so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain.plans.constants import Pillar
from fourpillars.domain.plans.lifecycle import PlanStatus
from fourpillars.domain.rosh import FactorKind
from fourpillars.domain.soa import proposals as rules
from fourpillars.domain.soa.requirements import Travel
from fourpillars.plans.models import Plan
from fourpillars.register.models import Case
from fourpillars.soa.models import Notification

from .payloads import person_payload

MONITORING_PILLARS = (Pillar.MONITORING_CONTROL.value, Pillar.SUPERVISION.value)


def contingency() -> dict[str, object]:
    """The 24-hour point of contact named in every risk notification (settings)."""
    return {
        "name": settings.FOURPILLARS_CONTINGENCY_NAME,
        "organisation": settings.FOURPILLARS_CONTINGENCY_ORGANISATION,
        "telephone": settings.FOURPILLARS_CONTINGENCY_PHONE,
        "email": settings.FOURPILLARS_CONTINGENCY_EMAIL,
        "available_24_7": True,
    }


def _person(case: Case) -> dict[str, Any]:
    person = case.person
    names = list(person.names.all())
    primary = next((n for n in names if n.kind == "primary"), names[0] if names else None)
    return {
        "family_name": primary.family_name if primary else person.display_name,
        "given_names": primary.given_names if primary else "",
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "nationalities": list(person.nationalities),
    }


def _rosh(case: Case) -> tuple[dict[str, Any], list[str], list[str]]:
    current = (
        RoshAssessment.objects.filter(case=case, is_current=True)
        .prefetch_related("factors", "scenarios")
        .first()
    )
    if current is None:
        return {"assessed_on": None, "overall": "", "ratings": {}}, [], []
    ratings = {
        "assessed_on": current.assessment_date.isoformat() if current.assessment_date else None,
        "overall": current.overall,
        "overall_custody": current.overall_custody,
        "ratings": current.ratings,
        "professional_judgement": True,
    }
    factors = [f.text for f in current.factors.all() if f.kind == FactorKind.RISK.value]
    signs = [s.warning_signs for s in current.scenarios.all() if s.warning_signs.strip()]
    return ratings, factors, signs


def _plan(case: Case) -> tuple[list[dict[str, str]], list[str]]:
    """The active plan's monitoring needs (its supervision and monitoring and control
    actions) and the warning signs its contingencies watch for."""
    plan = Plan.objects.filter(case=case, status=PlanStatus.ACTIVE.value).first()
    if plan is None:
        return [], []
    actions = plan.actions.filter(pillar__in=MONITORING_PILLARS).order_by("position")
    needs = [{"pillar": a.pillar, "text": a.text, "frequency": a.frequency} for a in actions]
    signs = [str(c.get("warning_signs") or "") for c in plan.contingencies if isinstance(c, dict)]
    return needs, [s for s in signs if s.strip()]


def _travel(n: Notification, destination: str) -> dict[str, Any]:
    return {
        "destination": destination,
        "destinations": list(n.destinations),
        "departs": n.departs.isoformat() if n.departs else None,
        "returns": n.returns.isoformat() if n.returns else None,
        "addresses_abroad": n.addresses_abroad,
        "means": Travel.labels().get(n.travel_means, n.travel_means),
        "move_abroad": n.move_abroad,
        "notified_on": n.notified_on.isoformat(),
    }


def payload_for(case: Case, n: Notification, destination: str, reason: str) -> dict[str, Any]:
    """Every section of the risk notification, pre-filled; the review chooses what goes."""
    assert n.departs is not None
    until = rules.holds_until(n.departs, n.returns, move=n.move_abroad)
    ratings, factors, signs = _rosh(case)
    needs, plan_signs = _plan(case)
    return {
        "person": _person(case),
        "person_exchange": person_payload(case.person),
        "reason": reason,
        "holds_until": until.isoformat(),
        "hold_policy": rules.DEFAULT_HOLD.version,
        rules.Section.CATEGORY_LEVEL.value: {"category": case.category, "level": case.level},
        rules.Section.ROSH.value: ratings,
        rules.Section.RISK_FACTORS.value: factors,
        rules.Section.WARNING_SIGNS.value: [*signs, *(s for s in plan_signs if s not in signs)],
        rules.Section.MONITORING.value: needs,
        rules.Section.TRAVEL.value: _travel(n, destination),
        rules.Section.CONTINGENCY.value: contingency(),
    }
