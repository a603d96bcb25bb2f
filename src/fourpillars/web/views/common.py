"""What every view shares: the signed-in actor, the navigation, justification in the session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as django_render

from fourpillars.domain.audit import Justification, Purpose
from fourpillars.web.errors import error_summary

if TYPE_CHECKING:
    from django import forms

    from fourpillars.accounts.models import User

SESSION_JUSTIFICATIONS = "fp_justifications"


def actor(request: HttpRequest) -> User:
    """The signed-in user (views are wrapped in login_required)."""
    return request.user  # type: ignore[return-value]


def render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    forms_with_errors: tuple[forms.Form, ...] = (),
    status: int = 200,
) -> HttpResponse:
    ctx = dict(context or {})
    ctx.setdefault("errors", error_summary(*forms_with_errors))
    return django_render(request, template, ctx, status=status)


def session_justification(request: HttpRequest, case_id: int) -> Justification | None:
    """The purpose given for this case in this working session, if any (asked once per case
    per session)."""
    stored = request.session.get(SESSION_JUSTIFICATIONS, {}).get(str(case_id))
    if not isinstance(stored, dict):
        return None
    try:
        return Justification(Purpose(str(stored.get("purpose"))), str(stored.get("text") or ""))
    except ValueError:
        return None


def remember_justification(request: HttpRequest, case_id: int, j: Justification) -> None:
    stored = dict(request.session.get(SESSION_JUSTIFICATIONS, {}))
    stored[str(case_id)] = {"purpose": j.purpose.value, "text": j.text}
    request.session[SESSION_JUSTIFICATIONS] = stored
