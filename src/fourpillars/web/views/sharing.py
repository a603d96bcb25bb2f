"""Sharing a case with another agency and revoking it ([CJA-2003] s.325(4); [MAPPA-G] ch.9).

A share is a disclosure: the service records the recipients and the lawful basis."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError
from fourpillars.register.models import CaseShare
from fourpillars.services import cases as case_services
from fourpillars.services.access import refused_record
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.case import ShareForm
from fourpillars.web.forms.person import ReasonForm

from .cases import shareable_agencies
from .common import actor
from .editing import form_page, load_for_edit

METHODS = ["GET", "POST"]


@login_required
@require_http_methods(METHODS)
@service_errors
def share(request: HttpRequest, case_id: int) -> HttpResponse:
    loaded = load_for_edit(request, case_id, Permission.SHARE_CASE)
    if isinstance(loaded, HttpResponse):
        return loaded
    form = ShareForm(
        request.POST if request.method == "POST" else None, agencies=shareable_agencies(loaded)
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = case_services.share_case(
                actor=actor(request), case_id=loaded.pk, **form.cleaned_data
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(request, f"Case shared with {row.agency.name}.")
            return redirect("case-sharing", case_id=loaded.pk)
    return form_page(request, loaded, form, title="Share this case", button="Share case")


@login_required
@require_http_methods(METHODS)
@service_errors
def revoke(request: HttpRequest, case_id: int, share_id: int) -> HttpResponse:
    """End an agency's access now; its staff get 404 for the case from this moment."""
    loaded = load_for_edit(request, case_id, Permission.SHARE_CASE)
    if isinstance(loaded, HttpResponse):
        return loaded
    row = (
        CaseShare.objects.select_related("agency")
        .filter(pk=share_id, case_id=loaded.pk, revoked_at__isnull=True)
        .first()
    )
    if row is None:  # revoked, missing, or another case's (refused as that case if hidden)
        raise refused_record(actor(request), CaseShare.objects.all(), share_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case_services.revoke_share(
                actor=actor(request),
                case_id=loaded.pk,
                share_id=row.pk,
                reason=form.cleaned_data["reason"],
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)], {"share": (form, "reason")})
        else:
            messages.success(request, f"Share with {row.agency.name} revoked.")
            return redirect("case-sharing", case_id=loaded.pk)
    return form_page(
        request,
        loaded,
        form,
        title=f"Revoke the share with {row.agency.name}",
        button="Revoke share",
        extra={"share": row, "warning": True},
    )
