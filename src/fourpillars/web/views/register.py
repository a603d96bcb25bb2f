"""Register a person and a MAPPA case in one form ([MAPPA-G] process: identification and
notification).

One page, no JavaScript needed; the whole registration is refused if any field is wrong, and
every problem is shown at once against its field (paths such as ``person.identifiers.0.value``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.accounts.models import Agency, User
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import LEAD_KINDS
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.persons import NameKind
from fourpillars.services import access as policy
from fourpillars.services import cases as case_services
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.case import RegisterCaseForm
from fourpillars.web.forms.person import (
    AddressForm,
    ConvictionForm,
    IdentifierForm,
    NameForm,
    PersonFactsForm,
)

from .common import render, require

DEFAULTS_IGNORED = {"country"}  # pre-filled fields that alone do not mean "I gave one"


def lead_agency_choices(user: User) -> list[tuple[str, str]]:
    """The Responsible Authority agencies of the user's area that the policy lets them register
    cases for (their own agency; every one for a co-ordinator): services.cases asks the same.
    A user whose agency has no area is offered the agencies without one."""
    area_id = user.agency.area_id if user.agency else None
    in_area = (
        Agency.objects.filter(area__isnull=True)
        if area_id is None
        else Agency.objects.filter(area_id=area_id)
    )
    candidates = in_area.filter(kind__in=[k.value for k in LEAD_KINDS])
    return [
        (a.code, a.name)
        for a in candidates.order_by("name")
        if policy.allowed(user, Permission.REGISTER_CASE, case_services.registering_for(a))
    ]


@dataclass
class RegistrationForms:
    name: NameForm
    alias: NameForm
    facts: PersonFactsForm
    identifier: IdentifierForm
    address: AddressForm
    conviction: ConvictionForm
    case: RegisterCaseForm

    def all(self) -> tuple[forms.Form, ...]:
        return (
            self.name,
            self.alias,
            self.facts,
            self.identifier,
            self.address,
            self.conviction,
            self.case,
        )


def _forms(request: HttpRequest, user: User) -> RegistrationForms:
    data = request.POST if request.method == "POST" else None
    return RegistrationForms(
        NameForm(data, prefix="name"),
        NameForm(data, prefix="alias"),
        PersonFactsForm(data, prefix="person"),
        IdentifierForm(data, prefix="identifier"),
        AddressForm(data, prefix="address"),
        ConvictionForm(data, prefix="conviction"),
        RegisterCaseForm(data, prefix="case", agencies=lead_agency_choices(user)),
    )


def _given(form: forms.Form) -> bool:
    return any(v for k, v in form.cleaned_data.items() if k not in DEFAULTS_IGNORED)


def person_payload(f: RegistrationForms) -> dict[str, object]:
    names = [{"kind": NameKind.PRIMARY, **f.name.cleaned_data}]
    if _given(f.alias):
        names.append({"kind": NameKind.ALIAS, **f.alias.cleaned_data})
    return {
        "names": names,
        **f.facts.cleaned_data,
        "identifiers": [f.identifier.cleaned_data] if _given(f.identifier) else [],
        "addresses": [f.address.cleaned_data] if _given(f.address) else [],
        "convictions": [f.conviction.cleaned_data] if _given(f.conviction) else [],
    }


def _show_errors(exc: DomainValidationError, f: RegistrationForms) -> None:
    routes = [
        Route("person.names.0", f.name),
        Route("person.names.1", f.alias),
        Route("person.identifiers.0", f.identifier),
        Route("person.addresses.0", f.address),
        Route("person.convictions.0", f.conviction),
        Route("person", f.facts),
        Route("case", f.case),
    ]
    aliases: dict[str, tuple[forms.Form, str]] = {
        "person.names": (f.name, "family_name"),
        "person.identifiers": (f.identifier, "value"),
        "person.addresses": (f.address, "line1"),
        "person.convictions": (f.conviction, "date"),
    }
    apply_domain_errors(exc, routes, aliases)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def register(request: HttpRequest) -> HttpResponse:
    user = require(request, Permission.REGISTER_CASE)
    f = _forms(request, user)
    valid = [form.is_valid() for form in f.all()]  # every form, so every error shows at once
    if request.method == "POST" and all(valid):
        try:
            case = case_services.register_case(
                actor=user, person=person_payload(f), case=f.case.cleaned_data
            )
        except DomainValidationError as exc:
            _show_errors(exc, f)
        else:
            messages.success(request, f"Case {case.reference} registered.")
            return redirect("case", case_id=case.pk)
    return render(
        request,
        "web/cases/register.html",
        {"f": f},
        forms_with_errors=f.all(),
    )
