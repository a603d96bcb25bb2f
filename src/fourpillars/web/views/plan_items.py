"""One victim, action or contingency of a draft plan on its own page: add, change, remove. Each
saves the section's list with the item in place, with the ``version`` the page was loaded with
(a stale one is a conflict that keeps what was typed). An action's legal basis,
proportionality and end date are revealed only when it is a restrictive measure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.plans.models import Plan
from fourpillars.services import plans as services
from fourpillars.web.errors import service_errors
from fourpillars.web.forms import plan_sections as sections
from fourpillars.web.forms.plan import SECTION_LABELS, item_from_post, next_ident, place_item
from fourpillars.web.forms.plan_fields import PlanForm
from fourpillars.web.forms.ui import UiField, attach_errors

from .common import actor, render
from .editing import confirm_removal, posted_version
from .plan_common import consult_for_edit, stored_document
from .plan_edit import agency_names, base_context, builder_form


def _rows_section(slug: str) -> sections.Section:
    found = sections.BY_SLUG.get(slug)
    if found is None or not found.rows:
        raise Http404("No such section")
    return found


def _rows(doc: Mapping[str, Any], slug: str) -> list[dict[str, Any]]:
    found = doc.get(slug)
    return [dict(r) for r in found if isinstance(r, Mapping)] if isinstance(found, list) else []


def _placeholder(
    request: HttpRequest, plan: Plan, slug: str, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """What a new item starts with: its identifier, and the pillar, lead agency or scenario
    the link that opened it asked for."""
    if slug == "actions":
        pillar = request.GET.get("pillar", "")
        return {
            "id": next_ident(rows, slug),
            "pillar": pillar if pillar in plan_rules.PILLARS else next(iter(plan_rules.PILLARS)),
            "owner_agency": plan.case.lead_agency.code,
        }
    if slug == "victims":
        return {"id": next_ident(rows, slug)}
    return {"scenario": request.GET.get("scenario", "")[:20]}


def item_fields(form: PlanForm, slug: str, index: int) -> tuple[Any, list[UiField]]:
    """The row the page shows and its fields, in page order."""
    if slug == "actions":
        row = next(r for _, _, rows, _ in form.pillars for r in rows if r.number == index + 1)
        return row, row.fields
    if slug == "victims":
        v = form.victims[index]
        return v, v.fields
    c = form.contingencies[index]
    return c, [c.scenario_field, *c.fields]


def item_page(
    request: HttpRequest,
    plan: Plan,
    s: sections.Section,
    index: int,
    doc: Mapping[str, Any],
    version: int,
    *,
    errors: Sequence[FieldError] = (),
    conflict: str = "",
    new: bool = False,
) -> HttpResponse:
    form = builder_form(plan, doc, version, {})
    row, fields = item_fields(form, s.slug, index)
    problems = attach_errors(list(errors), fields, SECTION_LABELS)
    context = {
        **base_context(plan, stored_document(plan)),
        "section": s,
        "section_url": sections.section_url(plan.pk, s.slug),
        "form": form,
        "row": row,
        "fields": fields,
        "new": new,
        "errors": problems.summary,
        "general_errors": problems.general,
        "conflict": conflict,
    }
    return render(request, "web/plans/item.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def item(request: HttpRequest, plan_id: int, slug: str, index: int) -> HttpResponse:
    """GET shows one item (the next index is a new one); POST saves it and returns to the
    section's list."""
    s = _rows_section(slug)
    loaded = consult_for_edit(request, plan_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    doc = stored_document(loaded)
    existing = _rows(doc, slug)
    if index > len(existing):
        raise Http404("No such item")
    new = index == len(existing)
    if request.method == "GET":
        shown = (
            place_item(existing, index, _placeholder(request, loaded, slug, existing))
            if new
            else existing
        )
        return item_page(request, loaded, s, index, {**doc, slug: shown}, loaded.version, new=new)
    posted = item_from_post(request.POST, slug)
    if posted is None:  # nothing typed: nothing to add or change
        return redirect("plan-section", plan_id=loaded.pk, slug=slug)
    rows = place_item(existing, index, posted)
    typed = {**doc, slug: rows}
    try:
        services.save_plan(
            actor=actor(request),
            plan_id=loaded.pk,
            data={slug: rows},
            expected_version=posted_version(request.POST),
        )
    except DomainValidationError as exc:
        version = posted_version(request.POST)
        return item_page(request, loaded, s, index, typed, version, errors=exc.errors, new=new)
    except EditConflict as exc:
        return item_page(
            request, loaded, s, index, typed, exc.current_version, conflict=exc.message(), new=new
        )
    messages.success(request, f"{s.item.capitalize()} {'added' if new else 'changed'}.")
    return redirect("plan-section", plan_id=loaded.pk, slug=slug)


def _card(plan: Plan, doc: dict[str, Any], slug: str, index: int) -> Any:
    names = sections.names_of(doc, agency_names(doc["agencies_with_access"]))
    if slug == "actions":
        found = [c for _, _, cards in sections.action_cards(plan.pk, doc, names) for c in cards]
        wanted = sections.item_url(plan.pk, slug, index)
        card = next(c for c in found if c.change == wanted)
    elif slug == "victims":
        card = sections.victim_cards(plan.pk, doc)[index]
    else:
        card = sections.contingency_cards(plan.pk, doc, names)[index]
    card.change = card.remove = ""
    return card


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def remove(request: HttpRequest, plan_id: int, slug: str, index: int) -> HttpResponse:
    """Asks "are you sure?" (yes or no), then removes the item and returns to the list."""
    s = _rows_section(slug)
    loaded = consult_for_edit(request, plan_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    doc = stored_document(loaded)
    existing = _rows(doc, slug)
    if index >= len(existing):
        raise Http404("No such item")
    context: dict[str, Any] = {
        "plan": loaded,
        "case": loaded.case,
        "person": loaded.case.person,
        "what": s.item,
        "back": sections.section_url(loaded.pk, slug),
        "cards": [_card(loaded, doc, slug, index)],
        "version": loaded.version,
    }
    return confirm_removal(
        request,
        context,
        what=s.item,
        back=context["back"],
        remove=lambda: services.save_plan(
            actor=actor(request),
            plan_id=loaded.pk,
            data={slug: place_item(existing, index, None)},
            expected_version=posted_version(request.POST),
        ),
    )
