"""Meeting screens for the co-ordinator and those invited: the dashboard, the quality roll-up,
scheduling, a meeting's page, its calendar entry, invitations, attendance, cancelling, grading,
the case page's Meetings part and moving a review date ([MAPPA-G] ch.13a). Thin: each parses
the form, calls ``services.meetings`` and renders what it returns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fourpillars.accounts.models import Agency
from fourpillars.domain import meetings as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import SHAREABLE_KINDS
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.mappa import CaseStatus
from fourpillars.meetings.models import Meeting
from fourpillars.register.models import Case
from fourpillars.reports.calendar import meeting_ics
from fourpillars.reports.downloads import download
from fourpillars.services import meetings as services
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms import meetings as meeting_forms
from fourpillars.web.forms.person import ReasonForm

from .case_parts import show_part
from .common import actor, may, render, require
from .editing import form_page, load_for_edit

METHODS = ["GET", "POST"]
PICKABLE_CASES = 200


def person_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@login_required
@require_GET
@service_errors
def dashboard(request: HttpRequest) -> HttpResponse:
    """The co-ordinator's area: upcoming meetings, minutes awaiting approval or circulation,
    reviews due."""
    user = require(request, Permission.RUN_MEETINGS)
    return render(request, "web/meetings/dashboard.html", {"board": services.dashboard(user)})


@login_required
@require_GET
@service_errors
def quality(request: HttpRequest) -> HttpResponse:
    """Meeting grades per area and per chair."""
    user = require(request, Permission.RUN_MEETINGS)
    return render(request, "web/meetings/quality.html", {"q": services.quality(user)})


def _schedulable(request: HttpRequest) -> list[Case]:
    """The level 2 and 3 active cases of the co-ordinator's area, soonest review first."""
    return list(
        Case.objects.visible_to(actor(request))
        .filter(
            area_id=actor(request).viewer.area_id or 0,
            level__in=(2, 3),
            status=CaseStatus.ACTIVE.value,
        )
        .select_related("person")
        .order_by("next_review_date", "id")[:PICKABLE_CASES]
    )


def _agency_choices(area_id: int | None) -> list[tuple[str, str]]:
    kinds = [k.value for k in SHAREABLE_KINDS]
    return [
        (a.code, a.name)
        for a in Agency.objects.filter(area_id=area_id or 0, kind__in=kinds).order_by("name")
    ]


@login_required
@require_http_methods(METHODS)
@service_errors
def schedule(request: HttpRequest) -> HttpResponse:
    """Schedule a meeting for one case or a panel."""
    user = require(request, Permission.RUN_MEETINGS)
    area = user.viewer.area_id
    chairs = [
        (u.username, f"{person_name(u)}, {u.agency.name if u.agency else ''}")
        for u in services.chairs_for(area, 2)
    ]
    form = meeting_forms.ScheduleForm(
        request.POST if request.method == "POST" else None, chairs=chairs
    )
    picked = (
        [str(c) for c in request.POST.getlist("cases")]
        if request.method == "POST"
        else request.GET.getlist("case")
    )
    agencies = request.POST.getlist("agencies") if request.method == "POST" else []
    problems: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        data = {
            **form.cleaned_data,
            "starts_at": form.starts_at(),
            "cases": picked,
            "agencies": agencies,
        }
        try:
            meeting = services.schedule_meeting(actor=user, data=data)
        except DomainValidationError as exc:
            problems = _route_schedule_errors(exc, form)
        else:
            messages.success(request, "Meeting scheduled.")
            return redirect("meeting", meeting_id=meeting.pk)
    context = {
        "form": form,
        "cases": _schedulable(request),
        "picked": set(picked),
        "agencies": _agency_choices(area),
        "chosen_agencies": set(agencies),
        "problems": problems,
    }
    return render(request, "web/meetings/schedule.html", context, forms_with_errors=(form,))


def _route_schedule_errors(exc: DomainValidationError, form: forms.Form) -> dict[str, str]:
    """Field errors onto the form (the date and time typed as ``starts_at``); errors about the
    cases and agencies picked are shown beside their checkboxes."""
    picked: dict[str, str] = {}
    rest = []
    for e in exc.errors:
        if e.field.startswith(("cases", "agencies")):
            key = e.field.split(".")[0]
            picked[key] = f"{picked.get(key, '')} {e.message[:1].upper()}{e.message[1:]}.".strip()
            form.add_error(None, f"{key.capitalize()}: {e.message}")
        else:
            rest.append(e)
    if rest:
        apply_domain_errors(
            DomainValidationError(rest), [Route("", form)], {"starts_at": (form, "date")}
        )
    return picked


@login_required
@require_GET
@service_errors
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """When and where, the chair, who is invited and who attended, and the cases on it the
    reader may see (by reference)."""
    view = services.consult_meeting(actor=actor(request), meeting_id=meeting_id)
    m = view.meeting
    context = {
        "view": view,
        "m": m,
        "can_run": may(request, Permission.RUN_MEETINGS, m),
        "can_record": may(request, Permission.RECORD_MINUTES, m),
        "kind": rules.MeetingKind(m.kind).label,
        "status": rules.MeetingStatus(m.status).label,
        "agenda": rules.AGENDAS.get(m.agenda_version, rules.STANDARD_AGENDA),
        "attendance_labels": rules.Attendance.labels(),
        "minutes_labels": rules.MinutesStatus.labels(),
        "audit_form": rules.AUDIT_FORM,
    }
    return render(request, "web/meetings/meeting.html", context)


@login_required
@require_GET
@service_errors
def ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The calendar entry: case references only (a download, audited)."""
    m, items, export = services.meeting_ics(actor=actor(request), meeting_id=meeting_id)
    return download(meeting_ics(m, items, host=request.get_host()), export)


def _meeting_for(request: HttpRequest, meeting_id: int, permission: Permission) -> Meeting:
    found = services.visible_meeting(actor(request), meeting_id)
    require(request, permission, found)
    return found


def meeting_form(
    request: HttpRequest,
    m: Meeting,
    form: forms.Form,
    *,
    title: str,
    button: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "m": m,
        "form": form,
        "title": title,
        "button": button,
        "back": reverse("meeting", args=[m.pk]),
    }
    context.update(extra or {})
    return render(request, "web/meetings/form.html", context, forms_with_errors=(form,))


@login_required
@require_http_methods(METHODS)
@service_errors
def invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Invite one more agency (sharing the cases it cannot see, with the basis recorded)."""
    m = _meeting_for(request, meeting_id, Permission.RUN_MEETINGS)
    invited = set(m.invitations.values_list("agency__code", flat=True))
    choices = [c for c in _agency_choices(m.area_id) if c[0] not in invited]
    form = meeting_forms.InviteForm(
        request.POST if request.method == "POST" else None, agencies=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_agency(actor=actor(request), meeting_id=m.pk, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(request, "Agency invited.")
            return redirect("meeting", meeting_id=m.pk)
    return meeting_form(request, m, form, title="Invite an agency", button="Invite agency")


@login_required
@require_http_methods(METHODS)
@service_errors
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Who attended, sent apologies or did not come (marks the meeting held)."""
    m = _meeting_for(request, meeting_id, Permission.RECORD_MINUTES)
    invitations = list(m.invitations.select_related("agency"))
    form = meeting_forms.AttendanceForm(
        request.POST if request.method == "POST" else None, invitations=invitations
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(
                actor=actor(request), meeting_id=m.pk, entries=form.entries()
            )
        except DomainValidationError as exc:
            aliases: dict[str, tuple[forms.Form, str]] = {
                f"attendance.{i}.attendance": (form, f"att_{c}") for i, c in enumerate(form.codes)
            }
            aliases |= {
                f"attendance.{i}.attendees": (form, f"names_{c}") for i, c in enumerate(form.codes)
            }
            aliases["attendance"] = (form, f"att_{form.codes[0]}") if form.codes else (form, "")
            apply_domain_errors(exc, [Route("", form)], aliases)
        except IllegalTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Attendance recorded.")
            return redirect("meeting", meeting_id=m.pk)
    return meeting_form(
        request, m, form, title="Attendance and apologies", button="Save attendance"
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    m = _meeting_for(request, meeting_id, Permission.RUN_MEETINGS)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                actor=actor(request), meeting_id=m.pk, reason=form.cleaned_data["reason"]
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition:
            form.add_error(None, "Only a scheduled meeting can be cancelled.")
        else:
            messages.success(request, "Meeting cancelled.")
            return redirect("meeting", meeting_id=m.pk)
    return meeting_form(
        request,
        m,
        form,
        title="Cancel the meeting",
        button="Cancel meeting",
        extra={"warning": True},
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def grade(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Grade the meeting on the audit form, 1 to 4 per item."""
    m = _meeting_for(request, meeting_id, Permission.RUN_MEETINGS)
    existing = getattr(m, "grade", None)
    initial = (
        {k: str(v) for k, v in existing.scores.items()} | {"note": existing.note}
        if existing
        else None
    )
    form = meeting_forms.GradeForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_meeting(
                actor=actor(request), meeting_id=m.pk, data=form.data_for_service()
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("scores", form), Route("", form)])
        else:
            messages.success(request, "Grades saved.")
            return redirect("meeting", meeting_id=m.pk)
    return meeting_form(
        request,
        m,
        form,
        title="Grade the meeting",
        button="Save grades",
        extra={
            "hint": f"Audit form {rules.AUDIT_FORM.version}: 4 Excellent, 3 Satisfactory, "
            "2 Unsatisfactory, 1 Poor."
        },
    )


@login_required
@require_GET
@service_errors
def case_meetings(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case page's Meetings part: its meetings with their minutes' status."""
    return show_part(
        request,
        case_id,
        part="meetings",
        action="list_meetings",
        load=lambda case, shares, header: services.case_meetings(case),
        template="web/cases/part_meetings.html",
        extra=lambda shown: {
            "can_schedule": may(request, Permission.RUN_MEETINGS, shown.case)
            and shown.case.level in (2, 3),
            "can_move": may(request, Permission.RECORD_DECISION, shown.case)
            and shown.case.level in (2, 3),
            "minutes_labels": rules.MinutesStatus.labels(),
            "kinds": rules.MeetingKind.labels(),
            "statuses": rules.MeetingStatus.labels(),
        },
    )


@login_required
@require_http_methods(METHODS)
@service_errors
def move_review(request: HttpRequest, case_id: int) -> HttpResponse:
    """Move the next MAPPA review date, with a reason."""
    loaded = load_for_edit(request, case_id, Permission.RECORD_DECISION)
    if isinstance(loaded, HttpResponse):
        return loaded
    form = meeting_forms.MoveReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_next_review(actor=actor(request), case_id=loaded.pk, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)], {"next_review_date": (form, "date")})
        else:
            messages.success(request, "Next review moved.")
            return redirect("case-meetings", case_id=loaded.pk)
    return form_page(request, loaded, form, title="Move the next review", button="Move review")
