"""Instrument and Risk of Serious Harm routes.

- ``GET /instruments``, ``GET /instruments/{code}``: the instruments as versioned data.
- ``POST /instruments/{code}/score``: score a JSON object (the same functions and the same
  answer as ``fourpillars score``). Nothing is stored and no record is read, so it is not a
  consultation; attaching a result to a case goes through the assessment routes, which are.
- ``/cases/{id}/assessments``, ``/assessments/{id}`` ...: the RoSH assessment lifecycle,
  through ``services.assessments`` (access scoping, audit, optimistic locking).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.params.functions import Body

from fourpillars.assessments.models import InstrumentResult, LevelDecision, RoshAssessment
from fourpillars.domain import instruments as instrument_rules
from fourpillars.domain import rosh
from fourpillars.domain.errors import DomainValidationError
from fourpillars.reports.downloads import download
from fourpillars.reports.rosh import summary_pdf
from fourpillars.services import assessments as services
from fourpillars.services.cases import reads
from fourpillars.services.errors import NotFound

from .auth import actor
from .cases import (
    JUSTIFICATION,
    READ_ERRORS,
    WRITE_ERRORS,
    JustificationHeader,
    justification_from_header,
)
from .schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["assessments"])
SCORE_BODY = Body(..., description="The instrument's input fields (GET /instruments/{code})")
DOC_BODY = Body(..., description="`version` and the assessment fields to save")
NOTE_BODY = Body(None, description='Optional: {"note": "..."}')
DECISION_BODY = Body(..., description="`flags`, `level` and `reason`")


def _instrument(code: str) -> instrument_rules.Instrument:
    found = instrument_rules.REGISTRY.get(code)
    if found is None:
        raise NotFound()
    return found


@router.get("/instruments", response={200: dict[str, Any], 401: ErrorOut})
def list_instruments(request: HttpRequest) -> dict[str, Any]:
    """Every instrument with its version, source, confidence tag, items and bands."""
    items = [d.as_dict() for d in instrument_rules.definitions()]
    return {"count": len(items), "items": items}


@router.get("/instruments/{code}", response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut})
def get_instrument(request: HttpRequest, code: str) -> dict[str, Any]:
    return _instrument(code).definition.as_dict()


@router.post(
    "/instruments/{code}/score",
    response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def score_instrument(
    request: HttpRequest, code: str, payload: dict[str, Any] = SCORE_BODY
) -> dict[str, Any]:
    """Score one JSON object: `instrument`, `version`, `score`, `band`, `probabilities`,
    `terms`, `warnings` (plus instrument extras such as DASH's `marac`)."""
    return _instrument(code).score(payload).as_dict()


# ---------------------------------------------------------------- assessments


def result_out(r: InstrumentResult) -> dict[str, Any]:
    return {
        "id": r.pk,
        "instrument": r.instrument,
        "version": r.instrument_version,
        "score": r.score,
        "band": r.band or None,
        "probabilities": r.result.get("probabilities", {}),
        "reason": r.result.get("reason"),
        "inputs": r.inputs,
        "from_register": r.from_register,
        "result": r.result,
        "scored_at": r.scored_at.isoformat(),
        "scored_by": r.scored_by.username,
    }


def assessment_out(a: RoshAssessment, *, full: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.pk,
        "case_id": a.case_id,
        "label": rosh.ASSESSMENT_LABEL,
        "status": a.status,
        "is_current": a.is_current,
        "assessment_date": a.assessment_date.isoformat() if a.assessment_date else None,
        "overall": a.overall or None,
        "overall_by_setting": {
            "community": a.overall or None,
            "custody": a.overall_custody or None,
        },
        "in_custody": a.in_custody,
        "needs_countersignature": a.needs_countersignature,
        "countersignature_reasons": list(a.countersignature_reasons),
        "countersignature_policy": a.countersignature_policy_version or None,
        "full_analysis_required": a.full_analysis_required,
        "exempted": a.exempted,
        "rules_version": a.rules_version,
        "author": a.author.username,
        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
        "countersigned_by": a.countersigned_by.username if a.countersigned_by else None,
        "countersigned_at": a.countersigned_at.isoformat() if a.countersigned_at else None,
        "superseded_by": a.superseded_by_id,
        "version": a.version,
    }
    if full:
        out["document"] = services.as_document(a)
        screening = services.screening_of(a)
        out["screening"] = {
            "triggers": [{"code": c, "label": rosh.TRIGGER_LABELS[c]} for c in screening.triggers],
            "predictors": [
                {"instrument": p.instrument, "band": p.band, "threshold": p.threshold}
                for p in screening.predictors
            ],
            "reasons": list(screening.reasons),
            "policy": screening.policy_version,
            "full_analysis_required": screening.full_analysis_required,
            "full_analysis": a.full_analysis,
            "exemption_reason": a.exemption_reason,
        }
        out["instrument_results"] = [
            result_out(r) for r in a.instrument_results.select_related("scored_by")
        ]
    return out


def _version(payload: Any) -> int:
    version = payload.get("version") if isinstance(payload, dict) else None
    if isinstance(version, bool) or not isinstance(version, int):
        raise DomainValidationError.single(
            "version", "is required: a whole number, the assessment version you loaded"
        )
    return version


@router.get("/cases/{case_id}/assessments", response={200: dict[str, Any], **READ_ERRORS})
def list_case_assessments(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    """Every RoSH assessment of the case, newest first, with the chart history."""
    case, rows = services.list_assessments(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
    )
    return {
        "count": len(rows),
        "items": [assessment_out(a, full=False) for a in rows],
        "history": [
            {
                "instrument": p.instrument,
                "date": p.at.isoformat(),
                "band": p.band,
                "score": p.score,
                "p2": p.p2,
            }
            for p in services.history(case)
        ],
    }


@router.post("/cases/{case_id}/assessments", response={201: dict[str, Any], **WRITE_ERRORS})
def start_assessment(request: HttpRequest, case_id: str) -> Status[dict[str, Any]]:
    """Open a draft (or return the open one), pre-filled from the current assessment."""
    a = services.start_assessment(actor=actor(request), case_id=case_id)
    return Status(201, assessment_out(a))


@router.get(
    "/cases/{case_id}/instruments/{code}/prefill",
    response={200: dict[str, Any], **READ_ERRORS},
)
def prefill(
    request: HttpRequest,
    case_id: str,
    code: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    """Instrument inputs the register already holds, and where each came from (audited)."""
    _instrument(code)
    case, _ = reads.consult_case_records(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
        action="view_instrument_prefill",
        load=lambda c: c.person.convictions.all(),
    )
    inputs, sources = services.instrument_prefill(case, code)
    notes = services.instrument_prefill_notes(case, code)
    return {"instrument": code, "inputs": inputs, "from_register": sources, "notes": list(notes)}


@router.get("/assessments/{assessment_id}", response={200: dict[str, Any], **READ_ERRORS})
def get_assessment(
    request: HttpRequest,
    assessment_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    a = services.consult_assessment(
        actor=actor(request),
        assessment_id=assessment_id,
        justification=justification_from_header(x_justification),
    )
    return assessment_out(a)


@router.put("/assessments/{assessment_id}", response={200: dict[str, Any], **WRITE_ERRORS})
def save_assessment(
    request: HttpRequest, assessment_id: str, payload: dict[str, Any] = DOC_BODY
) -> dict[str, Any]:
    """Save a draft: any of the document fields, with `version` (409 if someone saved)."""
    version = _version(payload)
    data = {k: v for k, v in payload.items() if k != "version"}
    a = services.save_draft(
        actor=actor(request), assessment_id=assessment_id, data=data, expected_version=version
    )
    return assessment_out(a)


@router.post(
    "/assessments/{assessment_id}/instruments/{code}",
    response={201: dict[str, Any], **WRITE_ERRORS},
)
def attach_instrument(
    request: HttpRequest, assessment_id: str, code: str, payload: dict[str, Any] = SCORE_BODY
) -> Status[dict[str, Any]]:
    """Score an instrument and attach the result to the draft."""
    _instrument(code)
    row = services.score_instrument(
        actor=actor(request), assessment_id=assessment_id, code=code, payload=payload
    )
    return Status(201, result_out(row))


@router.delete(
    "/assessments/{assessment_id}/results/{result_id}",
    response={204: None, **WRITE_ERRORS},
)
def remove_instrument(request: HttpRequest, assessment_id: str, result_id: str) -> Status[None]:
    services.remove_instrument_result(
        actor=actor(request), assessment_id=assessment_id, result_id=result_id
    )
    return Status(204, None)


@router.post("/assessments/{assessment_id}/submit", response={200: dict[str, Any], **WRITE_ERRORS})
def submit(
    request: HttpRequest, assessment_id: str, payload: dict[str, Any] = DOC_BODY
) -> dict[str, Any]:
    """Submit the draft (422 listing what is missing); it supersedes the current assessment
    unless a manager must countersign first."""
    a = services.submit(
        actor=actor(request), assessment_id=assessment_id, expected_version=_version(payload)
    )
    return assessment_out(a)


@router.post(
    "/assessments/{assessment_id}/countersign", response={200: dict[str, Any], **WRITE_ERRORS}
)
def countersign(
    request: HttpRequest, assessment_id: str, payload: dict[str, Any] | None = NOTE_BODY
) -> dict[str, Any]:
    note = payload.get("note", "") if isinstance(payload, dict) else ""
    a = services.countersign(actor=actor(request), assessment_id=assessment_id, note=note)
    return assessment_out(a)


@router.get("/assessments/{assessment_id}/summary.pdf", response={200: None, **READ_ERRORS})
def summary(
    request: HttpRequest,
    assessment_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> HttpResponse:
    """The one-page RoSH summary (a download, audited as a disclosure to the caller)."""
    a, export = services.export_summary(
        actor=actor(request),
        assessment_id=assessment_id,
        justification=justification_from_header(x_justification),
    )
    return download(summary_pdf(a), export)


# ---------------------------------------------------------------- MAPPA level


def decision_out(d: LevelDecision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "case_id": d.case_id,
        "assessment_id": d.assessment_id,
        "flags": d.flags,
        "indicated_level": d.indicated_level,
        "indicated_reasons": d.indicated_reasons,
        "rule_version": d.rule_version,
        "decided_level": d.decided_level,
        "reason": d.reason,
        "decided_by": d.decided_by.username,
        "decided_at": d.decided_at.isoformat(),
    }


@router.get("/cases/{case_id}/level-decisions", response={200: dict[str, Any], **READ_ERRORS})
def list_level_decisions(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    _, rows = reads.consult_case_records(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
        action="list_level_decisions",
        load=services.level_decisions,
    )
    return {"count": len(rows), "items": [decision_out(d) for d in rows]}


@router.post("/cases/{case_id}/level-decisions", response={201: dict[str, Any], **WRITE_ERRORS})
def decide_level(
    request: HttpRequest, case_id: str, payload: dict[str, Any] = DECISION_BODY
) -> Status[Any]:
    """Record the level decided (`level`, `reason`) beside what the criteria (`flags`) and the
    current ratings indicate; a different level changes the case and its review date."""
    if not isinstance(payload, dict):
        raise DomainValidationError.single("body", "must be a JSON object")
    row = services.decide_level(
        actor=actor(request),
        case_id=case_id,
        flags=payload.get("flags", {}),
        level=payload.get("level"),
        reason=payload.get("reason", ""),
    )
    return Status(201, decision_out(row))
