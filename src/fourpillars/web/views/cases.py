"""The justification asked before a case is shown ([DPA-2018] s.62); the case page itself is
``case_parts``.

Outside the lead agency, a consultation needs a purpose: asked once per case per working
session, kept in the session, and passed to ``services.reads.consult_case`` on every view so
each consultation's audit row carries it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from fourpillars.accounts.models import Agency
from fourpillars.domain.agencies import SHAREABLE_KINDS
from fourpillars.domain.audit import parse_justification
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.mappa import CaseStatus, transition_status
from fourpillars.register.models import Case
from fourpillars.services.access import visible_case
from fourpillars.services.cases import reads
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.case import JustificationForm

from .common import actor, remember_justification, render


def justify_url(case_id: int, next_url: str = "") -> str:
    url = reverse("case-justify", args=[case_id])
    return f"{url}?next={next_url}" if next_url else url


def _safe_next(request: HttpRequest, case_id: int) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    # Assessment, plan, meeting, referral and transfer pages (and risk notifications and
    # supervision transfers abroad, decision 0022) belong to a case too; they ask again if it
    # is another case's.
    same_case = wanted.startswith(
        (
            f"/cases/{case_id}/",
            "/assessments/",
            "/plans/",
            "/meetings/",
            "/referrals/",
            "/transfers/",
            "/risk-notifications/",
            "/supervision-transfers/",
        )
    )
    ok = same_case and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    return wanted if ok else reverse("case", args=[case_id])


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def justify(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask why the user needs this case; 404 for hidden cases, like the case page itself."""
    user = actor(request)
    case = visible_case(user, case_id)
    if not reads.needs_justification(user, case):
        return redirect("case", case_id=case.pk)
    form = JustificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["purpose"]
        if form.cleaned_data["text"]:
            raw = f"{raw}; {form.cleaned_data['text']}"
        try:
            justification = parse_justification(raw, field="purpose")
        except DomainValidationError as exc:
            for err in exc.errors:  # the parser names one field; its text problems are the box's
                form.add_error("text" if err.message.startswith("the text") else None, err.message)
        else:
            remember_justification(request, case.pk, justification)
            return redirect(_safe_next(request, case.pk))
    context = {"case": case, "form": form, "next": _safe_next(request, case.pk)}
    return render(request, "web/cases/justify.html", context, forms_with_errors=(form,))


def shareable_agencies(case: Case) -> list[tuple[str, str]]:
    """CJA 2003 s.325(4): the Responsible Authority and duty-to-co-operate agencies."""
    kinds = [k.value for k in SHAREABLE_KINDS]
    return [
        (a.code, f"{a.name} ({a.area.code if a.area else 'national'})")
        for a in Agency.objects.filter(kind__in=kinds)
        .exclude(pk=case.lead_agency_id)
        .select_related("area")
        .order_by("area__code", "name")
    ]


STATUS_MOVE_LABELS = {
    CaseStatus.ACTIVE: "Active (re-open or resume management)",
    CaseStatus.SUSPENDED: "Suspended (for example in custody, recalled or missing)",
    CaseStatus.CLOSED: "Closed (management ended)",
}


def status_moves(current: str) -> list[tuple[str, str]]:
    """The named moves the transition rule allows from the current status."""
    moves = []
    for target, label in STATUS_MOVE_LABELS.items():
        if target.value == current:
            continue
        try:
            transition_status(CaseStatus(current), target)
        except IllegalTransition:
            continue
        moves.append((target.value, label))
    return moves
