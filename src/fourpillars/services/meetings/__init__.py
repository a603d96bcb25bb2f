"""Level 2 and 3 MAPPA meetings: scheduling, invitations and attendance (scheduling); the
contributions, minutes, approval, circulation, review moves and grades (minutes); and the
audited reads behind the screens, the API, the PDF and the calendar entry (reads)."""

from __future__ import annotations

from .common import context, meeting_item, visible_meeting
from .minutes import (
    SECTION_SLUGS,
    add_minutes_action,
    approve_minutes,
    circulate_minutes,
    circulation_list,
    contribute,
    grade_meeting,
    move_next_review,
    remove_minutes_action,
    save_minutes,
)
from .reads import (
    DASHBOARD_ROWS,
    REVIEW_WINDOW_DAYS,
    CaseMeeting,
    Dashboard,
    ItemView,
    MeetingView,
    Quality,
    case_meetings,
    consult_item,
    consult_meeting,
    dashboard,
    meeting_ics,
    minutes_for_print,
    quality,
    readable_minutes,
)
from .scheduling import (
    cancel_meeting,
    chairs_for,
    invite_agency,
    meeting_cases,
    record_attendance,
    schedule_meeting,
    set_chair_grade,
)

__all__ = [
    "DASHBOARD_ROWS",
    "REVIEW_WINDOW_DAYS",
    "SECTION_SLUGS",
    "CaseMeeting",
    "Dashboard",
    "ItemView",
    "MeetingView",
    "Quality",
    "add_minutes_action",
    "approve_minutes",
    "cancel_meeting",
    "case_meetings",
    "chairs_for",
    "circulate_minutes",
    "circulation_list",
    "consult_item",
    "consult_meeting",
    "context",
    "contribute",
    "dashboard",
    "grade_meeting",
    "invite_agency",
    "meeting_cases",
    "meeting_ics",
    "meeting_item",
    "minutes_for_print",
    "move_next_review",
    "quality",
    "readable_minutes",
    "record_attendance",
    "remove_minutes_action",
    "save_minutes",
    "schedule_meeting",
    "set_chair_grade",
    "visible_meeting",
]
