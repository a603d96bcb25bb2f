"""A person who appears in two areas at once (decision 0018): the co-ordinator's list of
possible duplicates, each shown as identity only (the other area's record: names, date of
birth, area and its co-ordinators' contact, never its case), and the resolution."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from fourpillars.domain import duplicates as rules
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.services.referrals import duplicates
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.referrals import ResolveForm

from .common import actor, render


@login_required
@require_GET
@service_errors
def queue(request: HttpRequest) -> HttpResponse:
    """Possible duplicates involving the co-ordinator's area (403 for anyone else)."""
    found = duplicates.queue(actor=actor(request))
    return render(request, "web/duplicates/queue.html", {"queue": found})


@login_required
@require_GET
@service_errors
def show(request: HttpRequest, flag_id: int) -> HttpResponse:
    shown = duplicates.consult(actor=actor(request), flag_id=flag_id)
    context = {"view": shown, "open": shown.flag.status == rules.DuplicateStatus.OPEN}
    return render(request, "web/duplicates/show.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def resolve(request: HttpRequest, flag_id: int) -> HttpResponse:
    """The same person (a link is requested) or different people (dismissed), with why."""
    user = actor(request)
    form = ResolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            duplicates.resolve(actor=user, flag_id=flag_id, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("duplicate", flag_id=flag_id)
        else:
            messages.success(request, "Possible duplicate resolved.")
            return redirect("duplicate", flag_id=flag_id)
    shown = duplicates.consult(actor=user, flag_id=flag_id)
    context = {"view": shown, "form": form}
    return render(request, "web/duplicates/resolve.html", context, forms_with_errors=(form,))
