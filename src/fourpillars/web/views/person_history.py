"""A person's addresses and convictions, edited from their case: added, corrected
and removed (with a reason), the correction and removal guarded by the person's ``version``
like personal details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from fourpillars.domain.dates import long_date
from fourpillars.register.models import Address, Case, Conviction
from fourpillars.services import persons as person_services
from fourpillars.services.access import refused_person_record
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.person import (
    AddressForm,
    ConvictionForm,
    EditAddressForm,
    EditConvictionForm,
    RemovalForm,
)

from .common import actor
from .editing import form_page, load_for_edit, simple_edit, versioned_save
from .persons import METHODS, person_id_of


@login_required
@require_http_methods(METHODS)
@service_errors
def add_address(request: HttpRequest, case_id: int) -> HttpResponse:
    return simple_edit(
        request,
        case_id,
        make_form=lambda data, case: AddressForm(data),
        save=lambda case, data: person_services.add_address(
            actor=actor(request), person_id=person_id_of(case), data=data
        ),
        title="Add an address",
        button="Add address",
        done="Address added.",
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def add_conviction(request: HttpRequest, case_id: int) -> HttpResponse:
    return simple_edit(
        request,
        case_id,
        make_form=lambda data, case: ConvictionForm(data),
        save=lambda case, data: person_services.add_conviction(
            actor=actor(request), person_id=person_id_of(case), data=data
        ),
        title="Add a conviction",
        button="Add conviction",
        done="Conviction added.",
    )


def _iso(day: object) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else ""


def address_text(a: Address) -> str:
    parts = [a.line1, a.line2, a.town, a.postcode]
    return f"{', '.join(p for p in parts if p)} ({a.country})"


def address_initial(a: Address) -> dict[str, object]:
    return {
        "line1": a.line1,
        "line2": a.line2,
        "town": a.town,
        "postcode": a.postcode,
        "country": a.country,
        "from_date": _iso(a.from_date),
        "to_date": _iso(a.to_date),
    }


def address_values(a: Address | None) -> list[tuple[str, str]]:
    if a is None:
        return [("Address", "removed by someone else")]
    return [
        ("Address", address_text(a)),
        ("Lived here from", long_date(a.from_date) or "not known"),
        ("Lived here until", long_date(a.to_date) or "current address"),
    ]


def conviction_initial(c: Conviction) -> dict[str, object]:
    return {
        "date": _iso(c.date),
        "court": c.court,
        "country": c.country,
        "offence_text": c.offence_text,
        "ecris_code": c.ecris_code,
        "completion": c.completion,
        "participation": c.participation,
        "sentence": c.sentence,
    }


def conviction_values(c: Conviction | None) -> list[tuple[str, str]]:
    if c is None:
        return [("Conviction", "removed by someone else")]
    return [
        ("Date of conviction", long_date(c.date)),
        ("Offence", c.offence_text),
        ("ECRIS category", c.ecris_code or "not coded"),
        ("Completion / participation", f"{c.completion or '–'} / {c.participation or '–'}"),
        ("Court", f"{c.court} ({c.country})".strip()),
        ("Sentence or order", c.sentence or "none"),
    ]


def _address(request: HttpRequest, case: Case, address_id: int) -> Address:
    """One of the case's person's addresses; another person's or a missing one is a 404 (a
    refused consultation when that person is hidden from the user)."""
    row = Address.objects.filter(pk=address_id, person_id=case.person_id).first()
    if row is None:
        raise refused_person_record(actor(request), Address.objects.all(), address_id)
    return row


def _conviction(request: HttpRequest, case: Case, conviction_id: int) -> Conviction:
    row = Conviction.objects.filter(pk=conviction_id, person_id=case.person_id).first()
    if row is None:
        raise refused_person_record(actor(request), Conviction.objects.all(), conviction_id)
    return row


def _correct(
    request: HttpRequest,
    case: Case,
    *,
    form_class: type[forms.Form],
    initial: dict[str, object],
    save: Callable[[dict[str, Any], int | None], object],
    title: str,
    done: str,
    current: Callable[[], list[tuple[str, str]]],
) -> HttpResponse:
    """The add form filled with the item's values and the person ``version``; saving goes
    through ``versioned_save`` (field errors on the form, a stale version shows the conflict
    with the item's current values and keeps what the user typed)."""

    def show(form: forms.Form, extra: dict[str, Any] | None = None) -> HttpResponse:
        return form_page(request, case, form, title=title, button="Save changes", extra=extra)

    if request.method == "GET":
        return show(form_class(initial={**initial, "version": case.person.version}))
    form = form_class(request.POST)
    if not form.is_valid():
        return show(form)
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    return versioned_save(
        request,
        form,
        save=lambda: save(data, form.cleaned_data["version"]),
        done=done,
        case_id=case.pk,
        show=show,
        current=current,
    )


def _remove(
    request: HttpRequest,
    case: Case,
    *,
    summary: list[tuple[str, str]],
    remove: Callable[[str, int | None], object],
    title: str,
    button: str,
    done: str,
    current: Callable[[], list[tuple[str, str]]],
) -> HttpResponse:
    """Confirmation with a reason (POST only changes anything); a stale ``version`` shows
    the conflict and asks again."""

    def show(form: forms.Form, extra: dict[str, Any] | None = None) -> HttpResponse:
        context = {"summary": summary, "warning": True, **(extra or {})}
        return form_page(
            request,
            case,
            form,
            title=title,
            button=button,
            extra=context,
            template="web/persons/remove.html",
        )

    if request.method == "GET":
        return show(RemovalForm(initial={"version": case.person.version}))
    form = RemovalForm(request.POST)
    if not form.is_valid():
        return show(form)
    return versioned_save(
        request,
        form,
        save=lambda: remove(form.cleaned_data["reason"], form.cleaned_data["version"]),
        done=done,
        case_id=case.pk,
        show=show,
        current=current,
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def edit_address(request: HttpRequest, case_id: int, address_id: int) -> HttpResponse:
    """Alteration of an address recorded wrongly (the add form, filled in)."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    address = _address(request, loaded, address_id)
    return _correct(
        request,
        loaded,
        form_class=EditAddressForm,
        initial=address_initial(address),
        save=lambda data, version: person_services.update_address(
            actor=actor(request),
            person_id=loaded.person_id,
            address_id=address.pk,
            data=data,
            expected_version=version,
        ),
        title="Change an address",
        done="Address updated.",
        current=lambda: address_values(Address.objects.filter(pk=address.pk).first()),
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def remove_address(request: HttpRequest, case_id: int, address_id: int) -> HttpResponse:
    """Erasure of an address recorded in error, with the reason kept in the audit row."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    address = _address(request, loaded, address_id)
    return _remove(
        request,
        loaded,
        summary=address_values(address),
        remove=lambda reason, version: person_services.remove_address(
            actor=actor(request),
            person_id=loaded.person_id,
            address_id=address.pk,
            reason=reason,
            expected_version=version,
        ),
        title="Remove an address",
        button="Remove address",
        done="Address removed.",
        current=lambda: address_values(Address.objects.filter(pk=address.pk).first()),
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def edit_conviction(request: HttpRequest, case_id: int, conviction_id: int) -> HttpResponse:
    """Alteration of a conviction recorded wrongly (the add form, filled in)."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    conviction = _conviction(request, loaded, conviction_id)
    return _correct(
        request,
        loaded,
        form_class=EditConvictionForm,
        initial=conviction_initial(conviction),
        save=lambda data, version: person_services.update_conviction(
            actor=actor(request),
            person_id=loaded.person_id,
            conviction_id=conviction.pk,
            data=data,
            expected_version=version,
        ),
        title="Change a conviction",
        done="Conviction updated.",
        current=lambda: conviction_values(Conviction.objects.filter(pk=conviction.pk).first()),
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def remove_conviction(request: HttpRequest, case_id: int, conviction_id: int) -> HttpResponse:
    """Erasure of a conviction recorded in error, with the reason kept in the audit row."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    conviction = _conviction(request, loaded, conviction_id)
    return _remove(
        request,
        loaded,
        summary=conviction_values(conviction),
        remove=lambda reason, version: person_services.remove_conviction(
            actor=actor(request),
            person_id=loaded.person_id,
            conviction_id=conviction.pk,
            reason=reason,
            expected_version=version,
        ),
        title="Remove a conviction",
        button="Remove conviction",
        done="Conviction removed.",
        current=lambda: conviction_values(Conviction.objects.filter(pk=conviction.pk).first()),
    )
