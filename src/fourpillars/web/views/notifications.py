"""The signed-in user's notifications (decision 0017): a page of them, newest first, each
marked read one at a time or all at once. Nobody sees another's notifications (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from fourpillars.services import notifications as services
from fourpillars.web.errors import service_errors

from .common import actor, render


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        return 1


@login_required
@require_GET
@service_errors
def notifications(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = services.list_notifications(
        actor=actor(request), page=_page(request), unread_only=unread_only
    )
    pages = max(1, -(-page.total // page.page_size))
    context = {
        "page": page,
        "pages": pages,
        "unread_only": unread_only,
        "query": "unread=1&" if unread_only else "",
        "unread": services.unread_count(actor(request)),
    }
    return render(request, "web/notifications/list.html", context)


def _back(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    return wanted if wanted.startswith("/notifications/") and "//" not in wanted else ""


@login_required
@require_POST
@service_errors
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one read; with ``open``, go on to what it is about."""
    n = services.mark_read(actor=actor(request), notification_id=notification_id)
    if request.POST.get("open") and n.link:
        return redirect(n.link)
    return redirect(_back(request) or "notifications")


@login_required
@require_POST
@service_errors
def mark_all_read(request: HttpRequest) -> HttpResponse:
    changed = services.mark_all_read(actor=actor(request))
    messages.success(request, f"{changed} notification{'s' if changed != 1 else ''} marked read.")
    return redirect("notifications")
