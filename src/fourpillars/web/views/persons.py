"""Editing a person's record from their case: personal details with an optimistic
lock, names (alias, previous, new primary) and identifiers (added, or removed with a reason).
Addresses and convictions are in ``person_history``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.domain.dates import long_date
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.persons import NameKind
from fourpillars.register.models import Case, Identifier, Person
from fourpillars.services import persons as person_services
from fourpillars.services.access import refused_person_record
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.person import (
    AddNameForm,
    EditPersonForm,
    IdentifierForm,
    ReasonForm,
)

from .common import actor
from .editing import form_page, load_for_edit, simple_edit, versioned_save

METHODS = ["GET", "POST"]


def person_initial(person: Person) -> dict[str, object]:
    return {
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "sex": person.sex,
        "nationalities": ", ".join(person.nationalities or []),
        "version": person.version,
    }


def current_person_values(person: Person) -> list[tuple[str, str]]:
    return [
        ("Date of birth", long_date(person.date_of_birth) or "none"),
        ("Sex", person.sex),
        ("Nationalities", ", ".join(person.nationalities or []) or "none"),
    ]


@login_required
@require_http_methods(METHODS)
@service_errors
def edit_person(request: HttpRequest, case_id: int) -> HttpResponse:
    """Alteration with an optimistic lock: a stale ``version`` gives a conflict message naming
    what changed and the current values, and the user's input is shown again, not lost."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    person = loaded.person
    if request.method == "GET":
        form = EditPersonForm(initial=person_initial(person))
        return _person_page(request, loaded, form)
    form = EditPersonForm(request.POST)
    if not form.is_valid():
        return _person_page(request, loaded, form)
    return versioned_save(
        request,
        form,
        save=lambda: person_services.update_person(
            actor=actor(request),
            person_id=person.pk,
            data={k: v for k, v in form.cleaned_data.items() if k != "version"},
            expected_version=form.cleaned_data["version"],
        ),
        done="Personal details updated.",
        case_id=loaded.pk,
        show=lambda f, extra: _person_page(request, loaded, f, extra),
        current=lambda: current_person_values(Person.objects.get(pk=loaded.person_id)),
    )


def _person_page(
    request: HttpRequest, case: Case, form: EditPersonForm, extra: dict[str, Any] | None = None
) -> HttpResponse:
    return form_page(
        request,
        case,
        form,
        title="Change personal details",
        button="Save changes",
        extra=extra,
    )


def person_id_of(case: Case) -> int:
    return int(case.person_id)


@login_required
@require_http_methods(METHODS)
@service_errors
def add_name(request: HttpRequest, case_id: int) -> HttpResponse:
    return simple_edit(
        request,
        case_id,
        make_form=lambda data, case: AddNameForm(data, initial={"kind": NameKind.ALIAS}),
        save=lambda case, data: person_services.add_name(
            actor=actor(request), person_id=person_id_of(case), data=data
        ),
        title="Add a name",
        button="Add name",
        done="Name added.",
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def add_identifier(request: HttpRequest, case_id: int) -> HttpResponse:
    return simple_edit(
        request,
        case_id,
        make_form=lambda data, case: IdentifierForm(data),
        save=lambda case, data: person_services.add_identifier(
            actor=actor(request), person_id=person_id_of(case), data=data
        ),
        title="Add an identifier",
        button="Add identifier",
        done="Identifier added.",
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def remove_identifier(request: HttpRequest, case_id: int, identifier_id: int) -> HttpResponse:
    """Erasure of an identifier recorded in error, with the reason kept in the audit row."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    ident = Identifier.objects.filter(pk=identifier_id, person_id=loaded.person_id).first()
    if ident is None:
        raise refused_person_record(actor(request), Identifier.objects.all(), identifier_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person_services.remove_identifier(
                actor=actor(request),
                person_id=loaded.person_id,
                identifier_id=ident.pk,
                reason=form.cleaned_data["reason"],
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(request, f"{ident.label} {ident.value} removed.")
            return redirect("case-person", case_id=loaded.pk)
    return form_page(
        request,
        loaded,
        form,
        title="Remove an identifier",
        button="Remove identifier",
        extra={"identifier": ident, "warning": True},
    )
