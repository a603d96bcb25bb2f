"""Received information and criminal-record requests (decision 0023).

- ``/received/convictions`` (the operator's queue), ``/received/convictions/{id}`` (origin,
  the person as sent, candidates with reasons; the content with ``X-Justification`` when its
  purpose allows), ``/received/convictions/{id}/match``.
- ``/received/risk-notifications`` (the operator's, or the co-ordinator's area's),
  ``/received/risk-notifications/{id}``, ``/match``, ``/open-case``.
- ``/cases/{id}/received``: a visible case's information from abroad; the content of each item
  only for the purpose in ``X-Justification`` when compatible (``refused`` says why not).
- ``/received/record-requests`` (received and sent), ``/received/record-requests/{id}``,
  ``/answer``; ``POST /received/record-requests`` asks another state.

Every route calls ``services.exchange_received``: 404 for hidden and missing alike, 403 with
the policy's reason, 422 naming the field, 409 for an item matched or a request answered
already.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from fourpillars.received.models import ForeignConviction, ReceivedRiskNotification, RecordRequest
from fourpillars.services.exchange_received import consulting, matching, reads
from fourpillars.services.exchange_received import requests as record_requests

from .auth import actor
from .cases import (
    JUSTIFICATION,
    READ_ERRORS,
    WRITE_ERRORS,
    JustificationHeader,
    justification_from_header,
)
from .inputs import In
from .paging import envelope, page_param, size_param, slice_of
from .schemas import ErrorOut, PageMeta, ValidationErrorOut

router = Router(tags=["received from other countries"])
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


class MatchIn(In):
    choice: str = Field(description='A candidate\'s person id, or "none"')
    reason: str = Field("", description="What was checked (required for none)")


class OpenCaseIn(In):
    lead_agency: str = Field(description="Code of the police, probation or prison agency")
    category: int
    level: int
    start_date: str | None = None


class AnswerIn(In):
    answer: str = Field(description="records, no_records, identification or delay")
    person: int | None = Field(None, description="The candidate the request concerns")
    note: str = ""


class RequestIn(In):
    receiver: str = Field(description="The country asked (its node's code, e.g. NL)")
    purpose: str = Field(
        description="criminal_proceedings, other_lawful_purpose, work_with_children, own_request"
    )
    reason: str
    person: int | None = Field(None, description="A person on the register, or the names below")
    family_name: str = ""
    given_names: str = ""
    date_of_birth: str = ""
    nationality: str = ""


class ItemOut(Schema):
    id: int
    kind: str
    sender: str
    message_id: str
    received_at: dt.datetime
    purpose: str
    shown_for: list[str]
    status: str
    identity: dict[str, Any]
    candidates: list[dict[str, Any]]
    person_id: int | None
    case_id: int | None = None
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str
    deleted: bool = False
    content: dict[str, Any] | None = None
    refused: str = ""


class ItemPageOut(PageMeta):
    items: list[ItemOut]


class CaseReceivedOut(Schema):
    case_id: int
    purpose: str | None
    items: list[ItemOut]


class RequestOut(Schema):
    id: int
    incoming: bool
    peer: str
    message_id: str
    purpose: str
    reason: str
    state: str
    at: dt.datetime
    due_date: dt.date | None
    identity: dict[str, Any]
    candidates: list[dict[str, Any]]
    person_id: int | None
    answers: list[dict[str, Any]]
    response: dict[str, Any]


class RequestPageOut(PageMeta):
    items: list[RequestOut]


def item_out(shown: consulting.Shown) -> dict[str, object]:
    item = shown.item
    return {
        "id": item.pk,
        "kind": shown.kind,
        "sender": item.sender,
        "message_id": item.message_id,
        "received_at": item.received_at,
        "purpose": item.purpose,
        "shown_for": shown.shown_for,
        "status": item.status,
        "identity": item.identity,
        "candidates": item.candidates,
        "person_id": item.person_id,
        "case_id": getattr(item, "case_id", None),
        "withdrawn_at": item.withdrawn_at,
        "withdrawal_reason": item.withdrawal_reason,
        "deleted": bool(getattr(item, "deleted", False)),
        "content": shown.content,
        "refused": shown.refused,
    }


def _origin_only(item: ForeignConviction | ReceivedRiskNotification) -> dict[str, object]:
    return item_out(consulting.judge(item, None))


def request_out(r: RecordRequest) -> dict[str, object]:
    return {
        "id": r.pk,
        "incoming": r.incoming,
        "peer": r.peer,
        "message_id": r.message_id,
        "purpose": r.purpose,
        "reason": r.reason,
        "state": r.state,
        "at": r.at,
        "due_date": r.due_date,
        "identity": r.identity,
        "candidates": r.candidates,
        "person_id": r.person_id,
        "answers": r.answers,
        "response": r.response,
    }


@router.get("/received/convictions", response={200: ItemPageOut, **LIST_ERRORS})
def conviction_queue(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """Convictions from abroad waiting to be matched, oldest first (the node's operator)."""
    rows = list(reads.conviction_queue(actor(request))[:1000])
    return envelope(slice_of(rows, page, page_size), _origin_only)


def _read(
    request: HttpRequest, item: ForeignConviction | ReceivedRiskNotification, raw: str | None
) -> dict[str, object]:
    matching.refresh_candidates(item)
    shown = consulting.read_item(
        actor=actor(request), item=item, justification=justification_from_header(raw)
    )
    return item_out(shown)


@router.get("/received/convictions/{item_id}", response={200: ItemOut, **READ_ERRORS})
def get_conviction(
    request: HttpRequest,
    item_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    """Origin, the person as sent and the candidates; the content too for a compatible
    purpose given in ``X-Justification`` (audited either way)."""
    item = matching.find_conviction(actor(request), item_id)
    return _read(request, item, x_justification)


@router.post("/received/convictions/{item_id}/match", response={200: ItemOut, **WRITE_ERRORS})
def match_conviction(request: HttpRequest, item_id: str, payload: MatchIn) -> dict[str, object]:
    """Confirm the person (it enters their record; re-screening is asked for), or none."""
    done = matching.confirm_conviction(
        actor=actor(request), item_id=item_id, data=payload.model_dump()
    )
    return _origin_only(done)


@router.get("/received/risk-notifications", response={200: ItemPageOut, **LIST_ERRORS})
def notice_queue(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """Risk notifications waiting: the operator's all, a co-ordinator's their area's."""
    rows = list(reads.notice_queue(actor(request))[:1000])
    return envelope(slice_of(rows, page, page_size), _origin_only)


@router.get("/received/risk-notifications/{item_id}", response={200: ItemOut, **READ_ERRORS})
def get_notice(
    request: HttpRequest,
    item_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    item = matching.find_notice(actor(request), item_id)
    return _read(request, item, x_justification)


@router.post(
    "/received/risk-notifications/{item_id}/match", response={200: ItemOut, **WRITE_ERRORS}
)
def match_notice(request: HttpRequest, item_id: str, payload: MatchIn) -> dict[str, object]:
    """Confirm the person (added to their open case), or none."""
    done = matching.confirm_notice(actor=actor(request), item_id=item_id, data=payload.model_dump())
    return _origin_only(done)


@router.post(
    "/received/risk-notifications/{item_id}/open-case", response={200: ItemOut, **WRITE_ERRORS}
)
def open_case(request: HttpRequest, item_id: str, payload: OpenCaseIn) -> dict[str, object]:
    """Open a case for the person named (the co-ordinator of the receiving area)."""
    done = matching.open_case_for_notice(
        actor=actor(request), item_id=item_id, case=payload.model_dump()
    )
    return _origin_only(done)


@router.get("/cases/{case_id}/received", response={200: CaseReceivedOut, **READ_ERRORS})
def case_received(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    """A case's information from abroad: origins always; each item's content only for a
    purpose (``X-Justification``) compatible with the one it was sent for."""
    justification = justification_from_header(x_justification)
    case, reading = consulting.read_for_case(
        actor=actor(request), case_id=case_id, justification=justification
    )
    return {
        "case_id": case.pk,
        "purpose": justification.purpose.value if justification else None,
        "items": [item_out(s) for s in reading.items],
    }


@router.get("/received/record-requests", response={200: RequestPageOut, **LIST_ERRORS})
def list_requests(
    request: HttpRequest,
    incoming: bool = True,
    page: int = page_param(),
    page_size: int = size_param(),
) -> dict[str, object]:
    """Criminal-record requests received (or sent: ``incoming=false``), soonest due first."""
    rows = list(record_requests.requests(actor(request), incoming=incoming)[:1000])
    return envelope(slice_of(rows, page, page_size), request_out)


@router.post("/received/record-requests", response={201: RequestOut, **WRITE_ERRORS})
def send_request(request: HttpRequest, payload: RequestIn) -> tuple[int, dict[str, object]]:
    """Ask another state's central authority for a person's record."""
    row = record_requests.send_request(actor=actor(request), data=payload.model_dump())
    return 201, request_out(row)


@router.get("/received/record-requests/{request_id}", response={200: RequestOut, **READ_ERRORS})
def get_request(request: HttpRequest, request_id: str) -> dict[str, object]:
    return request_out(record_requests.find_request(actor(request), request_id))


@router.post(
    "/received/record-requests/{request_id}/answer", response={200: RequestOut, **WRITE_ERRORS}
)
def answer_request(request: HttpRequest, request_id: str, payload: AnswerIn) -> dict[str, object]:
    """Answer: the records, no records, more information to identify, or a delay."""
    done = record_requests.answer_request(
        actor=actor(request), request_id=request_id, data=payload.model_dump()
    )
    return request_out(done)
