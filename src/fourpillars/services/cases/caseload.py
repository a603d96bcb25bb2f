"""The caseload: the cases a user works, with what needs doing on each, and what waits for them.

``caseload`` reads one page of the user's open cases through the one access-scoped query
(``Case.objects.restrict``), with each case's overall community RoSH rating (its assessment in
force), its active plan's review date and the four tags worked out in SQL, and the figures
behind the tags over the whole caseload; sorting and filtering take only the whitelisted
values below. Whatever the caseload's size, a page costs the same queries, and it is audited
as one consultation naming the cases shown ([DPA-2018] s.62), as the search is.

Whose cases ([MAPPA-G] ch.9 need to know, and who does what):

- a practitioner: every open case their agency leads or holds an active share of;
- the area co-ordinator: "mine" are the area's level 2 and 3 cases (managed at the MAPPA
  meetings the co-ordinator runs), "all" every open case in the area (not the cases the area
  handed over to another, which it sees until the hand-over ends: decision 0018);
- a line manager: "mine" are the cases they work themselves (they wrote a RoSH assessment or a
  plan version, or own an action by name), "all" the team's cases (as a practitioner's).

``waiting_for`` counts what waits for the user: RoSH assessments to countersign (the policy's
``may_countersign`` as a query: a manager who manages the case, never the author), draft plans
they may approve, and actions they or their agency own that are overdue or due soon.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import rosh
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import Role
from fourpillars.domain.audit import Operation
from fourpillars.domain.mappa import CaseStatus
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.assessments.reads import assessments_waiting_for
from fourpillars.services.cases.reads import SearchResult, search_cases
from fourpillars.services.exchange_received.reads import waiting_count as received_waiting
from fourpillars.services.meetings.reads import minutes_to_approve
from fourpillars.services.paging import PAGE_SIZE_MAX
from fourpillars.services.plans.reads import my_actions, plans_waiting_for
from fourpillars.services.referrals import waiting as referral_waiting
from fourpillars.services.retention import reviews as retention_reviews
from fourpillars.services.soa.proposals import waiting_for as abroad_waiting
from fourpillars.services.soa.records import soa_missed

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

PAGE_SIZE = 25
ACTIONS_SOON_DAYS = 14

# The tags, in the order shown: the tag's words, and the figure's words for one and for many.
TAGS: dict[str, tuple[str, str, str]] = {
    "review_overdue": ("Review overdue", "review overdue", "reviews overdue"),
    "no_rosh": ("No RoSH in force", "with no RoSH in force", "with no RoSH in force"),
    "plan_not_approved": ("Plan not approved", "with no approved plan", "with no approved plan"),
    "notification_ending": (
        "Notification ending",
        "with notification ending",
        "with notification ending",
    ),
    # SOA 2003 Part 2: a notification due and not made (decision 0022; services.soa.records).
    "notification_missed": (
        "Notification missed",
        "with a notification missed",
        "with a notification missed",
    ),
}
NO_ROSH = "none"  # the RoSH filter's value for "no assessment in force"
ROSH_VALUES = (*(r.value for r in rosh.Rating), NO_ROSH)
CATEGORIES = (1, 2, 3, 4)
LEVELS = (1, 2, 3)
WAITING = ("countersign", "approve")
SCOPES = ("mine", "all")
# Sort keys and the columns (with the case id last, so pages never overlap) they order by.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("person__display_name",),
    "rosh": ("rosh_rank",),
    "category": ("category",),
    "level": ("level",),
    "next_review": ("next_review_date",),
    "plan_review": ("plan_review_date",),
}
DEFAULT_SORT = "next_review"


def notification_days() -> int:
    """How near its end a notification period is flagged (``FOURPILLARS_NOTIFICATION_DAYS``)."""
    return int(getattr(settings, "FOURPILLARS_NOTIFICATION_DAYS", 90))


@dataclass(frozen=True)
class CaseloadQuery:
    """What the user asked for, each part held to its whitelist by ``from_params``."""

    scope: str = "mine"
    tags: frozenset[str] = frozenset()
    categories: frozenset[int] = frozenset()
    levels: frozenset[int] = frozenset()
    rosh: frozenset[str] = frozenset()
    waiting: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE

    @classmethod
    def from_params(cls, params: Mapping[str, Iterable[str]]) -> CaseloadQuery:
        """From request parameters (each a list of strings); anything unknown is ignored."""

        def many(name: str, allowed: Iterable[object]) -> frozenset[Any]:
            wanted = {str(a): a for a in allowed}
            return frozenset(wanted[v] for v in params.get(name, ()) if v in wanted)

        def one(name: str, allowed: Iterable[str], default: str) -> str:
            found = [v for v in params.get(name, ()) if v in allowed]
            return found[0] if found else default

        pages = [v for v in params.get("page", ()) if _whole(v)]
        return cls(
            scope=one("scope", SCOPES, "mine"),
            tags=many("tag", TAGS),
            categories=many("category", CATEGORIES),
            levels=many("level", LEVELS),
            rosh=many("rosh", ROSH_VALUES),
            waiting=one("waiting", WAITING, ""),
            sort=one("sort", SORTS, DEFAULT_SORT),
            descending=one("order", ("asc", "desc"), "asc") == "desc",
            page=int(pages[0]) if pages else 1,
        )

    @property
    def filtered(self) -> bool:
        return bool(self.tags or self.categories or self.levels or self.rosh or self.waiting)

    def describe(self) -> str:
        """The query in words for the audit row: scope, filters, sort and page."""
        parts = [f"scope={self.scope}"]
        parts += [f"tag={t}" for t in sorted(self.tags)]
        parts += [f"category={c}" for c in sorted(self.categories)]
        parts += [f"level={v}" for v in sorted(self.levels)]
        parts += [f"rosh={r}" for r in sorted(self.rosh)]
        parts += [f"waiting={self.waiting}"] if self.waiting else []
        order = "desc" if self.descending else "asc"
        return " ".join([*parts, f"sort={self.sort}", f"order={order}", f"page={self.page}"])


def _whole(raw: str) -> bool:
    return raw.isdigit() and len(raw) < 6 and int(raw) > 0


@dataclass
class CaseloadRow:
    """One case as the caseload shows it: the case (with person, lead agency), its overall
    community RoSH rating in force ("" if none), its active plan's review date, and its tags."""

    case: Case
    rosh: str
    plan_review_date: dt.date | None
    tags: list[str]


@dataclass
class Caseload:
    rows: list[CaseloadRow]
    total: int  # cases matching the filters
    page: int
    page_size: int
    figures: dict[str, int]  # per tag, over the whole caseload of the scope (unfiltered)
    scope_total: int  # every case of the scope
    query: CaseloadQuery
    can_switch: bool  # co-ordinators and managers choose "mine" or "all"
    notification_days: int = 90
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.page_size))


def can_switch(actor: User) -> bool:
    """Co-ordinators and line managers have a caseload of their own inside a wider one."""
    return actor.viewer.role is Role.COORDINATOR or bool(actor.is_manager)


def _open_cases(actor: User) -> QuerySet[Case]:
    """Every open case the actor works, through the one access-scoped query: for the area's
    co-ordinator the area's cases (those they manage; a case handed over to another area
    stays visible until the hand-over ends, but is that area's to work: decision 0018), for
    anyone else every case they may see."""
    permission = Permission.VIEW_CASE
    if actor.viewer.role is Role.COORDINATOR:
        permission = Permission.MANAGE_CASE
    return Case.objects.restrict(actor, permission).exclude(status=CaseStatus.CLOSED.value)


def _worked_by(actor: User) -> Q:
    """Cases the actor works themselves: they wrote an assessment or a plan version, or own
    an action of a plan by name."""
    wrote = RoshAssessment.objects.filter(case=OuterRef("pk"), author=actor)
    planned = Plan.objects.filter(case=OuterRef("pk"), created_by=actor)
    owns = Action.objects.filter(plan__case=OuterRef("pk"), owner_user=actor)
    return Q(Exists(wrote)) | Q(Exists(planned)) | Q(Exists(owns))


def _scoped(actor: User, scope: str) -> QuerySet[Case]:
    cases = _open_cases(actor)
    if scope != "mine" or not can_switch(actor):
        return cases
    if actor.viewer.role is Role.COORDINATOR:
        return cases.filter(level__in=(2, 3))
    return cases.filter(_worked_by(actor))


def _waiting_condition(actor: User, waiting: str) -> Q:
    """Cases with an assessment awaiting the actor's countersignature, or a draft plan the
    actor may approve: the ids the policy-checked reads answer (the second-person rule
    included), never a second copy of the rules."""
    if waiting == "countersign":
        ids = {a.case_id for a in assessments_waiting_for(actor)}
    else:
        ids = {p.case_id for p in plans_waiting_for(actor)}
    return Q(pk__in=sorted(ids))


def tag_conditions(today: dt.date, days: int) -> dict[str, Q]:
    """Each tag's condition on the cases (columns of the case, ``services.cases.in_force``):
    the one definition the figures,
    the filters and the tags on each row all use."""
    return {
        "review_overdue": Q(next_review_date__lt=today),
        "no_rosh": Q(rosh_overall=""),
        "plan_not_approved": Q(has_active_plan=False),
        "notification_ending": Q(
            notification_indefinite=False,
            notification_end__gte=today,
            notification_end__lte=today + dt.timedelta(days=days),
        ),
        "notification_missed": Q(soa_missed(today)),
    }


def _filter(
    cases: QuerySet[Case], query: CaseloadQuery, conditions: Mapping[str, Q]
) -> QuerySet[Case]:
    for tag in sorted(query.tags):
        cases = cases.filter(conditions[tag])
    if query.categories:
        cases = cases.filter(category__in=sorted(query.categories))
    if query.levels:
        cases = cases.filter(level__in=sorted(query.levels))
    if query.rosh:
        ratings = sorted(r for r in query.rosh if r != NO_ROSH)
        wanted = Q(rosh_overall__in=ratings)
        if NO_ROSH in query.rosh:
            wanted |= conditions["no_rosh"]
        cases = cases.filter(wanted)
    return cases


def filtered_cases(cases: QuerySet[Case], query: CaseloadQuery) -> QuerySet[Case]:
    """``cases`` narrowed by the query's tag, category, level and RoSH filters
    (the search narrows its candidates with it too)."""
    conditions = tag_conditions(timezone.localdate(), notification_days())
    return _filter(cases, query, conditions)


# Sort columns that may be empty: their empties come last in either direction. The others
# are ordered plainly, so that a descending page is an index read backwards (PostgreSQL
# cannot read an ascending index as "descending, empties last").
NULLABLE_SORTS = frozenset({"next_review_date", "plan_review_date"})


def _ordering(query: CaseloadQuery) -> list[Any]:
    def order(column: str) -> Any:
        empties = {"nulls_last": True} if column in NULLABLE_SORTS else {}
        return F(column).desc(**empties) if query.descending else F(column).asc(**empties)

    return [*(order(c) for c in SORTS[query.sort]), "-pk" if query.descending else "pk"]


def _flags(conditions: Mapping[str, Q]) -> dict[str, Any]:
    return {
        f"tag_{name}": ExpressionWrapper(cond, output_field=BooleanField())
        for name, cond in conditions.items()
    }


def _row(case: Case) -> CaseloadRow:
    tags = [name for name in TAGS if getattr(case, f"tag_{name}", False)]
    return CaseloadRow(case, case.rosh_overall, case.plan_review_date, tags)


def rows_for(cases: QuerySet[Case]) -> list[CaseloadRow]:
    """The caseload's columns and tags for cases already chosen (a page of search results,
    ids from the access-scoped query in the same request), in one query, in no set order."""
    conditions = tag_conditions(timezone.localdate(), notification_days())
    found = cases.annotate(**_flags(conditions)).select_related("person", "lead_agency")
    return [_row(c) for c in found]


def caseload(*, actor: User, query: CaseloadQuery) -> Caseload:
    """One page of the actor's caseload with the figures behind each tag; audited as one
    consultation listing the cases shown. Hidden cases never appear and never count."""
    days = notification_days()
    conditions = tag_conditions(timezone.localdate(), days)
    scope = "all" if query.waiting else query.scope
    base = _scoped(actor, scope)
    figures = audit.kept(
        f"figures:{actor.pk}:{scope}:{days}",
        lambda: base.aggregate(
            scope_total=Count("pk"),
            **{name: Count("pk", filter=cond) for name, cond in conditions.items()},
        ),
    )
    chosen = _filter(base, query, conditions)
    if query.waiting:
        chosen = chosen.filter(_waiting_condition(actor, query.waiting))
    total = _total(chosen, query, figures)
    page_size = max(1, min(query.page_size, PAGE_SIZE_MAX))
    page = min(max(1, query.page), max(1, math.ceil(total / page_size)))
    start = (page - 1) * page_size
    found = (
        chosen.annotate(**_flags(conditions))
        .select_related("person", "lead_agency")
        .order_by(*_ordering(query))[start : start + page_size]
    )
    rows = [_row(c) for c in found]
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_caseload",
            target=audit.Target("caseload"),
            query=query.describe(),
            record_ids=[r.case.pk for r in rows],
        )
    return Caseload(
        rows=rows,
        total=total,
        page=page,
        page_size=page_size,
        figures={name: int(figures[name]) for name in TAGS},
        scope_total=int(figures["scope_total"]),
        query=query,
        can_switch=can_switch(actor),
        notification_days=days,
    )


def _total(chosen: QuerySet[Case], query: CaseloadQuery, figures: Mapping[str, Any]) -> int:
    """How many cases match: the figure already counted when the query is the whole scope or
    one tag alone, else one count."""
    if not query.filtered:
        return int(figures["scope_total"])
    others = query.categories or query.levels or query.rosh or query.waiting
    if len(query.tags) == 1 and not others:
        return int(figures[next(iter(query.tags))])
    return chosen.count()


@dataclass(frozen=True)
class Waiting:
    """What waits for the actor: cases with an assessment to countersign, cases with a draft
    plan to approve, actions they or their agency own due within two weeks or overdue, and
    referrals, transfers and possible duplicates (``services.referrals.waiting``)."""

    countersign: int
    approve: int
    actions: int
    referrals: referral_waiting.Waiting = field(default_factory=referral_waiting.Waiting)
    minutes: int = 0  # minutes of meetings they chaired, waiting for their approval
    minutes_href: str = ""  # the earliest of them
    abroad: int = 0  # risk notifications waiting for their decision (decision 0022)
    abroad_href: str = ""  # the earliest of them
    received: int = 0  # information from abroad to match, requests to answer (decision 0023)
    retention: int = 0  # closed cases due for a retention review (decision 0030)

    @property
    def any(self) -> bool:
        return bool(
            self.countersign
            or self.approve
            or self.actions
            or self.minutes
            or self.abroad
            or self.referrals.any
            or self.received
            or self.retention
        )


def waiting_for(actor: User) -> Waiting:
    """What waits for the actor (``counted_waiting``), kept while nothing changes: ten reads
    of policy-scoped queries on every visit to the home page were half its cost on 100,000
    cases."""
    return audit.kept(f"waiting:{actor.pk}", lambda: counted_waiting(actor))


def counted_waiting(actor: User) -> Waiting:
    """Counts only (no case is shown), from the policy-checked reads of what waits for the
    actor: assessments to countersign, draft plans to approve, actions due soon, and what of
    referrals, transfers and possible duplicates is theirs to do or read."""
    soon = timezone.localdate() + dt.timedelta(days=ACTIONS_SOON_DAYS)
    minutes = minutes_to_approve(actor)
    first = minutes.first
    abroad, abroad_href = abroad_waiting(actor)
    return Waiting(
        countersign=len(assessments_waiting_for(actor)),
        approve=len(plans_waiting_for(actor)),
        actions=my_actions(actor).filter(due__lte=soon).count(),
        referrals=referral_waiting.waiting_for(actor),
        minutes=minutes.count,
        minutes_href=f"/meetings/{first[0]}/cases/{first[1]}/" if first else "",
        abroad=abroad,
        abroad_href=abroad_href,
        received=received_waiting(actor),
        retention=retention_reviews.due_count(actor),
    )


@dataclass
class SearchPage:
    """A page of search results with the caseload's columns and tags, in the search's order."""

    result: SearchResult
    rows: list[CaseloadRow]


def search(*, actor: User, text: str, query: CaseloadQuery) -> SearchPage:
    """``search_cases`` narrowed by the caseload's filters (closed cases are still found),
    with each shown case's columns and tags read in one more query; audited by the search."""
    result = search_cases(
        actor=actor,
        query=text,
        page=query.page,
        page_size=query.page_size,
        narrow=lambda cases: filtered_cases(cases, query),
    )
    ids = [c.pk for c in result.cases]
    # The ids came out of the access-scoped query in this same request; asked through it again.
    shown = Case.objects.restrict(actor, Permission.VIEW_CASE).filter(pk__in=ids)
    by_id = {row.case.pk: row for row in rows_for(shown)}
    return SearchPage(result, [by_id[i] for i in ids if i in by_id])
