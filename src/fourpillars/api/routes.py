"""The JSON API under /api/v1 (django-ninja): bearer tokens, JSON errors naming the field,
pagination on every list, and the OpenAPI document at /api/v1/openapi.json.

Routes live in one module per resource (cases, persons, audit, reference, admin); all of them
call the services, so the API and the web UI share every rule and every audit row.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Router

from fourpillars.services.errors import NotFound

from . import (
    admin,
    assessments,
    audit,
    cases,
    emergency,
    errors,
    exchange,
    meetings,
    notifications,
    persons,
    plan_checks,
    plans,
    received,
    reference,
    referrals,
    retention,
    soa,
    tokens,
)
from .auth import BearerToken

DESCRIPTION = """\
Four Pillars: one shared register of people under multi-agency (MAPPA) management.

Send `Authorization: Bearer <token>` (`fourpillars token USERNAME` issues one; every token
expires, and `POST /tokens/{id}/revoke` ends one at once). Too many bad tokens from one address
lock it for a while, as failed sign-ins do: every request from it is then 429. Opening a case
led by another agency needs `X-Justification: <purpose code>[; <text>]`; without it the answer
is 428. Missing and hidden records are both 404. Errors are JSON:
`{"detail": ..., "errors": [{"field": "person.identifiers.0.value", "message": ...}]}`.
No value in the path, the query string or the body may hold a NUL character (U+0000): 422 naming
the field. Every answer carries `X-Request-ID`, the server's own id for the request, which its
audit rows keep (an id you send comes back beside it as `X-Client-Request-ID`), and
`Cache-Control: no-store`. Downloading a PDF or calendar entry is audited as a disclosure to
you, apart from reading the record.
"""

api = NinjaAPI(
    title="Four Pillars API",
    version="1",
    description=DESCRIPTION,
    auth=BearerToken(),
    urls_namespace="api",
    # Served by docs.docs (signed-in users, the project's own Swagger UI), not by ninja.
    docs_url=None,
)
errors.install(api)
for module in (
    cases,
    persons,
    assessments,
    plans,
    notifications,
    audit,
    reference,
    admin,
    plan_checks,
    meetings,
    referrals,
    soa,
    received,
    exchange,
    tokens,
    emergency,
    retention,
):
    api.add_router("", module.router)

# Registered last: any other path under /api/v1/ answers a JSON 404, not the site's HTML page.
fallback = Router(auth=None)


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown_route(request: HttpRequest, rest: str) -> None:
    raise NotFound()


api.add_router("", fallback)
