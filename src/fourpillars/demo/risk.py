"""Synthetic demo risk work: submitted RoSH assessments for a few seeded cases and approved
plans answering them. No real personal data. Re-exported by ``services/demo.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from fourpillars.accounts.models import User
from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain.decisions import DEFENSIBILITY_CRITERIA
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.mappa import MappaLevel, next_review_date
from fourpillars.domain.plans import VICTIM_LIAISON, Pillar, Severity, VictimKind
from fourpillars.domain.rosh import ScenarioKind
from fourpillars.plans.models import Plan
from fourpillars.register.models import Case
from fourpillars.services import assessments, plans
from fourpillars.services.cases.changes import review_policy

DEMO_FORMULATION = (
    "Synthetic demo text. Offending has followed periods of isolation and heavy drinking, "
    "and targeted people he could get close to through his routine. Risk rises when "
    "accommodation or relationships break down and falls with stable housing, work and "
    "engagement with supervision."
)


def seed_assessments(
    users: dict[str, User], managers: dict[str, User] | None = None, limit: int = 6
) -> int:
    """Submitted RoSH assessments (synthetic text, OGRS3 from the register) for a few level 2
    and 3 cases of area A that have none yet; returns how many were added.

    A high or very high rating needs a manager's countersignature (the countersignature
    policy): the lead agency's manager countersigns all but the last such assessment, which is
    left waiting so that the countersignature can be tried in the browser."""
    if RoshAssessment.objects.exists():
        return 0  # seeded before (or real work done): a second run adds nothing
    leads = {"police-a": users["police"], "probation-a": users["probation"]}
    cases = list(
        Case.objects.filter(level__gte=2, lead_agency__code__in=leads)
        .select_related("lead_agency", "person")
        .order_by("id")[:limit]
    )
    ratings = ["medium", "high", "high", "very_high"]
    added = 0
    for i, case in enumerate(cases):
        manager = (managers or {}).get(MANAGER_OF.get(case.lead_agency.code, ""))
        assess_case(
            case,
            leads[case.lead_agency.code],
            manager,
            ratings[i % len(ratings)],
            countersign=i < len(cases) - 1,
        )
        added += 1
    return added


def assess_case(
    case: Case, actor: User, manager: User | None, children: str, *, countersign: bool
) -> None:
    """A submitted RoSH assessment of ``case`` (synthetic text, the predictors scored from the
    register) rating the risk to children in the community ``children``; countersigned by
    ``manager`` when it needs it and ``countersign`` says so."""
    draft = assessments.start_assessment(actor=actor, case_id=case.pk)
    inputs, _ = assessments.instrument_prefill(case, "ogrs3")
    inputs.setdefault("sex", "male")
    inputs["offence_category"] = 3 if case.category == 1 else 0
    # A synthetic history the instrument refuses (e.g. too young) simply has no score.
    with contextlib.suppress(DomainValidationError):
        assessments.score_instrument(
            actor=actor, assessment_id=draft.pk, code="ogrs3", payload=inputs
        )
    # RSR from the register (static model), with the OSP parts for a sexual history.
    rsr, _ = assessments.instrument_prefill(case, "rsr")
    rsr.setdefault("offence_category", 14 if case.category == 1 else 18)
    if rsr["offence_category"] == 18:
        rsr.setdefault("vatp_subcategory", "abh_or_more")
    rsr.setdefault("sexual_history", "yes" if case.category == 1 else "no")
    if rsr["sexual_history"] == "yes" and "contact_adult_sanctions" not in rsr:
        rsr.update(osp_dc_probability=0.02, osp_iic_probability=0.00926)
    rsr.setdefault("stranger_victim", "unknown")
    with contextlib.suppress(DomainValidationError):
        assessments.score_instrument(actor=actor, assessment_id=draft.pk, code="rsr", payload=rsr)
    draft.refresh_from_db()
    draft = assessments.save_draft(
        actor=actor,
        assessment_id=draft.pk,
        expected_version=draft.version,
        data={
            "screening": {"triggers": ["sexual_child" if case.category == 1 else "wounding_gbh"]},
            "ratings": {
                "community": {
                    "children": children,
                    "public": "medium",
                    "known_adult": "medium",
                    "staff": "low",
                },
                "custody": {
                    "children": "low",
                    "public": "low",
                    "known_adult": "low",
                    "staff": "low",
                    "prisoners": "low",
                },
            },
            "summary": {
                "who_at_risk": "Synthetic: children known to him through family contacts.",
                "nature": "Synthetic: sexual or violent harm, physical and psychological.",
                "when_greatest": "Synthetic: when unsupervised and drinking.",
                "increases": "Synthetic: loss of housing; relationship breakdown.",
                "reduces": "Synthetic: stable housing; supervision; sobriety.",
            },
            "formulation": DEMO_FORMULATION,
            "judgement_reason": (
                "Synthetic: the predictors describe a group; the analysis of this "
                "person's offending, not frequency, drives the rating."
            ),
            "risk_factors": [
                {
                    "text": "Access to potential victims",
                    "evidence": "Synthetic evidence",
                    "source_agency": "police",
                },
                {
                    "text": "Alcohol misuse",
                    "evidence": "Synthetic evidence",
                    "source_agency": "probation",
                },
            ],
            "protective_factors": [
                {
                    "text": "Stable accommodation",
                    "evidence": "Synthetic evidence",
                    "source_agency": "housing",
                }
            ],
            "scenarios": [
                {
                    "kind": ScenarioKind.MOST_LIKELY,
                    "description": "Synthetic: repeat of the index pattern",
                    "likelihood": "medium",
                    "imminence": "not_imminent",
                },
                {
                    "kind": ScenarioKind.WORST_CASE,
                    "description": "Synthetic: escalation to serious violence",
                    "likelihood": "low",
                    "imminence": "could_happen_any_time",
                },
            ],
        },
    )
    submitted = assessments.submit(
        actor=actor, assessment_id=draft.pk, expected_version=draft.version
    )
    if submitted.needs_countersignature and manager is not None and countersign:
        assessments.countersign(
            actor=manager,
            assessment_id=submitted.pk,
            note="Synthetic: read the analysis; the rating is supported by the evidence.",
        )


MANAGER_OF = {"police-a": "police-manager", "probation-a": "probation-manager"}


def _demo_plan_content(
    lead: str, today: dt.date, agreed: dt.date | None = None, review: dt.date | None = None
) -> dict[str, object]:
    """A defensible synthetic plan: owners named, dates within the first review period, the
    information considered and its gaps, and the plan sent to the lead agency and the victim
    liaison officer. Only the warning the demo does not answer remains (no OSP or RM2000 result
    for a sexual history: the demo scores OGRS3 and RSR), acknowledged at approval.

    A plan ``agreed`` three weeks ago (with its ``review`` date) has one action overdue and one
    due within days, so the worker's reminders show in the demo (decision 0017)."""

    def after(days: int) -> str:
        return (today + dt.timedelta(days=days)).isoformat()

    dated: dict[str, object] = {}
    due_a3, due_a4 = after(28), after(14)
    if agreed is not None and review is not None:
        dated = {
            "plan_date": agreed.isoformat(),
            "period_start": agreed.isoformat(),
            "period_end": review.isoformat(),
            "review_date": review.isoformat(),
        }
        due_a3, due_a4 = after(3), after(-7)
    return {
        **dated,
        "information_considered": [
            {"agency": lead, "summary": "Synthetic: case records and intelligence since release"}
        ],
        "information_gaps": "Synthetic: children's social care records requested",
        "communicated": [
            {"to": lead, "on": after(0)},
            {"to": VICTIM_LIAISON, "on": after(0)},
        ],
        "victims": [
            {
                "id": "v1",
                "kind": VictimKind.CHILD,
                "text": "Synthetic: children in the family network",
            }
        ],
        "pillar_reasons": {},
        "contingencies": [
            {
                "scenario": "sc1",
                "warning_signs": "Synthetic: missed appointments; drinking",
                "response": "Unannounced home visit; review licence",
                "owner_agency": lead,
                "within_hours": 24,
            },
            {
                "scenario": "sc2",
                "warning_signs": "Synthetic: contact with a child",
                "response": "Arrest or recall; warn the family",
                "owner_agency": lead,
                "within_hours": 2,
            },
        ],
        "actions": [
            {
                "id": "a1",
                "pillar": Pillar.SUPERVISION,
                "text": "Weekly appointments with the offender manager, alternating home visits",
                "owner_agency": lead,
                "owner_name": "Synthetic: the offender manager",
                "addresses": ["rf1", "rf2"],
                "frequency": "weekly",
            },
            {
                "id": "a2",
                "pillar": Pillar.MONITORING_CONTROL,
                "text": "Licence condition: no unsupervised contact with children under 16",
                "owner_agency": lead,
                "owner_name": "Synthetic: the offender manager",
                "addresses": ["rf1"],
                "frequency": "checked weekly",
                "restrictive": True,
                "legal_basis": "Licence conditions (CJA 2003 s.250)",
                "proportionality": "Synthetic: limited to the victim group identified",
                "end": after(365),
                "protects": ["v1"],
            },
            {
                "id": "a3",
                "pillar": Pillar.INTERVENTIONS_TREATMENT,
                "text": "Alcohol treatment referral and attendance checks",
                "owner_agency": lead,
                "owner_name": "Synthetic: the substance misuse worker",
                "addresses": ["rf2", "pf1"],
                "due": due_a3,
            },
            {
                "id": "a4",
                "pillar": Pillar.VICTIM_SAFETY_PLANNING,
                "text": "Safety plan with the family and school briefing",
                "owner_agency": lead,
                "owner_name": "Synthetic: the victim liaison officer",
                "addresses": ["rf1"],
                "due": due_a4,
                "protects": ["v1"],
            },
        ],
    }


# How many seeded plans were agreed three weeks ago, with an action overdue and one due soon.
AGREED_EARLIER = 3
AGREED_DAYS_AGO = 21


def _agreed_earlier(plan: Plan) -> tuple[dt.date, dt.date]:
    """Three weeks before the plan's date, and a review date within the level's interval
    from then (and no later than the one the draft was given)."""
    agreed = plan.plan_date - dt.timedelta(days=AGREED_DAYS_AGO)
    latest = next_review_date(agreed, MappaLevel(plan.case.level), review_policy(plan.case.area))
    return agreed, min(latest, plan.review_date or latest)


def seed_plans(users: dict[str, User]) -> int:
    """Approved plans for the seeded assessments that have none; returns how many. The first
    few were agreed three weeks ago: each has an action overdue and one due within days."""
    added = 0
    leads = {"police-a": users["police"], "probation-a": users["probation"]}
    for a in RoshAssessment.objects.filter(is_current=True, case__plans=None).select_related(
        "case__lead_agency"
    ):
        actor = leads.get(a.case.lead_agency.code)
        if actor is None:
            continue
        plan = plans.start_plan(actor=actor, case_id=a.case_id)
        earlier = _agreed_earlier(plan) if added < AGREED_EARLIER else (None, None)
        plan = plans.save_plan(
            actor=actor,
            plan_id=plan.pk,
            data=_demo_plan_content(a.case.lead_agency.code, plan.plan_date, *earlier),
            expected_version=plan.version,
        )
        acks = [
            {"code": f.code, "refs": list(f.refs), "reason": "Synthetic: accepted for the demo"}
            for f in plans.findings(plan)
            if f.severity == Severity.WARNING
        ]
        # A second person approves what the lead wrote (the area's co-ordinator manages it too).
        with contextlib.suppress(DomainValidationError):  # left as a draft if not approvable
            plans.approve(
                actor=users["coordinator"],
                plan_id=plan.pk,
                expected_version=plan.version,
                acknowledgements=acks,
                defensibility={
                    code: f"Synthetic note: {label}" for code, label in DEFENSIBILITY_CRITERIA
                },
                rationale="Synthetic: the plan answers each risk factor and scenario",
            )
        added += 1
    return added
