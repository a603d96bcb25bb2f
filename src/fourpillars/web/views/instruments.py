"""Instruments: scoring one for a draft assessment (pre-filled from the register), the page
that explains a result, and standalone scoring with nothing stored.

The form is generated from the instrument's definition (``web.forms.instruments``) and the
scorer does every check, naming each bad field. Standalone scoring reads no record and stores
nothing, so it is not a consultation and is not audited (like ``POST /api/v1/instruments``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.assessments.models import InstrumentResult, RoshAssessment
from fourpillars.domain import instruments as instrument_rules
from fourpillars.domain import rosh
from fourpillars.domain.errors import DomainValidationError, FieldError
from fourpillars.domain.instruments.base import NOT_APPLICABLE_LABEL, Definition
from fourpillars.services import assessments as services
from fourpillars.services.access import refused_record
from fourpillars.web import plain
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.instruments import (
    build_sections,
    initial_state,
    payload_from_post,
    specs_for,
    state_from_post,
)
from fourpillars.web.forms.ui import attach_errors
from fourpillars.web.templatetags.rosh_tags import CONFIDENCE_LABELS, band_text

from .assessments import can_manage, consult, consult_for_edit
from .common import actor, render

# Extras of a result that say which rules produced it ("other reading version").
PROVENANCE = re.compile(r"\bversion$")


def definition(code: str) -> Definition:
    found = instrument_rules.REGISTRY.get(code)
    if found is None:
        raise Http404("No such instrument")
    return found.definition


def about(d: Definition) -> dict[str, Any]:
    return {
        "d": d,
        "confidence": CONFIDENCE_LABELS.get(d.confidence, str(d.confidence)),
        "kind_label": d.kind.label,
    }


def form_page(
    request: HttpRequest,
    d: Definition,
    state: Mapping[str, Any],
    sources: Mapping[str, str],
    errors: list[FieldError],
    extra: dict[str, Any],
) -> HttpResponse:
    sections = build_sections(specs_for(d), state, sources)
    problems = attach_errors(errors, [f for s in sections for f in s.fields])
    context = {
        **about(d),
        "sections": sections,
        "errors": problems.summary,
        "general_errors": problems.general,
        **extra,
    }
    return render(request, "web/rosh/instrument_form.html", context)


def result_context(d: Definition, result: Mapping[str, Any]) -> dict[str, Any]:
    """What the result page explains: band (with its label), probabilities as percentages,
    every term, warnings, and anything else the instrument returns (DASH routes ...)."""
    known = {"instrument", "version", "score", "band", "probabilities", "terms", "warnings"}
    known.add("reason")
    # The definition's band labels name its current cut-offs; another version (RM2000/C's
    # second reading, an older version) shows the band's plain name.
    bands = {b.code: b.label for b in d.bands} if result.get("version") == d.version else {}
    band = str(result.get("band") or "")
    reason = result.get("reason")
    probabilities = result.get("probabilities") or {}
    extras = flatten({k: v for k, v in result.items() if k not in known})
    return {
        **about(d),
        "result": result,
        "reason": str(reason) if reason else "",
        "band_label": NOT_APPLICABLE_LABEL
        if reason
        else bands.get(band, band_text(band) if band else "None"),
        "probabilities": [
            (k.replace("y", "-year"), f"{float(v) * 100:.1f} %")
            for k, v in probabilities.items()
            if isinstance(v, int | float)
        ],
        "terms": [t for t in result.get("terms") or [] if isinstance(t, Mapping)],
        "warnings": [str(w) for w in result.get("warnings") or []],
        # What else the instrument returns, in words; which rules produced it is provenance.
        "extras": [(k, plain.label(v)) for k, v in extras if not PROVENANCE.search(k)],
        "provenance": [(k, v) for k, v in extras if PROVENANCE.search(k)],
        "version_differs": result.get("version") is not None
        and not d.knows_version(result.get("version")),
    }


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Nested result extras as (path, text) rows for a summary list."""
    if isinstance(value, Mapping):
        rows = []
        for k, v in value.items():
            rows.extend(flatten(v, f"{prefix} {k}".strip() if prefix else str(k)))
        return rows
    if isinstance(value, list):
        if all(not isinstance(v, Mapping | list) for v in value):
            return [(prefix.replace("_", " "), ", ".join(str(v) for v in value) or "none")]
        rows = []
        for i, v in enumerate(value, start=1):
            rows.extend(flatten(v, f"{prefix} {i}"))
        return rows
    shown = "yes" if value is True else "no" if value is False else str(value)
    return [(prefix.replace("_", " "), shown)]


# --- within an assessment ---------------------------------------------------------------


@login_required
@require_GET
@service_errors
def assessment_instruments(request: HttpRequest, assessment_id: int) -> HttpResponse:
    loaded = consult_for_edit(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    context = {
        "a": loaded,
        "case": loaded.case,
        "person": loaded.case.person,
        "definitions": instrument_rules.definitions(),
        "results": list(loaded.instrument_results.order_by("scored_at", "id")),
    }
    return render(request, "web/rosh/instruments.html", context)


def _assessment_extra(a: RoshAssessment) -> dict[str, Any]:
    return {"a": a, "case": a.case, "person": a.case.person, "label": rosh.ASSESSMENT_LABEL}


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def assessment_instrument(request: HttpRequest, assessment_id: int, code: str) -> HttpResponse:
    """The instrument's form, pre-filled from the register; POST scores and attaches it."""
    d = definition(code)
    errors: list[FieldError] = []
    if request.method == "POST":
        payload = payload_from_post(specs_for(d), request.POST)
        try:
            row = services.score_instrument(
                actor=actor(request), assessment_id=assessment_id, code=code, payload=payload
            )
        except DomainValidationError as exc:
            errors = list(exc.errors)
        else:
            messages.success(request, f"{d.name} scored and added to the assessment.")
            return redirect("assessment-result", assessment_id=assessment_id, result_id=row.pk)
    loaded = consult_for_edit(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    inputs, sources = services.instrument_prefill(loaded.case, code)
    extra = {
        **_assessment_extra(loaded),
        "notes": services.instrument_prefill_notes(loaded.case, code),
    }
    if request.method == "POST":
        state = state_from_post(request.POST)
    else:
        state = initial_state(specs_for(d), inputs, timezone.localdate())
    return form_page(request, d, state, sources, errors, extra)


def _result_row(request: HttpRequest, a: RoshAssessment, result_id: int) -> InstrumentResult:
    """One of the assessment's results; another assessment's (refused as its case if hidden
    from the user) or a missing one is a 404."""
    row = a.instrument_results.select_related("scored_by").filter(pk=result_id).first()
    if row is None:
        raise refused_record(actor(request), InstrumentResult.objects.all(), result_id)
    return row


@login_required
@require_GET
@service_errors
def result(request: HttpRequest, assessment_id: int, result_id: int) -> HttpResponse:
    """One stored result explained: every term, the band, warnings and the version used."""
    loaded = consult(request, assessment_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    row = _result_row(request, loaded, result_id)
    d = definition(row.instrument)
    context = {
        **result_context(d, row.result),
        **_assessment_extra(loaded),
        "row": row,
        "inputs": flatten(row.inputs),
        "from_register": row.from_register,
        "can_remove": loaded.is_draft and can_manage(request, loaded.case),
    }
    return render(request, "web/rosh/result.html", context)


@login_required
@require_POST
@service_errors
def remove_result(request: HttpRequest, assessment_id: int, result_id: int) -> HttpResponse:
    services.remove_instrument_result(
        actor=actor(request), assessment_id=assessment_id, result_id=result_id
    )
    messages.success(request, "Instrument result removed from the draft.")
    return redirect("assessment", assessment_id=assessment_id)


# --- standalone ------------------------------------------------------------------------


@login_required
@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    context = {"definitions": instrument_rules.definitions()}
    return render(request, "web/rosh/instrument_list.html", context)


@login_required
@require_GET
def instrument_about(request: HttpRequest, code: str) -> HttpResponse:
    """Who the instrument is for, its bands and its items as the form asks them (answers by
    label); its version, source and notes under "About these figures"."""
    d = definition(code)
    items = [s for s in specs_for(d) if not s.path.endswith((".evidence", ".flags"))]
    return render(request, "web/rosh/instrument_about.html", {**about(d), "specs": items})


@login_required
@require_http_methods(["GET", "POST"])
def standalone(request: HttpRequest, code: str) -> HttpResponse:
    """Score without a case: nothing is read from the register and nothing is stored."""
    d = definition(code)
    if request.method == "POST":
        payload = payload_from_post(specs_for(d), request.POST)
        try:
            scored = instrument_rules.score(code, payload)
        except DomainValidationError as exc:
            state = state_from_post(request.POST)
            return form_page(request, d, state, {}, list(exc.errors), {"standalone": True})
        context = {**result_context(d, scored.as_dict()), "standalone": True}
        context["inputs"] = flatten(payload)
        return render(request, "web/rosh/result.html", context)
    state = initial_state(specs_for(d), {}, timezone.localdate())
    return form_page(request, d, state, {}, [], {"standalone": True})
