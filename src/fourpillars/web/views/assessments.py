"""Risk of Serious Harm assessments: the case page section, the history, one assessment, its
PDF, submitting and countersigning (decision 0011).

Every screen goes through ``services.assessments``: a hidden or missing case or assessment is
a 404, a change that is not the user's to make a 403, and every page that shows assessment
content is an audited consultation with the purpose given for the case in this session
(asked first, like the case page, for users outside the lead agency).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import rosh
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.register.models import Case
from fourpillars.reports.downloads import download
from fourpillars.reports.rosh import summary_pdf
from fourpillars.services import assessments as services
from fourpillars.services.errors import JustificationRequired
from fourpillars.web.errors import SummaryItem, service_errors
from fourpillars.web.forms import rosh_sections as sections
from fourpillars.web.forms.rosh import SECTION_LABELS
from fourpillars.web.forms.tasklist import Answers
from fourpillars.web.templatetags.rosh_tags import band_label, instrument_name

from .cases import justify_url
from .common import actor, may, render, session_justification
from .editing import posted_version

Loaded = RoshAssessment | HttpResponse


def consult(
    request: HttpRequest,
    assessment_id: int,
    read: Callable[..., RoshAssessment] = services.consult_assessment,
    **extra: Any,
) -> Loaded:
    """The assessment through ``read`` (an audited consultation), or a redirect to give the
    purpose for its case first."""
    user = actor(request)
    case_id = services.assessment_case_id(user, assessment_id)
    try:
        return read(
            actor=user,
            assessment_id=assessment_id,
            justification=session_justification(request, case_id),
            **extra,
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))


def consult_for_edit(request: HttpRequest, assessment_id: int, **extra: Any) -> Loaded:
    return consult(request, assessment_id, services.consult_for_edit, **extra)


def can_manage(request: HttpRequest, case: Case) -> bool:
    return may(request, Permission.MANAGE_CASE, case)


@login_required
@require_GET
@service_errors
def case_assessments(request: HttpRequest, case_id: int) -> HttpResponse:
    """Every version of the case's assessment, newest first."""
    user = actor(request)
    try:
        case, rows = services.list_assessments(
            actor=user, case_id=case_id, justification=session_justification(request, case_id)
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))
    context = {
        "case": case,
        "person": case.person,
        "rows": rows,
        "label": rosh.ASSESSMENT_LABEL,
        "can_manage": can_manage(request, case),
    }
    return render(request, "web/rosh/history.html", context)


@login_required
@require_POST
@service_errors
def start(request: HttpRequest, case_id: int) -> HttpResponse:
    """Open a draft (or the one already open) and go to its form."""
    a = services.start_assessment(actor=actor(request), case_id=case_id)
    return redirect("assessment-edit", assessment_id=a.pk)


def results_of(a: RoshAssessment) -> list[Any]:
    return list(a.instrument_results.select_related("scored_by").order_by("scored_at", "id"))


@login_required
@require_GET
@service_errors
def view(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Every section of one assessment, read only, with its instrument results."""
    a = consult(request, assessment_id)
    if isinstance(a, HttpResponse):
        return a
    user = actor(request)
    factors = list(a.factors.all())
    context = {
        "a": a,
        "case": a.case,
        "person": a.case.person,
        "label": rosh.ASSESSMENT_LABEL,
        "screening": services.screening_of(a),
        "summary": [(c, q, (a.summary or {}).get(k, "")) for k, c, q in rosh.SUMMARY_QUESTIONS],
        "risk_factors": [f for f in factors if f.kind == rosh.FactorKind.RISK],
        "protective_factors": [f for f in factors if f.kind == rosh.FactorKind.PROTECTIVE],
        "scenarios": list(a.scenarios.all()),
        "results": results_of(a),
        "can_manage": can_manage(request, a.case),
        "can_countersign": services.can_countersign(user, a),
    }
    return render(request, "web/rosh/view.html", context)


@login_required
@require_GET
@service_errors
def pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The one-page summary as PDF: a download, audited as its own disclosure to the reader."""
    user = actor(request)
    case_id = services.assessment_case_id(user, assessment_id)
    try:
        a, export = services.export_summary(
            actor=user,
            assessment_id=assessment_id,
            justification=session_justification(request, case_id),
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))
    return download(summary_pdf(a), export)


def problem_href(assessment_id: int, path: str) -> str:
    """Where a problem's field is: on its item's page (``risk_factors.0.evidence``), its
    section's page, or else the task list."""
    slug = sections.section_of(path)
    parts = path.split(".")
    anchor = f"#{path.replace('.', '-')}"
    if slug and sections.BY_SLUG[slug].rows and len(parts) > 2 and parts[1].isdigit():
        return sections.item_url(assessment_id, slug, int(parts[1])) + anchor
    if slug:
        return sections.section_url(assessment_id, slug) + anchor
    return reverse("assessment-edit", args=[assessment_id])


def problem_items(problems: list[FieldError], a: RoshAssessment) -> list[SummaryItem]:
    """What stops submission, each linking to the field on its section's page."""
    items = []
    for p in problems:
        label = SECTION_LABELS.get(p.field, p.field.replace("_", " ").replace(".", ": "))
        items.append(SummaryItem(problem_href(a.pk, p.field), f"{label}: {p.message}"))
    return items


def check_answers(a: RoshAssessment) -> list[Answers]:
    """Every section of the draft, for the check answers page."""
    results = [f"{instrument_name(r.instrument)}: {band_label(r.band)}" for r in results_of(a)]
    screening = services.screening_of(a)
    return sections.answers(
        a.pk,
        services.as_document(a),
        screening_reasons=list(screening.reasons) if screening.full_analysis_required else [],
        results=results,
        countersignature=list(a.countersignature_reasons or []),
    )


def submission_problems(a: RoshAssessment) -> list[FieldError]:
    try:
        doc = rosh.clean_assessment(services.as_document(a), timezone.localdate())
    except DomainValidationError as exc:
        return list(exc.errors)
    problems = rosh.submission_problems(doc, services.screening_of(a))
    return [FieldError(f, m) for f, m in problems]


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Check your answers, then submit: every section with a link to change it, and what is
    missing listed with links to the fields."""
    conflict = ""
    if request.method == "POST":
        try:
            a = services.submit(
                actor=actor(request),
                assessment_id=assessment_id,
                expected_version=posted_version(request.POST),
            )
        except EditConflict as exc:
            conflict = exc.message()
        except DomainValidationError:
            pass  # shown below, recomputed from the stored draft
        else:
            done = (
                "Assessment submitted. A manager must countersign it before it comes into force."
                if a.needs_countersignature
                else "Assessment submitted. It is now the current assessment."
            )
            messages.success(request, done)
            return redirect("case", case_id=a.case_id)
    loaded = consult_for_edit(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    a = loaded
    problems = submission_problems(a) if a.is_draft else []
    context = {
        "a": a,
        "case": a.case,
        "person": a.case.person,
        "label": rosh.ASSESSMENT_LABEL,
        "problems": problem_items(problems, a),
        "errors": problem_items(problems, a) if request.method == "POST" else [],
        "screening": services.screening_of(a),
        "conflict": conflict,
        "answers": check_answers(a) if a.is_draft else [],
    }
    return render(request, "web/rosh/submit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def countersign(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """A manager countersigns a submitted assessment, with a note (required when the
    countersignature policy calls for the countersignature)."""
    errors: list[SummaryItem] = []
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        try:
            a = services.countersign(actor=actor(request), assessment_id=assessment_id, note=note)
        except DomainValidationError as exc:
            errors = [SummaryItem("#note", f"Note: {e.message}") for e in exc.errors]
        else:
            messages.success(request, "Assessment countersigned. It is now in force.")
            return redirect("assessment", assessment_id=a.pk)
    loaded = consult_for_edit(request, assessment_id, countersign=True)
    if isinstance(loaded, HttpResponse):
        return loaded
    context = {
        "a": loaded,
        "case": loaded.case,
        "person": loaded.case.person,
        "label": rosh.ASSESSMENT_LABEL,
        "note": note,
        "errors": errors,
        "note_error": " ".join(e.text.removeprefix("Note: ") for e in errors),
    }
    return render(request, "web/rosh/countersign.html", context)
