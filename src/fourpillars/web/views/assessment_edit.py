"""The RoSH draft form: a full save without JavaScript, and autosave with htmx.

The form posts the whole document with the ``version`` it was loaded with. A stale version is
a conflict (nothing saved, what the user typed is kept on the page), except when every save
since that version came from this same page through autosave: an autosave that was queued
behind another one carries the older version but also everything the earlier one sent.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import rosh
from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.services import assessments as services
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.rosh import (
    ROW_SECTIONS,
    SECTION_LABELS,
    blank_rows,
    build_form,
    document_from_post,
)
from fourpillars.web.forms.ui import attach_errors

from .assessments import consult_for_edit
from .common import actor, render
from .editing import autosaved, posted_version

SAVES = "fp_rosh_saves"  # session: assessment id -> {page token: versions that page saved}
ADD_LABELS = {
    "risk_factors": "Add another risk factor",
    "protective_factors": "Add another protective factor",
    "scenarios": "Add another scenario",
}


def save(request: HttpRequest, assessment_id: int, doc: dict[str, Any]) -> RoshAssessment:
    """``save_draft`` with the page's version (see ``editing.autosaved``)."""
    user = actor(request)
    return autosaved(
        request,
        SAVES,
        assessment_id,
        lambda expected: services.save_draft(
            actor=user, assessment_id=assessment_id, data=doc, expected_version=expected
        ),
    )


def edit_page(
    request: HttpRequest,
    a: RoshAssessment,
    doc: dict[str, Any],
    version: int,
    *,
    errors: Sequence[FieldError] = (),
    blanks: dict[str, int] | None = None,
    conflict: str = "",
) -> HttpResponse:
    form = build_form(doc, version, blanks or blank_rows(None))
    problems = attach_errors(list(errors), form.all_fields, SECTION_LABELS)
    context = {
        "a": a,
        "case": a.case,
        "person": a.case.person,
        "form": form,
        "label": rosh.ASSESSMENT_LABEL,
        "errors": problems.summary,
        "general_errors": problems.general,
        "conflict": conflict,
        "screening": services.screening_of(a),
        "results": list(a.instrument_results.order_by("scored_at", "id")),
        "form_token": secrets.token_urlsafe(12),
        "add_labels": ADD_LABELS,
        "sections": list(ROW_SECTIONS),
        "is_draft": a.is_draft,
    }
    return render(request, "web/rosh/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """GET shows the draft; POST saves it (and "Add another" shows one more empty row)."""
    if request.method == "GET":
        loaded = consult_for_edit(request, assessment_id)
        if isinstance(loaded, HttpResponse):
            return loaded
        return edit_page(request, loaded, services.as_document(loaded), loaded.version)
    doc = document_from_post(request.POST)
    adding = request.POST.get("add", "")
    blanks = blank_rows(request.POST, adding if adding in ROW_SECTIONS else "")
    try:
        a = save(request, assessment_id, doc)
    except DomainValidationError as exc:
        return _again(request, assessment_id, doc, blanks, errors=exc.errors)
    except EditConflict as exc:
        return _again(request, assessment_id, doc, blanks, conflict=exc)
    if adding in ROW_SECTIONS:
        fresh = services.as_document(a)
        return edit_page(request, a, fresh, a.version, blanks=blanks)
    messages.success(request, "Draft saved.")
    return redirect("assessment-edit", assessment_id=a.pk)


def _again(
    request: HttpRequest,
    assessment_id: int,
    doc: dict[str, Any],
    blanks: dict[str, int],
    *,
    errors: list[FieldError] | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    """The form again with what the user typed (showing it again is a consultation)."""
    loaded = consult_for_edit(request, assessment_id)
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
def autosave(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """htmx: save the draft and answer a short status (and the new version, screening and
    countersignature reasons out of band); the form the user is typing in is never replaced."""
    doc = document_from_post(request.POST)
    context: dict[str, Any] = {"errors": [], "conflict": ""}
    try:
        a = save(request, assessment_id, doc)
    except DomainValidationError as exc:
        form = build_form(doc, posted_version(request.POST), blank_rows(request.POST))
        context["errors"] = attach_errors(exc.errors, form.all_fields, SECTION_LABELS).summary
    except EditConflict as exc:
        context["conflict"] = exc.message()
    else:
        context.update(
            {
                "a": a,
                "saved_at": timezone.localtime(a.updated_at),
                "screening": services.screening_of(a),
            }
        )
    return render(request, "web/rosh/_autosave.html", context)
