"""One's own account (decision 0028): the password, the authenticator app, security keys and
passkeys (added and removed in ``security_keys``), recovery codes, and one's API tokens, each
revoked on its own. An administrator's view of another account is ``admin.user``; a token is
revoked here for both (``services.accounts.revoke_token`` says whose it may be)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.accounts import lockout
from fourpillars.accounts.models import User
from fourpillars.domain.errors import DomainValidationError
from fourpillars.services import accounts
from fourpillars.services.accounts import signing_in, two_factor
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.account import PasswordChangeForm, SetUpForm

from .auth import NEW_CODES, app_page, confirm_app
from .common import actor, render


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    context = {
        "has_app": two_factor.has_authenticator(user),
        "keys": accounts.security_keys.keys_of(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "tokens": accounts.tokens_of(actor=user, user=user),
    }
    return render(request, "web/account/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    """The user's own change; after an administrator's reset, the only page they reach. The
    current password is a sign-in's: refused while the account or the address is locked, and
    a wrong one counts towards the lockout (decision 0028)."""
    user = actor(request)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if lockout.is_locked(request, user.get_username()):
            lockout.refuse(request)  # answered by django-axes's middleware (locked_out)
            return redirect("account-password")
        try:
            accounts.change_password(
                actor=user,
                current=data["current_password"],
                new=data["new_password"],
                confirm=data["confirm_password"],
                keep_session=request.session.session_key,
            )
        except DomainValidationError as exc:
            if isinstance(exc, accounts.WrongPassword):
                _wrong_password(request, user)
            apply_domain_errors(exc, [Route("", form)])
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "Your password has been changed.")
            return redirect("account")
    context = {"form": form, "forced": user.must_change_password}
    return render(request, "web/account/password.html", context, forms_with_errors=(form,))


def _wrong_password(request: HttpRequest, user: User) -> None:
    """A wrong current password is a failed sign-in of the account from this address, counted
    by django-axes and audited; the lockout it causes ends every session of the account, this
    one included, and django-axes's middleware answers the request (429)."""
    failure = lockout.count_failure(request, user.get_username())
    if failure.failures is None:  # refused while locked, not counted: the middleware answers
        return
    signing_in.sign_in_failed(
        username=user.get_username(),
        address=lockout.address(request),
        step="current_password",
        locked=failure.locked,
        failures=failure.failures,
        signed_in=True,
    )
    if failure.locked:
        logout(request)


@login_required
@require_http_methods(["GET", "POST"])
def set_up_app(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app, or a new one in place of the one before."""
    user = actor(request)
    form = SetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_app(request, user, form)
        if codes is not None:
            request.session[NEW_CODES] = {"codes": codes, "next": reverse("account")}
            return redirect("account-recovery-codes")
    context = {
        "form": form,
        **app_page(request, user),
        "replacing": two_factor.has_authenticator(user),
    }
    return render(request, "registration/set_up.html", context, forms_with_errors=(form,))


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown once, here (POST makes new ones, replacing any left)."""
    user = actor(request)
    if request.method == "POST":
        if not two_factor.has_second_factor(user):
            return redirect("account")
        codes = two_factor.new_recovery_codes(user=user)
        request.session[NEW_CODES] = {"codes": codes, "next": reverse("account")}
        return redirect("account-recovery-codes")
    shown = request.session.pop(NEW_CODES, None)
    if not isinstance(shown, dict) or not shown.get("codes"):
        return redirect("account")
    context = {"codes": shown["codes"], "next": shown.get("next") or reverse("account")}
    return render(request, "web/account/recovery_codes.html", context)


@login_required
@require_POST
@service_errors
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one token: the owner's own, or any for an administrator (404 for anyone else)."""
    token = accounts.revoke_token(actor=actor(request), token_id=token_id)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    wanted = str(request.POST.get("next") or "")
    safe = wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}
    )
    return redirect(wanted if safe else "account")
