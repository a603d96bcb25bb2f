"""Meetings made through the services as the co-ordinator would make them, for the standard
cast: chairs graded (probation-manager a manager, police-manager a senior manager), a meeting
scheduled on the shared case (level 2), and one held with its attendance recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fourpillars import demo
from fourpillars.accounts.models import User
from fourpillars.meetings.models import ChairGrade, Meeting, Minutes
from fourpillars.services import meetings as svc
from tests.cast import PASSWORD, World


def chairs(world: World) -> dict[str, User]:
    """The managers of police-a and probation-a, graded to chair (data, not a role)."""
    managers = demo.ensure_managers(PASSWORD)
    ChairGrade.objects.update_or_create(
        user=managers["probation-manager"], defaults={"seniority": 1}
    )
    ChairGrade.objects.update_or_create(user=managers["police-manager"], defaults={"seniority": 2})
    world.users.update(managers)
    return managers


def meeting_data(**extra: Any) -> dict[str, Any]:
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=7)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    data: dict[str, Any] = {
        "kind": "review",
        "starts_at": starts.isoformat(),
        "duration_minutes": 60,
        "venue": "Northshire Police HQ, room 2",
        "video_link": "",
        "chair": "probation-manager",
        "agencies": ["housing-a"],
    }
    data.update(extra)
    return data


def scheduled(world: World, case_attr: str = "shared_case", **extra: Any) -> Meeting:
    chairs(world)
    case = getattr(world, case_attr)
    return svc.schedule_meeting(
        actor=world.users["coordinator"], data=meeting_data(cases=[case.pk], **extra)
    )


def started(meeting: Meeting, days_ago: int = 1) -> Meeting:
    """Move a scheduled meeting into the past (as if the week had passed)."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=when)
    Minutes.objects.filter(item__meeting=meeting).update(meeting_at=when)
    meeting.refresh_from_db()
    return meeting


def held(world: World, case_attr: str = "shared_case", **extra: Any) -> Meeting:
    """A meeting on the case, a day ago, probation and the chair's agency attending, housing
    sending apologies."""
    meeting = started(scheduled(world, case_attr, **extra))
    attendance = [
        {"agency": "probation-a", "attendance": "attended", "attendees": "Priya Probation"},
        {"agency": "housing-a", "attendance": "apologies", "attendees": ""},
    ]
    return svc.record_attendance(
        actor=world.users["coordinator"], meeting_id=meeting.pk, entries=attendance
    )


def complete_minutes(world: World, meeting: Meeting, case_attr: str = "shared_case") -> int:
    """Fill every required section of the case's minutes; returns the minutes' version."""
    case = getattr(world, case_attr)
    coordinator = world.users["coordinator"]
    version = Minutes.objects.get(item__meeting=meeting, item__case=case).version
    review = (timezone.localdate() + dt.timedelta(weeks=8)).isoformat()
    sections: list[tuple[str, Any]] = [
        (
            "headings",
            {
                "information": "Probation reported compliance.",
                "risk": "High to children.",
                "diversity": "No diversity needs identified.",
            },
        ),
        (
            "outcome",
            {"outcome": "confirm", "reason": "Risk unchanged; multi-agency work adds value."},
        ),
        ("plan", {"number": "", "note": "A new version adds the housing action."}),
        ("disclosure", {"outcome": "not_needed", "detail": "No third party at risk."}),
        ("next_review", {"date": review, "reason": ""}),
    ]
    for section, data in sections:
        minutes = svc.save_minutes(
            actor=coordinator,
            meeting_id=meeting.pk,
            case_id=case.pk,
            section=section,
            data=data,
            expected_version=version,
        )
        version = minutes.version
    return version
