"""Received information (decision 0023): the queue of what waits to be matched, a received
conviction or risk notification with its candidates and the reasons, its reading for a
purpose, a case's received information, and the central authority's criminal-record
requests. Thin: every rule and change is in ``services.exchange_received``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from fourpillars.accounts.models import Agency
from fourpillars.domain import received as rules
from fourpillars.domain.access import Permission, refusal
from fourpillars.domain.agencies import LEAD_KINDS
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.exchange.models import Peer
from fourpillars.services.errors import Forbidden
from fourpillars.services.exchange_received import consulting, identities, matching, reads
from fourpillars.services.exchange_received import requests as record_requests
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.received import (
    AnswerForm,
    MatchForm,
    OpenCaseForm,
    PurposeForm,
    RecordRequestForm,
)
from fourpillars.web.templatetags.dates import long_date

from .common import actor, may, render


def _justification(form: PurposeForm) -> Justification | None:
    if not form.is_valid():
        return None
    return Justification(Purpose(form.cleaned_data["purpose"]), form.cleaned_data["text"])


def _choices(candidates: list[identities.CandidateView]) -> list[tuple[str, str]]:
    return [
        (
            str(c.person_id),
            f"{c.name}, born {long_date(c.date_of_birth) or 'not known'} "
            f"(score {c.score:.0f} of 100)",
        )
        for c in candidates
    ]


@login_required
@require_GET
@service_errors
def queue(request: HttpRequest) -> HttpResponse:
    """What waits to be matched: convictions (the operator) and risk notifications (the
    operator, and the receiving area's co-ordinator); 403 for anyone else."""
    user = actor(request)
    notices = list(reads.notice_queue(user)[:200])
    operator = may(request, Permission.OPERATE_EXCHANGE)
    convictions = list(reads.conviction_queue(user)[:200]) if operator else []
    context = {"notices": notices, "convictions": convictions, "operator": operator}
    return render(request, "web/received/queue.html", context)


def _item_page(
    request: HttpRequest,
    item: Any,
    kind: str,
    *,
    match_form: MatchForm | None = None,
    purpose_form: PurposeForm | None = None,
    shown: consulting.Shown | None = None,
    extra: dict[str, Any] | None = None,
    extra_forms: tuple[Any, ...] = (),
) -> HttpResponse:
    matching.refresh_candidates(item)
    candidates = identities.describe(item.candidates)
    waiting = item.status == rules.MatchStatus.AWAITING.value and item.withdrawn_at is None
    context = {
        "item": item,
        "kind": kind,
        "candidates": candidates,
        "waiting": waiting,
        "match_form": match_form or MatchForm(candidates=_choices(candidates)),
        "purpose_form": purpose_form or PurposeForm(),
        "shown": shown,
        "status_label": rules.MatchStatus(item.status).label,
        **(extra or {}),
    }
    forms = (*(f for f in (match_form, purpose_form) if f is not None), *extra_forms)
    template = f"web/received/{kind}.html"
    return render(request, template, context, forms_with_errors=forms)


def _open_case_form(request: HttpRequest, data: Any = None) -> OpenCaseForm:
    area = actor(request).viewer.area_id
    agencies = Agency.objects.filter(kind__in=[k.value for k in LEAD_KINDS])
    if area is not None:
        agencies = agencies.filter(area_id=area)
    return OpenCaseForm(data, agencies=[(a.code, a.name) for a in agencies.order_by("name")])


def _show(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    user = actor(request)
    find = matching.find_conviction if kind == "conviction" else matching.find_notice
    item = find(user, item_id)
    extra = {"open_form": _open_case_form(request)} if kind == "risk_notification" else {}
    if request.method == "POST" and "purpose" in request.POST:
        form = PurposeForm(request.POST)
        justification = _justification(form)
        shown = (
            consulting.read_item(actor=user, item=item, justification=justification)
            if justification
            else None
        )
        return _item_page(request, item, kind, purpose_form=form, shown=shown, extra=extra)
    return _item_page(request, item, kind, extra=extra)


def _match(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    user = actor(request)
    find = matching.find_conviction if kind == "conviction" else matching.find_notice
    confirm = matching.confirm_conviction if kind == "conviction" else matching.confirm_notice
    item = find(user, item_id)
    candidates = identities.describe(item.candidates)
    form = MatchForm(request.POST, candidates=_choices(candidates))
    if form.is_valid():
        try:
            confirm(actor=user, item_id=item_id, data=form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect(request.path.rsplit("match/", 1)[0])
        else:
            messages.success(request, "Recorded who it concerns.")
            return redirect(request.path.rsplit("match/", 1)[0])
    extra = {"open_form": _open_case_form(request)} if kind == "risk_notification" else {}
    return _item_page(request, item, kind, match_form=form, extra=extra)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def conviction(request: HttpRequest, item_id: int) -> HttpResponse:
    return _show(request, "conviction", item_id)


@login_required
@require_http_methods(["POST"])
@service_errors
def conviction_match(request: HttpRequest, item_id: int) -> HttpResponse:
    return _match(request, "conviction", item_id)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def notice(request: HttpRequest, item_id: int) -> HttpResponse:
    return _show(request, "risk_notification", item_id)


@login_required
@require_http_methods(["POST"])
@service_errors
def notice_match(request: HttpRequest, item_id: int) -> HttpResponse:
    return _match(request, "risk_notification", item_id)


@login_required
@require_http_methods(["POST"])
@service_errors
def notice_open_case(request: HttpRequest, item_id: int) -> HttpResponse:
    """The receiving area's co-ordinator opens a case for the person named."""
    user = actor(request)
    item = matching.find_notice(user, item_id)
    if not may(request, Permission.REGISTER_CASE):
        raise Forbidden(refusal(Permission.REGISTER_CASE))
    form = _open_case_form(request, request.POST)
    if form.is_valid():
        data = {**form.cleaned_data, "start_date": None}
        try:
            done = matching.open_case_for_notice(actor=user, item_id=item_id, case=data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("case", form), Route("person", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("received-notice", item_id=item_id)
        else:
            messages.success(request, f"Case {done.case.reference if done.case else ''} opened.")
            return redirect("case", case_id=done.case_id)
    return _item_page(
        request, item, "risk_notification", extra={"open_form": form}, extra_forms=(form,)
    )


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def case_received(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case's information from abroad: origins always; content for a purpose given now."""
    user = actor(request)
    form = PurposeForm(request.POST if request.method == "POST" else None)
    justification = _justification(form) if request.method == "POST" else None
    case, reading = consulting.read_for_case(
        actor=user, case_id=case_id, justification=justification
    )
    context = {"case": case, "reading": reading, "purpose_form": form}
    return render(request, "web/received/case.html", context, forms_with_errors=(form,))


# --- criminal-record requests (the central authority) ----------------------------------------


@login_required
@require_GET
@service_errors
def request_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    context = {
        "incoming": list(record_requests.requests(user, incoming=True)[:200]),
        "outgoing": list(record_requests.requests(user, incoming=False)[:200]),
    }
    return render(request, "web/received/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def request_new(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not may(request, Permission.ANSWER_RECORD_REQUEST):
        raise Forbidden(refusal(Permission.ANSWER_RECORD_REQUEST))
    peers = [(p.country, f"{p.name} ({p.country})") for p in Peer.objects.filter(status="active")]
    form = RecordRequestForm(request.POST if request.method == "POST" else None, peers=peers)
    if request.method == "POST" and form.is_valid():
        try:
            row = record_requests.send_request(actor=user, data=form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form), Route("payload", form)])
        else:
            messages.success(request, "Request queued for sending.")
            return redirect("received-request", request_id=row.pk)
    return render(
        request, "web/received/request_new.html", {"form": form}, forms_with_errors=(form,)
    )


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def request_show(request: HttpRequest, request_id: int) -> HttpResponse:
    user = actor(request)
    row = record_requests.find_request(user, request_id)
    candidates = identities.describe(row.candidates)
    form = AnswerForm(
        request.POST if request.method == "POST" else None, candidates=_choices(candidates)
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_requests.answer_request(
                actor=user, request_id=request_id, data=form.cleaned_data
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form), Route("payload", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("received-request", request_id=request_id)
        else:
            messages.success(request, "Answer queued for sending.")
            return redirect("received-request", request_id=request_id)
    open_ = row.incoming and row.state != rules.RequestState.ANSWERED.value
    context = {
        "row": row,
        "candidates": candidates,
        "form": form,
        "open": open_,
        "state_label": rules.RequestState(row.state).label,
    }
    return render(request, "web/received/request.html", context, forms_with_errors=(form,))
