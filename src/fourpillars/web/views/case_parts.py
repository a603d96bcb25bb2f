"""The case page, one part per URL: Summary, Person, Risk, Plan, Decisions, Timeline, Sharing.

Every part opens with the identity bar and the sub navigation, and each is a consultation of
the case audited as the whole page was: 404 for hidden cases, the purpose asked first outside
the lead agency (kept in the session, ``cases.justify``), one audit row naming the part.
Each part reads only what it shows, in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fourpillars.domain import access, rosh
from fourpillars.domain import next_steps as steps
from fourpillars.domain.access import Permission
from fourpillars.referrals.models import Transfer
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import decisions
from fourpillars.services.access import case_facts
from fourpillars.services.cases import caseload, page
from fourpillars.services.cases import records as case_records
from fourpillars.services.errors import JustificationRequired
from fourpillars.services.referrals import screening, transfers
from fourpillars.web.errors import service_errors

from .cases import justify_url
from .common import actor, may, render, session_justification
from .plan_case import plan_section
from .rosh_case import case_section

# (part, label, URL name) in the order the sub navigation shows them.
PARTS = [
    ("summary", "Summary", "case"),
    ("person", "Person", "case-person"),
    ("risk", "Risk", "case-risk"),
    ("plan", "Plan", "case-plan"),
    ("decisions", "Decisions", "case-decisions"),
    ("meetings", "Meetings", "case-meetings"),
    ("notifications", "Notifications", "case-notifications"),
    ("timeline", "Timeline", "case-timeline"),
    ("sharing", "Sharing", "case-sharing"),
]
Load = Callable[[Case, list[CaseShare], page.CaseHeader], Any]


def _nav(case_id: int, current: str) -> list[dict[str, object]]:
    return [
        {"label": label, "href": reverse(name, args=[case_id]), "current": part == current}
        for part, label, name in PARTS
    ]


def show_part(
    request: HttpRequest,
    case_id: int,
    *,
    part: str,
    action: str,
    load: Load,
    template: str,
    extra: Callable[[page.CasePart[Any]], dict[str, Any]] | None = None,
) -> HttpResponse:
    """Consult the case for one part and render it inside the case layout."""
    justification = session_justification(request, case_id)
    try:
        shown = page.consult_case_part(
            actor=actor(request),
            case_id=case_id,
            justification=justification,
            action=action,
            load=load,
        )
    except JustificationRequired:
        back = "" if part == "summary" else request.get_full_path()
        return redirect(justify_url(case_id, back))
    case = shown.case
    context = {
        "case": case,
        "person": case.person,
        "header": shown.header,
        "shares": shown.shares,
        "shown": shown.shown,
        "part": part,
        "part_label": next(label for p, label, _ in PARTS if p == part),
        "nav": _nav(case.pk, part),
        "justification": justification,
        "can_manage": may(request, Permission.MANAGE_CASE, case),
        "now": timezone.now(),
    }
    context.update(extra(shown) if extra else {})
    return render(request, template, context)


def _step_links(case: Case, found: list[steps.NextStep], can_manage: bool) -> list[dict[str, str]]:
    """Each next step with the link to where it is done."""
    links = {
        "risk": (reverse("case-risk", args=[case.pk]), "Go to Risk"),
        "plan": (reverse("case-plan", args=[case.pk]), "Go to Plan"),
        "case_details": (
            (reverse("case-edit", args=[case.pk]), "Change case details")
            if can_manage
            else ("#key-facts", "See the key facts")
        ),
    }
    shown = []
    for s in found:
        if s.where == "assessment" and s.record is not None:
            href, text = reverse("assessment", args=[s.record]), "View the assessment"
        else:
            href, text = links[s.where]
        shown.append({"step": s.step.value, "text": s.text, "href": href, "link": text})
    return shown


def _level_action(case: Case, header: page.CaseHeader, summary: page.CaseSummary) -> str:
    current = header.assessments.current
    weighed = None
    if summary.decision is not None:
        d = summary.decision
        weighed = (
            d.decided_level,
            d.flags if isinstance(d.flags, dict) else {},
            d.decided_at.date(),
        )
    statement = rosh.level_statement(
        case.level, (current.overall if current else None) or None, weighed
    )
    return statement.sentence if statement.needs_action else ""


def _summary_extra(request: HttpRequest) -> Callable[[page.CasePart[Any]], dict[str, Any]]:
    def extra(shown: page.CasePart[Any]) -> dict[str, Any]:
        case, header = shown.case, shown.header
        summary, referrals = shown.shown
        state = steps.CaseState(
            today=summary.today,
            assessment_in_force=header.assessments.current is not None,
            awaiting_countersignature=tuple(a.pk for a in header.assessments.awaiting),
            assessment_draft=header.assessments.draft is not None,
            plan_active=header.active_plan is not None,
            plan_draft=header.draft_plan is not None,
            next_review=case.next_review_date,
            level_action=_level_action(case, header, summary),
            overdue_actions=summary.overdue_actions,
            notification_end=case.notification_end,
            notification_days=caseload.notification_days(),
        )
        can_manage = may(request, Permission.MANAGE_CASE, case)
        return {
            "next_steps": _step_links(case, steps.next_steps(state), can_manage),
            "referrals": referrals,
            # The shares already read for the page decide it (no second read).
            "can_refer": may(
                request,
                Permission.REFER_CASE,
                access.Facts(case=case_facts(case, shares=shown.shares)),
            ),
        }

    return extra


@login_required
@require_GET
@service_errors
def summary(request: HttpRequest, case_id: int) -> HttpResponse:
    """What needs doing next, and the key facts."""
    return show_part(
        request,
        case_id,
        part="summary",
        action="view_case",
        load=lambda case, shares, header: (
            page.case_summary(case),
            screening.case_referrals(case),
        ),
        template="web/cases/part_summary.html",
        extra=_summary_extra(request),
    )


@login_required
@require_GET
@service_errors
def person(request: HttpRequest, case_id: int) -> HttpResponse:
    """Identity details, names, identifiers, addresses and convictions."""
    return show_part(
        request,
        case_id,
        part="person",
        action="view_case_person",
        load=lambda case, shares, header: case_records.person_records(case.person),
        template="web/cases/part_person.html",
    )


@login_required
@require_GET
@service_errors
def risk(request: HttpRequest, case_id: int) -> HttpResponse:
    """The RoSH assessment in force, the instrument chart and the MAPPA level statement."""
    return show_part(
        request,
        case_id,
        part="risk",
        action="view_case_risk",
        load=lambda case, shares, header: case_section(case, header.assessments),
        template="web/cases/part_risk.html",
        extra=lambda shown: dict(shown.shown),
    )


@login_required
@require_GET
@service_errors
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    """The active plan and the draft in progress."""
    return show_part(
        request,
        case_id,
        part="plan",
        action="view_case_plan",
        load=lambda case, shares, header: plan_section(case, shares),
        template="web/cases/part_plan.html",
        extra=lambda shown: {
            **shown.shown,
            "rosh": {"current": shown.header.assessments.current},
        },
    )


@login_required
@require_GET
@service_errors
def case_decisions(request: HttpRequest, case_id: int) -> HttpResponse:
    """Every decision on the case, newest first (audited as the API's list)."""
    return show_part(
        request,
        case_id,
        part="decisions",
        action="list_decisions",
        load=lambda case, shares, header: list(decisions.decisions_for(case)),
        template="web/cases/part_decisions.html",
    )


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


@login_required
@require_GET
@service_errors
def timeline(request: HttpRequest, case_id: int) -> HttpResponse:
    """What was recorded or changed, newest first, a page at a time."""
    number = _page_number(request)
    return show_part(
        request,
        case_id,
        part="timeline",
        action="view_timeline",
        load=lambda case, shares, header: page.timeline_page(case, number),
        template="web/cases/part_timeline.html",
        extra=lambda shown: {
            "paging": paging(shown.shown, reverse("case-timeline", args=[case_id]))
        },
    )


def paging(shown: Any, url: str) -> dict[str, Any]:
    """GOV.UK pagination for a page of results: previous, next, the first and last pages and
    those either side of the current one, gaps shown as ellipses."""
    pages = max(1, -(-shown.total // shown.page_size))
    wanted = sorted(
        {1, pages, shown.page - 1, shown.page, shown.page + 1} & set(range(1, pages + 1))
    )
    items: list[dict[str, Any]] = []
    for n in wanted:
        if items and n - items[-1]["number"] > 1:
            items.append({"number": n - 1, "ellipsis": True})
        items.append({"number": n, "href": f"{url}?page={n}", "current": n == shown.page})
    return {
        "pages": pages,
        "items": items,
        "previous": f"{url}?page={shown.page - 1}" if 1 < shown.page <= pages else "",
        "next": f"{url}?page={shown.page + 1}" if shown.page < pages else "",
    }


@login_required
@require_GET
@service_errors
def sharing(request: HttpRequest, case_id: int) -> HttpResponse:
    """Who the case is shared with, and its status."""
    return show_part(
        request,
        case_id,
        part="sharing",
        action="view_case_sharing",
        load=lambda case, shares, header: transfers.case_transfers(case),
        template="web/cases/part_sharing.html",
        extra=lambda shown: {
            "transfers": shown.shown,
            "handover": _handover(shown.case, shown.shown),
            "can_transfer": may(request, Permission.REQUEST_TRANSFER, shown.case),
        },
    )


def _handover(case: Case, moves: list[Transfer]) -> Transfer | None:
    """The accepted transfer whose old area still sees the case (decision 0018)."""
    if case.handover_until is None or case.handover_until <= timezone.now():
        return None
    return next((t for t in moves if t.access_ends_at == case.handover_until), None)
