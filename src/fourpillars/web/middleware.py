"""Binds a request id and channel to every request so audit rows can be correlated."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict

from fourpillars.services.context import request_context
from fourpillars.web.forms.dates import PARTS, dates_in, parse_date_parts

_RID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.headers.get("X-Request-ID", "")
        channel = "api" if request.path.startswith("/api/") else "web"
        with request_context(channel, supplied if _RID.match(supplied) else None) as rid:
            request.request_id = rid  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


class RejectNulMiddleware:
    """Refuse API query strings containing NUL, naming the parameter (400, JSON).

    PostgreSQL cannot store or compare text with NUL bytes; without this, a crafted search or
    filter would end in a database error instead of a clear answer. Web forms need no help:
    Django's form fields already refuse NUL with a message on the field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            for key, values in request.GET.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    error = {
                        "field": key.replace("\x00", "")[:50],
                        "message": "contains a NUL character",
                    }
                    return JsonResponse({"detail": "Invalid input", "errors": [error]}, status=400)
        return self.get_response(request)


class DatePartsMiddleware:
    """Join GOV.UK date inputs posted to the web UI (``<name>-day``, ``-month``, ``-year``) into
    ``<name>``, so every form, including htmx autosaves, reads one value: the ISO date, or the
    parts as typed (``year/month/day``) when they are not a real date, which the form shows
    again with the date input's error. The three parts stay in the post. Three empty boxes
    beside a whole date posted under ``<name>`` (a script, or a test) leave that date alone;
    three empty boxes alone clear it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and not request.path.startswith("/api/"):
            names = dates_in(request.POST.keys())
            if names:
                post = request.POST.copy()
                for name in names:
                    parts = [post.get(f"{name}-{p}", "") for p in PARTS]
                    if not any(part.strip() for part in parts) and post.get(name):
                        continue  # empty boxes beside a date given whole: keep the whole date
                    post[name] = parse_date_parts(name, *parts).value
                request.POST = QueryDict(post.urlencode(), encoding=request.encoding)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """After an administrator's reset, the user's pages are the password change alone (and
    signing out) until they choose a new password (decision 0028). The API is left alone: a
    reset changes no token."""

    ALLOWED = ("/account/password/", "/logout/", "/static/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.ALLOWED):
            user = getattr(request, "user", None)
            if getattr(user, "must_change_password", False):
                return HttpResponseRedirect("/account/password/")
        return self.get_response(request)
