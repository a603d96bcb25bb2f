"""Approval of a draft plan: no error finding, every warning acknowledged with a reason,
each of Kemshall's defensibility criteria answered; recorded as a decision. Re-exported by
``services/plans.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from fourpillars.domain import decisions as decision_rules
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.plans.models import Plan
from fourpillars.services import audit
from fourpillars.services.access import approval_policy
from fourpillars.services.accounts.names import agency_names
from fourpillars.services.cases import in_force
from fourpillars.services.decisions.changes import save_decision
from fourpillars.services.plans.changes import check_plan_version, require_draft
from fourpillars.services.plans.documents import active_plan, find_plan, findings, plan_target

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def _acknowledgements(
    found: Sequence[plan_rules.Finding], raw: object, actor: User, errors: Collector
) -> list[dict[str, Any]]:
    """Every warning acknowledged with a reason; errors cannot be acknowledged."""
    given: dict[tuple[str, tuple[str, ...]], str] = {}
    if raw not in (None, ""):
        if not isinstance(raw, list):
            errors.add("acknowledgements", "must be a list of {code, refs, reason}")
            raw = []
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping):
                errors.add(f"acknowledgements.{i}", "must be an object with code, refs, reason")
                continue
            refs = item.get("refs") or []
            if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
                errors.add(f"acknowledgements.{i}.refs", "must be a list of identifiers")
                continue
            reason = clean_text(
                item.get("reason"),
                f"acknowledgements.{i}.reason",
                errors,
                max_length=LONG_TEXT_MAX,
                multiline=True,
            )
            given[(str(item.get("code")), tuple(sorted(refs)))] = reason
    kept: list[dict[str, Any]] = []
    for f in found:
        key = (f.code, tuple(sorted(f.refs)))
        if f.severity == plan_rules.Severity.ERROR:
            errors.add("findings", f"{f.code}: {f.message}")
            continue
        reason = given.get(key, "")
        if not reason:
            errors.add(
                f"acknowledgements.{f.code}",
                f"acknowledge this warning with a reason: {f.message}",
            )
            continue
        kept.append(
            {"code": f.code, "refs": list(f.refs), "reason": reason, "by": actor.get_username()}
        )
    return kept


def approve(
    *,
    actor: User,
    plan_id: object,
    expected_version: int | None,
    acknowledgements: object = None,
    defensibility: object = None,
    rationale: object = "",
    options: object = None,
    dissent: object = None,
) -> Plan:
    """Approve a draft: no error finding, every warning acknowledged with a reason, each
    defensibility criterion answered. The old active plan is superseded; a decision records
    the approval with its evidence."""
    with transaction.atomic():
        plan = find_plan(actor, plan_id, manage=True, permission=Permission.APPROVE_PLAN)
        require_draft(plan)
        check_plan_version(plan, expected_version)
        found = findings(plan)
        errors = Collector()
        kept = _acknowledgements(found, acknowledgements, actor, errors)
        decision = None
        try:
            decision = decision_rules.clean_decision(
                {
                    "kind": decision_rules.DecisionKind.PLAN_APPROVAL,
                    "summary": f"Risk management plan version {plan.number} approved",
                    "rationale": rationale or "",
                    "options": options or [],
                    "dissent": dissent or [],
                    "defensibility": defensibility,
                    "evidence": [],
                },
                needs_defensibility=True,
            )
        except DomainValidationError as exc:
            errors.extend(exc.errors)
        errors.raise_if_any()
        assert decision is not None
        previous = active_plan(plan.case)
        now = timezone.now()
        if previous is not None:
            previous.status = plan_rules.transition(previous.status, "supersede")
            previous.superseded_by = plan
            previous.superseded_at = now
            previous.version += 1
            previous.save()
            previous.actions.update(live=False)
        plan.status = plan_rules.transition(plan.status, "approve")
        plan.approved_by = actor
        plan.approved_at = now
        plan.acknowledgements = kept
        plan.version += 1
        plan.save()
        plan.actions.update(live=True)
        in_force.plan_in_force(plan.case_id, plan.review_date)
        evidence = [
            decision_rules.Evidence("plan", str(plan.pk), f"Plan version {plan.number}"),
            decision_rules.Evidence(
                "rosh_assessment", str(plan.assessment_id), "RoSH assessment responded to"
            ),
        ]
        if previous is not None:
            evidence.append(
                decision_rules.Evidence(
                    "plan", str(previous.pk), f"Superseded version {previous.number}"
                )
            )
        decision.evidence = evidence
        row = save_decision(actor, plan.case, decision)
        agencies = agency_names() if kept else {}
        agencies[plan_rules.VICTIM_LIAISON] = plan_rules.VICTIM_LIAISON_LABEL
        for ack in kept:
            rule = plan_rules.RULES_BY_CODE.get(ack["code"])
            what = rule.summary if rule is not None else ack["code"]
            concerns = ", ".join(agencies.get(r, r) for r in ack["refs"])
            save_decision(
                actor,
                plan.case,
                decision_rules.DecisionInput(
                    kind=decision_rules.DecisionKind.WARNING_ACKNOWLEDGED,
                    summary=f"Warning acknowledged on plan version {plan.number}: {what}",
                    rationale=ack["reason"],
                    evidence=[
                        decision_rules.Evidence(
                            "plan",
                            str(plan.pk),
                            f"Plan version {plan.number}" + (f" ({concerns})" if concerns else ""),
                        )
                    ],
                ),
            )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="approve_plan",
            target=plan_target(plan),
            before={"status": plan_rules.PlanStatus.DRAFT},
            after={
                "status": plan.status,
                "supersedes": previous.pk if previous else None,
                "acknowledged": [a["code"] for a in kept],
                "decision": row.pk,
                "approval_policy": approval_policy().version,
                "version": plan.version,
            },
        )
        return plan
