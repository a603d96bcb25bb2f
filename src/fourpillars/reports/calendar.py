"""A meeting as an iCalendar entry (RFC 5545), built with the ``icalendar`` library
(decision 0019): when, how long, where or the video link, and the chair. It names cases only
by the references the reader may see, never a person: a calendar is synchronised to phones
and shared mailboxes beyond the register's protection."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from fourpillars.domain import meetings as rules
from fourpillars.reports.common import CLASSIFICATION

if TYPE_CHECKING:
    from fourpillars.meetings.models import Meeting, MeetingCase

PRODID = "-//Four Pillars//MAPPA meetings//EN"


def meeting_ics(meeting: Meeting, items: list[MeetingCase], *, host: str) -> bytes:
    """One VEVENT for the meeting; its UID is stable so a re-export updates the entry."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes))
    kind = rules.MeetingKind(meeting.kind).label
    refs = ", ".join(i.case.reference for i in items)
    event.add("summary", f"MAPPA {kind.lower()}: {refs}")
    if meeting.venue:
        event.add("location", meeting.venue)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    chair = meeting.chair.get_full_name() or meeting.chair.get_username()
    lines = [
        CLASSIFICATION,
        f"Chair: {chair}",
        f"Cases: {refs}",
        "Open the meeting in Four Pillars for the agenda and the minutes.",
    ]
    if meeting.video_link:
        lines.insert(2, f"Video link: {meeting.video_link}")
    event.add("description", "\n".join(lines))
    event.add("class", "CONFIDENTIAL")
    cancelled = meeting.status == rules.MeetingStatus.CANCELLED.value
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", meeting.version)
    cal.add_component(event)
    return bytes(cal.to_ical())
