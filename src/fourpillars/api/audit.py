"""Audit routes for auditors: read the trail with filters, and check its hash chain.

[DPA-2018] s.62: who collected, altered, consulted, disclosed, combined or erased
which record, when, from which agency and role, and why. Reading the trail is itself audited.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Query

from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError, FieldError
from fourpillars.services import checkpoints
from fourpillars.services.access import require
from fourpillars.services.audit.reads import read_trail

from . import present
from .auth import actor
from .paging import envelope, page_param, size_param
from .schemas import AuditPageOut, ErrorOut, ValidationErrorOut, VerifyOut

router = Router(tags=["audit"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


@router.get("/audit", response={200: AuditPageOut, **ERRORS})
def read_audit(
    request: HttpRequest,
    user: str = Query("", max_length=150, description="Username of the actor"),
    case: str = Query("", max_length=40, description="Case id or reference (FP-A-000001)"),
    operation: str = Query("", description="collection, alteration, consultation, ..."),
    date_from: str = Query("", description="YYYY-MM-DD, inclusive"),
    date_to: str = Query("", description="YYYY-MM-DD, inclusive"),
    page: int = page_param(),
    page_size: int = size_param(50),
) -> dict[str, object]:
    """Audit rows, newest first (auditors only; 403 for everyone else)."""
    filters = {
        "user": user,
        "case_id": case,
        "operation": operation,
        "date_from": date_from,
        "date_to": date_to,
    }
    try:
        rows = read_trail(actor=actor(request), filters=filters, page=page, page_size=page_size)
    except DomainValidationError as exc:
        # The service names the case filter ``case_id``; this route's parameter is ``case``.
        renamed = [
            FieldError("case" if e.field == "case_id" else e.field, e.message) for e in exc.errors
        ]
        raise DomainValidationError(renamed) from None
    return envelope(rows, present.audit_row)


@router.get("/audit/verify", response={200: VerifyOut, 401: ErrorOut, 403: ErrorOut})
def verify_audit(request: HttpRequest) -> dict[str, object]:
    """Walk the whole hash chain and hold it against the signed checkpoints on this machine
    (peer nodes are asked by `fourpillars verify-audit`); `ok` false names the first altered,
    removed or moved row, or the first checkpoint the log does not agree with. `restores`
    names each signed restore of an older backup and the rows it lost (not a failure)."""
    require(actor(request), Permission.READ_AUDIT)
    check = checkpoints.check_trail(peers=False)
    broken = check.broken
    return {
        "ok": check.ok,
        "rows_checked": check.rows,
        "first_bad_row": broken.seq if broken else None,
        "reason": broken.reason if broken else "; ".join(check.problems),
        "restores": check.restores,
    }
