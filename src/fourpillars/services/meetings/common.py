"""The lookups every meeting use case shares: a meeting the actor may see (one of its cases
is visible to them: else 404), a case's item on a meeting, the policy's facts, the audit
targets, and what a section of the minutes needs to know (``context``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from fourpillars.domain import meetings as rules
from fourpillars.meetings.models import Meeting, MeetingCase, Minutes
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import refused_record, visible_case
from fourpillars.services.cases.changes import review_policy
from fourpillars.services.errors import NotFound, record_pk
from fourpillars.services.plans.documents import agencies_with_access

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def visible_meeting(actor: User, meeting_id: object, *, for_update: bool = False) -> Meeting:
    """The meeting if one of its cases is visible to the actor (the access-scoped query);
    NotFound for missing and hidden alike."""
    pk = record_pk(meeting_id)
    seen = MeetingCase.objects.filter(
        meeting_id=pk, case__in=Case.objects.visible_to(actor).values("pk")
    ).exists()
    if not seen:  # none of its cases is visible: refused through the first of them
        raise refused_record(actor, Meeting.objects.all(), pk, case="items__case")
    rows = Meeting.objects.select_related("area", "chair", "chair__agency")
    if for_update:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def meeting_item(
    actor: User, meeting_id: object, case_id: object, *, for_update: bool = False
) -> tuple[Meeting, MeetingCase, Case]:
    """A visible case on a visible meeting, the case row locked when ``for_update``."""
    case = visible_case(actor, case_id, for_update=for_update)
    meeting = visible_meeting(actor, meeting_id, for_update=for_update)
    item = MeetingCase.objects.filter(meeting=meeting, case=case).first()
    if item is None:
        raise NotFound()
    item.meeting = meeting
    item.case = case
    return meeting, item, case


def minutes_of(item: MeetingCase, *, for_update: bool = False) -> Minutes:
    rows = Minutes.objects.select_related("approved_by", "circulated_by", "plan")
    if for_update:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(item=item).first()
    if found is None:
        raise NotFound()
    return found


def meeting_target(meeting: Meeting) -> audit.Target:
    return audit.Target("meeting", str(meeting.pk))


def item_target(item: MeetingCase, case: Case) -> audit.Target:
    """The minutes and contributions of one case at one meeting, naming the case and person."""
    return audit.Target("meeting_case", str(item.pk), case.pk, case.person_id)


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def context(meeting: Meeting, case: Case, *, previous: dt.date | None = None) -> rules.Context:
    """What cleaning a section of the minutes needs: the meeting's day, the case's level,
    category and review policy, the agencies holding access and the case's plan numbers."""
    return rules.Context(
        meeting_day=meeting_day(meeting),
        level=case.level,
        category=case.category,
        policy=review_policy(case.area),
        previous_review=previous,
        agencies=frozenset(agencies_with_access(case)),
        plan_numbers=frozenset(case.plans.values_list("number", flat=True)),
    )
