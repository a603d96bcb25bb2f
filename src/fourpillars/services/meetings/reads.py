"""The audited reads of meetings: a meeting (its cases the reader may see), one case's item
(agenda, contributions, minutes), the case's meetings, the co-ordinator's dashboard, the
quality roll-ups, the minutes for print and the calendar entry. Minutes in draft are read
only by those who record or approve them; approved minutes by anyone who may see the case
(so an agency that did not attend sees them only while it holds access to the case)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from fourpillars.domain import exports
from fourpillars.domain import meetings as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.exports import Export
from fourpillars.domain.mappa import CaseStatus
from fourpillars.meetings.models import (
    Contribution,
    Invitation,
    Meeting,
    MeetingCase,
    MeetingGrade,
    Minutes,
)
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import allowed, require
from fourpillars.services.errors import NotFound

from .common import meeting_item, meeting_target, visible_meeting

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

DASHBOARD_ROWS = 20
REVIEW_WINDOW_DAYS = 28


@dataclass
class MeetingView:
    meeting: Meeting
    items: list[MeetingCase]  # the cases on it the reader may see
    invitations: list[Invitation]
    grade: MeetingGrade | None
    hidden_cases: int  # how many of its cases the reader may not see (never which)


def _visible_items(actor: User, meeting: Meeting) -> tuple[list[MeetingCase], int]:
    every = list(
        MeetingCase.objects.filter(meeting=meeting).select_related(
            "case", "case__lead_agency", "minutes"
        )
    )
    visible = set(
        Case.objects.visible_to(actor)
        .filter(pk__in=[i.case_id for i in every])
        .values_list("pk", flat=True)
    )
    shown = [i for i in every if i.case_id in visible]
    return shown, len(every) - len(shown)


def consult_meeting(*, actor: User, meeting_id: object) -> MeetingView:
    """A meeting: when, where, chair, invited agencies and attendance, and the references of
    the cases on it the reader may see; one consultation row naming them."""
    with transaction.atomic():
        meeting = visible_meeting(actor, meeting_id)
        items, hidden = _visible_items(actor, meeting)
        invitations = list(meeting.invitations.select_related("agency"))
        grade = MeetingGrade.objects.filter(meeting=meeting).first()
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_meeting",
            target=meeting_target(meeting),
            record_ids=[i.case_id for i in items],
        )
        return MeetingView(meeting, items, invitations, grade, hidden)


@dataclass
class ItemView:
    meeting: Meeting
    item: MeetingCase
    case: Case
    agenda: rules.Agenda
    contributions: list[Contribution]
    minutes: Minutes | None  # None: a draft the reader may not read
    minutes_status: str
    attended: list[str]
    may_record: bool
    may_approve: bool
    may_contribute: bool
    problems: dict[str, list[str]] = field(default_factory=dict)


def consult_item(
    *, actor: User, meeting_id: object, case_id: object, justification: Justification | None
) -> ItemView:
    """One case at one meeting: the agenda, every agency's contribution and the minutes (a
    draft only for the co-ordinator and chair). A consultation of the case: outside the lead
    agency its purpose first."""
    with transaction.atomic():
        view = _item_view(actor, meeting_id, case_id)
        audit.consultation(
            actor=actor,
            case=view.case,
            justification=justification,
            action="view_meeting_case",
            target=_item_target(view),
            record_ids=[c.pk for c in view.contributions],
        )
        return view


def _item_target(view: ItemView) -> audit.Target:
    return audit.Target("meeting_case", str(view.item.pk), view.case.pk, view.case.person_id)


def _item_view(actor: User, meeting_id: object, case_id: object) -> ItemView:
    """What one case at one meeting shows this reader (no audit row: the caller writes it)."""
    meeting, item, case = meeting_item(actor, meeting_id, case_id)
    minutes = (
        Minutes.objects.select_related("approved_by", "circulated_by", "plan")
        .filter(item=item)
        .first()
    )
    may_record = allowed(actor, Permission.RECORD_MINUTES, meeting)
    may_approve = allowed(actor, Permission.APPROVE_MINUTES, meeting)
    status = minutes.status if minutes else ""
    readable = minutes is not None and (
        status != rules.MinutesStatus.DRAFT.value or may_record or may_approve
    )
    contributions = list(item.contributions.select_related("agency", "author"))
    invitations = list(meeting.invitations.select_related("agency"))
    attended = [
        i.agency.code for i in invitations if i.attendance == rules.Attendance.ATTENDED.value
    ]
    return ItemView(
        meeting=meeting,
        item=item,
        case=case,
        agenda=rules.AGENDAS.get(meeting.agenda_version, rules.STANDARD_AGENDA),
        contributions=contributions,
        minutes=minutes if readable else None,
        minutes_status=status,
        attended=attended,
        may_record=may_record,
        may_approve=may_approve,
        may_contribute=allowed(actor, Permission.CONTRIBUTE, meeting)
        and meeting.status != rules.MeetingStatus.CANCELLED.value
        and status in ("", rules.MinutesStatus.DRAFT.value),
        problems=rules.problems(minutes.content, len(attended)) if minutes else {},
    )


def readable_minutes(view: ItemView) -> Minutes:
    """The minutes of an item the reader may read (404 otherwise: a draft is not theirs)."""
    if view.minutes is None:
        raise NotFound()
    return view.minutes


@dataclass(frozen=True)
class CaseMeeting:
    meeting: Meeting
    minutes_status: str


def case_meetings(case: Case) -> list[CaseMeeting]:
    """The meetings on a case, newest first, with their minutes' status (for the case page,
    whose consultation is already audited)."""
    rows = (
        MeetingCase.objects.filter(case=case)
        .select_related("meeting", "meeting__chair", "minutes")
        .order_by("-meeting__starts_at")[:50]
    )
    out = []
    for r in rows:
        status = r.minutes.status if hasattr(r, "minutes") else ""
        out.append(CaseMeeting(r.meeting, status))
    return out


@dataclass
class Dashboard:
    upcoming: Sequence[Meeting]
    awaiting_approval: list[Minutes]
    awaiting_approval_count: int
    awaiting_circulation: list[Minutes]
    awaiting_circulation_count: int
    reviews_due: list[Case]
    reviews_due_count: int
    reviews_overdue_count: int
    today: dt.date


def dashboard(actor: User) -> Dashboard:
    """The co-ordinator's meetings dashboard for their area: meetings coming up, minutes
    waiting for the chair or for circulation, and level 2 and 3 reviews due within four
    weeks or overdue. Every list is read off an index on (area, status, time); one
    consultation row names the cases shown."""
    require(actor, Permission.RUN_MEETINGS)
    area = actor.viewer.area_id or 0
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        scheduled = Meeting.objects.filter(
            area_id=area, status=rules.MeetingStatus.SCHEDULED.value, starts_at__gte=now
        ).order_by("starts_at", "id")
        # How many cases each meeting takes, counted for the page's meetings only.
        cases = (
            MeetingCase.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Count("id"))
            .values("n")
        )
        upcoming = list(
            scheduled.select_related("chair").annotate(cases=Coalesce(Subquery(cases), 0))[
                :DASHBOARD_ROWS
            ]
        )
        pending = Minutes.objects.filter(area_id=area, meeting_at__lte=now)
        approval = pending.filter(status=rules.MinutesStatus.DRAFT.value)
        circulation = pending.filter(status=rules.MinutesStatus.APPROVED.value)
        shown = ("item", "item__case", "item__meeting", "item__meeting__chair")
        awaiting = list(
            approval.select_related(*shown).order_by("meeting_at", "id")[:DASHBOARD_ROWS]
        )
        waiting_out = list(
            circulation.select_related(*shown).order_by("meeting_at", "id")[:DASHBOARD_ROWS]
        )
        due = Case.objects.filter(
            area_id=area,
            status=CaseStatus.ACTIVE.value,
            level__in=(2, 3),
            next_review_date__lte=today + dt.timedelta(days=REVIEW_WINDOW_DAYS),
        )
        # The figures over the whole area, kept until the record changes (decision 0024).
        counts = audit.kept(
            f"meetings_dashboard:{area}:{today.isoformat()}",
            lambda: {
                **due.aggregate(
                    all=Count("id"), overdue=Count("id", filter=Q(next_review_date__lt=today))
                ),
                "approval": approval.count(),
                "circulation": circulation.count(),
            },
        )
        reviews = list(
            due.select_related("person").order_by("next_review_date", "id")[:DASHBOARD_ROWS]
        )
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_meetings_dashboard",
            target=audit.Target("area", str(area or "")),
            record_ids=[c.pk for c in reviews] + [m.item.case_id for m in awaiting],
        )
        return Dashboard(
            upcoming=upcoming,
            awaiting_approval=awaiting,
            awaiting_approval_count=int(counts["approval"]),
            awaiting_circulation=waiting_out,
            awaiting_circulation_count=int(counts["circulation"]),
            reviews_due=reviews,
            reviews_due_count=int(counts["all"] or 0),
            reviews_overdue_count=int(counts["overdue"] or 0),
            today=today,
        )


@dataclass
class Quality:
    by_area: list[rules.RollUp]
    by_chair: list[rules.RollUp]
    form: rules.AuditForm
    graded: int


def quality(actor: User) -> Quality:
    """Meeting grades rolled up per area (every area: figures, no cases) and per chair (the
    co-ordinator's own area)."""
    require(actor, Permission.RUN_MEETINGS)
    area = actor.viewer.area_id
    rows = list(
        MeetingGrade.objects.filter(form_version=rules.AUDIT_FORM.version).values_list(
            "meeting__area__code",
            "meeting__area__name",
            "meeting__area_id",
            "meeting__chair_id",
            "meeting__chair__first_name",
            "meeting__chair__last_name",
            "meeting__chair__username",
            "scores",
        )
    )
    by_area = rules.roll_up((code, name, scores) for code, name, _, _, _, _, _, scores in rows)
    by_chair = rules.roll_up(
        (str(cid), f"{first} {last}".strip() or user, scores)
        for _, _, aid, cid, first, last, user, scores in rows
        if aid == area
    )
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_meeting_quality",
            target=audit.Target("area", str(area or "")),
        )
    return Quality(by_area, by_chair, rules.AUDIT_FORM, len(rows))


def meeting_ics(*, actor: User, meeting_id: object) -> tuple[Meeting, list[MeetingCase], Export]:
    """What a calendar entry may carry for this reader: the meeting and the references of the
    cases on it they may see (never a name); the download audited as a disclosure to the
    reader ([DPA-2018] s.62), naming the cases."""
    with transaction.atomic():
        meeting = visible_meeting(actor, meeting_id)
        items, _ = _visible_items(actor, meeting)
        export = exports.meeting_ics(meeting.pk)
        audit.export(
            actor=actor,
            export=export,
            target=meeting_target(meeting),
            record_ids=[i.case_id for i in items],
        )
        return meeting, items, export


def export_minutes(
    *, actor: User, meeting_id: object, case_id: object, justification: Justification | None
) -> tuple[ItemView, Export]:
    """The item as the minutes PDF prints it (the minutes must be readable: 404 otherwise),
    and the download's own audit row (a disclosure to the reader, [DPA-2018] s.62; outside the
    lead agency the purpose first)."""
    with transaction.atomic():
        view = _item_view(actor, meeting_id, case_id)
        readable_minutes(view)
        export = exports.minutes_pdf(view.case.reference, view.meeting.pk)
        audit.export(
            actor=actor,
            export=export,
            target=_item_target(view),
            case=view.case,
            justification=justification,
        )
        return view, export


@dataclass(frozen=True)
class MinutesWaiting:
    """How many minutes wait for the chair's approval, and the earliest one's meeting and case
    (its link)."""

    count: int = 0
    first: tuple[int, int] | None = None


def minutes_to_approve(actor: User) -> MinutesWaiting:
    """Draft minutes of meetings already held that the actor chaired, not cancelled: what
    waits for them as chair (the caseload home's "Waiting for me"). Minutes only, no case
    content. Who approves is the policy's ``approve_minutes`` (``domain.access.chairs_meeting``:
    the meeting's chair), read here as the chair copied onto the minutes, so that the count is
    one index read however many meetings they chair (the tests hold the two together)."""
    drafts = Minutes.objects.filter(
        chair=actor,
        status=rules.MinutesStatus.DRAFT.value,
        meeting_at__lte=timezone.now(),
    ).exclude(item__meeting__status=rules.MeetingStatus.CANCELLED.value)
    first = drafts.order_by("meeting_at", "id").values_list("item__meeting_id", "item__case_id")
    found = first.first()
    count = drafts.count()  # asked whatever the first answered: the same queries for all
    if found is None or not count:
        return MinutesWaiting()
    return MinutesWaiting(count, (int(found[0]), int(found[1])))
