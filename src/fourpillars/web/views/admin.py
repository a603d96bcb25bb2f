"""Administration: users, agencies, areas and review-interval overrides.

Administrators manage these but read no case data unless granted like anyone else; this is
not django.contrib.admin, so every change goes through ``services.users`` and is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.accounts.models import Agency, Area, User
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError
from fourpillars.services import accounts as user_services
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.account import PasswordResetForm
from fourpillars.web.forms.admin import AgencyForm, AreaForm, ReviewIntervalsForm, UserForm

from .common import render, require

METHODS = ["GET", "POST"]


def _require_admin(request: HttpRequest) -> User:
    return require(request, Permission.ADMINISTER)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    context = {
        "users": User.objects.select_related("agency").order_by("username"),
        "agencies": Agency.objects.select_related("area").order_by("area__code", "name"),
        "areas": Area.objects.order_by("code"),
    }
    return render(request, "web/admin/home.html", context)


def _form_view(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(request, done)
            return redirect("admin-home")
    context = {"form": form, "title": title, **(extra or {})}
    return render(request, "web/admin/form.html", context, forms_with_errors=(form,))


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(METHODS)
@service_errors
def create_user(request: HttpRequest) -> HttpResponse:
    admin = _require_admin(request)
    agencies = [(a.code, a.name) for a in Agency.objects.order_by("name")]
    form = UserForm(_data(request), agencies=agencies)
    return _form_view(
        request,
        form,
        lambda data: user_services.create_user(actor=admin, data=data),
        title="Create a user",
        done=f"User {request.POST.get('username', '')} created.",
    )


def _account(user_id: int) -> User:
    found = User.objects.filter(pk=user_id).first()
    if found is None:
        raise Http404("Page not found")
    return found


@login_required
@require_GET
@service_errors
def user(request: HttpRequest, user_id: int) -> HttpResponse:
    """One account: its state, its API tokens (each revoked on its own), a password reset."""
    admin = _require_admin(request)
    account = _account(user_id)
    context = {
        "account": account,
        "tokens": user_services.tokens_of(actor=admin, user=account),
        "has_app": user_services.two_factor.has_authenticator(account),
        "keys": len(user_services.security_keys.keys_of(account)),
    }
    return render(request, "web/admin/user.html", context)


@login_required
@require_http_methods(METHODS)
@service_errors
def reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """A temporary password; the user chooses their own at their next sign-in (decision
    0028). Their sessions end at once; their authenticator app goes too if asked."""
    admin = _require_admin(request)
    account = _account(user_id)
    form = PasswordResetForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            user_services.reset_password(
                actor=admin,
                user_id=account.pk,
                password=form.cleaned_data["password"],
                remove_two_factor=form.cleaned_data["two_factor"] == "remove",
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(
                request,
                f"Password of {account.get_full_name() or account.username} reset: they "
                "choose a new one when they next sign in.",
            )
            return redirect("admin-user", user_id=account.pk)
    context = {
        "form": form,
        "title": f"Reset the password of {account.get_full_name() or account.username}",
        "back": reverse("admin-user", args=[account.pk]),
    }
    return render(request, "web/admin/form.html", context, forms_with_errors=(form,))


@login_required
@require_POST
@service_errors
def set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    admin = _require_admin(request)
    active = request.POST.get("active") == "true"
    try:
        target = user_services.set_user_active(actor=admin, user_id=user_id, active=active)
    except DomainValidationError as exc:
        messages.error(request, "; ".join(e.message for e in exc.errors))
    else:
        state = "reactivated" if active else "deactivated"
        messages.success(request, f"User {target.username} {state}.")
    return redirect("admin-home")


@login_required
@require_http_methods(METHODS)
@service_errors
def create_agency(request: HttpRequest) -> HttpResponse:
    admin = _require_admin(request)
    areas = [(a.code, a.name) for a in Area.objects.order_by("code")]
    form = AgencyForm(_data(request), areas=areas)
    return _form_view(
        request,
        form,
        lambda d: user_services.create_agency(
            actor=admin, code=d["code"], name=d["name"], kind=d["kind"], area_code=d["area"] or None
        ),
        title="Create an agency",
        done="Agency created.",
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def create_area(request: HttpRequest) -> HttpResponse:
    admin = _require_admin(request)
    return _form_view(
        request,
        AreaForm(_data(request)),
        lambda d: user_services.create_area(actor=admin, code=d["code"], name=d["name"]),
        title="Create an area",
        done="Area created.",
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def review_intervals(request: HttpRequest, code: str) -> HttpResponse:
    """MAPPA review intervals are unconfirmed ([M]/[U]), so an area may set its own."""
    admin = _require_admin(request)
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise Http404("Page not found")
    initial = {
        "level_1": area.review_weeks_l1,
        "level_2": area.review_weeks_l2,
        "level_3": area.review_weeks_l3,
    }
    form = ReviewIntervalsForm(_data(request), initial=initial)
    return _form_view(
        request,
        form,
        lambda d: user_services.set_review_intervals(
            actor=admin, area_code=area.code, weeks={i: d[f"level_{i}"] for i in (1, 2, 3)}
        ),
        title=f"Review intervals for {area.name}",
        done=f"Review intervals for {area.name} saved.",
        extra={"intervals_note": True},
    )
