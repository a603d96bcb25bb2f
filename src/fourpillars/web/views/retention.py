"""Retention reviews of closed cases ([MOPI-2005]; decision 0030): the co-ordinator's list of
reviews due and the review page, where the record is kept until a next review or its personal
data deleted. A deletion is confirmed on a page of its own first (GOV.UK warning button)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.retention import RetentionOutcome
from fourpillars.services.retention import reviews
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.emergency import RetentionForm

from .common import actor, render


@login_required
@require_GET
@service_errors
def queue(request: HttpRequest) -> HttpResponse:
    """The reviews due in the co-ordinator's area (403 for anyone else)."""
    found = reviews.review_list(actor=actor(request))
    return render(request, "web/retention/queue.html", {"found": found})


def _only_confirmation_missing(exc: DomainValidationError) -> bool:
    return [e.field for e in exc.errors] == ["confirmed"]


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def review(request: HttpRequest, case_id: int) -> HttpResponse:
    """The review page and its decision; 404 for a case the user cannot see, 403 for anyone
    but its area's co-ordinator."""
    user = actor(request)
    form = RetentionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        confirmed = request.POST.get("confirmed") == "yes"
        try:
            done = reviews.decide(
                actor=user, case_id=case_id, confirmed=confirmed, **form.cleaned_data
            )
        except DomainValidationError as exc:
            if not _only_confirmation_missing(exc):
                apply_domain_errors(exc, [Route("", form)])
            else:
                page = reviews.consult(actor=user, case_id=case_id)
                context = {"page": page, "data": form.cleaned_data}
                return render(request, "web/retention/confirm.html", context)
        else:
            if done.outcome == RetentionOutcome.DELETE.value:
                messages.success(
                    request, f"The personal data of case {done.case_reference} was deleted."
                )
            else:
                messages.success(
                    request, f"Case {done.case_reference} is kept until its next review."
                )
            return redirect("retention-queue")
    page = reviews.consult(actor=user, case_id=case_id)
    context = {"page": page, "form": form}
    return render(request, "web/retention/review.html", context, forms_with_errors=(form,))
