"""Level 2 and 3 meeting routes: the same services, rules and audit as the web UI.

- ``/meetings`` (schedule), ``/meetings/dashboard``, ``/meetings/quality`` (the co-ordinator's).
- ``/meetings/{id}`` (read), ``/invitations``, ``/attendance``, ``/cancel``, ``/grade``,
  ``/meeting.ics`` (a calendar entry naming cases by reference only).
- ``/meetings/{id}/cases/{case_id}`` (agenda, contributions, minutes), ``/contributions``,
  ``/minutes/sections/{section}`` (save a section with ``version``), ``/minutes/actions``,
  ``/minutes/approve`` (the chair), ``/minutes/circulate``, ``/minutes.pdf``.
- ``/cases/{id}/meetings``, ``/cases/{id}/next-review`` (move with a reason).
- ``/admin/users/{id}/chair-grade``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.params.functions import Body

from fourpillars.domain import meetings as rules
from fourpillars.domain.errors import DomainValidationError
from fourpillars.meetings.models import Meeting, MeetingCase, Minutes
from fourpillars.reports.calendar import meeting_ics
from fourpillars.reports.downloads import download
from fourpillars.reports.minutes import minutes_pdf
from fourpillars.services import meetings as services
from fourpillars.services.cases import reads

from .auth import actor
from .cases import (
    JUSTIFICATION,
    READ_ERRORS,
    WRITE_ERRORS,
    JustificationHeader,
    justification_from_header,
)

router = Router(tags=["meetings"])
SCHEDULE_BODY = Body(
    ...,
    description="kind (initial, review), starts_at (ISO date and time), duration_minutes, "
    "venue or video_link (https), chair (username), cases [case ids], agencies [codes]; "
    "lawful_basis and reason when an invited agency has no access to a case",
)
SECTION_BODY = Body(..., description="`version` and `data`: the section's fields")
VERSION_BODY = Body(..., description='{"version": 3}')
ANY_BODY = Body(..., description="the fields named in the route's description")
ROLE_ERRORS = WRITE_ERRORS  # 401, 403 (not the co-ordinator), 404, 422


def _version(payload: Any) -> int:
    version = payload.get("version") if isinstance(payload, dict) else None
    if isinstance(version, bool) or not isinstance(version, int):
        raise DomainValidationError.single(
            "version", "is required: a whole number, the minutes version you loaded"
        )
    return version


def _body(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise DomainValidationError.single("body", "must be a JSON object")
    return payload


def meeting_out(m: Meeting, items: list[MeetingCase] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.pk,
        "kind": m.kind,
        "status": m.status,
        "starts_at": m.starts_at.isoformat(),
        "duration_minutes": m.duration_minutes,
        "venue": m.venue,
        "video_link": m.video_link,
        "chair": m.chair.username,
        "agenda_version": m.agenda_version,
        "version": m.version,
    }
    if items is not None:
        out["cases"] = [
            {"case_id": i.case_id, "reference": i.case.reference, "level": i.level} for i in items
        ]
    return out


def minutes_out(m: Minutes) -> dict[str, Any]:
    return {
        "id": m.pk,
        "status": m.status,
        "template_version": m.template_version,
        "content": m.content,
        "actions": m.actions,
        "plan_id": m.plan_id,
        "level_decision_id": m.level_decision_id,
        "approved_by": m.approved_by.username if m.approved_by else None,
        "approved_at": m.approved_at.isoformat() if m.approved_at else None,
        "circulated_at": m.circulated_at.isoformat() if m.circulated_at else None,
        "circulated_to": m.circulated_to,
        "version": m.version,
    }


@router.get("/meetings/dashboard", response={200: dict[str, Any], **ROLE_ERRORS})
def dashboard(request: HttpRequest) -> dict[str, Any]:
    """The co-ordinator's area: upcoming meetings, minutes awaiting approval or circulation,
    level 2 and 3 reviews due within four weeks or overdue."""
    board = services.dashboard(actor(request))
    return {
        "upcoming": [meeting_out(m) for m in board.upcoming],
        "awaiting_approval": {
            "count": board.awaiting_approval_count,
            "items": [
                {
                    "meeting_id": m.item.meeting_id,
                    "case_id": m.item.case_id,
                    "reference": m.item.case.reference,
                    "meeting_at": m.meeting_at.isoformat(),
                }
                for m in board.awaiting_approval
            ],
        },
        "awaiting_circulation": {"count": board.awaiting_circulation_count},
        "reviews_due": {
            "count": board.reviews_due_count,
            "overdue": board.reviews_overdue_count,
            "items": [
                {
                    "case_id": c.pk,
                    "reference": c.reference,
                    "level": c.level,
                    "next_review_date": c.next_review_date.isoformat()
                    if c.next_review_date
                    else None,
                }
                for c in board.reviews_due
            ],
        },
    }


@router.get("/meetings/quality", response={200: dict[str, Any], **ROLE_ERRORS})
def quality(request: HttpRequest) -> dict[str, Any]:
    """Meeting grades (audit form, 1 to 4) rolled up per area and per chair."""
    q = services.quality(actor(request))

    def rows(groups: list[rules.RollUp]) -> list[dict[str, Any]]:
        return [
            {
                "key": g.key,
                "label": g.label,
                "meetings": g.meetings,
                "mean": g.mean,
                "per_item": g.per_item,
            }
            for g in groups
        ]

    return {"form": q.form.version, "by_area": rows(q.by_area), "by_chair": rows(q.by_chair)}


@router.post("/meetings", response={201: dict[str, Any], **WRITE_ERRORS})
def schedule(
    request: HttpRequest, payload: dict[str, Any] = SCHEDULE_BODY
) -> Status[dict[str, Any]]:
    """Schedule an initial or review meeting for one case or a panel (the co-ordinator)."""
    m = services.schedule_meeting(actor=actor(request), data=_body(payload))
    return Status(201, meeting_out(m, list(m.items.select_related("case"))))


@router.get("/meetings/{meeting_id}", response={200: dict[str, Any], **READ_ERRORS})
def get_meeting(request: HttpRequest, meeting_id: str) -> dict[str, Any]:
    """A meeting with the cases on it you may see, the agencies invited and attendance."""
    view = services.consult_meeting(actor=actor(request), meeting_id=meeting_id)
    out = meeting_out(view.meeting, view.items)
    out["invitations"] = [
        {"agency": i.agency.code, "attendance": i.attendance, "attendees": i.attendees}
        for i in view.invitations
    ]
    out["grade"] = view.grade.scores if view.grade else None
    return out


@router.post("/meetings/{meeting_id}/invitations", response={201: dict[str, Any], **WRITE_ERRORS})
def invite(
    request: HttpRequest, meeting_id: str, payload: dict[str, Any] = ANY_BODY
) -> Status[dict[str, Any]]:
    """Invite an agency: `agency`, and `lawful_basis`, `reason` if it has no access."""
    body = _body(payload)
    inv = services.invite_agency(
        actor=actor(request),
        meeting_id=meeting_id,
        agency=body.get("agency"),
        lawful_basis=str(body.get("lawful_basis") or ""),
        reason=str(body.get("reason") or ""),
    )
    return Status(201, {"agency": inv.agency.code, "attendance": inv.attendance})


@router.post("/meetings/{meeting_id}/attendance", response={200: dict[str, Any], **WRITE_ERRORS})
def attendance(
    request: HttpRequest, meeting_id: str, payload: dict[str, Any] = ANY_BODY
) -> dict[str, Any]:
    """`attendance`: [{agency, attendance (attended, apologies, absent), attendees}]."""
    m = services.record_attendance(
        actor=actor(request),
        meeting_id=meeting_id,
        entries=_body(payload).get("attendance"),
    )
    return meeting_out(m)


@router.post("/meetings/{meeting_id}/cancel", response={200: dict[str, Any], **WRITE_ERRORS})
def cancel(
    request: HttpRequest, meeting_id: str, payload: dict[str, Any] = ANY_BODY
) -> dict[str, Any]:
    """Cancel a scheduled meeting with a `reason`."""
    m = services.cancel_meeting(
        actor=actor(request), meeting_id=meeting_id, reason=str(_body(payload).get("reason") or "")
    )
    return meeting_out(m)


@router.post("/meetings/{meeting_id}/grade", response={200: dict[str, Any], **WRITE_ERRORS})
def grade(
    request: HttpRequest, meeting_id: str, payload: dict[str, Any] = ANY_BODY
) -> dict[str, Any]:
    """Grade a held meeting: `scores` {item: 1-4} for every audit form item, `note`."""
    g = services.grade_meeting(actor=actor(request), meeting_id=meeting_id, data=_body(payload))
    return {"form": g.form_version, "scores": g.scores, "mean": g.mean, "note": g.note}


@router.get("/meetings/{meeting_id}/meeting.ics", response={200: None, **READ_ERRORS})
def ics(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The meeting as a calendar entry (case references only, never a name)."""
    meeting, items, export = services.meeting_ics(actor=actor(request), meeting_id=meeting_id)
    return download(meeting_ics(meeting, items, host=request.get_host()), export)


def item_out(view: services.ItemView) -> dict[str, Any]:
    return {
        "meeting": meeting_out(view.meeting),
        "case_id": view.case.pk,
        "reference": view.case.reference,
        "agenda": {
            "version": view.agenda.version,
            "items": [{"slug": i.slug, "title": i.title} for i in view.agenda.items],
        },
        "contributions": [
            {
                "id": c.pk,
                "agency": c.agency.code,
                "author": c.author.username,
                "text": c.text,
                "during_meeting": c.during_meeting,
                "created_at": c.created_at.isoformat(),
            }
            for c in view.contributions
        ],
        "minutes_status": view.minutes_status,
        "minutes": minutes_out(view.minutes) if view.minutes else None,
    }


@router.get("/meetings/{meeting_id}/cases/{case_id}", response={200: dict[str, Any], **READ_ERRORS})
def get_item(
    request: HttpRequest,
    meeting_id: str,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    """One case at the meeting: agenda, contributions, the minutes (drafts: co-ordinator and
    chair only)."""
    view = services.consult_item(
        actor=actor(request),
        meeting_id=meeting_id,
        case_id=case_id,
        justification=justification_from_header(x_justification),
    )
    return item_out(view)


@router.post(
    "/meetings/{meeting_id}/cases/{case_id}/contributions",
    response={201: dict[str, Any], **WRITE_ERRORS},
)
def contribute(
    request: HttpRequest, meeting_id: str, case_id: str, payload: dict[str, Any] = ANY_BODY
) -> Status[dict[str, Any]]:
    """An invited agency's information about the case: `text`."""
    row = services.contribute(
        actor=actor(request),
        meeting_id=meeting_id,
        case_id=case_id,
        text=_body(payload).get("text"),
    )
    return Status(
        201, {"id": row.pk, "agency": row.agency.code, "during_meeting": row.during_meeting}
    )


@router.put(
    "/meetings/{meeting_id}/cases/{case_id}/minutes/sections/{section}",
    response={200: dict[str, Any], **WRITE_ERRORS},
)
def save_section(
    request: HttpRequest,
    meeting_id: str,
    case_id: str,
    section: str,
    payload: dict[str, Any] = SECTION_BODY,
) -> dict[str, Any]:
    """Save a section (headings, outcome, plan, disclosure, dissent, next_review)."""
    body = _body(payload)
    m = services.save_minutes(
        actor=actor(request),
        meeting_id=meeting_id,
        case_id=case_id,
        section=section,
        data=body.get("data"),
        expected_version=_version(body),
    )
    return minutes_out(m)


@router.post(
    "/meetings/{meeting_id}/cases/{case_id}/minutes/actions",
    response={201: dict[str, Any], **WRITE_ERRORS},
)
def add_action(
    request: HttpRequest, meeting_id: str, case_id: str, payload: dict[str, Any] = SECTION_BODY
) -> Status[dict[str, Any]]:
    """An action agreed: `data` {pillar, text, owner_agency, owner_name, due, addresses}."""
    body = _body(payload)
    m = services.add_minutes_action(
        actor=actor(request),
        meeting_id=meeting_id,
        case_id=case_id,
        data=body.get("data"),
        expected_version=_version(body),
    )
    return Status(201, minutes_out(m))


@router.delete(
    "/meetings/{meeting_id}/cases/{case_id}/minutes/actions/{action_id}",
    response={200: dict[str, Any], **WRITE_ERRORS},
)
def remove_action(
    request: HttpRequest, meeting_id: str, case_id: str, action_id: str, version: int = -1
) -> dict[str, Any]:
    """Remove an action from the draft (`?version=`)."""
    m = services.remove_minutes_action(
        actor=actor(request),
        meeting_id=meeting_id,
        case_id=case_id,
        action_id=action_id,
        expected_version=version,
    )
    return minutes_out(m)


@router.post(
    "/meetings/{meeting_id}/cases/{case_id}/minutes/approve",
    response={200: dict[str, Any], **WRITE_ERRORS},
)
def approve(
    request: HttpRequest, meeting_id: str, case_id: str, payload: dict[str, Any] = VERSION_BODY
) -> dict[str, Any]:
    """The chair approves: the decisions come into force (422 naming what is missing)."""
    m = services.approve_minutes(
        actor=actor(request),
        meeting_id=meeting_id,
        case_id=case_id,
        expected_version=_version(_body(payload)),
    )
    return minutes_out(m)


@router.post(
    "/meetings/{meeting_id}/cases/{case_id}/minutes/circulate",
    response={200: dict[str, Any], **WRITE_ERRORS},
)
def circulate(request: HttpRequest, meeting_id: str, case_id: str) -> dict[str, Any]:
    """Send approved minutes to the attending agencies that hold access (a disclosure)."""
    return minutes_out(
        services.circulate_minutes(actor=actor(request), meeting_id=meeting_id, case_id=case_id)
    )


@router.get(
    "/meetings/{meeting_id}/cases/{case_id}/minutes.pdf", response={200: None, **READ_ERRORS}
)
def pdf(
    request: HttpRequest,
    meeting_id: str,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> HttpResponse:
    """The minutes as PDF, classified on every page."""
    view, export = services.export_minutes(
        actor=actor(request),
        meeting_id=meeting_id,
        case_id=case_id,
        justification=justification_from_header(x_justification),
    )
    return download(minutes_pdf(view), export)


@router.get("/cases/{case_id}/meetings", response={200: dict[str, Any], **READ_ERRORS})
def case_meetings(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, Any]:
    """The case's meetings, newest first, with their minutes' status."""
    _, rows = reads.consult_case_records(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
        action="list_meetings",
        load=services.case_meetings,
    )
    return {
        "count": len(rows),
        "items": [{**meeting_out(r.meeting), "minutes_status": r.minutes_status} for r in rows],
    }


@router.post("/cases/{case_id}/next-review", response={200: dict[str, Any], **WRITE_ERRORS})
def move_review(
    request: HttpRequest, case_id: str, payload: dict[str, Any] = ANY_BODY
) -> dict[str, Any]:
    """Move the next MAPPA review: `date` within the level's interval, `reason` (required)."""
    body = _body(payload)
    case = services.move_next_review(
        actor=actor(request),
        case_id=case_id,
        date=body.get("date"),
        reason=str(body.get("reason") or ""),
    )
    return {
        "case_id": case.pk,
        "next_review_date": case.next_review_date.isoformat() if case.next_review_date else None,
    }


@router.put("/admin/users/{user_id}/chair-grade", response={200: dict[str, Any], **WRITE_ERRORS})
def chair_grade(
    request: HttpRequest, user_id: str, payload: dict[str, Any] = ANY_BODY
) -> dict[str, Any]:
    """Set a user's grade as a chair: `seniority` 0 (none), 1 (manager), 2 (senior)."""
    row = services.set_chair_grade(
        actor=actor(request), user_id=user_id, seniority=_body(payload).get("seniority")
    )
    return {"user_id": row.user_id, "seniority": row.seniority}
