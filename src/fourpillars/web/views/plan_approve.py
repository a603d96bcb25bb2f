"""Approving a draft plan: check your answers (every section of the plan with a link to change
it), the errors that block it (with links back to the builder's pages), a reason for each
warning, a note for each defensibility criterion, the rationale, the options
considered and any dissent; ``services.plans.approve`` decides and records the decision.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.domain.access import Permission
from fourpillars.domain.decisions import DEFENSIBILITY_CRITERIA
from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.plans.models import Plan
from fourpillars.services import plans as services
from fourpillars.web.errors import SummaryItem, service_errors
from fourpillars.web.forms import plan_sections as sections
from fourpillars.web.forms.approval import (
    approval_from_post,
    blank_count,
    build_approval,
    key_of,
)
from fourpillars.web.forms.ui import attach_errors

from .common import actor, render
from .editing import posted_version
from .plan_common import FindingView, consult_for_edit, finding_views, page_links, stored_document
from .plan_edit import agency_names

LABELS = {
    "rationale": "Rationale",
    "options": "Options considered",
    "dissent": "Dissent",
    **{f"defensibility.{code}": "Defensibility" for code, _ in DEFENSIBILITY_CRITERIA},
}


def _errors(
    exc: DomainValidationError,
    warnings: Sequence[FindingView],
    posted: Sequence[Mapping[str, Any]],
) -> tuple[list[SummaryItem], list[FieldError]]:
    """Blocking findings link to the list of errors; a missing or bad reason lands on its
    warning's field, found by the warning's message or by its code and identifiers."""
    blocked: list[SummaryItem] = []
    fields: list[FieldError] = []
    where = {key_of(w.code, [r.ident for r in w.refs]): i for i, w in enumerate(warnings)}
    for e in exc.errors:
        if e.field == "findings":
            blocked.append(SummaryItem("#error-findings", f"Approval is blocked: {e.message}"))
            continue
        numbered = re.fullmatch(r"acknowledgements\.([0-9]+)(\..*)?", e.field)
        if numbered:
            i = int(numbered.group(1))
            item = posted[i] if i < len(posted) else {}
            j = where.get(key_of(str(item.get("code")), list(item.get("refs") or [])))
            name = f"acknowledgements.{j}.reason" if j is not None else "acknowledgements"
            fields.append(FieldError(name, e.message))
            continue
        if e.field.startswith("acknowledgements."):
            j = next((i for i, w in enumerate(warnings) if e.message.endswith(w.message)), None)
            if j is not None:
                fields.append(FieldError(f"acknowledgements.{j}.reason", "give a reason"))
                continue
        fields.append(e)
    return blocked, fields


def _page(
    request: HttpRequest,
    plan: Plan,
    data: Mapping[str, Any],
    version: int,
    *,
    blanks: Mapping[str, int] | None = None,
    exc: DomainValidationError | None = None,
    conflict: str = "",
) -> HttpResponse:
    doc = stored_document(plan)
    shown = finding_views(services.findings(plan, doc), page_links(plan.pk, doc))
    warnings = [f for f in shown if not f.is_error]
    names = sections.names_of(doc, agency_names(doc["agencies_with_access"]))
    form = build_approval(warnings, data, version, blanks or {})
    summary: list[SummaryItem] = []
    if exc is not None:
        blocked, field_errors = _errors(exc, warnings, data.get("acknowledgements") or [])
        summary = [*blocked, *attach_errors(field_errors, form.all_fields, LABELS).summary]
    context = {
        "plan": plan,
        "case": plan.case,
        "person": plan.case.person,
        "form": form,
        "blocking": [f for f in shown if f.is_error],
        "errors": summary,
        "conflict": conflict,
        "is_draft": plan.is_draft,
        "answers": sections.answers(plan.pk, doc, names),
        "warnings": warnings,
    }
    return render(request, "web/plans/approve.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET shows what approval needs; POST approves, or shows what is still missing."""
    if request.method == "GET":
        loaded = consult_for_edit(request, plan_id, Permission.APPROVE_PLAN)
        if isinstance(loaded, HttpResponse):
            return loaded
        return _page(request, loaded, {}, loaded.version)
    data = approval_from_post(request.POST)
    adding = request.POST.get("add", "")
    blanks = {
        "options": blank_count(request.POST, "options", (), adding == "options"),
        "dissent": blank_count(request.POST, "dissent", ("who", "reason"), adding == "dissent"),
    }
    version = posted_version(request.POST)
    exc: DomainValidationError | None = None
    conflict = ""
    if adding not in ("options", "dissent"):
        try:
            plan = services.approve(
                actor=actor(request),
                plan_id=plan_id,
                expected_version=version,
                **data,
            )
        except DomainValidationError as error:
            exc = error
        except EditConflict as error:
            conflict, version = error.message(), error.current_version
        else:
            messages.success(
                request, f"Plan version {plan.number} approved. It is now the active plan."
            )
            return redirect("plan", plan_id=plan.pk)
    loaded = consult_for_edit(request, plan_id, Permission.APPROVE_PLAN)
    if isinstance(loaded, HttpResponse):
        return loaded
    return _page(request, loaded, data, version, blanks=blanks, exc=exc, conflict=conflict)
