"""Risk management plan and decision routes: the same services, rules and audit as the UI.

- ``/cases/{id}/plans`` (list, start a draft), ``/plans/{id}`` (read with live findings, save
  a draft with ``version``), ``/plans/{id}/approve``, ``/plans/{id}/compare/{other}``,
  ``/plans/{id}/plan.pdf``, ``/actions/{id}/status``, ``/actions/{id}/complete``,
  ``/me/actions`` (paged, by group).
- ``/cases/{id}/decisions`` (list, record a decision or a correction with ``refers_to``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.params.functions import Body, Query

from fourpillars.domain.errors import DomainValidationError
from fourpillars.plans.models import Action, Decision, Plan
from fourpillars.reports.downloads import download
from fourpillars.reports.plan import plan_pdf
from fourpillars.services import decisions
from fourpillars.services import plans as services
from fourpillars.services.cases import reads

from .auth import actor
from .cases import (
    JUSTIFICATION,
    READ_ERRORS,
    WRITE_ERRORS,
    JustificationHeader,
    justification_from_header,
)
from .paging import envelope, page_param, size_param

router = Router(tags=["plans"])
PLAN_BODY = Body(..., description="`version` and the plan fields to save")
APPROVE_BODY = Body(
    ...,
    description="`version`, `defensibility` {criterion: note}, `rationale`, "
    "`acknowledgements` [{code, refs, reason}], optional `options`, `dissent`",
)
STATUS_BODY = Body(..., description='{"status": "done", "reason": "what was done, or why not"}')
COMPLETE_BODY = Body(..., description='{"what_was_done": "..."}')
DECISION_BODY = Body(..., description="kind, summary, rationale, options, evidence, dissent")


def finding_out(f: Any) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "refs": list(f.refs),
        "source": getattr(f, "source", ""),
    }


def plan_out(plan: Plan, *, full: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": plan.pk,
        "case_id": plan.case_id,
        "assessment_id": plan.assessment_id,
        "number": plan.number,
        "status": plan.status,
        "period_start": services.iso_date(plan.period_start),
        "period_end": services.iso_date(plan.period_end),
        "approved_by": plan.approved_by.username if plan.approved_by else None,
        "approved_at": plan.approved_at.isoformat() if plan.approved_at else None,
        "superseded_by": plan.superseded_by_id,
        "version": plan.version,
    }
    if full:
        out["document"] = services.plan_document(plan)
        out["findings"] = [finding_out(f) for f in services.findings(plan, out["document"])]
    return out


def action_out(a: Action) -> dict[str, Any]:
    return {
        **services.action_doc(a),
        "action_id": a.pk,
        "plan_id": a.plan_id,
        "case_id": a.case_id,
        "case_reference": a.case.reference,
        "person": a.case.person.display_name,
        "owner": services.owner_label(a),
        "status_reason": a.status_reason,
        "what_was_done": a.completion_note,
        "completed_by": a.completed_by.username if a.completed_by else None,
        "completed_at": a.completed_at.isoformat() if a.completed_at else None,
    }


def decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "case_id": d.case_id,
        "kind": d.kind,
        "summary": d.summary,
        "options": d.options,
        "rationale": d.rationale,
        "evidence": d.evidence,
        "dissent": d.dissent,
        "defensibility": d.defensibility,
        "refers_to": d.refers_to_id,
        "decided_by": d.decided_by.username,
        "decided_by_agency": d.decided_by_agency,
        "decided_at": d.decided_at.isoformat(),
    }


def _version(payload: Any) -> int:
    version = payload.get("version") if isinstance(payload, dict) else None
    if isinstance(version, bool) or not isinstance(version, int):
        raise DomainValidationError.single(
            "version", "is required: a whole number, the plan version you loaded"
        )
    return version


@router.get("/cases/{case_id}/plans", response={200: dict[str, Any], **READ_ERRORS})
def list_plans(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    """Every version of the case's plan, newest first."""
    _, rows = services.list_plans(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
    )
    return {"count": len(rows), "items": [plan_out(p, full=False) for p in rows]}


@router.post("/cases/{case_id}/plans", response={201: dict[str, Any], **WRITE_ERRORS})
def start_plan(request: HttpRequest, case_id: str) -> Status[dict[str, Any]]:
    """Open a draft responding to the current assessment (or return the open draft)."""
    return Status(201, plan_out(services.start_plan(actor=actor(request), case_id=case_id)))


@router.get("/plans/{plan_id}", response={200: dict[str, Any], **READ_ERRORS})
def get_plan(
    request: HttpRequest,
    plan_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    """The plan document and its findings (audited consultation)."""
    plan = services.consult_plan(
        actor=actor(request),
        plan_id=plan_id,
        justification=justification_from_header(x_justification),
    )
    return plan_out(plan)


@router.put("/plans/{plan_id}", response={200: dict[str, Any], **WRITE_ERRORS})
def save_plan(
    request: HttpRequest, plan_id: str, payload: dict[str, Any] = PLAN_BODY
) -> dict[str, Any]:
    """Save a draft (409 naming the changed fields if someone saved in between)."""
    version = _version(payload)
    plan = services.save_plan(
        actor=actor(request),
        plan_id=plan_id,
        data={k: v for k, v in payload.items() if k != "version"},
        expected_version=version,
    )
    return plan_out(plan)


@router.post("/plans/{plan_id}/approve", response={200: dict[str, Any], **WRITE_ERRORS})
def approve(
    request: HttpRequest, plan_id: str, payload: dict[str, Any] = APPROVE_BODY
) -> dict[str, Any]:
    """Approve: 422 listing error findings, unacknowledged warnings and missing
    defensibility notes; the active version is superseded and a decision recorded."""
    plan = services.approve(
        actor=actor(request),
        plan_id=plan_id,
        expected_version=_version(payload),
        acknowledgements=payload.get("acknowledgements"),
        defensibility=payload.get("defensibility"),
        rationale=payload.get("rationale", ""),
        options=payload.get("options"),
        dissent=payload.get("dissent"),
    )
    return plan_out(plan)


@router.get("/plans/{plan_id}/compare/{other_id}", response={200: dict[str, Any], **READ_ERRORS})
def compare(
    request: HttpRequest,
    plan_id: str,
    other_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    """Two versions side by side: what changed from `plan_id` to `other_id`."""
    user, j = actor(request), justification_from_header(x_justification)
    old = services.consult_plan(actor=user, plan_id=plan_id, justification=j)
    new = services.consult_plan(actor=user, plan_id=other_id, justification=j)
    if old.case_id != new.case_id:
        raise DomainValidationError.single("other_id", "is a plan of another case")
    return {"from": old.pk, "to": new.pk, **services.compare(old, new)}


@router.get("/plans/{plan_id}/plan.pdf", response={200: None, **READ_ERRORS})
def pdf(
    request: HttpRequest,
    plan_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> HttpResponse:
    """The plan as PDF (a download, audited as a disclosure to the caller)."""
    printable, export = services.export_plan(
        actor=actor(request),
        plan_id=plan_id,
        justification=justification_from_header(x_justification),
    )
    return download(plan_pdf(printable), export)


@router.post("/actions/{action_id}/status", response={200: dict[str, Any], **WRITE_ERRORS})
def action_status(
    request: HttpRequest, action_id: str, payload: dict[str, Any] = STATUS_BODY
) -> dict[str, Any]:
    a = services.update_action_status(
        actor=actor(request),
        action_id=action_id,
        status=str(payload.get("status", "")),
        reason=payload.get("reason", "") if isinstance(payload.get("reason", ""), str) else "",
    )
    return action_out(a)


@router.post("/actions/{action_id}/complete", response={200: dict[str, Any], **WRITE_ERRORS})
def complete_action(
    request: HttpRequest, action_id: str, payload: dict[str, Any] = COMPLETE_BODY
) -> dict[str, Any]:
    """Complete an action of the active plan, saying what was done (who and when are
    recorded); 422 naming `what_was_done` when it is missing or too long."""
    a = services.complete_action(
        actor=actor(request), action_id=action_id, what_was_done=payload.get("what_was_done")
    )
    return action_out(a)


@router.get("/me/actions", response={200: dict[str, Any], **READ_ERRORS})
def my_actions(
    request: HttpRequest,
    group: str | None = Query(
        None, description="overdue, due_soon, later or done; without it every open action"
    ),
    page: int = page_param(),
    page_size: int = size_param(25),
) -> dict[str, Any]:
    """Actions of active plans, on cases you can see, owned by you or your agency, a page at a
    time, with the count of each group (audited)."""
    listed = services.action_list(
        actor=actor(request), group=services.parse_group(group), page=page, page_size=page_size
    )
    return {
        **envelope(listed.page, action_out),
        "group": listed.group.value if listed.group else None,
        "counts": {g.value: n for g, n in listed.counts.items()},
        # Groups holding more than ``count_limit`` actions: their count stops at the limit.
        "counts_capped": sorted(g.value for g in listed.capped),
        "count_limit": services.COUNT_LIMIT,
    }


@router.get("/cases/{case_id}/decisions", response={200: dict[str, Any], **READ_ERRORS})
def list_decisions(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    _, rows = reads.consult_case_records(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
        action="list_decisions",
        load=decisions.decisions_for,
    )
    return {"count": len(rows), "items": [decision_out(d) for d in rows]}


@router.post("/cases/{case_id}/decisions", response={201: dict[str, Any], **WRITE_ERRORS})
def record_decision(
    request: HttpRequest, case_id: str, payload: dict[str, Any] = DECISION_BODY
) -> Status[dict[str, Any]]:
    """Record a decision (never edited; a correction names the old one in `refers_to`)."""
    row = decisions.record_decision(actor=actor(request), case_id=case_id, data=payload)
    return Status(201, decision_out(row))
