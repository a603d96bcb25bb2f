"""The service navigation: links for what the policy lets this user do, never one that only
gives a 403."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from fourpillars.domain.access import Permission
from fourpillars.services.access import allowed

# Each link and the permission that offers it, in the order shown.
LINKS = [
    ("My cases", "home", Permission.WORK_CASES),
    ("Register a case", "case-new", Permission.REGISTER_CASE),
    ("My actions", "my-actions", Permission.WORK_CASES),
    ("Meetings", "meetings-dashboard", Permission.RUN_MEETINGS),
    ("Audit trail", "audit", Permission.READ_AUDIT),
    ("Administration", "admin-home", Permission.ADMINISTER),
    ("Cross-border exchange", "exchange-home", Permission.OPERATE_EXCHANGE),
    # The node's operator is the central authority (decisions 0020, 0023).
    ("Received from other countries", "received-queue", Permission.ANSWER_RECORD_REQUEST),
    ("Criminal-record requests", "received-requests", Permission.ANSWER_RECORD_REQUEST),
]


def nav_items(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = [(text, reverse(name)) for text, name, p in LINKS if allowed(user, p)]
    path = request.path
    return [
        {"text": t, "href": h, "current": path == h or (h != "/" and path.startswith(h))}
        for t, h in items
    ]
