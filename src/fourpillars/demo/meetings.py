"""Synthetic Level 2 meetings for the demo, made through the meeting services as the
co-ordinator and the chairs would make them: chairs graded, a meeting held last month with
minutes approved, circulated and graded, one held last week whose minutes await the chair,
and two coming up (one a panel). Not use cases: seeding only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.meetings import AUDIT_FORM
from fourpillars.meetings.models import ChairGrade, Meeting, Minutes
from fourpillars.register.models import Case
from fourpillars.services import meetings

CHAIR_FOR_LEAD = {"police-a": "police-manager", "probation-a": "probation-manager"}


def _when(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localtime(timezone.now() + dt.timedelta(days=days))
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _schedule(coordinator: User, cases: list[Case], chair: str, days: int) -> Meeting:
    return meetings.schedule_meeting(
        actor=coordinator,
        data={
            "kind": "review",
            "starts_at": _when(max(days, 1)).isoformat(),
            "duration_minutes": 60,
            "venue": "Northshire Police HQ, MAPPA room",
            "video_link": "https://video.example.org/northshire-mappa",
            "chair": chair,
            "cases": [c.pk for c in cases],
            "agencies": [],
        },
    )


def _into_the_past(meeting: Meeting, days: int) -> None:
    """A meeting can only be scheduled in the future; the demo's history moves it back as
    time would have (synthetic data, nothing else changes)."""
    when = _when(-days)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=when)
    Minutes.objects.filter(item__meeting=meeting).update(meeting_at=when)
    meeting.refresh_from_db()


def _minute(coordinator: User, meeting: Meeting, case: Case, *, action: bool) -> int:
    lead = case.lead_agency.code
    meetings.record_attendance(
        actor=coordinator,
        meeting_id=meeting.pk,
        entries=[{"agency": lead, "attendance": "attended", "attendees": "Case manager"}],
    )
    version = Minutes.objects.get(item__meeting=meeting, item__case=case).version
    review = (timezone.localtime(meeting.starts_at).date() + dt.timedelta(weeks=12)).isoformat()
    sections: list[tuple[str, Any]] = [
        (
            "headings",
            {
                "information": "Synthetic: the lead agency reported compliance with licence "
                "conditions; no new intelligence.",
                "risk": "Synthetic: risk to children remains high; no change in the scenarios.",
                "diversity": "Synthetic: no diversity needs identified.",
            },
        ),
        ("outcome", {"outcome": "confirm", "reason": "Synthetic: multi-agency work adds value."}),
        ("plan", {"number": "", "note": "Synthetic: the plan stands; one action added."}),
        ("disclosure", {"outcome": "not_needed", "detail": "Synthetic: no third party at risk."}),
        ("next_review", {"date": review, "reason": ""}),
    ]
    for section, data in sections:
        version = meetings.save_minutes(
            actor=coordinator,
            meeting_id=meeting.pk,
            case_id=case.pk,
            section=section,
            data=data,
            expected_version=version,
        ).version
    if action:
        version = meetings.add_minutes_action(
            actor=coordinator,
            meeting_id=meeting.pk,
            case_id=case.pk,
            data={
                "pillar": "supervision",
                "text": "Synthetic: unannounced home visit within two weeks",
                "owner_agency": lead,
                "owner_name": "Case manager",
                "due": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
            },
            expected_version=version,
        ).version
    return version


def seed_meetings(users: dict[str, User], managers: dict[str, User]) -> int:
    """The demo's meetings (none added when any exists); returns how many were added."""
    if Meeting.objects.exists():
        return 0
    for username, grade in (("probation-manager", 1), ("police-manager", 2)):
        graded = ChairGrade.objects.filter(user=managers[username], seniority=grade).exists()
        if not graded:
            meetings.set_chair_grade(
                actor=users["admin"], user_id=managers[username].pk, seniority=grade
            )
    coordinator = users["coordinator"]
    cases = list(
        Case.objects.visible_to(coordinator)
        .filter(level=2, status=CaseStatus.ACTIVE.value, lead_agency__code__in=CHAIR_FOR_LEAD)
        .select_related("lead_agency")
        .order_by("id")[:5]
    )
    if not cases:
        return 0
    added = 0
    assessed = set(
        RoshAssessment.objects.filter(is_current=True, case__in=cases).values_list(
            "case_id", flat=True
        )
    )
    for n, case in enumerate(cases[:2]):
        chair = CHAIR_FOR_LEAD[case.lead_agency.code]
        meeting = _schedule(coordinator, [case], chair, 1)
        _into_the_past(meeting, 30 if n == 0 else 7)
        version = _minute(coordinator, meeting, case, action=n == 0 and case.pk in assessed)
        added += 1
        if n == 0:
            meetings.approve_minutes(
                actor=managers[chair],
                meeting_id=meeting.pk,
                case_id=case.pk,
                expected_version=version,
            )
            meetings.circulate_minutes(actor=coordinator, meeting_id=meeting.pk, case_id=case.pk)
            scores = dict.fromkeys(AUDIT_FORM.slugs(), 3)
            meetings.grade_meeting(
                actor=coordinator, meeting_id=meeting.pk, data={"scores": scores}
            )
    same_lead = [c for c in cases[2:] if c.lead_agency_id == cases[0].lead_agency_id]
    panel = [cases[0], *same_lead[:1]]
    _schedule(coordinator, panel, CHAIR_FOR_LEAD[cases[0].lead_agency.code], 7)
    _schedule(coordinator, [cases[-1]], CHAIR_FOR_LEAD[cases[-1].lead_agency.code], 14)
    return added + 2
