"""Every refusal as JSON naming the field and the problem; never an HTML page, never a 500.

Services raise the same few errors (``services.errors``) for the web UI, the API and the CLI;
this module maps them once for the API:

| raised                                   | status | body                                      |
|------------------------------------------|--------|-------------------------------------------|
| DomainValidationError, bad request shape | 422    | ``{"detail", "errors": [{field, message}]}`` |
| malformed JSON                           | 422    | same, field ``body``                      |
| missing or bad bearer token              | 401    | ``{"detail"}`` + ``WWW-Authenticate``     |
| services.errors.Forbidden                | 403    | ``{"detail"}``                            |
| NotFound (missing and hidden alike)      | 404    | ``{"detail": "Not found"}``               |
| EditConflict                             | 409    | ``{"detail", "changed_fields", ...}``     |
| IllegalTransition                        | 409    | ``{"detail"}``                            |
| body over DATA_UPLOAD_MAX_MEMORY_SIZE    | 413    | ``{"detail", "errors"}``                  |
| JustificationRequired (DPA 2018 s.62)    | 428    | ``{"detail", "errors"}`` (X-Justification)|
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from fourpillars.domain.audit import Purpose
from fourpillars.domain.errors import DomainValidationError, EditConflict, IllegalTransition
from fourpillars.services import audit
from fourpillars.services.errors import Forbidden, JustificationRequired, NotFound

log = logging.getLogger(__name__)

JUSTIFICATION_HEADER = "X-Justification"
BODY_PARAM = "payload"  # every route names its JSON body parameter so; dropped from field paths
INVALID = "Invalid input"
NOT_FOUND = "Not found"
UNPARSEABLE = "Cannot parse request body"


def field_errors(errors: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"field": f, "message": m} for f, m in errors]


def invalid(api: NinjaAPI, request: HttpRequest, errors: Iterable[tuple[str, str]]) -> HttpResponse:
    body = {"detail": INVALID, "errors": field_errors(errors)}
    return api.create_response(request, body, status=422)


def field_path(loc: Iterable[object]) -> str:
    """ninja's ``("body", "payload", "person", 0)`` becomes ``person.0``; query keeps its name."""
    parts = [str(p) if str(p) else '""' for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        source, parts = parts[0], parts[1:]
        if source == "body" and parts and parts[0] == BODY_PARAM:
            parts = parts[1:]
        if not parts:
            return source
    return ".".join(parts)


def _pydantic_message(error: Mapping[str, Any]) -> str:
    if error.get("type") == "missing":
        return "is required"
    return str(error.get("msg") or "is not valid")


def _on_request_validation(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, ValidationError)
        pairs = [(field_path(e.get("loc", ())), _pydantic_message(e)) for e in exc.errors]
        return invalid(api, request, pairs)

    return handle


def _on_domain_validation(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, DomainValidationError)
        return invalid(api, request, [(e.field, e.message) for e in exc.errors])

    return handle


def _on_http_error(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, HttpError)
        if isinstance(exc, AuthenticationError):
            return _unauthorised(api, request)
        if exc.status_code == 400 and str(exc).startswith(UNPARSEABLE):
            why = "is not valid JSON: send a JSON object with Content-Type: application/json"
            return invalid(api, request, [("body", why)])
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    return handle


def _unauthorised(api: NinjaAPI, request: HttpRequest) -> HttpResponse:
    detail = (
        "Authentication required: send 'Authorization: Bearer <token>' with a valid, "
        "unrevoked token (fourpillars token USERNAME issues one)."
    )
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="fourpillars"'
    return response


def justification_required_body() -> dict[str, object]:
    codes = ", ".join(p.value for p in Purpose)
    return {
        "detail": (
            "This case is led by another agency: say why you are consulting it in the "
            f"{JUSTIFICATION_HEADER} header, as '<purpose code>' or '<purpose code>; <text>'."
        ),
        "errors": field_errors([(JUSTIFICATION_HEADER, f"is required; purpose codes: {codes}")]),
        "purposes": [p.value for p in Purpose],
    }


def _simple(api: NinjaAPI, status: int, default: str, *, fixed: bool = False) -> Any:
    """A handler answering ``{"detail": ...}``; ``fixed`` ignores the exception's own text."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = default if fixed else (str(exc) or default)
        return api.create_response(request, {"detail": detail}, status=status)

    return handle


def _on_not_found(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    """404 for missing and hidden alike; a hidden case's refusal is audited (the caller is
    told nothing more)."""
    answer = _simple(api, 404, NOT_FOUND, fixed=True)

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, NotFound)
        audit.refused_read(actor=getattr(request, "auth", None), refusal=exc)
        response: HttpResponse = answer(request, exc)
        return response

    return handle


def _on_conflict(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, EditConflict)
        body = {
            "detail": exc.message(),
            "changed_fields": list(exc.changed_fields),
            "current_version": exc.current_version,
        }
        return api.create_response(request, body, status=409)

    return handle


def _on_too_big(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        body = {
            "detail": "Request body too large",
            "errors": field_errors([("body", f"must be at most {limit} bytes")]),
        }
        return api.create_response(request, body, status=413)

    return handle


def _on_unexpected(api: NinjaAPI) -> Callable[[HttpRequest, Exception], HttpResponse]:
    """Last resort: a bug still answers JSON with the request id to quote, and is logged."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("unhandled error in API request %s", request.path, exc_info=exc)
        body = {
            "detail": "Internal error; quote the request id when reporting it",
            "request_id": getattr(request, "request_id", ""),
        }
        return api.create_response(request, body, status=500)

    return handle


def install(api: NinjaAPI) -> None:
    """Register every handler on ``api`` (overriding ninja's defaults for validation/HTTP)."""
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Exception], HttpResponse]]] = [
        (Exception, _on_unexpected(api)),
        (ValidationError, _on_request_validation(api)),
        (DomainValidationError, _on_domain_validation(api)),
        (HttpError, _on_http_error(api)),
        (EditConflict, _on_conflict(api)),
        (IllegalTransition, _simple(api, 409, "This change of state is not allowed.")),
        (NotFound, _on_not_found(api)),
        (Http404, _simple(api, 404, NOT_FOUND, fixed=True)),
        (Forbidden, _simple(api, 403, "You may not do this.")),
        (
            JustificationRequired,
            lambda request, exc: api.create_response(
                request, justification_required_body(), status=428
            ),
        ),
        (RequestDataTooBig, _on_too_big(api)),
    ]
    for exc_class, handler in handlers:
        # ninja annotates the handler's argument as "exception or exception class"
        # (Union[_E, Type[_E]]), but on_exception only ever passes the raised instance.
        api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]
