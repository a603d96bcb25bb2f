"""Signing in and out (decision 0028).

A password first (Django's ``LoginView``; django-axes refuses it while the username or the
address is locked), then, unless the account may sign in with a password alone, a second
step: a code from the user's authenticator app, a security key or passkey
(``security_keys``), or a recovery code; or, for an account without an app or a key while two
factors are required, setting an app up. Between the two steps nobody is
signed in: the session holds only who passed the password, for a few minutes. Every sign-in,
failed attempt, lockout and sign-out is an audit row (``services.accounts.signing_in``).
Sign-out is a POST with a CSRF token.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fourpillars.accounts import lockout
from fourpillars.accounts.models import User
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.sign_in import Factor, SecondStep
from fourpillars.services.accounts import security_keys, signing_in, two_factor
from fourpillars.web.errors import Route, SummaryItem, apply_domain_errors, error_summary
from fourpillars.web.forms.account import CodeForm, SetUpForm
from fourpillars.web.qr import qr_svg

from .common import render

PENDING = "fp_sign_in"  # who passed the password, when, and where they were going
SECRET = "fp_totp_secret"  # noqa: S105 - the session key of an app being set up
NEW_CODES = "fp_recovery_codes"  # recovery codes to show once
BACKEND = "fourpillars.accounts.backends.FourPillarsBackend"


class SignInForm(auth_forms.AuthenticationForm):
    """GOV.UK sign-in wording: "Enter your username", "Enter your password", and for a wrong
    pair one message on the username (in the summary and under the field, once each), never
    saying which of the two was wrong."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as exc:
            self.add_error("username", exc)
            return self.cleaned_data


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["errors"] = error_summary(context["form"])
        return context

    def form_valid(self, form: auth_forms.AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        step = two_factor.next_step(user)
        if step is SecondStep.NONE:
            return complete_sign_in(self.request, user, Factor.PASSWORD, self.get_success_url())
        self.request.session.cycle_key()  # a new session id once the password is right
        self.request.session[PENDING] = {
            "user": user.pk,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("sign-in-set-up" if step is SecondStep.SET_UP else "sign-in-code")

    def form_invalid(self, form: auth_forms.AuthenticationForm) -> HttpResponse:
        failure = lockout.counted(self.request)
        if failure.failures is not None:  # a password was tried and counted (not locked before)
            signing_in.sign_in_failed(
                username=str(form.data.get("username", "")),
                address=lockout.address(self.request),
                step="password",
                locked=failure.locked,
                failures=failure.failures,
            )
        return super().form_invalid(form)


def complete_sign_in(
    request: HttpRequest, user: User, factor: Factor, next_url: str
) -> HttpResponse:
    """Start the signed-in session and write its audit row, in one transaction."""
    with transaction.atomic():
        start_session(request, user, factor)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def start_session(
    request: HttpRequest, user: User, factor: Factor, security_key: int | None = None
) -> None:
    """Sign ``user`` in and write the sign-in's row; call it inside the transaction that
    checked the last factor."""
    auth_login(request, user, backend=BACKEND)
    signing_in.signed_in(
        user=user, address=lockout.address(request), factor=factor, security_key=security_key
    )
    request.session.pop(PENDING, None)
    request.session.pop(SECRET, None)


def pending_sign_in(request: HttpRequest) -> tuple[User, str] | None:
    """Who passed the password in this session, if still in time and still active."""
    stored = request.session.get(PENDING)
    if not isinstance(stored, dict):
        return None
    if time.time() - float(stored.get("at", 0)) > settings.FOURPILLARS_SIGN_IN_CODE_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=int(stored.get("user") or 0), is_active=True).first()
    return (user, str(stored.get("next") or "")) if user is not None else None


START_AGAIN = "Sign in again: the time to enter the security code ran out."


def _start_again(request: HttpRequest) -> HttpResponse:
    messages.info(request, START_AGAIN)
    return redirect("login")


@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    pending = pending_sign_in(request)
    if pending is None:
        return _start_again(request)
    user, next_url = pending
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if lockout.is_locked(request, user.get_username()):
            lockout.refuse(request)  # answered by django-axes's middleware (locked_out)
        else:
            factor = two_factor.check_code(user, form.cleaned_data["code"])
            if factor is not None:
                return complete_sign_in(request, user, factor, next_url)
            failure = lockout.count_failure(request, user.get_username())
            signing_in.sign_in_failed(
                username=user.get_username(),
                address=lockout.address(request),
                step="code",
                locked=failure.locked,
                failures=failure.failures,
            )
            form.add_error(
                "code",
                "The security code is not right: enter the code your authenticator app "
                "shows now, or one of your recovery codes",
            )
    return code_page(request, user, form)


def code_page(
    request: HttpRequest, user: User, form: CodeForm, key_problem: str = ""
) -> HttpResponse:
    """The second step's page: a security key or passkey for a user with one (and a
    ``key_problem`` to show), a code from the app or a recovery code for everyone."""
    context = {
        "form": form,
        "has_app": two_factor.has_authenticator(user),
        "keys": security_keys.has_keys(user),
        "key_problem": key_problem,
        **key_site(request),
    }
    errors = error_summary(form)
    if key_problem:
        errors.insert(0, SummaryItem("#use-security-key", key_problem))
    context["errors"] = errors
    return render(request, "registration/code.html", context)


def key_site(request: HttpRequest) -> dict[str, Any]:
    """Whether security keys work at the address this page was opened at: only at the
    origins in ``FOURPILLARS_WEBAUTHN_ORIGINS`` (never at http://127.0.0.1); else where
    they do."""
    here = f"{request.scheme}://{request.get_host()}"
    origins = list(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS)
    return {"keys_work_here": here in origins, "keys_origin": origins[0] if origins else ""}


@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """An account without an authenticator app, while two factors are required, sets one up
    before it is signed in."""
    pending = pending_sign_in(request)
    if pending is None or two_factor.next_step(pending[0]) is not SecondStep.SET_UP:
        return _start_again(request)
    user, next_url = pending
    form = SetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_app(request, user, form)
        if codes is not None:
            response = complete_sign_in(
                request, user, Factor.TOTP, reverse("account-recovery-codes")
            )
            request.session[NEW_CODES] = {"codes": codes, "next": next_url}
            return response
    context = {"form": form, **app_page(request, user), "signing_in": True}
    return render(request, "registration/set_up.html", context, forms_with_errors=(form,))


def app_page(request: HttpRequest, user: User) -> dict[str, Any]:
    """What the set-up page shows: the secret (kept in the session until confirmed) as a QR
    code and as text to type."""
    secret = request.session.get(SECRET)
    if not isinstance(secret, str) or len(secret) != 40:
        secret = two_factor.new_secret()
        request.session[SECRET] = secret
    url = two_factor.setup_url(user, secret)
    return {
        "qr": qr_svg(url, "QR code to add Four Pillars to your authenticator app"),
        "secret": two_factor.secret_text(secret),
        "issuer": settings.OTP_TOTP_ISSUER,
        "account": user.get_username(),
    }


def confirm_app(request: HttpRequest, user: User, form: SetUpForm) -> list[str] | None:
    """Confirm the app being set up with the code typed; its recovery codes, or None with the
    problem on the form."""
    secret = request.session.get(SECRET)
    if not isinstance(secret, str):
        form.add_error("code", "Enter the code again: the page had expired")
        return None
    try:
        codes = two_factor.set_up_authenticator(
            user=user, secret_hex=secret, code=form.cleaned_data["code"]
        )
    except DomainValidationError as exc:
        apply_domain_errors(exc, [Route("", form)])
        return None
    request.session.pop(SECRET, None)
    return codes


def wants_json(request: HttpRequest) -> bool:
    """A request from the page's script (security keys), which reads JSON answers."""
    return "application/json" in request.headers.get("Accept", "")


def locked_out(
    request: HttpRequest, response: HttpResponseBase | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes's answer to a refused sign-in (``AXES_LOCKOUT_CALLABLE``): 429 with when to
    try again, a GOV.UK page on the web and JSON in the API."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    seconds = str(minutes * 60)
    if request.path.startswith("/api/") or wants_json(request):
        detail = (
            "Too many failed sign-ins from this address or for this account: "
            f"try again in {minutes} minutes."
        )
        answer: HttpResponse = JsonResponse({"detail": detail}, status=429)
    else:
        answer = render(request, "registration/locked.html", {"minutes": minutes}, status=429)
    answer["Retry-After"] = seconds
    return answer


class LogoutView(auth_views.LogoutView):
    """Django 5 accepts POST only, so a link or a cross-site GET cannot sign anyone out. The
    sign-out's audit row is written in the transaction that ends the session."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        with transaction.atomic():
            if isinstance(user, User):
                signing_in.signed_out(user=user, address=lockout.address(request))
            return super().post(request, *args, **kwargs)
