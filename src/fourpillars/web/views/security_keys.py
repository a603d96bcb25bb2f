"""Security keys and passkeys (decision 0028): adding one's own (named), removing one with
confirmation, and using one at sign-in in place of a security code.

The browser's side is ``web/assets/js/security-keys.js`` (our npm build; no inline script).
It posts the form it sits in with ``Accept: application/json`` and gets ``{"options"}`` for
``navigator.credentials``, posts the browser's answer as JSON to the form's
``data-complete`` address, then follows the ``{"redirect"}`` in the reply, or shows its
``{"errors": [{"field", "href", "message"}]}`` in the page's GOV.UK error summary. Without
JavaScript the same form posts as a page and is told that keys need it. What the browser
answers is checked by the service (``services.accounts.security_keys``); a challenge kept in
the session is used once, whatever the outcome.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fourpillars.accounts import lockout
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.sign_in import Factor
from fourpillars.services.accounts import security_keys, signing_in
from fourpillars.web.errors import Route, apply_domain_errors, error_summary, service_errors
from fourpillars.web.forms.account import CodeForm, SecurityKeyForm
from fourpillars.web.forms.messages import govuk_message

from .auth import (
    NEW_CODES,
    START_AGAIN,
    code_page,
    key_site,
    pending_sign_in,
    start_session,
    wants_json,
)
from .common import actor, render

ADDING = "fp_key_adding"  # the challenge of a key being added
SIGNING_IN = "fp_key_signing_in"  # the challenge of a key being used to sign in
KEY_LABEL = "Security key or passkey"
NEEDS_SCRIPT = (
    "Your browser did not run this page's script: security keys and passkeys need "
    "JavaScript. Turn it on and try again"
)


def _errors(items: list[dict[str, str]], status: int = 422) -> JsonResponse:
    return JsonResponse({"errors": items}, status=status)


def _key_errors(exc: DomainValidationError, href: str, status: int = 422) -> JsonResponse:
    """A refusal of the key's answer, in GOV.UK words ("Security key or passkey was not
    accepted: try again"), linked to the button that starts again."""
    return _errors(
        [
            {
                "field": e.field,
                "href": href,
                "message": govuk_message(e.field, KEY_LABEL, e.message),
            }
            for e in exc.errors
        ],
        status,
    )


def _form_errors(form: SecurityKeyForm) -> JsonResponse:
    return _errors(
        [{"field": "name", "href": i.href, "message": i.text} for i in error_summary(form)]
    )


def _answer(request: HttpRequest) -> dict[str, Any] | None:
    """The browser's answer: a JSON object, else None."""
    try:
        value = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


UNREADABLE = DomainValidationError.single(
    security_keys.KEY, "was not accepted: the browser's answer could not be read, try again"
)


# Adding and removing one's own keys -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    """The page that adds a key: a name, then the browser makes the key. Its script posts
    here for the options; without the script, the page says keys need it."""
    user = actor(request)
    form = SecurityKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not wants_json(request):
            form.add_error(None, NEEDS_SCRIPT)
        else:
            try:
                ceremony = security_keys.begin_adding(user=user, name=form.cleaned_data["name"])
            except DomainValidationError as exc:
                apply_domain_errors(exc, [Route("", form)])
            else:
                request.session[ADDING] = ceremony.state
                return JsonResponse({"options": ceremony.options})
    if request.method == "POST" and wants_json(request):
        return _form_errors(form)
    context = {"form": form, **key_site(request)}
    return render(request, "web/account/security_key_new.html", context, forms_with_errors=(form,))


@login_required
@require_POST
def add_complete(request: HttpRequest) -> JsonResponse:
    """Keep the key the browser made (its answer checked by the service); on to the account
    page, or to the recovery codes that came with a first key."""
    state = request.session.pop(ADDING, None)  # a challenge is answered once
    answer = _answer(request)
    try:
        if answer is None:
            raise UNREADABLE
        added = security_keys.add_key(user=actor(request), state=state, answer=answer)
    except DomainValidationError as exc:
        return _key_errors(exc, "#add-security-key")
    messages.success(request, f"Security key or passkey “{added.key.name}” added.")
    if added.recovery_codes:
        request.session[NEW_CODES] = {"codes": added.recovery_codes, "next": reverse("account")}
        return JsonResponse({"redirect": reverse("account-recovery-codes")})
    return JsonResponse({"redirect": reverse("account")})


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def remove(request: HttpRequest, key_id: int) -> HttpResponse:
    """Remove one of one's own keys, after a confirmation page (anyone else's: 404)."""
    user = actor(request)
    if request.method == "POST":
        name = security_keys.remove_key(actor=user, key_id=key_id)
        messages.success(request, f"Security key or passkey “{name}” removed.")
        return redirect("account")
    key = security_keys.key_of(actor=user, key_id=key_id)
    return render(request, "web/account/security_key_remove.html", {"key": key})


# Using a key at sign-in -------------------------------------------------------------------


def _expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, START_AGAIN)
    if wants_json(request):
        return JsonResponse({"redirect": reverse("login")}, status=400)
    return redirect("login")


@require_POST
def sign_in(request: HttpRequest) -> HttpResponse:
    """After the password: the options for the browser to sign a challenge with one of the
    user's keys (the script asks); without the script, the code page says keys need it."""
    pending = pending_sign_in(request)
    if pending is None:
        return _expired(request)
    user = pending[0]
    if not wants_json(request):
        return code_page(request, user, CodeForm(), key_problem=NEEDS_SCRIPT)
    if lockout.is_locked(request, user.get_username()):
        lockout.refuse(request)  # answered by django-axes's middleware (locked_out): JSON 429
        return _errors([])
    try:
        ceremony = security_keys.begin_signing_in(user)
    except DomainValidationError as exc:
        return _key_errors(exc, "#id_code", status=400)
    request.session[SIGNING_IN] = ceremony.state
    return JsonResponse({"options": ceremony.options})


@require_POST
def sign_in_complete(request: HttpRequest) -> HttpResponse:
    """The browser's signature: checked, then signed in (the sign-in's row names the key) in
    one transaction; a refusal counts towards the lockout like a wrong code."""
    pending = pending_sign_in(request)
    if pending is None:
        return _expired(request)
    user, next_url = pending
    state = request.session.pop(SIGNING_IN, None)  # a challenge is answered once
    if lockout.is_locked(request, user.get_username()):
        lockout.refuse(request)
        return _errors([])
    answer = _answer(request)
    try:
        if answer is None:
            raise UNREADABLE
        with transaction.atomic():
            key = security_keys.check_key(user=user, state=state, answer=answer)
            start_session(request, user, Factor.SECURITY_KEY, security_key=key.pk)
    except DomainValidationError as exc:
        failure = lockout.count_failure(request, user.get_username())
        signing_in.sign_in_failed(
            username=user.get_username(),
            address=lockout.address(request),
            step="security_key",
            locked=failure.locked,
            failures=failure.failures,
        )
        return _key_errors(exc, "#use-security-key")
    return JsonResponse({"redirect": next_url or resolve_url(settings.LOGIN_REDIRECT_URL)})
