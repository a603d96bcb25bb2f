"""The MAPPA level decision: the level criteria, the level they indicate with the current
RoSH rating and why, and the level a person decides with their reason ([MAPPA-G] ch.7).

The indication is recomputed as the criteria change: by htmx (the same URL answers a
fragment to an htmx request and never saves), and without JavaScript by "Update the
indication" or on any refused POST.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from fourpillars.domain import rosh
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.mappa import LEVEL_LABELS
from fourpillars.register.models import Case
from fourpillars.services import assessments as services
from fourpillars.web.errors import SummaryItem, service_errors
from fourpillars.web.forms.ui import UiField, attach_errors, options

from .common import actor, render
from .editing import load_for_edit

FIELD_LABELS = {
    "flags": "Level criteria",
    "level": "Level decided",
    "reason": "Reason for the decision",
}


def _fields(flags: dict[str, bool], level: str, reason: str) -> list[UiField]:
    criteria = UiField(
        "flags",
        "Which of these apply?",
        "checkboxes",
        options=options(list(rosh.LEVEL_FLAGS)),
        hint="The criteria for levels 2 and 3, in our words. Select all that apply.",
        htmx_live=True,
    )
    criteria.choose([k for k, on in flags.items() if on])
    decided = UiField(
        "level",
        "Which level do you decide?",
        "radios",
        options=options([(str(lvl.value), label) for lvl, label in LEVEL_LABELS.items()]),
        hint="Manage the case at the lowest level that still gives a defensible plan.",
    )
    decided.choose([level])
    why = UiField(
        "reason",
        "Reason for the decision",
        "textarea",
        reason,
        hint="Say why, especially where you depart from the indicated level.",
    )
    return [criteria, decided, why]


def _posted_flags(request: HttpRequest) -> dict[str, bool]:
    known = dict(rosh.LEVEL_FLAGS)
    return {k: True for k in request.POST.getlist("flags") if k in known}


def _page(
    request: HttpRequest,
    case: Case,
    flags: dict[str, bool],
    level: str,
    reason: str,
    errors: list[SummaryItem] | None = None,
    error_fields: DomainValidationError | None = None,
) -> HttpResponse:
    fields = _fields(flags, level, reason)
    summary = errors or []
    if error_fields is not None:
        summary = attach_errors(error_fields.errors, fields, FIELD_LABELS).summary
    current = services.current_assessment(case)
    context: dict[str, Any] = {
        "case": case,
        "person": case.person,
        "fields": fields,
        "indication": rosh.indicate_level(current.overall or None if current else None, flags),
        "current": current,
        "decisions": list(services.level_decisions(case)[:5]),
        "errors": summary,
    }
    return render(request, "web/rosh/level.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def level(request: HttpRequest, case_id: int) -> HttpResponse:
    loaded = load_for_edit(request, case_id, Permission.RECORD_DECISION)
    if isinstance(loaded, HttpResponse):
        return loaded
    case = loaded
    if request.method == "GET":
        latest = services.level_decisions(case).first()
        flags = dict(latest.flags) if latest and isinstance(latest.flags, dict) else {}
        return _page(request, case, flags, str(case.level), "")
    flags = _posted_flags(request)
    if request.headers.get("HX-Request") == "true":
        response = render(
            request,
            "web/rosh/_indication.html",
            {"indication": services.indicate_level(case, flags), "live": True},
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    level_value = request.POST.get("level", "")
    reason = request.POST.get("reason", "")
    if "preview" in request.POST:
        return _page(request, case, flags, level_value, reason)
    all_flags = {k: k in flags for k in dict(rosh.LEVEL_FLAGS)}
    try:
        row = services.decide_level(
            actor=actor(request),
            case_id=case.pk,
            flags=all_flags,
            level=level_value,
            reason=reason,
        )
    except DomainValidationError as exc:
        return _page(request, case, flags, level_value, reason, error_fields=exc)
    messages.success(
        request,
        f"Level decision recorded: level {row.decided_level} "
        f"(indicated: level {row.indicated_level}).",
    )
    return redirect("case", case_id=case.pk)
