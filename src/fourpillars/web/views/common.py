"""What every view shares: the signed-in actor, the permission policy's answers, the
navigation, justification in the session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as django_render

from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.services import access as policy
from fourpillars.web.errors import error_summary

if TYPE_CHECKING:
    from django import forms

    from fourpillars.accounts.models import User

SESSION_JUSTIFICATIONS = "fp_justifications"


def actor(request: HttpRequest) -> User:
    """The signed-in user (views are wrapped in login_required)."""
    return request.user  # type: ignore[return-value]


def may(request: HttpRequest, permission: Permission, record: policy.Record = None) -> bool:
    """The policy's answer for the signed-in user: whether to offer a link or a button."""
    return policy.allowed(actor(request), permission, record)


def require(request: HttpRequest, permission: Permission, record: policy.Record = None) -> User:
    """The signed-in user if the policy allows ``permission``; else 403 with its reason."""
    user = actor(request)
    verdict = policy.decide(user, permission, record)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    return user


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
