"""The actions a user works: theirs and their agency's, on every active plan of the cases they
can see, a page at a time by group (overdue, due soon, later, done), with the count of each
group (each count stops at ``COUNT_LIMIT``, and the counts are kept until the record changes);
a fixed number of queries whatever the number of actions, and one audited consultation naming
the cases the page shows ([DPA-2018] s.62).

The groups are ``domain.reminders.action_group`` as queries (the tests hold the two together);
who owns an action is the policy's ``domain.access.owns_action`` (``reads.action_owners``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, OrderBy, Q, QuerySet
from django.utils import timezone

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.reminders import LIST_SOON_DAYS, ActionGroup
from fourpillars.plans.models import Action
from fourpillars.services import audit
from fourpillars.services.paging import Page, bounds, offset
from fourpillars.services.plans.reads import action_owners, live_actions_visible_to, my_actions

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

PAGE_SIZE = 25
RELATED = (
    "case",
    "case__person",
    "owner_agency",
    "owner_user",
    "completed_by",
)


def group_conditions(today: dt.date, soon_days: int = LIST_SOON_DAYS) -> dict[ActionGroup, Q]:
    """Each group of ``action_group`` as a condition on actions."""
    finished = Q(status__in=plan_rules.FINISHED_ACTION_STATUSES)
    soon = today + dt.timedelta(days=soon_days)
    return {
        ActionGroup.OVERDUE: ~finished & Q(due__lt=today),
        ActionGroup.DUE_SOON: ~finished & Q(due__gte=today, due__lte=soon),
        ActionGroup.LATER: ~finished & (Q(due__isnull=True) | Q(due__gt=soon)),
        ActionGroup.DONE: finished,
    }


def parse_group(raw: object) -> ActionGroup | None:
    """The group asked for by its stored value; none asked: None; anything else is refused."""
    if raw in (None, ""):
        return None
    try:
        return ActionGroup(str(raw))
    except ValueError:
        known = ", ".join(g.value for g in ActionGroup)
        raise DomainValidationError.single("group", f"must be one of: {known}") from None


# A group's count stops here: past it, the tab says "100+" and the list pages through the
# first 100 (an agency may own tens of thousands of actions; counting them all on every visit
# cost 110 ms on 200,000 actions; four capped counts on the work lists' partial indexes cost
# a few milliseconds together).
COUNT_LIMIT = 100


@dataclass(frozen=True)
class ActionList:
    group: ActionGroup | None  # None: every open action (overdue, due soon and later)
    counts: dict[ActionGroup, int]  # at most COUNT_LIMIT
    page: Page[Action]
    capped: frozenset[ActionGroup] = frozenset()  # groups holding more than COUNT_LIMIT


def _counts(
    base: QuerySet[Action], conditions: dict[ActionGroup, Q]
) -> tuple[dict[ActionGroup, int], frozenset[ActionGroup]]:
    """Each group's count up to COUNT_LIMIT, and the groups that hold more (one query each,
    each stopping at the limit)."""
    bare = base.select_related(None).order_by().values("pk")  # no joins a count does not need
    found = {g: bare.filter(c)[: COUNT_LIMIT + 1].count() for g, c in conditions.items()}
    capped = frozenset(g for g, n in found.items() if n > COUNT_LIMIT)
    return {g: min(n, COUNT_LIMIT) for g, n in found.items()}, capped


Row = tuple[int, dt.date | None, dt.datetime | None]  # id, due, completed_at


def _due_last(r: Row) -> tuple[Any, ...]:
    return (r[1] is None, r[1] or dt.date.min, r[0])


def _latest_first(r: Row) -> tuple[Any, ...]:
    return (r[2] is None, -r[2].timestamp() if r[2] else 0.0, -r[0])


# Each group's order (due first, no date last; or finished latest first, no time last) as a
# sort key over (id, due, completed_at): the parts read by ``_page_ids`` are merged by it.
KEYS: dict[ActionGroup | None, Callable[[Row], tuple[Any, ...]]] = {
    ActionGroup.OVERDUE: _due_last,
    ActionGroup.DUE_SOON: _due_last,
    ActionGroup.LATER: _due_last,
    ActionGroup.DONE: _latest_first,
    None: _due_last,
}


Part = tuple[Q, tuple[OrderBy, ...]]


def _parts(group: ActionGroup | None, today: dt.date) -> list[Part]:
    """The group as conditions that each read one range of an index in its order. "Later" is
    two (a due date after the soon window; no due date, listed last) and "done" two (finished
    at a known time, latest first; never finished, as "not done" is), since an index cannot
    read "no date or a late one" as one range (it filtered 6,789 rows for the second page),
    and "latest first, no time last" is not an order an index of both databases keeps (a
    sort of the agency's 4,489 finished actions cost 16 ms)."""
    open_ = ~Q(status__in=plan_rules.FINISHED_ACTION_STATUSES)
    by_due = (F("due").asc(), F("pk").asc())
    if group is ActionGroup.LATER:
        soon = today + dt.timedelta(days=LIST_SOON_DAYS)
        return [(open_ & Q(due__gt=soon), by_due), (open_ & Q(due__isnull=True), by_due)]
    if group is ActionGroup.DONE:
        finished = ~open_
        # Both parts in the index's order read backwards (the second's time is always
        # empty): ordered by id alone, the planner walked the whole table's key backwards.
        latest = (F("completed_at").desc(), F("pk").desc())
        return [
            (finished & Q(completed_at__isnull=False), latest),
            (finished & Q(completed_at__isnull=True), latest),
        ]
    if group is None:
        return [(open_ & Q(due__isnull=False), by_due), (open_ & Q(due__isnull=True), by_due)]
    return [(group_conditions(today)[group], by_due)]


def _page_ids(
    actor: User, group: ActionGroup | None, today: dt.date, start: int, end: int
) -> list[int]:
    """The ids of one page, in the group's order. The actor owns actions two ways (by name,
    through their agency): one query per way and part of the group, each read in order off its
    own partial index and stopping at the page's end, merged here. One query with both ways
    OR-ed can use neither index's order: it sorted or filtered thousands of rows (97 ms for
    the second page of "later" on 200,000 actions)."""
    visible = live_actions_visible_to(actor)
    found: dict[int, Row] = {}
    for part, order in _parts(group, today):
        for owner in action_owners(actor):
            chosen = visible.filter(part, owner).order_by(*order)
            for row in chosen.values_list("pk", "due", "completed_at")[:end]:
                found[row[0]] = row
    return [r[0] for r in sorted(found.values(), key=KEYS[group])][start:end]


def action_list(
    *,
    actor: User,
    group: ActionGroup | None = None,
    first_nonempty: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    today: dt.date | None = None,
) -> ActionList:
    """One page of the actor's actions in ``group`` and how many each group holds. Without a
    group: every open action, or with ``first_nonempty`` the first group that has any
    (overdue first)."""
    today = today or timezone.localdate()
    page, page_size = bounds(page, page_size)
    conditions = group_conditions(today)
    with transaction.atomic():
        counts, capped = audit.kept(
            f"my_actions:{actor.pk}:{today.isoformat()}",
            lambda: _counts(my_actions(actor, include_done=True), conditions),
        )
        if group is None and first_nonempty:
            group = next((g for g in ActionGroup if counts[g]), ActionGroup.OVERDUE)
        if group is None:
            total = sum(n for g, n in counts.items() if g is not ActionGroup.DONE)
        else:
            total = counts[group]
        start = offset(page, page_size)
        end = start + page_size
        if capped and (group in capped or (group is None and total >= COUNT_LIMIT)):
            end = max(start + 1, min(end, total))  # a capped list ends where its count stopped
        ids = _page_ids(actor, group, today, start, end)
        # The page's ids first, then their rows with what they show: one query planning the
        # joins under the visibility filter cost more than running it (15 ms on 200,000).
        # (an empty page asks too, for no id, so that every page costs the same queries)
        found = {a.pk: a for a in Action.objects.filter(pk__in=ids or [0]).select_related(*RELATED)}
        rows = [found[i] for i in ids]
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_my_actions",
            target=audit.Target("actions"),
            query=f"group={group.value if group else 'open'} page={page}",
            record_ids=sorted({a.case_id for a in rows}),
        )
    return ActionList(group, counts, Page(rows, total, page, page_size), capped)


def owner_label(action: Action) -> str:
    """Who owns the action, in plain words: the named person, else the name typed, else the
    agency; always with the agency."""
    agency = action.owner_agency.name
    if action.owner_user is not None:
        return f"{action.owner_user.get_full_name() or action.owner_user.username}, {agency}"
    if action.owner_name:
        return f"{action.owner_name}, {agency}"
    return agency
