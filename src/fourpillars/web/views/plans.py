"""Risk management plans: every version of a case's plan, one plan laid out as a MAPPA risk
management plan, two versions side by side, the PDF, and starting a draft (decision 0012).

Every screen goes through ``services.plans``: a hidden or missing case or plan is a 404, a
change that is not the user's to make a 403, and every page showing plan content is an
audited consultation with the purpose given for the case in this session.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.decisions import DecisionKind
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.rosh import FactorKind
from fourpillars.plans.models import ActionStatusChange, Decision, Plan
from fourpillars.register.models import Case
from fourpillars.reports.downloads import download
from fourpillars.reports.plan import plan_pdf
from fourpillars.services import access as policy
from fourpillars.services import decisions
from fourpillars.services import plans as services
from fourpillars.services.accounts import names_for
from fourpillars.services.errors import JustificationRequired
from fourpillars.web.errors import service_errors

from .cases import justify_url
from .common import actor, may, render, session_justification
from .plan_common import consult, findings_panel, recipients, stored_document


def can_manage(request: HttpRequest, case: Case) -> bool:
    return may(request, Permission.MANAGE_CASE, case)


@login_required
@require_GET
@service_errors
def case_plans(request: HttpRequest, case_id: int) -> HttpResponse:
    """Every version of the case's plan, newest first, with links to compare them."""
    user = actor(request)
    try:
        case, rows = services.list_plans(
            actor=user, case_id=case_id, justification=session_justification(request, case_id)
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))
    context = {"case": case, "person": case.person, "version_rows": version_rows(rows)}
    return render(request, "web/plans/versions.html", context)


def version_rows(rows: list[Plan], this: Plan | None = None) -> list[dict[str, Any]]:
    """Versions newest first, each with a comparison: with ``this`` version when one is
    shown, else with the version before it."""
    out = []
    for i, p in enumerate(rows):
        href, label = "", ""
        if this is not None and p.pk != this.pk:
            href = reverse("plan-compare", args=[p.pk, this.pk])
            label = f"Compare version {p.number} with this one"
        elif this is None and i + 1 < len(rows):
            older = rows[i + 1]
            href = reverse("plan-compare", args=[older.pk, p.pk])
            label = f"What changed since version {older.number}"
        out.append(
            {
                "plan": p,
                "this": this is not None and p.pk == this.pk,
                "compare_href": href,
                "compare_text": label,
            }
        )
    return out


@login_required
@require_POST
@service_errors
def start(request: HttpRequest, case_id: int) -> HttpResponse:
    """Open a draft (or the one already open) and go to the builder."""
    try:
        plan = services.start_plan(actor=actor(request), case_id=case_id)
    except DomainValidationError as exc:
        for e in exc.errors:
            messages.error(request, f"The plan was not started: {e.message}.")
        return redirect("case-plan", case_id=case_id)
    return redirect("plan-edit", plan_id=plan.pk)


def approval_decision(plan: Plan) -> Decision | None:
    """The decision that approved this version (its evidence names the plan)."""
    for d in decisions.decisions_for(plan.case).filter(kind=DecisionKind.PLAN_APPROVAL):
        if any(e.get("type") == "plan" and e.get("id") == str(plan.pk) for e in d.evidence):
            return d
    return None


def _actions(plan: Plan) -> list[Any]:
    history = Prefetch("history", queryset=ActionStatusChange.objects.select_related("changed_by"))
    return list(plan.actions.select_related("owner_agency", "case").prefetch_related(history))


def _by_pillar(actions: list[Any], doc: dict[str, Any]) -> list[dict[str, Any]]:
    reasons = doc.get("pillar_reasons") or {}
    return [
        {
            "code": code,
            "label": label,
            "actions": [a for a in actions if a.pillar == code],
            "reason": reasons.get(code),
        }
        for code, label in plan_rules.PILLARS.items()
    ]


@login_required
@require_GET
@service_errors
def view(request: HttpRequest, plan_id: int) -> HttpResponse:
    """One version laid out as a MAPPA risk management plan: risk factors and the actions
    that answer them, the actions by pillar (with status updates on an active plan), victims,
    contingency, restrictive measures, the quality check, acknowledgements and approval."""
    plan = consult(request, plan_id)
    if isinstance(plan, HttpResponse):
        return plan
    doc = stored_document(plan)
    actions = _actions(plan)
    approval = policy.decide(actor(request), Permission.APPROVE_PLAN, plan)
    managing = can_manage(request, plan.case)
    # Who acknowledged each warning, and every agency, by name (two queries).
    names = names_for(str(a.get("by") or "") for a in plan.acknowledgements or [])
    context = {
        "plan": plan,
        "case": plan.case,
        "person": plan.case.person,
        "doc": doc,
        "pillars": _by_pillar(actions, doc),
        "actions": actions,
        "traced": [
            (f, kind.label, kind is FactorKind.RISK, [a for a in actions if f["id"] in a.addresses])
            for kind in FactorKind
            for f in doc[f"{kind}_factors"]
        ],
        "victims": [
            (v, [a.ident for a in actions if v.get("id") in a.protects]) for v in doc["victims"]
        ],
        "restrictive": [a for a in actions if a.restrictive],
        "can_manage": managing,
        "can_approve": approval.allowed,
        # Why approval is not offered to someone who manages the case (its author).
        "approval_refusal": approval.reason if plan.is_draft and managing else "",
        # Only actions of the active plan are progressed; who may: the policy.
        "can_update": {
            a.pk
            for a in actions
            if plan.is_active and may(request, Permission.UPDATE_ACTION_STATUS, a)
        },
        "version_rows": version_rows(list(plan.case.plans.select_related("approved_by")), plan),
        "decision": approval_decision(plan) if not plan.is_draft else None,
        "has_current_assessment": plan.assessment.is_current,
        "statuses": list(plan_rules.ACTION_STATUSES.items()),
        **recipients(doc),
        **findings_panel(plan, doc, agencies=names.agencies),
        "names": names,
    }
    return render(request, "web/plans/view.html", context)


@login_required
@require_GET
@service_errors
def compare(request: HttpRequest, plan_id: int, other_id: int) -> HttpResponse:
    """Two versions of the same case's plan side by side (both reads are consultations)."""
    old = consult(request, plan_id)
    if isinstance(old, HttpResponse):
        return old
    new = consult(request, other_id)
    if isinstance(new, HttpResponse):
        return new
    if old.case_id != new.case_id:
        raise Http404("Page not found")
    diff = services.compare(old, new)
    context = {
        "case": old.case,
        "person": old.case.person,
        "old": old,
        "new": new,
        "fields": list(diff["fields"].items()),
        "added": diff["actions_added"],
        "removed": diff["actions_removed"],
        "changed": diff["actions_changed"],
        "names": names_for(()),
    }
    return render(request, "web/plans/compare.html", context)


@login_required
@require_GET
@service_errors
def pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan as a printable PDF close to the MAPPA layout: a download, audited as its own
    disclosure to the reader."""
    user = actor(request)
    case_id = services.plan_case_id(user, plan_id)
    try:
        printable, export = services.export_plan(
            actor=user, plan_id=plan_id, justification=session_justification(request, case_id)
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))
    return download(plan_pdf(printable), export)
