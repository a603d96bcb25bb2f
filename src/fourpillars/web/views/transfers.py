"""A case that moves to another area ([MAPPA-G] ch.2; decision 0018): the request (a task on
the case's Sharing part), the receiving co-ordinator's queue and decision, withdrawal, and the
requester reading the decision. Reads go through ``services.referrals.transfers``: a transfer
is seen by whoever sees its case and by the receiving area's co-ordinator (who sees only what
the request disclosed until they accept it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.accounts.models import Agency
from fourpillars.domain import transfers as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import LEAD_KINDS
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.referrals.models import Transfer
from fourpillars.register.models import Case
from fourpillars.services.errors import JustificationRequired
from fourpillars.services.referrals import transfers
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.referrals import ReasonOnlyForm, TransferDecisionForm, TransferForm

from .cases import justify_url
from .common import actor, may, render, require, session_justification
from .editing import load_for_edit


def receiving_agencies(case: Case) -> list[tuple[str, str]]:
    """Responsible Authority agencies of the other areas (reference data, not case data)."""
    kinds = [k.value for k in LEAD_KINDS]
    return [
        (a.code, f"{a.name} ({a.area.name})")
        for a in Agency.objects.filter(kind__in=kinds, area__isnull=False)
        .exclude(area_id=case.area_id)
        .select_related("area")
        .order_by("area__name", "name")
        if a.area is not None
    ]


def _waiting(case: Case) -> Transfer | None:
    return next(
        (t for t in transfers.case_transfers(case) if t.status == rules.TransferStatus.REQUESTED),
        None,
    )


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def request_transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask another area to take the case over (its managers)."""
    loaded = load_for_edit(request, case_id, Permission.REQUEST_TRANSFER)
    if isinstance(loaded, HttpResponse):
        return loaded
    data = request.POST if request.method == "POST" else None
    form = TransferForm(data, agencies=receiving_agencies(loaded))
    if request.method == "POST" and form.is_valid():
        try:
            made = transfers.request(actor=actor(request), case_id=loaded.pk, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(
                request, f"Transfer requested: {made.to_area.name}'s co-ordinator will decide."
            )
            return redirect("transfer", transfer_id=made.pk)
    context = {"case": loaded, "person": loaded.person, "form": form, "waiting": _waiting(loaded)}
    return render(request, "web/transfers/request.html", context, forms_with_errors=(form,))


def _consult(request: HttpRequest, transfer_id: int) -> Transfer | HttpResponse:
    user = actor(request)
    case_id = transfers.find_transfer(user, transfer_id).case_id
    try:
        return transfers.consult_transfer(
            actor=user,
            transfer_id=transfer_id,
            justification=session_justification(request, case_id),
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))


def _context(request: HttpRequest, t: Transfer) -> dict[str, Any]:
    user = actor(request)
    waiting = t.status == rules.TransferStatus.REQUESTED
    sees = transfers.sees_case(user, t.case_id)
    return {
        "transfer": t,
        "case": t.case,
        "person": t.case.person,
        "sees_case": sees,
        "can_decide": waiting and may(request, Permission.DECIDE_TRANSFER, t),
        "can_withdraw": waiting and sees and may(request, Permission.REQUEST_TRANSFER, t.case),
        "mark_read": t.requested_by_id == user.pk and not waiting and t.outcome_seen_at is None,
    }


@login_required
@require_GET
@service_errors
def show(request: HttpRequest, transfer_id: int) -> HttpResponse:
    loaded = _consult(request, transfer_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    return render(request, "web/transfers/show.html", _context(request, loaded))


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def decide(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """Accept (with the hand-over note and the end of the old area's access) or refuse."""
    user = actor(request)
    found = transfers.find_transfer(user, transfer_id)
    require(request, Permission.DECIDE_TRANSFER, found)
    if request.method == "GET":
        loaded = _consult(request, transfer_id)
        if isinstance(loaded, HttpResponse):
            return loaded
        return _decide_page(request, loaded, TransferDecisionForm())
    form = TransferDecisionForm(request.POST)
    if form.is_valid():
        try:
            done = transfers.decide(actor=user, transfer_id=transfer_id, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)], {"transfer": (form, "outcome")})
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("transfer", transfer_id=transfer_id)
        else:
            messages.success(request, f"Transfer {done.status}.")
            return redirect("transfer", transfer_id=done.pk)
    return _decide_page(request, found, form)


def _decide_page(request: HttpRequest, t: Transfer, form: TransferDecisionForm) -> HttpResponse:
    context = {**_context(request, t), "form": form}
    return render(request, "web/transfers/decide.html", context, forms_with_errors=(form,))


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def withdraw(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """The case's managers withdraw a request that still waits."""
    user = actor(request)
    found = transfers.find_transfer(user, transfer_id)
    require(request, Permission.REQUEST_TRANSFER, found.case)  # the receiving side: 403
    loaded = load_for_edit(request, found.case_id, Permission.REQUEST_TRANSFER)
    if isinstance(loaded, HttpResponse):
        return loaded
    form = ReasonOnlyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            transfers.withdraw(actor=user, transfer_id=transfer_id, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("transfer", transfer_id=transfer_id)
        else:
            messages.success(request, "Transfer request withdrawn.")
            return redirect("transfer", transfer_id=transfer_id)
    context = {**_context(request, found), "form": form}
    return render(request, "web/transfers/withdraw.html", context, forms_with_errors=(form,))


@login_required
@require_POST
@service_errors
def mark_read(request: HttpRequest, transfer_id: int) -> HttpResponse:
    try:
        transfers.mark_read(actor=actor(request), transfer_id=transfer_id)
    except DomainValidationError as exc:
        messages.error(request, exc.errors[0].message.capitalize())
    return redirect("transfer", transfer_id=transfer_id)


@login_required
@require_GET
@service_errors
def queue(request: HttpRequest) -> HttpResponse:
    """Transfers into the co-ordinator's area (403 for anyone else)."""
    return render(
        request, "web/transfers/queue.html", {"queue": transfers.queue(actor=actor(request))}
    )


@login_required
@require_GET
@service_errors
def mine(request: HttpRequest) -> HttpResponse:
    if not may(request, Permission.WORK_CASES):
        return render(request, "web/no_case_access.html")
    rows = transfers.requested_by(actor=actor(request))
    return render(request, "web/transfers/mine.html", {"rows": rows})
