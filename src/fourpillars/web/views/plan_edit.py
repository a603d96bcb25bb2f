"""The plan builder: a full save without JavaScript, and autosave with htmx that answers the
live findings panel.

As for the RoSH draft, the form posts the whole plan with the ``version`` it was loaded with.
A stale version is a conflict (nothing saved, what the user typed is kept on the page,
naming what changed), except when every save since that version came from this same page
through autosave: an autosave queued behind another carries the older version but also
everything the earlier one sent.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.domain.mappa import MappaLevel, latest_review_date
from fourpillars.domain.plans import Pillar
from fourpillars.plans.models import Plan
from fourpillars.services import plans as services
from fourpillars.services.cases.changes import review_policy
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.plan import SECTION_LABELS, adding_key, blank_rows, document_from_post
from fourpillars.web.forms.plan_fields import Assessment, build_form
from fourpillars.web.forms.ui import attach_errors

from .common import actor, render
from .editing import autosaved, posted_version
from .plan_common import (
    agency_choices,
    assessment_of,
    consult_for_edit,
    findings_panel,
    stored_document,
)

SAVES = "fp_plan_saves"  # session: plan id -> {page token: versions that page saved}


def save(request: HttpRequest, plan_id: int, doc: Mapping[str, Any]) -> Plan:
    """``save_plan`` with the page's version (see ``editing.autosaved``)."""
    user = actor(request)
    return autosaved(
        request,
        SAVES,
        plan_id,
        lambda expected: services.save_plan(
            actor=user, plan_id=plan_id, data=doc, expected_version=expected
        ),
    )


def edit_page(
    request: HttpRequest,
    plan: Plan,
    doc: Mapping[str, Any],
    version: int,
    *,
    errors: Sequence[FieldError] = (),
    blanks: Mapping[str, int] | None = None,
    conflict: str = "",
) -> HttpResponse:
    stored = stored_document(plan)
    with_access = stored["agencies_with_access"]
    form = build_form(
        doc,
        version,
        blanks or blank_rows(None),
        assessment_of(stored),
        agency_choices(with_access),
        plan.case.lead_agency.code,
    )
    problems = attach_errors(list(errors), form.all_fields, SECTION_LABELS)
    latest = latest_review_date(
        plan.plan_date, MappaLevel(plan.case.level), review_policy(plan.case.area)
    )
    context = {
        "plan": plan,
        "case": plan.case,
        "person": plan.case.person,
        "form": form,
        "assessment": assessment_of(stored),
        "ratings": stored["rosh"],
        "with_access": with_access,
        "latest_review": latest,
        "errors": problems.summary,
        "general_errors": problems.general,
        "conflict": conflict,
        "form_token": secrets.token_urlsafe(12),
        "is_draft": plan.is_draft,
        "pillar_hints": PILLAR_HINTS,
        **findings_panel(plan, stored, contingency_rows=True),
    }
    return render(request, "web/plans/edit.html", context)


PILLAR_HINTS: dict[str, str] = {
    Pillar.SUPERVISION: (
        "Contact with the person by the offender manager and other agencies: how often, where, "
        "in what style."
    ),
    Pillar.MONITORING_CONTROL: (
        "Steps that restrict offending and watch for warning signs: licence conditions, "
        "exclusion zones, curfews, electronic monitoring, notification checks."
    ),
    Pillar.INTERVENTIONS_TREATMENT: (
        "Work that reduces the risk by changing the person: programmes, treatment, and "
        "building protective factors."
    ),
    Pillar.VICTIM_SAFETY_PLANNING: "Measures that protect identified and potential victims.",
}


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET shows the draft; POST saves it ("Add another" shows one more empty row)."""
    if request.method == "GET":
        loaded = consult_for_edit(request, plan_id)
        if isinstance(loaded, HttpResponse):
            return loaded
        return edit_page(request, loaded, stored_document(loaded), loaded.version)
    doc = document_from_post(request.POST)
    adding = adding_key(request.POST)
    blanks = blank_rows(request.POST, adding)
    try:
        plan = save(request, plan_id, doc)
    except DomainValidationError as exc:
        return _again(request, plan_id, doc, blanks, errors=exc.errors)
    except EditConflict as exc:
        return _again(request, plan_id, doc, blanks, conflict=exc)
    if adding:
        return edit_page(request, plan, stored_document(plan), plan.version, blanks=blanks)
    messages.success(request, "Draft saved.")
    return redirect("plan-edit", plan_id=plan.pk)


def _again(
    request: HttpRequest,
    plan_id: int,
    doc: dict[str, Any],
    blanks: dict[str, int],
    *,
    errors: list[FieldError] | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    """The form again with what the user typed (showing it again is a consultation)."""
    loaded = consult_for_edit(request, plan_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    version = conflict.current_version if conflict else posted_version(request.POST)
    return edit_page(
        request,
        loaded,
        doc,
        version,
        errors=errors or [],
        blanks=blanks,
        conflict=conflict.message() if conflict else "",
    )


@login_required
@require_POST
@service_errors
def autosave(request: HttpRequest, plan_id: int) -> HttpResponse:
    """htmx: save the draft and answer a short status, with the new version and the findings
    panel out of band; the form the user is typing in is never replaced."""
    doc = document_from_post(request.POST)
    context: dict[str, Any] = {"errors": [], "conflict": ""}
    try:
        plan = save(request, plan_id, doc)
    except DomainValidationError as exc:
        empty = Assessment([], [], [])
        form = build_form(
            doc, posted_version(request.POST), blank_rows(request.POST), empty, ([], []), ""
        )
        context["errors"] = attach_errors(exc.errors, form.all_fields, SECTION_LABELS).summary
    except EditConflict as exc:
        context["conflict"] = exc.message()
    else:
        context.update(
            {
                "plan": plan,
                "saved_at": timezone.localtime(plan.updated_at),
                "oob": True,
                **findings_panel(plan, stored_document(plan), contingency_rows=True),
            }
        )
    return render(request, "web/plans/_autosave.html", context)
