"""One repeating item of a RoSH draft (a risk or protective factor, a scenario) on its own
page: add, change, remove. Each saves the section's list with the item in place, with the
``version`` the page was loaded with (a stale one is a conflict that keeps what was typed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.services import assessments as services
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.rosh import SECTION_LABELS, build_form, item_from_post, place_item
from fourpillars.web.forms.rosh_sections import BY_SLUG, Section, cards, section_url
from fourpillars.web.forms.ui import attach_errors

from .assessment_edit import base_context
from .assessments import consult_for_edit
from .common import actor, render
from .editing import confirm_removal, posted_version


def _rows_section(slug: str) -> Section:
    found = BY_SLUG.get(slug)
    if found is None or not found.rows:
        raise Http404("No such section")
    return found


def _rows(doc: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    found = doc.get(slug)
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def _save(request: HttpRequest, a_id: int, slug: str, rows: list[dict[str, Any]]) -> object:
    return services.save_draft(
        actor=actor(request),
        assessment_id=a_id,
        data={slug: rows},
        expected_version=posted_version(request.POST),
    )


def item_page(
    request: HttpRequest,
    a: RoshAssessment,
    s: Section,
    index: int,
    doc: dict[str, Any],
    version: int,
    *,
    errors: Sequence[FieldError] = (),
    conflict: str = "",
    new: bool = False,
) -> HttpResponse:
    form = build_form(doc, version, {s.slug: 1 if new else 0})
    rows = form.rows[s.slug]
    if index >= len(rows):
        raise Http404("No such item")
    row = rows[index]
    problems = attach_errors(list(errors), row.fields, SECTION_LABELS)
    context = {
        **base_context(a),
        "section": s,
        "section_url": section_url(a.pk, s.slug),
        "form": form,
        "row": row,
        "new": new,
        "errors": problems.summary,
        "general_errors": problems.general,
        "conflict": conflict,
    }
    return render(request, "web/rosh/item.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def item(request: HttpRequest, assessment_id: int, slug: str, index: int) -> HttpResponse:
    """GET shows one item (the next index is a new one); POST saves it and returns to the
    section's list."""
    s = _rows_section(slug)
    loaded = consult_for_edit(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    doc = services.as_document(loaded)
    existing = _rows(doc, slug)
    if index > len(existing):
        raise Http404("No such item")
    new = index == len(existing)
    if request.method == "GET":
        return item_page(request, loaded, s, index, doc, loaded.version, new=new)
    posted = item_from_post(request.POST, slug, index)
    if posted is None:  # nothing typed: nothing to add or change
        return redirect("assessment-section", assessment_id=loaded.pk, slug=slug)
    rows = place_item(existing, slug, index, posted)
    typed = {**doc, slug: rows}
    try:
        _save(request, loaded.pk, slug, rows)
    except DomainValidationError as exc:
        version = posted_version(request.POST)
        return item_page(request, loaded, s, index, typed, version, errors=exc.errors)
    except EditConflict as exc:
        return item_page(
            request, loaded, s, index, typed, exc.current_version, conflict=exc.message()
        )
    what = s.item.capitalize()
    messages.success(request, f"{what} {'added' if new else 'changed'}.")
    return redirect("assessment-section", assessment_id=loaded.pk, slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def remove(request: HttpRequest, assessment_id: int, slug: str, index: int) -> HttpResponse:
    """Asks "are you sure?" (yes or no), then removes the item and returns to the list."""
    s = _rows_section(slug)
    loaded = consult_for_edit(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    doc = services.as_document(loaded)
    existing = _rows(doc, slug)
    if index >= len(existing):
        raise Http404("No such item")
    context: dict[str, Any] = {
        **base_context(loaded),
        "what": s.item,
        "back": section_url(loaded.pk, slug),
        "cards": [cards(loaded.pk, doc, slug)[index]],
        "version": loaded.version,
    }
    context["cards"][0].change = context["cards"][0].remove = ""
    return confirm_removal(
        request,
        context,
        what=s.item,
        back=context["back"],
        remove=lambda: _save(request, loaded.pk, slug, place_item(existing, slug, index, None)),
    )
