"""Case routes: search, open, timeline, register, change, status, share and revoke.

Every route goes through the services, which fetch cases only through
``Case.objects.visible_to`` and write the audit row in the same transaction; a case that is
missing and one the caller may not see give the same 404. Writes answer the case's own fields
and versions, never the person record: reading that is a consultation (GET), audited with its
justification. A consultation by someone outside
the lead agency needs ``X-Justification: <purpose code>[; <text>]`` (DPA 2018 s.62), else 428.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.params.functions import Body, Header, Query
from pydantic import WithJsonSchema

from fourpillars.domain.audit import Justification, Purpose, parse_justification
from fourpillars.domain.errors import Collector
from fourpillars.services import cases as case_services
from fourpillars.services.cases import reads
from fourpillars.services.paging import Page

from . import present
from .auth import actor
from .errors import JUSTIFICATION_HEADER
from .inputs import ReasonIn, RegisterIn, ShareIn, StatusIn
from .paging import envelope, page_param, size_param
from .schemas import (
    CaseDetailOut,
    CaseFieldsOut,
    CasePageOut,
    ConflictOut,
    ErrorOut,
    JustificationRequiredOut,
    ShareOut,
    TimelinePageOut,
    ValidationErrorOut,
)

router = Router(tags=["cases"])

READ_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    428: JustificationRequiredOut,
}
WRITE_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ConflictOut,
    422: ValidationErrorOut,
}
# Fields of a case that PATCH may change; lead agency and area move by transfer (not yet).
EDITABLE = {
    "category",
    "level",
    "start_date",
    "next_review_date",
    "disposal",
    "disposal_date",
    "custody_months",
    "discharge_months",
    "under_18_at_disposal",
}
CHANGES_BODY = Body(..., description="`version` and the fields to change")
# The body as the service reads it: `version` required, only the editable fields (their values
# are checked by the service, which names the field at fault).
CaseChanges = Annotated[
    dict[str, Any],
    WithJsonSchema(
        {
            "type": "object",
            "required": ["version"],
            "properties": {
                "version": {"type": "integer", "description": "The case version you loaded"},
                **{name: {} for name in sorted(EDITABLE)},
            },
            "additionalProperties": False,
        }
    ),
]
OPTIONAL_BODY = Body(None, description='Optional: {"reason": "..."}')
JUSTIFICATION_DOC = "`<purpose code>` or `<purpose code>; <text>` (GET /reference/purposes)"
# The header's form as ``domain.audit.parse_justification`` reads it, documented (the domain
# checks it and names the header when it is wrong): a purpose code in any case, then optionally
# "; " and up to 500 characters of text without control characters.
_CODES = "|".join(
    "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in p.value) for p in Purpose
)
_TEXT = "[^\\x00-\\x1f\\x7f]"
JustificationHeader = Annotated[
    str | None,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^[ \\t]*({_CODES})[ \\t]*(;[ \\t]*({_TEXT}{{0,500}}[ \\t]*)?)?$",
        }
    ),
]
JUSTIFICATION = Header(None, alias=JUSTIFICATION_HEADER, description=JUSTIFICATION_DOC)


def justification_from_header(raw: str | None) -> Justification | None:
    return None if raw is None else parse_justification(raw, JUSTIFICATION_HEADER)


@router.get("/cases", response={200: CasePageOut, 401: ErrorOut, 422: ValidationErrorOut})
def list_cases(
    request: HttpRequest,
    q: str = Query("", max_length=200, description="Name, date of birth or identifier"),
    page: int = page_param(),
    page_size: int = size_param(),
) -> dict[str, object]:
    """Search the register (tolerant of case, accents and small misspellings); without `q`,
    the caller's own caseload. Hidden cases never appear, not even in `count`. Audited."""
    user = actor(request)
    if not q.strip():
        listing = reads.list_visible_cases(actor=user, page=page, page_size=page_size)
        return envelope(listing, present.case_summary)
    found = reads.search_cases(actor=user, query=q, page=page, page_size=page_size)
    result = Page(found.cases, found.total, found.page, found.page_size)
    return envelope(result, present.case_summary)


@router.post("/cases", response={201: CaseFieldsOut, **WRITE_ERRORS})
def register_case(request: HttpRequest, payload: RegisterIn) -> Status[object]:
    """Register a person for MAPPA management (MAPPA Guidance 1.5 step 1): person and case
    in one transaction; any invalid field refuses the whole registration."""
    user = actor(request)
    case = case_services.register_case(actor=user, person=payload.person, case=payload.case)
    return Status(201, present.case_fields(case))


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **READ_ERRORS})
def get_case(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    """Open a case (a consultation, audited with its justification)."""
    justification = justification_from_header(x_justification)
    shown = reads.consult_case(actor=actor(request), case_id=case_id, justification=justification)
    return present.case_detail(shown)


@router.get("/cases/{case_id}/timeline", response={200: TimelinePageOut, **READ_ERRORS})
def case_timeline(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
    page: int = page_param(),
    page_size: int = size_param(50),
) -> dict[str, object]:
    """What happened to the case and its person, newest first (a consultation, audited)."""
    events = reads.consult_timeline(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
        page=page,
        page_size=page_size,
    )
    return envelope(events, present.event)


def _case_changes(payload: dict[str, Any]) -> tuple[int, dict[str, object]]:
    errors = Collector()
    version = payload.get("version")
    if version is None:
        errors.add("version", "is required: send the case version you loaded")
    elif isinstance(version, bool) or not isinstance(version, int):
        errors.add("version", "must be a whole number (the case version you loaded)")
    for key in payload:
        if key != "version" and key not in EDITABLE:
            errors.add(key, "is not a field you can change here")
    errors.raise_if_any()
    return int(str(version)), {k: v for k, v in payload.items() if k != "version"}


@router.patch("/cases/{case_id}", response={200: CaseFieldsOut, **WRITE_ERRORS})
def update_case(
    request: HttpRequest, case_id: str, payload: CaseChanges = CHANGES_BODY
) -> dict[str, object]:
    """Change category, level, dates or disposal; `version` is the case version you loaded
    (409 naming the changed fields if someone saved in between)."""
    version, changes = _case_changes(payload)
    case = case_services.update_case(
        actor=actor(request), case_id=case_id, data=changes, expected_version=version
    )
    return present.case_fields(case)


@router.post("/cases/{case_id}/status", response={200: CaseFieldsOut, **WRITE_ERRORS})
def change_status(request: HttpRequest, case_id: str, payload: StatusIn) -> dict[str, object]:
    """Suspend, close or re-open a case, with the reason (a named transition)."""
    case = case_services.change_status(
        actor=actor(request), case_id=case_id, status=payload.status, reason=payload.reason
    )
    return present.case_fields(case)


@router.post("/cases/{case_id}/shares", response={201: ShareOut, **WRITE_ERRORS})
def share_case(request: HttpRequest, case_id: str, payload: ShareIn) -> Status[object]:
    """Disclose the case to another agency (CJA 2003 s.325(4)) with basis, reason, expiry."""
    share = case_services.share_case(
        actor=actor(request),
        case_id=case_id,
        agency=payload.agency,
        lawful_basis=payload.lawful_basis,
        reason=payload.reason,
        expires_at=payload.expires_at,
    )
    return Status(201, present.share(share))


@router.post("/cases/{case_id}/shares/{share_id}/revoke", response={200: ShareOut, **WRITE_ERRORS})
def revoke_share(
    request: HttpRequest, case_id: str, share_id: str, payload: ReasonIn
) -> dict[str, object]:
    """End an agency's access now, with the reason."""
    share = case_services.revoke_share(
        actor=actor(request), case_id=case_id, share_id=share_id, reason=payload.reason
    )
    return present.share(share)


@router.delete("/cases/{case_id}/shares/{share_id}", response={200: ShareOut, **WRITE_ERRORS})
def delete_share(
    request: HttpRequest,
    case_id: str,
    share_id: str,
    reason: str = Query("", description='Why access ends (or send {"reason"} in the body)'),
    payload: dict[str, Any] | None = OPTIONAL_BODY,
) -> dict[str, object]:
    """The same as POST .../revoke; the reason comes in the body or the query string."""
    share = case_services.revoke_share(
        actor=actor(request),
        case_id=case_id,
        share_id=share_id,
        reason=reason_from(payload, reason),
    )
    return present.share(share)


def reason_from(payload: dict[str, Any] | None, query_reason: str) -> str:
    """A reason sent in a JSON body wins over the query string; it must be text."""
    errors = Collector()
    value: object = (payload or {}).get("reason", query_reason)
    if not isinstance(value, str):
        errors.add("reason", "must be text")
    extra = sorted(set(payload or {}) - {"reason"})
    for key in extra:
        errors.add(key, "is not a field you can send here")
    errors.raise_if_any()
    return str(value)
