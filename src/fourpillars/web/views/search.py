"""Home: the caseload ("My cases"), what is waiting for the user, and the search box.

Without a query the home lists the user's caseload (``services.cases.caseload``), sortable,
filterable and paged, with the figures behind each tag; with a query (one box for a name, a
date of birth or an identifier) it lists the search's results with the same columns, tags
and filters. The same view returns the whole page or, for htmx (``HX-Request``), only the
results fragment. Hidden cases never appear and never count: both reads go through the one
access-scoped query.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from fourpillars.domain import rosh
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import Role
from fourpillars.services.cases import caseload as service
from fourpillars.services.cases import reads
from fourpillars.services.referrals import waiting as referral_waiting

from .common import actor, may, render

PAGE_SIZE = 20
CLEARED: dict[str, object] = {
    "tag": frozenset(),
    "rosh": frozenset(),
    "category": frozenset(),
    "level": frozenset(),
    "waiting": "",
    "page": 1,
}
COLUMNS = [
    ("name", "Name"),
    ("rosh", "RoSH (community)"),
    ("category", "Category"),
    ("level", "Level"),
    ("next_review", "Next MAPPA review"),
    ("plan_review", "Plan review"),
]
ROSH_OPTIONS = [*rosh.RATING_LABELS.items(), (service.NO_ROSH, "No RoSH in force")]
CATEGORY_OPTIONS = [(1, "Category 1"), (2, "Category 2"), (3, "Category 3"), (4, "Category 4")]
LEVEL_OPTIONS = [(1, "Level 1"), (2, "Level 2"), (3, "Level 3")]


def _params(q: service.CaseloadQuery, text: str, **changes: object) -> list[tuple[str, str]]:
    """The query as URL parameters, with ``changes`` applied (a set replaces the set)."""
    parts: dict[str, object] = {
        "q": text,
        "scope": q.scope,
        "tag": q.tags,
        "rosh": q.rosh,
        "category": q.categories,
        "level": q.levels,
        "waiting": q.waiting,
        "sort": q.sort,
        "order": "desc" if q.descending else "asc",
        "page": q.page,
    }
    parts.update(changes)
    out: list[tuple[str, str]] = []
    for key, value in parts.items():
        values = sorted(value, key=str) if isinstance(value, frozenset | set) else [value]
        out += [(key, str(v)) for v in values if v not in ("", None)]
    defaults = {("scope", "mine"), ("sort", service.DEFAULT_SORT), ("order", "asc"), ("page", "1")}
    return [p for p in out if p not in defaults]


def _href(q: service.CaseloadQuery, text: str, **changes: object) -> str:
    """A link to the home with the query changed; "?" alone when nothing is left."""
    return "?" + urlencode(_params(q, text, **changes))


def _headers(q: service.CaseloadQuery, text: str) -> list[dict[str, str]]:
    """The sortable columns: the current one says which way it is sorted; each links to
    sorting by it (the other way round if it is the current one)."""
    found = []
    for key, label in COLUMNS:
        current = q.sort == key
        order = "asc" if not current or q.descending else "desc"
        sort = "none"
        if current:
            sort = "descending" if q.descending else "ascending"
        found.append(
            {
                "label": label,
                "aria_sort": sort,
                "href": _href(q, text, sort=key, order=order, page=1),
            }
        )
    return found


def _selected(q: service.CaseloadQuery, text: str) -> list[dict[str, object]]:
    """The MoJ filter's selected filters, each with the link that removes it."""
    groups: list[tuple[str, str, frozenset[Any], dict[Any, str]]] = [
        ("Tags", "tag", q.tags, {k: v[0] for k, v in service.TAGS.items()}),
        ("RoSH", "rosh", q.rosh, dict(ROSH_OPTIONS)),
        ("Category", "category", q.categories, dict(CATEGORY_OPTIONS)),
        ("Level", "level", q.levels, dict(LEVEL_OPTIONS)),
    ]
    out: list[dict[str, object]] = []
    for heading, key, chosen, labels in groups:
        items = [
            {"text": labels[v], "href": _href(q, text, **{key: chosen - {v}, "page": 1})}
            for v in sorted(chosen, key=str)
        ]
        if items:
            out.append({"heading": heading, "items": items})
    return out


def _options(q: service.CaseloadQuery) -> list[dict[str, object]]:
    """The filter's checkbox groups, each option with whether it is ticked."""
    groups: list[tuple[str, str, list[tuple[Any, str]], frozenset[Any]]] = [
        ("Tags", "tag", [(k, v[0]) for k, v in service.TAGS.items()], q.tags),
        ("RoSH in force", "rosh", ROSH_OPTIONS, q.rosh),
        ("Category", "category", CATEGORY_OPTIONS, q.categories),
        ("Level", "level", LEVEL_OPTIONS, q.levels),
    ]
    return [
        {
            "legend": legend,
            "name": name,
            "options": [
                {"value": v, "label": label, "checked": v in chosen, "id": f"filter-{name}-{v}"}
                for v, label in options
            ],
        }
        for legend, name, options, chosen in groups
    ]


def _figures(listing: service.Caseload, text: str) -> list[dict[str, object]]:
    """Each tag's count over the caseload, linking to the caseload filtered by it."""
    q = listing.query
    return [
        {
            "count": listing.figures[key],
            "words": one if listing.figures[key] == 1 else many,
            "tag": key,
            "href": _href(service.CaseloadQuery(scope=q.scope), text, tag=frozenset({key}), page=1),
        }
        for key, (_tag, one, many) in service.TAGS.items()
    ]


def _scopes(request: HttpRequest, listing: service.Caseload) -> list[dict[str, object]]:
    if not listing.can_switch:
        return []
    coordinator = actor(request).viewer.role is Role.COORDINATOR
    wide = "All cases in the area" if coordinator else "All my team's cases"
    current = "" if listing.query.waiting else listing.query.scope
    return [
        {"text": "My cases", "href": "?", "current": current == "mine"},
        {"text": wide, "href": "?scope=all", "current": current == "all"},
    ]


def _pages(current: int, count: int, q: service.CaseloadQuery, text: str) -> dict[str, object]:
    """GOV.UK pagination: previous, next and the page numbers (with gaps as ellipses)."""
    shown = sorted({1, count, current - 1, current, current + 1} & set(range(1, count + 1)))
    items: list[dict[str, object]] = []
    for i, p in enumerate(shown):
        if i and p - shown[i - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": p, "href": _href(q, text, page=p), "current": p == current})
    return {
        "items": items if count > 1 else [],
        "prev": _href(q, text, page=current - 1) if current > 1 else "",
        "next": _href(q, text, page=current + 1) if current < count else "",
    }


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _between(w: referral_waiting.Waiting) -> list[dict[str, object]]:
    """Referrals, transfers and possible duplicates waiting for the user (decision 0018); a
    single declined referral or decided transfer links straight to it."""
    overdue = f" ({w.overdue} overdue)" if w.overdue else ""
    declined = f"/referrals/{w.declined_id}/" if w.declined_id else reverse("referral-mine")
    decided = f"/transfers/{w.decided_id}/" if w.decided_id else reverse("transfer-mine")
    return [
        {
            "count": w.to_screen,
            "words": _plural(w.to_screen, "referral to screen", "referrals to screen") + overdue,
            "href": reverse("referral-queue"),
            "key": "screen",
        },
        {
            "count": w.declined,
            "words": _plural(
                w.declined, "referral of yours declined", "referrals of yours declined"
            ),
            "href": declined,
            "key": "declined",
        },
        {
            "count": w.to_decide,
            "words": _plural(
                w.to_decide, "transfer into the area to decide", "transfers into the area to decide"
            ),
            "href": reverse("transfer-queue"),
            "key": "transfers",
        },
        {
            "count": w.decided,
            "words": _plural(w.decided, "transfer decision to read", "transfer decisions to read"),
            "href": decided,
            "key": "transfer-decisions",
        },
        {
            "count": w.duplicates,
            "words": _plural(
                w.duplicates, "possible duplicate across areas", "possible duplicates across areas"
            ),
            "href": reverse("duplicate-queue"),
            "key": "duplicates",
        },
    ]


def _waiting(waiting: service.Waiting) -> list[dict[str, object]]:
    """The "Waiting for me" figures, each linking to the list behind it."""
    return [
        {
            "count": waiting.countersign,
            "words": "RoSH assessment to countersign"
            if waiting.countersign == 1
            else "RoSH assessments to countersign",
            "href": "?waiting=countersign",
            "key": "countersign",
        },
        {
            "count": waiting.approve,
            "words": "plan waiting for approval"
            if waiting.approve == 1
            else "plans waiting for approval",
            "href": "?waiting=approve",
            "key": "approve",
        },
        {
            "count": waiting.actions,
            "words": "action due soon or overdue"
            if waiting.actions == 1
            else "actions due soon or overdue",
            "href": "/my-actions/",
            "key": "actions",
        },
        {
            "count": waiting.minutes,
            "words": "meeting's minutes waiting for your approval as chair"
            if waiting.minutes == 1
            else "meetings' minutes waiting for your approval as chair",
            "href": waiting.minutes_href,
            "key": "minutes",
        },
        {
            "count": waiting.abroad,
            "words": "risk notification to another state waiting for your decision"
            if waiting.abroad == 1
            else "risk notifications to other states waiting for your decision",
            "href": waiting.abroad_href,
            "key": "abroad",
        },
        *_between(waiting.referrals),
        {
            "count": waiting.received,
            "words": "item received from another country to deal with"
            if waiting.received == 1
            else "items received from other countries to deal with",
            "href": "/received/",
            "key": "received",
        },
        {
            "count": waiting.retention,
            "words": _plural(
                waiting.retention,
                "closed case due for a retention review",
                "closed cases due for a retention review",
            ),
            "href": reverse("retention-queue"),
            "key": "retention",
        },
    ]


# The lists behind cases that move between agencies and areas (decision 0018), each offered
# when the policy lets the user work it.
QUEUES = [
    ("Referrals to screen", "referral-queue", Permission.SCREEN_REFERRAL),
    ("Transfers into the area", "transfer-queue", Permission.DECIDE_TRANSFER),
    ("Possible duplicates across areas", "duplicate-queue", Permission.RESOLVE_DUPLICATE),
    ("Referrals you made", "referral-mine", Permission.WORK_CASES),
    ("Transfers you asked for", "transfer-mine", Permission.WORK_CASES),
    ("Received from other countries", "received-queue", Permission.MATCH_RECEIVED),
    ("Retention reviews", "retention-queue", Permission.REVIEW_RETENTION),
    ("Emergency access to a case", "emergency-access", Permission.BREAK_GLASS),
]


def _queues(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"text": text, "href": reverse(name)}
        for text, name, permission in QUEUES
        if may(request, permission)
    ]


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not may(request, Permission.WORK_CASES):
        return render(request, "web/no_case_access.html")
    text = request.GET.get("q", "")[: reads.QUERY_MAX]
    query = service.CaseloadQuery.from_params(dict(request.GET.lists()))
    query = dataclasses.replace(query, page_size=PAGE_SIZE)
    fragment = request.headers.get("HX-Request") == "true"
    context: dict[str, object] = {
        "query": text,
        "q": query,
        "can_register": may(request, Permission.REGISTER_CASE),
        "headers": _headers(query, text),
        "selected": _selected(query, text),
        "clear_href": _href(query, text, **CLEARED),
        "options": _options(query),
    }
    if text.strip():
        found = service.search(actor=user, text=text, query=query)
        count = max(1, -(-found.result.total // found.result.page_size))
        context.update(result=found.result, rows=found.rows)
        context["pagination"] = _pages(found.result.page, count, query, text)
    else:
        listing = service.caseload(actor=user, query=query)
        context.update(listing=listing, rows=listing.rows, figures=_figures(listing, text))
        context["scopes"] = _scopes(request, listing)
        context["pagination"] = _pages(listing.page, listing.pages, query, text)
    if not fragment:
        waiting = service.waiting_for(user)
        context["waiting"] = _waiting(waiting)
        context["waiting_any"] = waiting.any
        context["queues"] = _queues(request)
    template = "web/includes/search_results.html" if fragment else "web/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
