"""The service navigation: links for what this role may do, never one that only gives a 403."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from fourpillars.domain import access


def nav_items(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    viewer = user.viewer
    items: list[tuple[str, str]] = []
    if not (access.can_read_audit(viewer) or access.can_administer(viewer)):
        items.append(("Search", reverse("home")))
    if access.can_register_cases(viewer):
        items.append(("Register a case", reverse("case-new")))
    if not (access.can_read_audit(viewer) or access.can_administer(viewer)):
        items.append(("My actions", reverse("my-actions")))
    if access.can_read_audit(viewer):
        items.append(("Audit trail", reverse("audit")))
    if access.can_administer(viewer):
        items.append(("Administration", reverse("admin-home")))
    path = request.path
    return [
        {"text": t, "href": h, "current": path == h or (h != "/" and path.startswith(h))}
        for t, h in items
    ]
