"""Changing a case: category, level, review date and disposal (optimistic lock), and its
status by named transitions only (``domain.mappa.transition_status``), never a free-form
status set in a view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.domain.dates import long_date
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from fourpillars.services.access import visible_case
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.case import EditCaseForm, StatusForm

from .cases import status_moves
from .common import actor
from .editing import form_page, load_for_edit, versioned_save

METHODS = ["GET", "POST"]


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def case_initial(case: Case) -> dict[str, object]:
    return {
        "category": str(case.category),
        "level": str(case.level),
        "next_review_date": _iso(case.next_review_date),
        "disposal": case.disposal,
        "disposal_date": _iso(case.disposal_date),
        "custody_months": case.custody_months or "",
        "discharge_months": case.discharge_months or "",
        "version": case.version,
    }


def current_case_values(case: Case) -> list[tuple[str, str]]:
    return [
        ("MAPPA category", str(case.category)),
        ("Management level", str(case.level)),
        ("Next review date", long_date(case.next_review_date) or "none"),
        ("Disposal", case.get_disposal_display() or "none"),
        ("Date of conviction or caution", long_date(case.disposal_date) or "none"),
        ("Custodial term (months)", str(case.custody_months or "none")),
        ("Conditional discharge (months)", str(case.discharge_months or "none")),
    ]


def case_payload(case: Case, cleaned: dict[str, Any]) -> dict[str, Any]:
    """A level change re-derives the review date unless the user picked a new date."""
    data = {k: v for k, v in cleaned.items() if k != "version"}
    unchanged = data.get("next_review_date") == _iso(case.next_review_date)
    if not data.get("next_review_date") or (unchanged and data["level"] != str(case.level)):
        data.pop("next_review_date", None)
    return data


@login_required
@require_http_methods(METHODS)
@service_errors
def edit_case(request: HttpRequest, case_id: int) -> HttpResponse:
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    if request.method == "GET":
        return _page(request, loaded, EditCaseForm(initial=case_initial(loaded)))
    form = EditCaseForm(request.POST)
    if not form.is_valid():
        return _page(request, loaded, form)
    return versioned_save(
        request,
        form,
        save=lambda: case_services.update_case(
            actor=actor(request),
            case_id=loaded.pk,
            data=case_payload(loaded, form.cleaned_data),
            expected_version=form.cleaned_data["version"],
        ),
        done="Case details updated.",
        case_id=loaded.pk,
        back="case",
        show=lambda f, extra: _page(request, loaded, f, extra),
        current=lambda: current_case_values(visible_case(actor(request), loaded.pk)),
    )


def _page(
    request: HttpRequest, case: Case, form: EditCaseForm, extra: dict[str, Any] | None = None
) -> HttpResponse:
    return form_page(
        request, case, form, title="Change case details", button="Save changes", extra=extra
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def change_status(request: HttpRequest, case_id: int) -> HttpResponse:
    """Suspend, close or re-open, with the reason for the decision (MAPPA Guidance 1.5)."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    form = StatusForm(
        request.POST if request.method == "POST" else None, moves=status_moves(loaded.status)
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_services.change_status(
                actor=actor(request),
                case_id=loaded.pk,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition as exc:
            form.add_error("status", str(exc))
        else:
            messages.success(request, "Case status changed.")
            return redirect("case-sharing", case_id=loaded.pk)
    return form_page(request, loaded, form, title="Change the case status", button="Change status")
