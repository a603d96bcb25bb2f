"""The shape every edit screen shares: load (403/404/justification), form, service, redirect.

GET shows current data, so it is a consultation: the manage check runs first (404 hidden,
403 visible but not yours), then ``consult_case`` records the view with the session's
justification. POST goes straight to the service, which checks access again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError, EditConflict
from fourpillars.register.models import Case
from fourpillars.services.access import manageable_case
from fourpillars.services.cases import reads
from fourpillars.services.errors import JustificationRequired
from fourpillars.web.errors import Route, SummaryItem, apply_domain_errors

from .cases import justify_url
from .common import actor, render, session_justification

F = TypeVar("F", bound=forms.Form)


def load_for_edit(
    request: HttpRequest, case_id: int, permission: Permission = Permission.MANAGE_CASE
) -> Case | HttpResponse:
    """The case for a screen that changes it (``permission``: managing it, sharing it,
    recording a decision), or a redirect to the justification page."""
    user = actor(request)
    if request.method != "GET":
        return manageable_case(user, case_id, for_update=False, permission=permission)
    try:
        return reads.consult_case(
            actor=user,
            case_id=case_id,
            justification=session_justification(request, case_id),
            permission=permission,
        ).case
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))


def form_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    *,
    title: str,
    button: str,
    extra: dict[str, Any] | None = None,
    template: str = "web/cases/form.html",
) -> HttpResponse:
    context = {"case": case, "person": case.person, "form": form, "title": title, "button": button}
    context.update(extra or {})
    return render(request, template, context, forms_with_errors=(form,))


def simple_edit(
    request: HttpRequest,
    case_id: int,
    *,
    make_form: Callable[[Any, Case], forms.Form],
    save: Callable[[Case, dict[str, Any]], object],
    title: str,
    button: str,
    done: str,
    back: str = "case-person",
) -> HttpResponse:
    """GET shows the form; POST calls ``save`` and maps domain errors onto the form, then
    returns to the part of the case page ``back`` names."""
    loaded = load_for_edit(request, case_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    form = make_form(request.POST if request.method == "POST" else None, loaded)
    if request.method == "POST" and form.is_valid():
        try:
            save(loaded, form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(request, done)
            return redirect(back, case_id=loaded.pk)
    return form_page(request, loaded, form, title=title, button=button)


def versioned_save(
    request: HttpRequest,
    form: F,
    *,
    save: Callable[[], object],
    done: str,
    case_id: int,
    show: Callable[[F, dict[str, Any] | None], HttpResponse],
    current: Callable[[], list[tuple[str, str]]],
    back: str = "case-person",
) -> HttpResponse:
    """Save an edit guarded by ``version``: field errors go back on the form; a stale version
    re-shows what the user typed with the current values and the new version (nothing lost);
    success returns to the part of the case page ``back`` names."""
    try:
        save()
    except DomainValidationError as exc:
        apply_domain_errors(exc, [Route("", form)])
        return show(form, None)
    except EditConflict as exc:
        data = request.POST.copy()
        data["version"] = str(exc.current_version)
        again = type(form)(data)
        again.is_valid()
        return show(again, {"conflict": exc.message(), "current": current()})
    messages.success(request, done)
    return redirect(back, case_id=case_id)


# --- autosaved drafts -------------------------------------------------------------------
#
# htmx may queue a second autosave behind the first, sending the version the page loaded with.
# Each page carries a random token; the session remembers which versions each page's saves
# produced, so a "conflict" made only of the same page's own saves is not a conflict. Another
# tab or another person still gets a real one.


def posted_version(post: QueryDict) -> int:
    try:
        return int(post.get("version", ""))
    except ValueError:
        return -1


def _own_saves(request: HttpRequest, key: str, record_id: int, token: str) -> set[int]:
    saved = request.session.get(key, {}).get(str(record_id), {})
    return set(saved.get(token, [])) if token and isinstance(saved, dict) else set()


def _remember(request: HttpRequest, key: str, record_id: int, token: str, version: int) -> None:
    if not token:
        return
    all_saves = dict(request.session.get(key, {}))
    mine = dict(all_saves.get(str(record_id), {}))
    all_saves[str(record_id)] = {token: [*mine.get(token, [])[-49:], version]}  # one live page
    request.session[key] = all_saves


class Versioned(Protocol):
    version: int


R = TypeVar("R", bound=Versioned)


def autosaved(request: HttpRequest, key: str, record_id: int, save: Callable[[int], R]) -> R:
    """``save(expected_version)`` with the page's version; retried on the current version when
    every save in between came from this page."""
    token = request.POST.get("form_token", "")[:40]
    expected = posted_version(request.POST)
    try:
        saved = save(expected)
    except EditConflict as exc:
        between = set(range(expected + 1, exc.current_version + 1))
        if expected < 1 or not between or not between <= _own_saves(request, key, record_id, token):
            raise
        saved = save(exc.current_version)
    _remember(request, key, record_id, token, saved.version)
    return saved


def confirm_removal(
    request: HttpRequest,
    context: dict[str, Any],
    *,
    what: str,
    back: str,
    remove: Callable[[], Any],
) -> HttpResponse:
    """The "are you sure?" page of a task list's repeating item (a factor, a scenario, an
    action ...): GET asks; "no" goes ``back``; "yes" calls ``remove`` (which saves the list
    without the item, with the version the page was loaded with) and goes back, or shows the
    conflict; no answer is an error naming the question."""
    context.setdefault("choice_error", "")
    context.setdefault("conflict", "")
    if request.method == "POST":
        choice = request.POST.get("confirm", "")
        if choice == "no":
            return redirect(back)
        if choice == "yes":
            try:
                remove()
            except EditConflict as exc:
                context["conflict"] = exc.message()
            else:
                messages.success(request, f"{what.capitalize()} removed.")
                return redirect(back)
        else:
            context["choice_error"] = f"Select yes if you want to remove this {what}"
            context["errors"] = [SummaryItem("#confirm", context["choice_error"])]
    return render(request, "web/tasklist/remove.html", context)
