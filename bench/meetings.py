"""Bench-only bulk loader for Level 2 and 3 meetings: ``--meetings`` (20,000) meetings spread
over the areas in proportion to their level 2 and 3 cases, half past (with minutes: most
approved, some awaiting the chair) and half to come, each with its case, the lead agency
invited and attending, and draft or approved minutes. Rows are written with ``bulk_create``
(no services, no audit): like ``bench/loader.py`` it builds a register to measure, not a
history. Meetings fall within a year either side of today so the co-ordinator's dashboard
reads real windows."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.domain import meetings as rules
from fourpillars.meetings.models import ChairGrade, Invitation, Meeting, MeetingCase, Minutes
from fourpillars.register.models import Case

BATCH = 2000


@dataclass(frozen=True)
class MeetingStats:
    meetings: int
    rows: int
    seconds: float


def _chairs() -> dict[int, User]:
    """One chair per area: a senior police user of the area (graded), made if need be."""
    chairs: dict[int, User] = {}
    for user in User.objects.filter(agency__kind="police", is_active=True).select_related("agency"):
        area = user.agency.area_id if user.agency else None
        if area is not None and area not in chairs:
            chairs[area] = user
    for user in chairs.values():
        ChairGrade.objects.update_or_create(user=user, defaults={"seniority": 2})
    return chairs


def load_meetings(*, count: int, seed: int) -> MeetingStats:
    """Add meetings until there are ``count`` (none added when there already are)."""
    started = time.perf_counter()
    have = Meeting.objects.count()
    if have >= count:
        return MeetingStats(0, 0, 0.0)
    rng = random.Random(seed)
    cases = list(
        Case.objects.filter(level__in=(2, 3), status="active").values_list(
            "pk", "area_id", "lead_agency_id", "level"
        )
    )
    if not cases:
        return MeetingStats(0, 0, 0.0)
    chairs = _chairs()
    creator = User.objects.filter(role="coordinator").order_by("pk").first()
    assert creator is not None
    now = timezone.now()
    rows = 0
    todo = count - have
    with transaction.atomic():
        for start in range(0, todo, BATCH):
            n = min(BATCH, todo - start)
            picked = [rng.choice(cases) for _ in range(n)]
            meetings = []
            for _case_id, area_id, _lead, _level in picked:
                days = rng.randint(-365, 365)
                held = days < 0
                meetings.append(
                    Meeting(
                        area_id=area_id,
                        kind=rng.choice(["initial", "review", "review", "review"]),
                        status=rules.MeetingStatus.HELD.value
                        if held
                        else rules.MeetingStatus.SCHEDULED.value,
                        starts_at=now + dt.timedelta(days=days, minutes=rng.randint(0, 600)),
                        venue="Bench venue",
                        chair=chairs.get(area_id, creator),
                        created_by=creator,
                    )
                )
            Meeting.objects.bulk_create(meetings)
            items = [
                MeetingCase(meeting=m, case_id=p[0], level=p[3])
                for m, p in zip(meetings, picked, strict=True)
            ]
            MeetingCase.objects.bulk_create(items)
            invitations = [
                Invitation(
                    meeting=m,
                    agency_id=p[2],
                    invited_by=creator,
                    attendance=rules.Attendance.ATTENDED.value if m.status == "held" else "invited",
                )
                for m, p in zip(meetings, picked, strict=True)
            ]
            Invitation.objects.bulk_create(invitations)
            minutes = []
            for m, item in zip(meetings, items, strict=True):
                held = m.status == rules.MeetingStatus.HELD.value
                waiting = held and rng.random() < 0.1
                status = (
                    rules.MinutesStatus.DRAFT.value
                    if not held or waiting
                    else rules.MinutesStatus.CIRCULATED.value
                )
                minutes.append(
                    Minutes(
                        item=item,
                        area_id=m.area_id,
                        meeting_at=m.starts_at,
                        chair_id=m.chair_id,
                        status=status,
                    )
                )
            Minutes.objects.bulk_create(minutes)
            rows += len(meetings) + len(items) + len(invitations) + len(minutes)
    return MeetingStats(todo, rows, time.perf_counter() - started)
