"""Emergency (break-glass) access to a case outside need to know (decision 0030).

The form asks for the case's reference and the emergency; the answer is the same whether the
reference names a hidden case, one the user sees already, or nothing. "Open the case" then goes
through the access-scoped query like any read (404 for missing and hidden alike).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError
from fourpillars.register.models import break_glass_policy
from fourpillars.services.cases import emergency
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.emergency import EmergencyAccessForm

from .common import render, require


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def ask(request: HttpRequest) -> HttpResponse:
    """The request for emergency access (403 for roles the policy leaves out)."""
    user = require(request, Permission.BREAK_GLASS)
    form = EmergencyAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = emergency.request_access(actor=user, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            return render(request, "web/emergency/answer.html", {"answer": answer})
    context = {
        "form": form,
        "policy": break_glass_policy(),
        "current": emergency.my_emergency_access(user),
    }
    return render(request, "web/emergency/ask.html", context, forms_with_errors=(form,))


@login_required
@require_GET
@service_errors
def open_case(request: HttpRequest) -> HttpResponse:
    """The case a reference names, if the user may see it: 404 otherwise."""
    user = require(request, Permission.WORK_CASES)
    case = emergency.open_by_reference(actor=user, reference=request.GET.get("reference", ""))
    return redirect("case", case_id=case.pk)
