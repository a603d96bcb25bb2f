"""The plan builder as a GOV.UK task list (decision 0012): the draft's home lists its sections
with their status from the plan checker; each section is its own page that posts only its part
of the plan with the ``version`` it was loaded with, and autosaves the same fields with htmx,
answering the live findings panel.

A stale version is a conflict (nothing saved, what the user typed is kept on the page, naming
what changed), except when every save since that version came from this same page through
autosave. Victims, actions and contingencies are added and changed on their own pages
(``plan_items``).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
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
from fourpillars.web.forms import plan_sections as sections
from fourpillars.web.forms.plan import SECTION_LABELS, blank_rows, document_from_post
from fourpillars.web.forms.plan_fields import Assessment, PlanForm, build_form
from fourpillars.web.forms.tasklist import count_completed
from fourpillars.web.forms.ui import UiField, attach_errors

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
OPEN_ROWS = {"information_considered": 1, "communicated": 1}  # always one empty row to fill

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


def agency_names(with_access: Sequence[str]) -> dict[str, str]:
    first, others = agency_choices(with_access)
    return {a.code: a.name for a in [*first, *others]}


def builder_form(
    plan: Plan, doc: Mapping[str, Any], version: int, blanks: Mapping[str, int]
) -> PlanForm:
    stored = stored_document(plan)
    return build_form(
        doc,
        version,
        blanks,
        assessment_of(stored),
        agency_choices(stored["agencies_with_access"]),
        plan.case.lead_agency.code,
    )


def base_context(plan: Plan, stored: dict[str, Any]) -> dict[str, Any]:
    return {
        "plan": plan,
        "case": plan.case,
        "person": plan.case.person,
        "assessment": assessment_of(stored),
        "ratings": stored["rosh"],
        "is_draft": plan.is_draft,
        **findings_panel(plan, stored, pages=True),
    }


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The draft's home: its sections as a task list with their status, beside the findings.
    A post (from the former one-page builder in an open tab) lands on the task list."""
    loaded = consult_for_edit(request, plan_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    if request.method == "POST":
        return redirect("plan-edit", plan_id=loaded.pk)
    stored = stored_document(loaded)
    shown = sections.tasks(loaded.pk, stored, services.findings(loaded, stored))
    done, total = count_completed(shown)
    context = {
        **base_context(loaded, stored),
        "tasks": shown,
        "done": done,
        "total": total,
        "old_anchors": sections.old_anchors(loaded.pk),
    }
    return render(request, "web/plans/edit.html", context)


def section_fields(form: PlanForm, slug: str) -> list[UiField]:
    if slug == "period":
        return list(form.dates)
    if slug == "information":
        assert form.information_gaps is not None
        return [
            *[f for r in form.information for f in r.fields],
            form.information_gaps,
            *[f for r in form.communicated for f in r.fields],
        ]
    if slug == "pillar_reasons":
        return [reason for _, _, _, reason in form.pillars]
    return []


def section_page(
    request: HttpRequest,
    plan: Plan,
    s: sections.Section,
    doc: Mapping[str, Any],
    version: int,
    *,
    errors: Sequence[FieldError] = (),
    conflict: str = "",
) -> HttpResponse:
    stored = stored_document(plan)
    form = builder_form(plan, doc, version, OPEN_ROWS)
    problems = attach_errors(list(errors), section_fields(form, s.slug), SECTION_LABELS)
    names = sections.names_of(doc, agency_names(stored["agencies_with_access"]))
    actions = doc.get("actions") or []
    context = {
        **base_context(plan, stored),
        "section": s,
        "form": form,
        "errors": problems.summary,
        "general_errors": problems.general,
        "conflict": conflict,
        "form_token": secrets.token_urlsafe(12),
        "pillar_hints": PILLAR_HINTS,
        "latest_review": latest_review_date(
            plan.plan_date, MappaLevel(plan.case.level), review_policy(plan.case.area)
        ),
        "pillars": sections.action_cards(plan.pk, doc, names) if s.slug == "actions" else [],
        "victim_cards": sections.victim_cards(plan.pk, doc),
        "contingency_cards": sections.contingency_cards(plan.pk, doc, names),
        "uncovered": sections.uncovered_scenarios(doc, names),
        "new_action": sections.item_url(plan.pk, "actions", len(actions)),
        "new_victim": sections.item_url(plan.pk, "victims", len(doc.get("victims") or [])),
        "new_contingency": sections.item_url(
            plan.pk, "contingencies", len(doc.get("contingencies") or [])
        ),
        "used_pillars": {str(a.get("pillar")) for a in actions if isinstance(a, Mapping)},
    }
    return render(request, "web/plans/section.html", context)


def _section(slug: str) -> sections.Section:
    found = sections.BY_SLUG.get(slug)
    if found is None:
        raise Http404("No such section")
    return found


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def section(request: HttpRequest, plan_id: int, slug: str) -> HttpResponse:
    """GET shows one section; POST saves only its part of the plan, then returns to the task
    list ("Save and add another" shows the section again with one more empty row)."""
    s = _section(slug)
    if request.method == "GET" or s.rows:
        loaded = consult_for_edit(request, plan_id)
        if isinstance(loaded, HttpResponse):
            return loaded
        return section_page(request, loaded, s, stored_document(loaded), loaded.version)
    posted = sections.part(document_from_post(request.POST), s)
    try:
        plan = save(request, plan_id, posted)
    except DomainValidationError as exc:
        return _again(request, plan_id, s, posted, errors=exc.errors)
    except EditConflict as exc:
        return _again(request, plan_id, s, posted, conflict=exc)
    if request.POST.get("add"):
        return redirect("plan-section", plan_id=plan.pk, slug=s.slug)
    messages.success(request, f"{s.title}: saved.")
    return redirect("plan-edit", plan_id=plan.pk)


def _again(
    request: HttpRequest,
    plan_id: int,
    s: sections.Section,
    posted: dict[str, Any],
    *,
    errors: list[FieldError] | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    """The section again with what the user typed (showing it again is a consultation)."""
    loaded = consult_for_edit(request, plan_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    version = conflict.current_version if conflict else posted_version(request.POST)
    return section_page(
        request,
        loaded,
        s,
        {**stored_document(loaded), **posted},
        version,
        errors=errors or [],
        conflict=conflict.message() if conflict else "",
    )


@login_required
@require_POST
@service_errors
def autosave(request: HttpRequest, plan_id: int) -> HttpResponse:
    """htmx: save the section's fields and answer a short status, with the new version and the
    findings panel out of band; the form the user is typing in is never replaced."""
    doc = document_from_post(request.POST)
    s = sections.BY_SLUG.get(request.POST.get("section", ""))
    if s is not None and not s.rows:
        doc = sections.part(doc, s)
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
                **findings_panel(plan, stored_document(plan), pages=True),
            }
        )
    return render(request, "web/plans/_autosave.html", context)
