"""Retention reviews of closed cases ([MOPI-2005]; decision 0030): the co-ordinator's list of
reviews due and the review page, where the record is kept until a next review or its personal
data deleted. A deletion is confirmed on a page of its own first (GOV.UK warning button).
The decision carries the case version the page was loaded with: a stale one is a conflict
shown on the page, nothing saved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from fourpillars.domain.errors import DomainValidationError, EditConflict
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


def _conflict(request: HttpRequest, exc: EditConflict) -> RetentionForm:
    """The form as posted, now carrying the current version and saying what changed: the
    co-ordinator reads the review again before deciding (nothing was saved)."""
    data = request.POST.copy()
    data["version"] = str(exc.current_version)
    form = RetentionForm(data)
    form.is_valid()
    form.add_error(None, exc.message())
    return form


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def review(request: HttpRequest, case_id: int) -> HttpResponse:
    """The review page and its decision; 404 for a case the user cannot see, 403 for anyone
    but its area's co-ordinator. The decision carries the case version the page showed."""
    user = actor(request)
    form = RetentionForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        confirmed = request.POST.get("confirmed") == "yes"
        try:
            done = reviews.decide(
                actor=user,
                case_id=case_id,
                expected_version=version,
                confirmed=confirmed,
                **data,
            )
        except EditConflict as exc:
            form = _conflict(request, exc)
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
    form = form or RetentionForm(initial={"version": page.case.version})
    context = {"page": page, "form": form}
    return render(request, "web/retention/review.html", context, forms_with_errors=(form,))
