"""Mapping service errors onto the web UI.

Every refusal becomes something the user can act on: field errors under the field and in the
error summary, a conflict message, a 403 or a 404. Never a 500.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.response import HttpResponseBase

from fourpillars.domain.errors import DomainValidationError, FieldError
from fourpillars.services import audit
from fourpillars.services.errors import Forbidden, NotFound
from fourpillars.web.forms.dates import DateParts, date_boxes, first_box, parse_carried
from fourpillars.web.forms.messages import Kind, govuk_message
from fourpillars.web.forms.widgets import DateField, DatePartsInput

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def service_errors(view: Callable[P, R]) -> Callable[P, R]:
    """NotFound -> 404 (missing and hidden alike; a hidden case's refusal is audited here, the
    one place every web view's NotFound passes), Forbidden -> 403."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except NotFound as exc:
            request = args[0] if args else None
            audit.refused_read(actor=getattr(request, "user", None), refusal=exc)
            raise Http404("Page not found") from None
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from None

    return wrapped


@dataclass(frozen=True)
class Route:
    """Errors whose path starts with ``prefix`` belong to ``form`` (rest of the path = field)."""

    prefix: str
    form: forms.Form


def apply_domain_errors(
    exc: DomainValidationError,
    routes: Sequence[Route],
    aliases: dict[str, tuple[forms.Form, str]] | None = None,
) -> None:
    """Put each FieldError (dotted path such as ``person.identifiers.0.value``) on its field,
    in GOV.UK wording (``messages.govuk_message``).

    The longest matching prefix wins; a path with no field of its own goes to the alias given,
    else to the form's top (still naming the path), so no error is ever dropped.
    """
    aliases = aliases or {}
    ordered = sorted(routes, key=lambda r: len(r.prefix), reverse=True)
    for raw in exc.errors:
        # Services prefix nested errors with their own path; an empty prefix leaves a dot.
        err = FieldError(raw.field.lstrip("."), raw.message)
        if err.field in aliases:
            form, name = aliases[err.field]
            form.add_error(name, _on_field(form, name, err))
            continue
        for route in ordered:
            rest = _rest(err.field, route.prefix)
            if rest is None:
                continue
            if rest in route.form.fields:
                route.form.add_error(rest, _on_field(route.form, rest, err))
            else:
                route.form.add_error(None, _unplaced(err))
            break
        else:
            target = ordered[-1].form if ordered else None
            if target is not None:
                target.add_error(None, _unplaced(err))


def field_kind(field: forms.Field) -> Kind:
    if isinstance(field.widget, DatePartsInput):
        return "date"
    if isinstance(field.widget, forms.Select | forms.RadioSelect):
        return "choice"
    return "text"


def _on_field(form: forms.Form, name: str, err: FieldError) -> str:
    field = form.fields[name]
    if isinstance(field, DateField):
        typed = parse_carried(field.name_in_errors, (form.cleaned_data or {}).get(name, ""))
        if typed.error:
            return typed.error  # the date input's own words: "... must include a month"
        return govuk_message(err.field, field.name_in_errors, err.message, kind="date")
    return govuk_message(err.field, str(field.label or name), err.message, kind=field_kind(field))


def _unplaced(err: FieldError) -> str:
    """An error no field on the page shows: the domain's path in words leads the message."""
    words = err.field.rpartition(".")[2].replace("_", " ") or "form"
    return govuk_message(err.field, words, err.message)


def _rest(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    if path == prefix:
        return ""
    if path.startswith(prefix + "."):
        return path[len(prefix) + 1 :]
    return None


@dataclass(frozen=True)
class SummaryItem:
    href: str
    text: str


def error_summary(*form_list: forms.Form) -> list[SummaryItem]:
    """The GOV.UK error summary: one link per problem, in page order, with the same words as
    the message under the field (which name the field)."""
    items: list[SummaryItem] = []
    for form in form_list:
        if not form.is_bound:
            continue
        first = next(iter(form), None)
        for message in form.non_field_errors():
            href = f"#{first.id_for_label}" if first is not None else "#main-content"
            items.append(SummaryItem(href, str(message)))
        for bound in form:
            for message in bound.errors:
                items.append(SummaryItem(f"#{_anchor(bound)}", str(message)))
    return items


def _anchor(bound: forms.BoundField) -> str:
    """The element a summary link lands on: a date's first wrong box, a radio group's first
    radio, else the control."""
    if isinstance(bound.field.widget, DatePartsInput):
        value = bound.value()
        parts = DateParts.from_value(value)
        errors = " ".join(str(e) for e in bound.errors)
        return first_box(
            date_boxes(bound.auto_id, bound.html_name, parts, str(bound.label), errors)
        )
    if isinstance(bound.field.widget, forms.RadioSelect):
        return f"{bound.auto_id}_0"
    return str(bound.id_for_label or bound.auto_id)
