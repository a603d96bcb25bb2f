"""Home: search the register. One box for a name, a date of birth or an identifier.

The same view returns the whole page or, for htmx (``HX-Request``), only the results fragment.
Hidden cases never appear and never count: results come from ``services.reads.search_cases``.
"""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from fourpillars.domain.access import Permission
from fourpillars.services.cases import reads

from .common import actor, may, render

PAGE_SIZE = 20


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 5 and int(raw) > 0 else 1


def _pages(result: reads.SearchResult) -> list[int]:
    count = max(1, math.ceil(result.total / result.page_size))
    return list(range(1, count + 1))


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not may(request, Permission.WORK_CASES):
        return render(request, "web/no_case_access.html")
    query = request.GET.get("q", "")[: reads.QUERY_MAX]
    result = None
    if query.strip():
        result = reads.search_cases(
            actor=user, query=query, page=_page(request), page_size=PAGE_SIZE
        )
    context = {
        "query": query,
        "result": result,
        "pages": _pages(result) if result else [],
        "can_register": may(request, Permission.REGISTER_CASE),
    }
    fragment = request.headers.get("HX-Request") == "true"
    template = "web/includes/search_results.html" if fragment else "web/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
