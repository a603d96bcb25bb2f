"""The parts of the case page (summary, person, risk, plan, decisions, timeline, sharing).

Each part opens the case as a consultation, as the whole page did (DPA 2018 s.62): the case
through the one access-scoped query (404 missing or hidden), its shares, a stated purpose
outside the lead agency, then one audit row naming the part. Each part reads the header every
part opens with (the identity bar: the assessments open on the case, its active and draft
plans; two queries) and only what that part shows, in a fixed number of queries whatever the
size of the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from django.db import transaction
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.audit import Justification, Operation
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import audit
from fourpillars.services.access import justified, visible_case
from fourpillars.services.accounts.names import Names
from fourpillars.services.assessments import (
    OpenAssessments,
    latest_level_decision,
    open_assessments,
)
from fourpillars.services.cases import reads
from fourpillars.services.cases.records import case_shares
from fourpillars.services.paging import Page, bounds, offset

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.assessments.models import LevelDecision

T = TypeVar("T")
_ACTIVE, _DRAFT = plan_rules.PlanStatus.ACTIVE, plan_rules.PlanStatus.DRAFT


@dataclass(frozen=True)
class CaseHeader:
    """What every part of the case page opens with besides the case itself."""

    assessments: OpenAssessments
    active_plan: Plan | None
    draft_plan: Plan | None


@dataclass(frozen=True)
class CasePart(Generic[T]):
    """One part of the case page as shown: the case, its shares, the header and the part."""

    case: Case
    shares: list[CaseShare]
    header: CaseHeader
    shown: T


def case_header(case: Case) -> CaseHeader:
    """The open assessments and the active and draft plans: two queries."""
    plans = list(Plan.objects.filter(case=case, status__in=[_ACTIVE, _DRAFT]))
    for plan in plans:
        plan.case = case
    return CaseHeader(
        open_assessments(case),
        next((p for p in plans if p.status == _ACTIVE), None),
        next((p for p in plans if p.status == _DRAFT), None),
    )


def consult_case_part(
    *,
    actor: User,
    case_id: object,
    justification: Justification | None,
    action: str,
    load: Callable[[Case, list[CaseShare], CaseHeader], T],
) -> CasePart[T]:
    """Open one part of a case: 404 if missing or hidden; outside the lead agency, a
    justification first; then the header, what ``load`` reads, and one consultation row."""
    with transaction.atomic():
        case = visible_case(actor, case_id)
        shares = case_shares(case)
        justification = justified(actor, case, justification, shares=shares)
        header = case_header(case)
        shown = load(case, shares, header)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action=action,
            target=audit.case_target(case),
            justification=justification,
        )
        return CasePart(case, shares, header, shown)


@dataclass(frozen=True)
class CaseSummary:
    """What the summary reads besides the header: the latest level decision, and how many
    actions of the active plan are past their due date and not finished."""

    decision: LevelDecision | None
    overdue_actions: int
    today: dt.date


def case_summary(case: Case) -> CaseSummary:
    """Two queries whatever the size of the case."""
    today = timezone.localdate()
    overdue = (
        Action.objects.filter(plan__case=case, plan__status=_ACTIVE, due__lt=today)
        .exclude(status__in=plan_rules.FINISHED_ACTION_STATUSES)
        .count()
    )
    return CaseSummary(latest_level_decision(case), overdue, today)


TIMELINE_PAGE = 50


@dataclass
class TimelinePage(Page[AuditEvent]):
    """A page of the timeline with the names behind its usernames and agency codes."""

    names: Names = field(default_factory=Names)


def timeline_page(case: Case, page: int = 1, page_size: int = TIMELINE_PAGE) -> TimelinePage:
    """One page of the case's timeline, newest first, runs of autosaves shown as one entry,
    people and agencies by name: four queries (the page, the count, the names)."""
    page, page_size = bounds(page, page_size)
    events = reads.collapse_repeats(
        reads.timeline_events(case, start=offset(page, page_size), limit=page_size)
    )
    names = audit.name_rows(events)
    return TimelinePage(events, reads.timeline_length(case), page, page_size, names)
