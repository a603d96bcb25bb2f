"""What every request passes through: its id and channel (for the audit rows), no caching, no NUL
character in any value, GOV.UK date inputs joined."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from fourpillars.domain.text import NUL, NUL_MESSAGE, nul_paths
from fourpillars.services.context import request_context
from fourpillars.web.forms.dates import PARTS, dates_in, parse_date_parts

_RID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """The request's id, in every audit row it writes and in the answer's ``X-Request-ID``.

    The server makes its own, so that no client can write a chosen id (one that points at
    another request, or passes for a proxy's) into the audit trail; only a reverse proxy the
    deployment names (``FOURPILLARS_TRUSTED_PROXIES``, by address) may set it. An id a client
    sends otherwise is echoed back as ``X-Client-Request-ID`` beside the server's, so that the
    client can pair its own logs with the server's id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.headers.get("X-Request-ID", "")
        supplied = supplied if _RID.match(supplied) else ""
        from_proxy = request.META.get("REMOTE_ADDR", "") in settings.FOURPILLARS_TRUSTED_PROXIES
        channel = "api" if request.path.startswith("/api/") else "web"
        with request_context(channel, supplied if from_proxy else None) as rid:
            request.request_id = rid  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        if supplied and not from_proxy:
            response["X-Client-Request-ID"] = supplied
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and its older forms) on every answer but static assets,
    which WhiteNoise serves before this runs: pages, API answers, PDFs and CSV files hold
    personal data that no browser, proxy or shared computer may keep."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class RejectNulMiddleware:
    """Refuse every request whose values carry a NUL character, naming each field: the path,
    the query string, a form post and a JSON body, keys and values at any depth
    (``domain.text.nul_paths``). The API (and any JSON request) answers 422 with the API's error
    body; a web page answers 422 with a GOV.UK error summary naming the fields.

    One place for the whole site, on both databases: PostgreSQL cannot store or compare text
    holding NUL (a code-like field such as ``lead_agency`` would otherwise end in a database
    error), and SQLite would store it silently."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = nul_fields(request)
        if not fields:
            return self.get_response(request)
        if request.path.startswith("/api/") or _is_json(request):
            errors = [{"field": f, "message": NUL_MESSAGE} for f in fields]
            return JsonResponse({"detail": "Invalid input", "errors": errors}, status=422)
        context = {
            "fields": fields,
            "errors": [
                {"href": f"#nul-{i}", "text": f"The value sent as ‘{field}’ {NUL_MESSAGE}"}
                for i, field in enumerate(fields)
            ],
        }
        return render(request, "web/invalid_input.html", context, status=422)


def _is_json(request: HttpRequest) -> bool:
    return request.content_type in {"application/json", "application/merge-patch+json"}


def nul_fields(request: HttpRequest) -> list[str]:
    """The names of the request's values that carry a NUL character (empty: none)."""
    found: list[str] = ["path"] if NUL in request.path else []
    found += _form_fields(request.GET)
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        found += _body_fields(request)
    return list(dict.fromkeys(found))  # a name once, in order


def _form_fields(values: QueryDict) -> list[str]:
    """A query string's or form's names whose name or any value carries NUL (a name repeated
    in the post, as checkboxes are, is one field)."""
    return [
        key.replace(NUL, "") or '""'
        for key, items in values.lists()
        if NUL in key or any(NUL in item for item in items)
    ]


def _body_fields(request: HttpRequest) -> list[str]:
    """Read the body once, so that the view can read it again (as the API reads a form post it
    refuses); a body that cannot be read is the view's to answer (413, or JSON it names)."""
    try:
        raw = request.body
    except RequestDataTooBig:
        raw = b""
    if _is_json(request):
        try:
            return nul_paths(json.loads(raw or b"null"))
        except (ValueError, RecursionError):
            return []
    if raw and request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        try:
            return _form_fields(request.POST)
        except (TooManyFieldsSent, MultiPartParserError, ValueError):
            return []
    return []


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
