"""The RoSH draft as a GOV.UK task list (decision 0011): the draft's home lists its sections with
their status; each section is its own page that posts only its part of the document with the
``version`` it was loaded with, and autosaves the same fields with htmx.

A stale version is a conflict (nothing saved, what the user typed is kept on the page), except
when every save since that version came from this same page through autosave: an autosave that
was queued behind another one carries the older version but also everything the earlier one
sent. Repeating items (factors, scenarios) are added and changed on their own pages
(``assessment_items``).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import rosh
from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.services import assessments as services
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.rosh import SECTION_LABELS, blank_rows, build_form, document_from_post
from fourpillars.web.forms.rosh_sections import (
    BY_SLUG,
    Section,
    cards,
    item_url,
    old_anchors,
    part,
    section_fields,
    tasks,
)
from fourpillars.web.forms.tasklist import count_completed
from fourpillars.web.forms.ui import attach_errors

from .assessments import consult_for_edit, submission_problems
from .common import actor, render
from .editing import autosaved, posted_version

SAVES = "fp_rosh_saves"  # session: assessment id -> {page token: versions that page saved}


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


def base_context(a: RoshAssessment) -> dict[str, Any]:
    return {
        "a": a,
        "case": a.case,
        "person": a.case.person,
        "label": rosh.ASSESSMENT_LABEL,
        "is_draft": a.is_draft,
    }


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The draft's home: its sections as a task list, each with its status. A post (from the
    former one-page form in an open tab) lands on the task list."""
    loaded = consult_for_edit(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    if request.method == "POST":
        return redirect("assessment-edit", assessment_id=loaded.pk)
    a = loaded
    problems = [(p.field, p.message) for p in submission_problems(a)] if a.is_draft else []
    shown = tasks(a.pk, services.as_document(a), problems, a.instrument_results.count())
    done, total = count_completed(shown)
    context = {
        **base_context(a),
        "tasks": shown,
        "done": done,
        "total": total,
        "screening": services.screening_of(a),
        "old_anchors": old_anchors(a.pk),
    }
    return render(request, "web/rosh/edit.html", context)


def section_page(
    request: HttpRequest,
    a: RoshAssessment,
    section: Section,
    doc: dict[str, Any],
    version: int,
    *,
    errors: Sequence[FieldError] = (),
    conflict: str = "",
) -> HttpResponse:
    form = build_form(doc, version, blank_rows(None))
    fields = section_fields(form, section.slug)
    problems = attach_errors(list(errors), fields, SECTION_LABELS)
    context = {
        **base_context(a),
        "section": section,
        "form": form,
        "errors": problems.summary,
        "general_errors": problems.general,
        "conflict": conflict,
        "screening": services.screening_of(a),
        "results": list(a.instrument_results.order_by("scored_at", "id")),
        "form_token": secrets.token_urlsafe(12),
        "cards": cards(a.pk, doc, section.slug) if section.rows else [],
        "add_url": item_url(a.pk, section.slug, len(doc.get(section.slug) or []))
        if section.rows
        else "",
    }
    return render(request, "web/rosh/section.html", context)


def _section(slug: str) -> Section:
    found = BY_SLUG.get(slug)
    if found is None or slug == "instruments":
        raise Http404("No such section")
    return found


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def section(request: HttpRequest, assessment_id: int, slug: str) -> HttpResponse:
    """GET shows one section; POST saves only its part of the document, then returns to the
    task list."""
    s = _section(slug)
    if request.method == "GET" or s.rows:
        loaded = consult_for_edit(request, assessment_id)
        if isinstance(loaded, HttpResponse):
            return loaded
        return section_page(request, loaded, s, services.as_document(loaded), loaded.version)
    posted = part(document_from_post(request.POST), s)
    try:
        a = save(request, assessment_id, posted)
    except DomainValidationError as exc:
        return _again(request, assessment_id, s, posted, errors=exc.errors)
    except EditConflict as exc:
        return _again(request, assessment_id, s, posted, conflict=exc)
    messages.success(request, f"{s.title}: saved.")
    return redirect("assessment-edit", assessment_id=a.pk)


def _again(
    request: HttpRequest,
    assessment_id: int,
    s: Section,
    posted: dict[str, Any],
    *,
    errors: list[FieldError] | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    """The section again with what the user typed (showing it again is a consultation)."""
    loaded = consult_for_edit(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    version = conflict.current_version if conflict else posted_version(request.POST)
    return section_page(
        request,
        loaded,
        s,
        {**services.as_document(loaded), **posted},
        version,
        errors=errors or [],
        conflict=conflict.message() if conflict else "",
    )


@login_required
@require_POST
@service_errors
def autosave(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """htmx: save the section's fields and answer a short status (and the new version,
    screening and countersignature reasons out of band); the form the user is typing in is
    never replaced."""
    doc = document_from_post(request.POST)
    s = BY_SLUG.get(request.POST.get("section", ""))
    if s is not None and not s.rows:
        doc = part(doc, s)
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
