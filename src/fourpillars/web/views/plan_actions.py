"""Carrying out plans: "my actions" across every case the user can see, and progressing an
action (planned, in progress, done, not done with a reason), with its history (decision 0012).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError, FieldError
from fourpillars.domain.reminders import LIST_SOON_DAYS, ActionGroup
from fourpillars.services import plans as services
from fourpillars.web.errors import SummaryItem, service_errors
from fourpillars.web.forms.messages import govuk_message

from .common import actor, may, render

GROUP_TITLES = {
    ActionGroup.OVERDUE: "Overdue",
    ActionGroup.DUE_SOON: f"Due in the next {LIST_SOON_DAYS} days",
    ActionGroup.LATER: "Due later or ongoing",
    ActionGroup.DONE: "Done or not done",
}


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        return 1


@login_required
@require_GET
@service_errors
def my_actions(request: HttpRequest) -> HttpResponse:
    """Actions of active plans, on cases the user can see, owned by them or their agency, one
    group at a time (overdue, due soon, later, done) and a page at a time; the list is an
    audited consultation of the cases it shows."""
    user = actor(request)
    errors: list[SummaryItem] = []
    try:
        group = services.parse_group(request.GET.get("group"))
    except DomainValidationError:
        group = None
        errors.append(SummaryItem("#action-groups", "Select overdue, due soon, later or done"))
    listed = services.action_list(
        actor=user, group=group, first_nonempty=True, page=_page_number(request)
    )
    page = listed.page
    pages = max(1, -(-page.total // page.page_size))
    context = {
        "listed": listed,
        "rows": [
            (a, services.owner_label(a), may(request, Permission.UPDATE_ACTION_STATUS, a))
            for a in page.items
        ],
        "tabs": [(g, GROUP_TITLES[g], _count_words(listed, g)) for g in ActionGroup],
        "more_than": _more_than(listed),
        "title": GROUP_TITLES[listed.group or ActionGroup.OVERDUE],
        "pages": pages,
        "errors": errors,
        "next": request.get_full_path(),
    }
    return render(request, "web/plans/my_actions.html", context)


def _count_words(listed: services.ActionList, group: ActionGroup) -> str:
    """A tab's count: the number, or "100+" past the limit of counting."""
    if group in listed.capped:
        return f"{services.COUNT_LIMIT:,}+"
    return f"{listed.counts[group]:,}"


def _more_than(listed: services.ActionList) -> bool:
    """The list shown holds more actions than were counted."""
    shown = listed.group
    if shown is None:
        return any(g in listed.capped for g in ActionGroup if g is not ActionGroup.DONE)
    return shown in listed.capped


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    local = wanted.startswith(("/plans/", "/my-actions/"))
    ok = local and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    return wanted if ok else ""


def _message(e: FieldError, chosen: str) -> str:
    """The GOV.UK wording, the same in the summary and under the field."""
    if e.field == "reason" and chosen == plan_rules.ActionStatus.DONE:
        return govuk_message("reason", "What was done", e.message)
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
        said = [(e.field == "reason", _message(e, chosen)) for e in exc.errors]
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


@login_required
@require_POST
@service_errors
def complete(request: HttpRequest, action_id: int) -> HttpResponse:
    """Complete an action, saying what was done; refused input shows the form again."""
    user = actor(request)
    said = request.POST.get("what_was_done", "")
    try:
        a = services.complete_action(actor=user, action_id=action_id, what_was_done=said)
    except DomainValidationError as exc:
        action = services.visible_action(user, action_id)
        words = " ".join(
            govuk_message("what_was_done", "What was done", e.message) for e in exc.errors
        )
        context: dict[str, Any] = {
            "a": action,
            "case": action.plan.case,
            "errors": [SummaryItem(f"#what-was-done-{action.pk}", words)],
            "error": words,
            "said": said,
            "next": _next(request),
        }
        return render(request, "web/plans/action_complete.html", context)
    messages.success(request, f"Action {a.ident} is done. What was done is recorded.")
    return redirect(_next(request) or f"{reverse('plan', args=[a.plan_id])}#action-{a.ident}")
