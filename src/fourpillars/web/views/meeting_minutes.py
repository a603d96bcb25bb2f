"""One case at one meeting: the agenda, each agency's contribution, and the minutes as a GOV.UK
task list (each MAPPA B section its own page), the actions agreed, check your answers with the
chair's approval, circulation, and the PDF. Reading is a consultation of the case (the
purpose asked first outside the lead agency); draft minutes are only the co-ordinator's and
the chair's ([MAPPA-G] ch.13a, ch.14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.accounts.models import Agency
from fourpillars.domain import meetings as rules
from fourpillars.domain.dates import long_date
from fourpillars.domain.errors import DomainValidationError, EditConflict, IllegalTransition
from fourpillars.domain.plans import PILLARS
from fourpillars.reports.downloads import download
from fourpillars.reports.minutes import minutes_pdf
from fourpillars.services import meetings as services
from fourpillars.services.accounts import agency_names
from fourpillars.services.errors import JustificationRequired
from fourpillars.services.plans.documents import agencies_with_access
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms import meetings as meeting_forms
from fourpillars.web.forms.tasklist import Answers, Row, Status, Task, count_completed

from .cases import justify_url
from .common import actor, render, session_justification
from .editing import posted_version

METHODS = ["GET", "POST"]
SECTION_TITLES = dict(rules.SECTIONS)


def _view(request: HttpRequest, meeting_id: int, case_id: int) -> services.ItemView | HttpResponse:
    """The item, consulted with the purpose given this session (or a redirect to give one)."""
    try:
        return services.consult_item(
            actor=actor(request),
            meeting_id=meeting_id,
            case_id=case_id,
            justification=session_justification(request, case_id),
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))


def _urls(view: services.ItemView) -> dict[str, str]:
    m, c = view.meeting.pk, view.case.pk
    urls = {s: reverse("minutes-section", args=[m, c, s]) for s in services.SECTION_SLUGS}
    urls["attendance"] = reverse("meeting-attendance", args=[m])
    urls["actions"] = reverse("minutes-action-new", args=[m, c])
    return urls


def _tasks(view: services.ItemView) -> list[Task]:
    """The minutes' sections with their status, computed from what is entered and what
    stops approval (``domain.meetings.problems``)."""
    minutes = view.minutes
    assert minutes is not None
    urls = _urls(view)
    tasks = []
    for slug, title in rules.SECTIONS:
        if slug == "attendance":
            started = bool(view.attended)
        elif slug == "actions":
            started = bool(minutes.actions)
        else:
            started = rules.started(minutes.content, slug)
        problems = len(view.problems.get(slug, []))
        if not started and not problems and slug in ("actions", "dissent"):
            status = Status.COMPLETED if slug == "dissent" else Status.NOT_STARTED
        elif not started:
            status = Status.NOT_STARTED
        else:
            status = Status.IN_PROGRESS if problems else Status.COMPLETED
        hint = "Optional" if slug in ("actions", "dissent") else ""
        tasks.append(Task(slug, title, urls[slug], status, hint))
    return tasks


@login_required
@require_GET
@service_errors
def item(request: HttpRequest, meeting_id: int, case_id: int) -> HttpResponse:
    """The agenda, the contributions and the minutes (task list, or the approved text)."""
    view = _view(request, meeting_id, case_id)
    if isinstance(view, HttpResponse):
        return view
    editable = view.minutes is not None and view.minutes.status == rules.MinutesStatus.DRAFT.value
    held = view.meeting.status == rules.MeetingStatus.HELD.value
    tasks = (
        _tasks(view) if view.minutes is not None and editable and view.may_record and held else []
    )
    done, total = count_completed(tasks)
    context = {
        "view": view,
        "m": view.meeting,
        "case": view.case,
        "tasks": tasks,
        "done": done,
        "total": total,
        "answers": _answers(view) if view.minutes is not None else [],
        "editable": editable,
        "held": held,
        "kind": rules.MeetingKind(view.meeting.kind).label,
        "minutes_label": rules.MinutesStatus.labels().get(view.minutes_status, "Not started"),
    }
    return render(request, "web/meetings/item.html", context)


def _answers(view: services.ItemView) -> list[Answers]:
    """The minutes as check-your-answers sections (also the read-only view once approved):
    agencies by name and dates written out, as everywhere else."""
    minutes = view.minutes
    assert minutes is not None
    content, urls = minutes.content, _urls(view)
    names = agency_names()
    editable = minutes.status == rules.MinutesStatus.DRAFT.value and view.may_record

    def href(slug: str) -> str:
        return urls[slug] if editable else ""

    invitations = view.meeting.invitations.select_related("agency")
    out = [
        Answers(
            "attendance",
            "Attendance and apologies",
            href("attendance"),
            rows=[
                Row(
                    i.agency.name,
                    rules.Attendance(i.attendance).label
                    + (f": {i.attendees}" if i.attendees else ""),
                )
                for i in invitations
            ],
        ),
    ]
    headings = content.get("headings") or {}
    out.append(
        Answers(
            "headings",
            "MAPPA B headings",
            href("headings"),
            rows=[
                Row(h.title, headings.get(h.slug) or "Not recorded", href("headings"))
                for h in rules.HEADINGS
                if headings.get(h.slug) or h.required
            ],
        )
    )
    outcome = content.get("outcome")
    rows = []
    if outcome:
        o = rules.Outcome(outcome["outcome"])
        text = o.label + (f": level {outcome['level']}" if o is rules.Outcome.CHANGE else "")
        if o is rules.Outcome.EXIT:
            text += f": {rules.ExitReason(outcome['exit_reason']).label.lower()}"
        rows = [
            Row("Decision", text, href("outcome")),
            Row("Reason", outcome["reason"], href("outcome")),
        ]
    out.append(
        Answers("outcome", "Level decision", href("outcome"), rows=rows, empty="Not recorded.")
    )
    plan = content.get("plan")
    out.append(
        Answers(
            "plan",
            "Risk management plan agreed",
            href("plan"),
            rows=[
                Row(
                    "Version",
                    f"Version {plan['number']}" if plan.get("number") else "A new version",
                    href("plan"),
                ),
                Row("Agreed", plan.get("note") or "-", href("plan")),
            ]
            if plan
            else [],
            empty="Not recorded.",
        )
    )
    out.append(
        Answers(
            "actions",
            "Actions agreed",
            href("actions"),
            rows=[
                Row(
                    f"{PILLARS.get(a['pillar'], a['pillar'])} ({a['id']})",
                    f"{a['text']}\nOwner: {a['owner_name']}, "
                    f"{names.get(a['owner_agency'], a['owner_agency'])}; due {long_date(a['due'])}"
                    + (f"\nPlan action {a['plan_action']}" if a.get("plan_action") else ""),
                )
                for a in minutes.actions
            ],
            empty="No action agreed.",
        )
    )
    disclosure = content.get("disclosure")
    out.append(
        Answers(
            "disclosure",
            "Disclosure",
            href("disclosure"),
            rows=[
                Row(
                    "Outcome",
                    rules.DisclosureOutcome(disclosure["outcome"]).label,
                    href("disclosure"),
                ),
                Row("Considered", disclosure["detail"], href("disclosure")),
            ]
            if disclosure
            else [],
            empty="Not recorded.",
        )
    )
    out.append(
        Answers(
            "dissent",
            "Dissent",
            href("dissent"),
            rows=[
                Row(names.get(d["agency"], d["agency"]), d["text"], href("dissent"))
                for d in content.get("dissent") or []
            ],
            empty="No dissent recorded.",
        )
    )
    review = content.get("next_review")
    out.append(
        Answers(
            "next_review",
            "Next review",
            href("next_review"),
            rows=[Row("Date", long_date(review["date"]), href("next_review"))]
            + (
                [Row("Reason", review["reason"], href("next_review"))]
                if review and review.get("reason")
                else []
            )
            if review
            else [],
            empty="Not set."
            if not rules.leaves_meetings(outcome)
            else "None: the case leaves level 2 and 3.",
        )
    )
    return out


def _agency_choices(view: services.ItemView) -> list[tuple[str, str]]:
    codes = agencies_with_access(view.case)
    return [(a.code, a.name) for a in Agency.objects.filter(code__in=codes).order_by("name")]


def _section_form(slug: str, view: services.ItemView, data: Any) -> forms.Form:
    minutes = view.minutes
    assert minutes is not None
    current = minutes.content.get(slug)
    if slug == "headings":
        return meeting_forms.HeadingsForm(data, initial=current or {})
    if slug == "outcome":
        return meeting_forms.OutcomeForm(data, initial=current or {})
    if slug == "plan":
        plans = [
            (str(p.number), f"Version {p.number} ({p.status})")
            for p in view.case.plans.order_by("-number")
        ]
        return meeting_forms.PlanAgreedForm(data, plans=plans, initial=current or {})
    if slug == "disclosure":
        return meeting_forms.DisclosureForm(data, initial=current or {})
    if slug == "dissent":
        return meeting_forms.DissentForm(data, agencies=_agency_choices(view))
    initial = {"date": current["date"], "reason": current.get("reason", "")} if current else None
    return meeting_forms.NextReviewForm(data, initial=initial)


def _section_data(slug: str, form: forms.Form, view: services.ItemView) -> Any:
    cleaned = form.cleaned_data
    if slug == "dissent":
        assert view.minutes is not None
        return [
            *(view.minutes.content.get("dissent") or []),
            {"agency": cleaned["agency"], "text": cleaned["text"]},
        ]
    if slug == "next_review":
        return {"date": cleaned["date"], "reason": cleaned["reason"]}
    return dict(cleaned)


def _editable_view(
    request: HttpRequest, meeting_id: int, case_id: int
) -> services.ItemView | HttpResponse:
    view = _view(request, meeting_id, case_id)
    if isinstance(view, HttpResponse):
        return view
    if not view.may_record:
        raise PermissionDenied(
            "Only the area's MAPPA co-ordinator and the meeting's chair record its minutes."
        )
    if view.minutes is None or view.minutes.status != rules.MinutesStatus.DRAFT.value:
        raise Http404("Page not found")
    return view


@login_required
@require_http_methods(METHODS)
@service_errors
def section(request: HttpRequest, meeting_id: int, case_id: int, slug: str) -> HttpResponse:
    """One section of the draft minutes, on its own page."""
    if slug not in services.SECTION_SLUGS:
        raise Http404("Page not found")
    view = _editable_view(request, meeting_id, case_id)
    if isinstance(view, HttpResponse):
        return view
    assert view.minutes is not None
    form = _section_form(slug, view, request.POST if request.method == "POST" else None)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minutes(
                actor=actor(request),
                meeting_id=meeting_id,
                case_id=case_id,
                section=slug,
                data=_section_data(slug, form, view),
                expected_version=posted_version(request.POST),
            )
        except DomainValidationError as exc:
            aliases = {"next_review_date": (form, "date")} if slug == "next_review" else {}
            apply_domain_errors(exc, [Route(slug, form), Route("", form)], aliases)
        except (EditConflict, IllegalTransition) as exc:
            conflict = exc.message() if isinstance(exc, EditConflict) else str(exc)
        else:
            messages.success(request, f"{SECTION_TITLES[slug]} saved.")
            return redirect("meeting-item", meeting_id=meeting_id, case_id=case_id)
    extra = {"version": view.minutes.version, "conflict": conflict}
    if slug == "dissent":
        names = agency_names()
        extra["entries"] = [
            {**d, "agency": names.get(d["agency"], d["agency"])}
            for d in view.minutes.content.get("dissent") or []
        ]
    if slug == "next_review":
        extra["hint"] = _review_hint(view)
    return _item_form(
        request, view, form, title=SECTION_TITLES[slug], button="Save and return", extra=extra
    )


def _review_hint(view: services.ItemView) -> str:
    ctx = services.context(view.meeting, view.case)
    level = (
        rules.decided_level(view.minutes.content.get("outcome") or {}, view.case.level)
        if view.minutes
        else view.case.level
    )
    latest = ctx.meeting_day + dt.timedelta(weeks=ctx.policy.max_weeks(rules.panel_level([level])))
    return (
        f"Level {level}: on or before {long_date(latest)} "
        "(an unconfirmed interval, set for this area)."
    )


def _item_form(
    request: HttpRequest,
    view: services.ItemView,
    form: forms.Form,
    *,
    title: str,
    button: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "m": view.meeting,
        "case": view.case,
        "form": form,
        "title": title,
        "button": button,
        "back": reverse("meeting-item", args=[view.meeting.pk, view.case.pk]),
    }
    context.update(extra or {})
    return render(request, "web/meetings/form.html", context, forms_with_errors=(form,))


@login_required
@require_http_methods(METHODS)
@service_errors
def action_new(request: HttpRequest, meeting_id: int, case_id: int) -> HttpResponse:
    """An action agreed at the meeting (checked by the plan checker now, into the plan at
    approval)."""
    view = _editable_view(request, meeting_id, case_id)
    if isinstance(view, HttpResponse):
        return view
    assert view.minutes is not None
    form = meeting_forms.ActionForm(
        request.POST if request.method == "POST" else None,
        agencies=_agency_choices(view),
        factors=services.factors_to_address(view.case),
    )
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.add_minutes_action(
                actor=actor(request),
                meeting_id=meeting_id,
                case_id=case_id,
                data=form.cleaned_data,
                expected_version=posted_version(request.POST),
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except EditConflict as exc:
            conflict = exc.message()
        else:
            messages.success(request, "Action added.")
            return redirect("meeting-item", meeting_id=meeting_id, case_id=case_id)
    extra = {
        "version": view.minutes.version,
        "conflict": conflict,
        "entries_actions": _named_owners(view.minutes.actions),
    }
    return _item_form(
        request, view, form, title="Add an action agreed", button="Add action", extra=extra
    )


def _named_owners(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions agreed so far, each owner agency by its name."""
    names = agency_names()
    return [{**a, "owner_agency": names.get(a["owner_agency"], a["owner_agency"])} for a in actions]


@login_required
@require_POST
@service_errors
def action_remove(
    request: HttpRequest, meeting_id: int, case_id: int, action_id: str
) -> HttpResponse:
    try:
        services.remove_minutes_action(
            actor=actor(request),
            meeting_id=meeting_id,
            case_id=case_id,
            action_id=action_id,
            expected_version=posted_version(request.POST),
        )
    except (DomainValidationError, EditConflict) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Action removed.")
    return redirect("minutes-action-new", meeting_id=meeting_id, case_id=case_id)


@login_required
@require_http_methods(METHODS)
@service_errors
def check(request: HttpRequest, meeting_id: int, case_id: int) -> HttpResponse:
    """Check your answers; the chair approves here."""
    view = _view(request, meeting_id, case_id)
    if isinstance(view, HttpResponse):
        return view
    if not (view.may_record or view.may_approve):
        raise PermissionDenied(
            "Only the area's MAPPA co-ordinator and the meeting's chair do this."
        )
    if view.minutes is None:
        raise Http404("Page not found")
    errors: list[str] = []
    if request.method == "POST":
        if not view.may_approve:
            raise PermissionDenied("Only the meeting's chair approves its minutes.")
        try:
            services.approve_minutes(
                actor=actor(request),
                meeting_id=meeting_id,
                case_id=case_id,
                expected_version=posted_version(request.POST),
            )
        except DomainValidationError as exc:
            errors = [f"{SECTION_TITLES.get(e.field, e.field)}: {e.message}" for e in exc.errors]
        except (EditConflict, IllegalTransition) as exc:
            errors = [exc.message() if isinstance(exc, EditConflict) else str(exc)]
        else:
            messages.success(request, "Minutes approved.")
            return redirect("meeting-item", meeting_id=meeting_id, case_id=case_id)
    context = {
        "view": view,
        "m": view.meeting,
        "case": view.case,
        "answers": _answers(view),
        "approve_errors": errors,
        "problems": [p for ps in view.problems.values() for p in ps],
    }
    return render(request, "web/meetings/check.html", context, status=422 if errors else 200)


@login_required
@require_http_methods(METHODS)
@service_errors
def circulate(request: HttpRequest, meeting_id: int, case_id: int) -> HttpResponse:
    """Circulate approved minutes to the attending agencies that hold access."""
    view = _view(request, meeting_id, case_id)
    if isinstance(view, HttpResponse):
        return view
    if not view.may_record:
        raise PermissionDenied(
            "Only the area's MAPPA co-ordinator and the meeting's chair circulate minutes."
        )
    recipients = services.circulation_list(view.meeting, view.case)
    error = ""
    if request.method == "POST":
        try:
            services.circulate_minutes(actor=actor(request), meeting_id=meeting_id, case_id=case_id)
        except (DomainValidationError, IllegalTransition) as exc:
            error = (
                "Only approved minutes are circulated."
                if isinstance(exc, IllegalTransition)
                else exc.errors[0].message
            )
        else:
            messages.success(request, "Minutes circulated.")
            return redirect("meeting-item", meeting_id=meeting_id, case_id=case_id)
    names = dict(Agency.objects.filter(code__in=recipients).values_list("code", "name"))
    context = {
        "view": view,
        "m": view.meeting,
        "case": view.case,
        "recipients": [names[c] for c in recipients],
        "error": error,
        "status": view.minutes_status,
    }
    return render(request, "web/meetings/circulate.html", context, status=422 if error else 200)


@login_required
@require_GET
@service_errors
def pdf(request: HttpRequest, meeting_id: int, case_id: int) -> HttpResponse:
    """The minutes as PDF: a download, audited as its own disclosure to the reader."""
    try:
        view, export = services.export_minutes(
            actor=actor(request),
            meeting_id=meeting_id,
            case_id=case_id,
            justification=session_justification(request, case_id),
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))
    return download(minutes_pdf(view), export)


@login_required
@require_http_methods(METHODS)
@service_errors
def contribute(request: HttpRequest, meeting_id: int, case_id: int) -> HttpResponse:
    """An invited agency gives what it knows of the case, before or during the meeting."""
    view = _view(request, meeting_id, case_id)
    if isinstance(view, HttpResponse):
        return view
    if not view.may_contribute:
        raise PermissionDenied("Only agencies invited to the meeting give information to it.")
    form = meeting_forms.ContributionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribute(
                actor=actor(request),
                meeting_id=meeting_id,
                case_id=case_id,
                text=form.cleaned_data["text"],
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(request, "Your agency's information was added.")
            return redirect("meeting-item", meeting_id=meeting_id, case_id=case_id)
    return _item_form(
        request, view, form, title="Give your agency's information", button="Add information"
    )
