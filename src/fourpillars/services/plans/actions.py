"""The actions a user works: theirs and their agency's, on every active plan of the cases they
can see, a page at a time by group (overdue, due soon, later, done), with the count of each
group (each count stops at ``COUNT_LIMIT``); five queries whatever the number of actions, and
one audited consultation naming the cases the page shows ([DPA-2018] s.62).

The groups are ``domain.reminders.action_group`` as queries (the tests hold the two together);
who owns an action is the policy's ``domain.access.owns_action`` (``reads.my_actions``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from fourpillars.domain import plans as plan_rules
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.reminders import LIST_SOON_DAYS, ActionGroup
from fourpillars.plans.models import Action
from fourpillars.services import audit
from fourpillars.services.paging import Page, bounds, offset
from fourpillars.services.plans.reads import my_actions

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

PAGE_SIZE = 25
RELATED = (
    "plan",
    "plan__case",
    "plan__case__person",
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


ORDER = {
    ActionGroup.OVERDUE: (F("due").asc(), F("pk").asc()),
    ActionGroup.DUE_SOON: (F("due").asc(), F("pk").asc()),
    ActionGroup.LATER: (F("due").asc(nulls_last=True), F("pk").asc()),
    ActionGroup.DONE: (F("completed_at").desc(nulls_last=True), F("pk").desc()),
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


OPEN_ORDER = (F("due").asc(nulls_last=True), F("pk").asc())


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
    base = my_actions(actor, include_done=True).order_by()
    with transaction.atomic():
        counts, capped = _counts(base, conditions)
        if group is None and first_nonempty:
            group = next((g for g in ActionGroup if counts[g]), ActionGroup.OVERDUE)
        if group is None:
            chosen = base.filter(~conditions[ActionGroup.DONE]).order_by(*OPEN_ORDER)
            total = sum(n for g, n in counts.items() if g is not ActionGroup.DONE)
        else:
            chosen = base.filter(conditions[group]).order_by(*ORDER[group])
            total = counts[group]
        start = offset(page, page_size)
        end = start + page_size
        if capped and (group in capped or (group is None and total >= COUNT_LIMIT)):
            end = max(start + 1, min(end, total))  # a capped list ends where its count stopped
        # The page's ids first, then their rows with what they show: one query planning ten
        # joins under the visibility filter cost more than running it (15 ms on 200,000).
        ids = list(chosen.values_list("pk", flat=True)[start:end])
        # (an empty page asks too, for no id, so that every page costs the same queries)
        found = {a.pk: a for a in Action.objects.filter(pk__in=ids or [0]).select_related(*RELATED)}
        rows = [found[i] for i in ids]
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_my_actions",
            target=audit.Target("actions"),
            query=f"group={group.value if group else 'open'} page={page}",
            record_ids=sorted({a.plan.case_id for a in rows}),
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
