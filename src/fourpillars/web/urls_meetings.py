"""Level 2 and 3 meetings: the co-ordinator's dashboard and quality page, scheduling, a
meeting and its calendar entry, invitations, attendance, grades; one case at a meeting with
its contributions and minutes (task list, actions, check and approve, circulate, PDF); the
case page's Meetings part and moving a review (decision 0019)."""

from __future__ import annotations

from django.urls import path

from .views import meeting_minutes as minutes
from .views import meetings

ITEM = "meetings/<int:meeting_id>/cases/<int:case_id>/"

urlpatterns = [
    path("meetings/", meetings.dashboard, name="meetings-dashboard"),
    path("meetings/quality/", meetings.quality, name="meetings-quality"),
    path("meetings/new/", meetings.schedule, name="meeting-new"),
    path("meetings/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/meeting.ics", meetings.ics, name="meeting-ics"),
    path("meetings/<int:meeting_id>/invite/", meetings.invite, name="meeting-invite"),
    path("meetings/<int:meeting_id>/attendance/", meetings.attendance, name="meeting-attendance"),
    path("meetings/<int:meeting_id>/cancel/", meetings.cancel, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/grade/", meetings.grade, name="meeting-grade"),
    path(ITEM, minutes.item, name="meeting-item"),
    path(ITEM + "contribute/", minutes.contribute, name="meeting-contribute"),
    path(ITEM + "minutes/actions/new/", minutes.action_new, name="minutes-action-new"),
    path(
        ITEM + "minutes/actions/<str:action_id>/remove/",
        minutes.action_remove,
        name="minutes-action-remove",
    ),
    path(ITEM + "minutes/check/", minutes.check, name="minutes-check"),
    path(ITEM + "minutes/circulate/", minutes.circulate, name="minutes-circulate"),
    path(ITEM + "minutes.pdf", minutes.pdf, name="minutes-pdf"),
    path(ITEM + "minutes/<str:slug>/", minutes.section, name="minutes-section"),
    path("cases/<int:case_id>/meetings/", meetings.case_meetings, name="case-meetings"),
    path("cases/<int:case_id>/next-review/", meetings.move_review, name="case-next-review"),
]
