"""Emergency (break-glass) access to a case outside need to know (decision 0030).

- ``POST /emergency-access``: ask, with the case's reference and the emergency. The answer is
  the same whether the reference names a hidden case, one the caller sees already, or nothing;
  the request is audited either way, and a grant is told to the case's lead agency and the
  area's co-ordinators at once.
- ``GET /emergency-access``: the caller's unexpired grants, soonest to end first, each naming
  its case (then read through ``GET /cases/{case_id}`` like any case, without
  ``X-Justification``: every read is marked "break-glass" with the reason given).

Both call ``services.cases.emergency``, which asks the policy (403 for roles it leaves out)
and names the field at fault (422). A grant cannot be ended early: it expires on its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from fourpillars.domain.dates import long_datetime
from fourpillars.register.models import EmergencyAccess
from fourpillars.services.cases import emergency

from .auth import actor
from .inputs import In
from .paging import envelope, page_param, size_param, slice_of
from .schemas import ErrorOut, PageMeta, ValidationErrorOut

router = Router(tags=["emergency access"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


class EmergencyAccessIn(In):
    reference: str = Field(
        description="The case's reference as written on it, e.g. FP-A-000123 (any case; "
        f"at most {emergency.REFERENCE_MAX} characters)"
    )
    reason: str = Field(
        description="What the emergency is and why the lead agency's sharing cannot be waited "
        "for: at least the policy's minimum (20 characters unless the deployment sets "
        f"another), at most {emergency.REASON_MAX}. The lead agency and the co-ordinator read it."
    )


class EmergencyAnswerOut(Schema):
    reference: str = Field(description="The reference as read (trimmed, upper case)")
    until: dt.datetime = Field(description="When access would end")
    hours: int
    detail: str = Field(description="The same words whether or not a case was found")


class EmergencyGrantOut(Schema):
    id: int
    case_id: int
    case_reference: str
    reason: str
    granted_at: dt.datetime
    expires_at: dt.datetime
    policy_version: str


class EmergencyGrantPageOut(PageMeta):
    items: list[EmergencyGrantOut]


def answer_out(answer: emergency.EmergencyAnswer) -> dict[str, object]:
    until = long_datetime(timezone.localtime(answer.until))
    return {
        "reference": answer.reference,
        "until": answer.until,
        "hours": answer.hours,
        "detail": (
            "If a case with this reference exists and is not already open to you, you can read "
            f"it until {until}. Its lead agency and the area's MAPPA co-ordinator have been "
            "told, with your reason. GET /emergency-access lists the cases open to you this way."
        ),
    }


def grant_out(grant: EmergencyAccess) -> dict[str, object]:
    return {
        "id": grant.pk,
        "case_id": grant.case_id,
        "case_reference": grant.case.reference,
        "reason": grant.reason,
        "granted_at": grant.granted_at,
        "expires_at": grant.expires_at,
        "policy_version": grant.policy_version,
    }


@router.post("/emergency-access", response={200: EmergencyAnswerOut, **ERRORS})
def ask_for_emergency_access(request: HttpRequest, payload: EmergencyAccessIn) -> dict[str, object]:
    """Read a case outside need to know for a few hours, in an emergency, with the reason
    (audited; the case's lead agency and the area's co-ordinators are told at once). Police,
    probation and prison offender managers unless the deployment names other roles."""
    answer = emergency.request_access(
        actor=actor(request), reference=payload.reference, reason=payload.reason
    )
    return answer_out(answer)


@router.get("/emergency-access", response={200: EmergencyGrantPageOut, **ERRORS})
def my_emergency_access(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """Your emergency access that has not expired, soonest to end first."""
    grants = emergency.my_emergency_access(actor(request))
    return envelope(slice_of(grants, page, page_size), grant_out)
