"""Referrals, transfers between areas and possible duplicates (decision 0018).

- ``/cases/{id}/referrals`` (list; refer: MAPPA A), ``/referrals`` (the co-ordinator's queue),
  ``/referrals/mine``, ``/referrals/{id}`` (read), ``/referrals/{id}/accept``, ``/decline``,
  ``/read`` (the referrer reads the outcome), ``/referrals/{id}/mappa-a.pdf``.
- ``/cases/{id}/transfers`` (list; request), ``/transfers`` (transfers into the co-ordinator's
  area), ``/transfers/mine``, ``/transfers/{id}``, ``/accept``, ``/refuse``, ``/withdraw``,
  ``/read``.
- ``/duplicates`` (the co-ordinator's possible duplicates), ``/duplicates/{id}`` (identity
  only), ``/duplicates/{id}/resolve``.

Every route calls ``services.referrals``: the same 404 for hidden and missing records, 403 with
the policy's reason, 422 naming the field, 409 for a referral or transfer decided already, and
the purpose in ``X-Justification`` for a case led by another agency (428 without it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from fourpillars.domain.mappa import LEVEL_LABELS, MappaLevel
from fourpillars.referrals.models import DuplicateFlag, Referral, Transfer
from fourpillars.reports.downloads import download
from fourpillars.reports.referral import referral_pdf
from fourpillars.services.referrals import ages, duplicates, screening, transfers

from .auth import actor
from .cases import (
    JUSTIFICATION,
    READ_ERRORS,
    WRITE_ERRORS,
    JustificationHeader,
    justification_from_header,
)
from .inputs import In, ReasonIn
from .paging import envelope, page_param, size_param, slice_of
from .schemas import ErrorOut, PageMeta, Ref, ValidationErrorOut

router = Router(tags=["referrals and transfers"])
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}

# ---------------------------------------------------------------- bodies


class ReferralIn(In):
    reason: str = Field(description="Reason for referral")
    current_risk: str = Field(description="Current risk: who, what harm, how likely, how soon")
    cannot_manage: str = Field(description="What cannot be managed at the current level")
    proposed_level: int = Field(description="2 or 3, not below the case's level")


class AcceptIn(In):
    level: int = Field(description="The level decided: 2 or 3")
    reason: str = Field(description="Why (recorded with the level decision)")
    flags: dict[str, bool] | None = Field(
        None,
        description="Level criteria (GET /reference is not needed: the level screen's codes, "
        'e.g. {"adds_value": true}); when left out, accepting affirms "adds_value"',
    )


class TransferIn(In):
    proposed_lead_agency: str = Field(
        description="Code of the police, probation or prison agency to lead it in its new area"
    )
    reason: str


class AcceptTransferIn(In):
    handover_note: str = Field(description="What was handed over, or where the meeting is minuted")
    access_ends_on: str | None = Field(
        None, description="YYYY-MM-DD: the old area's last day of access (default 28 days)"
    )


class ResolveIn(In):
    outcome: str = Field(description="same_person or different_people")
    reason: str


# ---------------------------------------------------------------- shapes


class AgeOut(Schema):
    days: int
    unit: str
    due: dt.date
    overdue: bool
    target: str


class ReferralOut(Schema):
    id: int
    case_id: int
    case_reference: str
    name: str
    status: str
    reason: str
    current_risk: str
    cannot_manage: str
    proposed_level: int
    proposed_level_label: str
    level_at_referral: int
    referred_by: str
    referring_agency: Ref
    referred_at: dt.datetime
    age: AgeOut
    screened_by: str | None
    screened_at: dt.datetime | None
    decided_level: int | None
    screening_reason: str
    level_decision_id: int | None
    outcome_seen_at: dt.datetime | None


class ReferralPageOut(PageMeta):
    items: list[ReferralOut]


class TransferOut(Schema):
    id: int
    case_id: int
    case_reference: str
    name: str
    status: str
    from_area: Ref
    from_lead_agency: Ref
    to_area: Ref
    proposed_lead_agency: Ref
    reason: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str
    handover_note: str
    access_ends_at: dt.datetime | None
    outcome_seen_at: dt.datetime | None


class TransferPageOut(PageMeta):
    items: list[TransferOut]


class SideOut(Schema):
    mine: bool
    area: Ref
    names: list[str]
    date_of_birth: dt.date | None
    case_id: int | None = Field(description="Only for the record in the caller's own area")
    case_reference: str | None
    coordinators: list[str] = Field(description="The other area's co-ordinators to contact")


class DuplicateOut(Schema):
    id: int
    status: str
    reasons: list[dict[str, str]]
    rule_version: str
    detected_at: dt.datetime
    resolved_by: str | None
    resolved_at: dt.datetime | None
    resolution_reason: str
    sides: list[SideOut] = Field(description="Identity only; never the other case's content")


class DuplicateSummaryOut(Schema):
    id: int
    status: str
    detected_at: dt.datetime
    own_case_id: int
    own_case_reference: str
    other_area: Ref


class DuplicatePageOut(PageMeta):
    items: list[DuplicateSummaryOut]


def _ref(obj: Any) -> dict[str, str]:
    return {"code": obj.code, "name": obj.name}


def _who(user: Any) -> str | None:
    return None if user is None else str(user.get_username())


def _level_label(value: int) -> str:
    try:
        return LEVEL_LABELS[MappaLevel(value)]
    except ValueError:
        return str(value)


def referral_out(r: Referral) -> dict[str, object]:
    age = ages.age_of(r)
    return {
        "id": r.pk,
        "case_id": r.case_id,
        "case_reference": r.case.reference,
        "name": r.case.person.display_name,
        "status": r.status,
        "reason": r.reason,
        "current_risk": r.current_risk,
        "cannot_manage": r.cannot_manage,
        "proposed_level": r.proposed_level,
        "proposed_level_label": _level_label(r.proposed_level),
        "level_at_referral": r.level_at_referral,
        "referred_by": r.referred_by.get_username(),
        "referring_agency": _ref(r.referring_agency),
        "referred_at": r.referred_at,
        "age": {
            "days": age.days,
            "unit": "working days" if age.target.working_days else "days",
            "due": age.due,
            "overdue": age.overdue,
            "target": f"{age.target.describe()} ({age.target.version})",
        },
        "screened_by": _who(r.screened_by),
        "screened_at": r.screened_at,
        "decided_level": r.decided_level,
        "screening_reason": r.screening_reason,
        "level_decision_id": r.level_decision_id,
        "outcome_seen_at": r.outcome_seen_at,
    }


def transfer_out(t: Transfer) -> dict[str, object]:
    return {
        "id": t.pk,
        "case_id": t.case_id,
        "case_reference": t.case.reference,
        "name": t.case.person.display_name,
        "status": t.status,
        "from_area": _ref(t.from_area),
        "from_lead_agency": _ref(t.from_lead_agency),
        "to_area": _ref(t.to_area),
        "proposed_lead_agency": _ref(t.proposed_lead_agency),
        "reason": t.reason,
        "requested_by": t.requested_by.get_username(),
        "requested_at": t.requested_at,
        "decided_by": _who(t.decided_by),
        "decided_at": t.decided_at,
        "decision_reason": t.decision_reason,
        "handover_note": t.handover_note,
        "access_ends_at": t.access_ends_at,
        "outcome_seen_at": t.outcome_seen_at,
    }


def duplicate_out(view: duplicates.DuplicateView) -> dict[str, object]:
    f = view.flag
    return {
        "id": f.pk,
        "status": f.status,
        "reasons": list(f.reasons),
        "rule_version": f.rule_version,
        "detected_at": f.detected_at,
        "resolved_by": _who(f.resolved_by),
        "resolved_at": f.resolved_at,
        "resolution_reason": f.resolution_reason,
        "sides": [
            {
                "mine": s.mine,
                "area": _ref(s.area),
                "names": [n.full for n in s.names],
                "date_of_birth": s.date_of_birth,
                "case_id": s.case.pk if s.case else None,
                "case_reference": s.case.reference if s.case else None,
                "coordinators": s.contacts,
            }
            for s in view.sides
        ],
    }


def duplicate_summary(item: duplicates.QueueItem) -> dict[str, object]:
    f: DuplicateFlag = item.flag
    other = f.case_b if item.own.pk == f.case_a_id else f.case_a
    return {
        "id": f.pk,
        "status": f.status,
        "detected_at": f.detected_at,
        "own_case_id": item.own.pk,
        "own_case_reference": item.own.reference,
        "other_area": _ref(other.area),
    }


# ---------------------------------------------------------------- referrals


@router.get("/cases/{case_id}/referrals", response={200: ReferralPageOut, **READ_ERRORS})
def list_case_referrals(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
    page: int = page_param(),
    page_size: int = size_param(),
) -> dict[str, object]:
    """The case's referrals, newest first (a consultation of the case, audited)."""
    _, rows = screening.list_case_referrals(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
    )
    return envelope(slice_of(rows, page, page_size), referral_out)


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut, **WRITE_ERRORS})
def refer_case(request: HttpRequest, case_id: str, payload: ReferralIn) -> Status[object]:
    """Refer the case for level 2 or 3 management (MAPPA A): any agency with access to it."""
    made = screening.refer_case(actor=actor(request), case_id=case_id, data=payload.model_dump())
    return Status(201, referral_out(screening.find_referral(actor(request), made.pk)))


@router.get("/referrals", response={200: ReferralPageOut, **LIST_ERRORS})
def referral_queue(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """The co-ordinator's queue: the area's referrals waiting for screening, oldest first,
    each with its age against the target (`age.overdue`). Co-ordinators only."""
    found = screening.queue(actor=actor(request))
    rows = [row.referral for row in found.waiting]
    return envelope(slice_of(rows, page, page_size), referral_out)


@router.get("/referrals/mine", response={200: ReferralPageOut, **LIST_ERRORS})
def my_referrals(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """The referrals the caller made, newest first, with their outcome."""
    rows = [row.referral for row in screening.made_by(actor=actor(request))]
    return envelope(slice_of(rows, page, page_size), referral_out)


@router.get("/referrals/{referral_id}", response={200: ReferralOut, **READ_ERRORS})
def get_referral(
    request: HttpRequest,
    referral_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    found = screening.consult_referral(
        actor=actor(request),
        referral_id=referral_id,
        justification=justification_from_header(x_justification),
    )
    return referral_out(found)


@router.post("/referrals/{referral_id}/accept", response={200: ReferralOut, **WRITE_ERRORS})
def accept_referral(request: HttpRequest, referral_id: str, payload: AcceptIn) -> dict[str, object]:
    """Accept at level 2 or 3: the level is set through a recorded level decision."""
    done = screening.screen(
        actor=actor(request),
        referral_id=referral_id,
        outcome="accept",
        level=payload.level,
        reason=payload.reason,
        flags=payload.flags,
    )
    return referral_out(done)


@router.post("/referrals/{referral_id}/decline", response={200: ReferralOut, **WRITE_ERRORS})
def decline_referral(
    request: HttpRequest, referral_id: str, payload: ReasonIn
) -> dict[str, object]:
    """Decline with the reason, which goes back to the referrer."""
    done = screening.screen(
        actor=actor(request), referral_id=referral_id, outcome="decline", reason=payload.reason
    )
    return referral_out(done)


@router.post("/referrals/{referral_id}/read", response={200: ReferralOut, **WRITE_ERRORS})
def read_referral_outcome(request: HttpRequest, referral_id: str) -> dict[str, object]:
    """The referrer has read the outcome (it leaves their waiting list)."""
    return referral_out(screening.mark_read(actor=actor(request), referral_id=referral_id))


@router.get("/referrals/{referral_id}/mappa-a.pdf", response={200: None, **READ_ERRORS})
def referral_as_pdf(
    request: HttpRequest,
    referral_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> HttpResponse:
    """The referral as a MAPPA A PDF (a download, audited as a disclosure to the caller)."""
    found, export = screening.export_referral(
        actor=actor(request),
        referral_id=referral_id,
        justification=justification_from_header(x_justification),
    )
    return download(referral_pdf(found), export)


# ---------------------------------------------------------------- transfers


@router.get("/cases/{case_id}/transfers", response={200: TransferPageOut, **READ_ERRORS})
def list_case_transfers(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
    page: int = page_param(),
    page_size: int = size_param(),
) -> dict[str, object]:
    """The case's transfers between areas, newest first (a consultation, audited)."""
    _, rows = transfers.list_case_transfers(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
    )
    return envelope(slice_of(rows, page, page_size), transfer_out)


@router.post("/cases/{case_id}/transfers", response={201: TransferOut, **WRITE_ERRORS})
def request_transfer(request: HttpRequest, case_id: str, payload: TransferIn) -> Status[object]:
    """Ask another area to take the case over (the case's managers)."""
    made = transfers.request(
        actor=actor(request),
        case_id=case_id,
        proposed_lead_agency=payload.proposed_lead_agency,
        reason=payload.reason,
    )
    return Status(201, transfer_out(transfers.find_transfer(actor(request), made.pk)))


@router.get("/transfers", response={200: TransferPageOut, **LIST_ERRORS})
def transfer_queue(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """Transfers into the co-ordinator's area waiting for a decision. Co-ordinators only."""
    found = transfers.queue(actor=actor(request))
    return envelope(slice_of(found.waiting, page, page_size), transfer_out)


@router.get("/transfers/mine", response={200: TransferPageOut, **LIST_ERRORS})
def my_transfers(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    rows = transfers.requested_by(actor=actor(request))
    return envelope(slice_of(rows, page, page_size), transfer_out)


@router.get("/transfers/{transfer_id}", response={200: TransferOut, **READ_ERRORS})
def get_transfer(
    request: HttpRequest,
    transfer_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    found = transfers.consult_transfer(
        actor=actor(request),
        transfer_id=transfer_id,
        justification=justification_from_header(x_justification),
    )
    return transfer_out(found)


@router.post("/transfers/{transfer_id}/accept", response={200: TransferOut, **WRITE_ERRORS})
def accept_transfer(
    request: HttpRequest, transfer_id: str, payload: AcceptTransferIn
) -> dict[str, object]:
    """The receiving co-ordinator accepts: lead agency and area hand over; the old area keeps
    access until the end of `access_ends_on`."""
    done = transfers.accept(
        actor=actor(request),
        transfer_id=transfer_id,
        handover_note=payload.handover_note,
        access_ends_on=payload.access_ends_on,
    )
    return transfer_out(done)


@router.post("/transfers/{transfer_id}/refuse", response={200: TransferOut, **WRITE_ERRORS})
def refuse_transfer(request: HttpRequest, transfer_id: str, payload: ReasonIn) -> dict[str, object]:
    done = transfers.refuse(actor=actor(request), transfer_id=transfer_id, reason=payload.reason)
    return transfer_out(done)


@router.post("/transfers/{transfer_id}/withdraw", response={200: TransferOut, **WRITE_ERRORS})
def withdraw_transfer(
    request: HttpRequest, transfer_id: str, payload: ReasonIn
) -> dict[str, object]:
    done = transfers.withdraw(actor=actor(request), transfer_id=transfer_id, reason=payload.reason)
    return transfer_out(done)


@router.post("/transfers/{transfer_id}/read", response={200: TransferOut, **WRITE_ERRORS})
def read_transfer_decision(request: HttpRequest, transfer_id: str) -> dict[str, object]:
    return transfer_out(transfers.mark_read(actor=actor(request), transfer_id=transfer_id))


# ---------------------------------------------------------------- possible duplicates


@router.get("/duplicates", response={200: DuplicatePageOut, **LIST_ERRORS})
def duplicate_queue(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """Possible duplicates involving the co-ordinator's area, to resolve. Co-ordinators only."""
    found = duplicates.queue(actor=actor(request))
    return envelope(slice_of(found.waiting, page, page_size), duplicate_summary)


@router.get("/duplicates/{flag_id}", response={200: DuplicateOut, **READ_ERRORS})
def get_duplicate(request: HttpRequest, flag_id: str) -> dict[str, object]:
    """Identity only: each record's names, date of birth and area, the other area's
    co-ordinators, and the caller's own case."""
    return duplicate_out(duplicates.consult(actor=actor(request), flag_id=flag_id))


@router.post("/duplicates/{flag_id}/resolve", response={200: DuplicateOut, **WRITE_ERRORS})
def resolve_duplicate(request: HttpRequest, flag_id: str, payload: ResolveIn) -> dict[str, object]:
    """The same person (a link is requested) or different people (dismissed), with why."""
    user = actor(request)
    duplicates.resolve(actor=user, flag_id=flag_id, outcome=payload.outcome, reason=payload.reason)
    return duplicate_out(duplicates.consult(actor=user, flag_id=flag_id))
