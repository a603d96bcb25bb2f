"""Carrying out plans: "my actions" across every case the user can see, and progressing an
action (planned, in progress, done, not done with a reason), with its history (decision 0012).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.errors import DomainValidationError, FieldError
from fourpillars.plans.models import Action
from fourpillars.services import plans as services
from fourpillars.web.errors import SummaryItem, service_errors
from fourpillars.web.forms.messages import govuk_message

from .common import actor, render

SHOWN = 500
SOON = dt.timedelta(days=14)


def _groups(rows: list[Action], today: dt.date) -> list[tuple[str, str, list[Action]]]:
    """By when they are due: overdue, within two weeks, later, and ongoing (a frequency)."""
    groups: dict[str, list[Action]] = {"overdue": [], "soon": [], "later": [], "ongoing": []}
    for a in rows:
        if a.due is None:
            groups["ongoing"].append(a)
        elif a.due < today and a.status not in plan_rules.FINISHED_ACTION_STATUSES:
            groups["overdue"].append(a)
        elif a.due <= today + SOON:
            groups["soon"].append(a)
        else:
            groups["later"].append(a)
    titles = {
        "overdue": "Overdue",
        "soon": "Due in the next 14 days",
        "later": "Due later",
        "ongoing": "Ongoing (by frequency, no due date)",
    }
    return [(key, titles[key], groups[key]) for key in titles if groups[key]]


@login_required
@require_GET
@service_errors
def my_actions(request: HttpRequest) -> HttpResponse:
    """Actions of active plans, on cases the user can see, owned by them or their agency,
    by due date; the list is an audited consultation of the cases it shows."""
    user = actor(request)
    include_done = request.GET.get("done") == "1"
    rows = list(services.my_actions(user, include_done=include_done)[:SHOWN])
    services.record_my_actions_view(user, rows)
    context = {
        "groups": _groups(rows, timezone.localdate()),
        "count": len(rows),
        "truncated": len(rows) == SHOWN,
        "include_done": include_done,
        "statuses": list(plan_rules.ACTION_STATUSES.items()),
        "next": request.get_full_path(),
    }
    return render(request, "web/plans/my_actions.html", context)


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    local = wanted.startswith(("/plans/", "/my-actions/"))
    ok = local and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    return wanted if ok else ""


def _message(e: FieldError) -> str:
    """The GOV.UK wording, the same in the summary and under the field."""
    if e.field == "reason":
        return govuk_message("reason", "Reason the action was not done", e.message)
    return govuk_message(e.field, "New status", e.message, kind="choice")


@login_required
@require_POST
@service_errors
def status(request: HttpRequest, action_id: int) -> HttpResponse:
    """Progress an action; refused input shows the form again with what was typed."""
    user = actor(request)
    chosen = request.POST.get("status", "")
    reason = request.POST.get("reason", "")
    try:
        a = services.update_action_status(
            actor=user, action_id=action_id, status=chosen, reason=reason
        )
    except DomainValidationError as exc:
        action = services.visible_action(user, action_id)
        said = [(e.field == "reason", _message(e)) for e in exc.errors]
        items = [
            SummaryItem(f"#{'reason' if is_reason else 'status'}-{action.pk}", words)
            for is_reason, words in said
        ]
        context: dict[str, Any] = {
            "a": action,
            "case": action.plan.case,
            "errors": items,
            "status_error": " ".join(words for is_reason, words in said if not is_reason),
            "reason_error": " ".join(words for is_reason, words in said if is_reason),
            "chosen": chosen,
            "reason": reason,
            "statuses": list(plan_rules.ACTION_STATUSES.items()),
            "next": _next(request),
        }
        return render(request, "web/plans/action_status.html", context)
    label = plan_rules.ACTION_STATUSES.get(a.status, a.status).lower()
    messages.success(request, f"Action {a.ident} is now {label}.")
    return redirect(_next(request) or f"{reverse('plan', args=[a.plan_id])}#action-{a.ident}")
