"""The reminder scan: every open action of an active plan whose due date calls for a reminder
today (``domain.reminders``) is reminded once to each of its recipients.

Exactly once, however often the scan runs or the worker stops (decision 0017): each action's
reminder (all its recipients' notifications, their delivery records, their e-mails in the
outbox and the audit row) is written in one transaction, and ``ReminderDelivery`` is unique on
action, kind, due date and recipient. A scan stopped half-way leaves every action either fully
reminded or not at all; the next scan skips the first kind (it reads only actions without a
delivery for their current kind and due date) and reminds the second. Two scans at once meet on
the unique constraint: the loser's transaction rolls back and it moves on. A changed due date
is a new reminder. E-mail leaves later, through the outbox (``services.notifications``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.domain import plans as plan_rules
from fourpillars.domain import reminders as rules
from fourpillars.domain.access import can_view_case
from fourpillars.domain.agencies import Role
from fourpillars.domain.audit import Operation
from fourpillars.notifications.models import ReminderDelivery
from fourpillars.plans.models import Action
from fourpillars.register.models import CaseShare
from fourpillars.services import audit
from fourpillars.services.access import case_facts
from fourpillars.services.notifications import write_notification
from fourpillars.services.plans.actions import owner_label

if TYPE_CHECKING:
    from fourpillars.register.models import Case

BATCH = 200


def reminder_policy() -> rules.ReminderPolicy:
    """The reminder policy in force (``FOURPILLARS_REMINDER_LEAD_DAYS``; local policy [U])."""
    days = int(settings.FOURPILLARS_REMINDER_LEAD_DAYS)
    default = rules.DEFAULT_REMINDER_POLICY
    if days == default.lead_days:
        return default
    return rules.ReminderPolicy(f"{default.version}; {days} days", lead_days=days)


@dataclass(frozen=True)
class ScanResult:
    actions: int  # actions reminded in this scan
    notifications: int  # notifications written (one per recipient)
    skipped: int  # actions another scan reminded first


def _delivered(kind: rules.ReminderKind) -> Exists:
    return Exists(
        ReminderDelivery.objects.filter(action=OuterRef("pk"), due=OuterRef("due"), kind=kind)
    )


def candidates(today: dt.date, policy: rules.ReminderPolicy) -> QuerySet[Action]:
    """Open actions of active plans due on or before the policy's window, not yet reminded
    for the kind their due date calls for (by id, so a scan can go on from where it was)."""
    overdue = Q(due__lt=today)
    already = (overdue & _delivered(rules.ReminderKind.OVERDUE)) | (
        ~overdue & _delivered(rules.ReminderKind.DUE_SOON)
    )
    return (
        Action.objects.filter(
            live=True,  # of the case's active plan
            due__isnull=False,
            due__lte=rules.window_end(today, policy),
        )
        .exclude(status__in=plan_rules.FINISHED_ACTION_STATUSES)
        .exclude(already)
        .order_by("pk")
    )


def _person(user: User) -> rules.Person:
    return rules.Person(user.pk, Role(user.role), user.agency_id, user.is_manager)


@dataclass
class _People:
    """Who may receive the reminders of one batch, read in three queries."""

    by_id: dict[int, User]
    by_agency: dict[int, list[User]]
    coordinators: dict[int, list[User]]  # by area
    shares: dict[int, list[CaseShare]]  # by case


def _people(actions: list[Action]) -> _People:
    agencies = {a.owner_agency_id for a in actions}
    areas = {a.plan.case.area_id for a in actions}
    by_id: dict[int, User] = {}
    by_agency: dict[int, list[User]] = defaultdict(list)
    coordinators: dict[int, list[User]] = defaultdict(list)
    found = User.objects.filter(is_active=True).filter(
        Q(agency_id__in=agencies) | Q(role=Role.COORDINATOR.value, agency__area_id__in=areas)
    )
    for user in found.order_by("pk"):
        by_id[user.pk] = user
        if user.agency_id in agencies:
            by_agency[user.agency_id].append(user)
        if user.role == Role.COORDINATOR and user.agency and user.agency.area_id in areas:
            coordinators[user.agency.area_id].append(user)
    for a in actions:
        owner = a.owner_user
        if owner is not None and owner.is_active:
            by_id.setdefault(owner.pk, owner)
    shares: dict[int, list[CaseShare]] = defaultdict(list)
    for share in CaseShare.objects.filter(case_id__in={a.plan.case_id for a in actions}):
        shares[share.case_id].append(share)
    return _People(by_id, by_agency, coordinators, shares)


def _ownership(action: Action, people: _People) -> rules.Ownership:
    owner = action.owner_user if action.owner_user and action.owner_user.is_active else None
    return rules.Ownership(
        owner=_person(owner) if owner else None,
        agency_people=tuple(_person(u) for u in people.by_agency.get(action.owner_agency_id, [])),
        coordinators=tuple(
            _person(u) for u in people.coordinators.get(action.plan.case.area_id, [])
        ),
    )


def _facts(action: Action) -> rules.ActionFacts:
    case = action.plan.case
    assert action.due is not None
    return rules.ActionFacts(
        ident=action.ident,
        text=action.text,
        pillar_label=plan_rules.Pillar.labels().get(action.pillar, action.pillar),
        due=action.due,
        person_name=case.person.display_name,
        case_reference=case.reference,
        owner_label=owner_label(action),
        agency_name=action.owner_agency.name,
    )


def _may_see(user: User, case: Case, shares: Iterable[CaseShare], now: dt.datetime) -> bool:
    """The one policy's ``can_view_case`` for a recipient (shares already read)."""
    return can_view_case(user.viewer, case_facts(case, shares=shares), now)


def deliver(action: Action, kind: rules.ReminderKind, people: _People, now: dt.datetime) -> int:
    """One action's reminder to each of its recipients, with the delivery records, e-mails
    and audit row, in one transaction; IntegrityError if another scan delivered it first."""
    case = action.plan.case
    facts = _facts(action)
    assert action.due is not None
    link = reverse("plan", args=[action.plan_id]) + f"#action-{action.ident}"
    shown_to: list[str] = []
    withheld_from: list[str] = []
    ids: list[int] = []
    with transaction.atomic():
        for user_id, reason in rules.recipients(kind, _ownership(action, people)):
            user = people.by_id[user_id]
            sees = _may_see(user, case, people.shares.get(case.pk, []), now)
            message = rules.reminder_message(kind, reason, facts, may_see_case=sees)
            mail = rules.email_message(kind, facts, may_see_case=sees)
            notification = write_notification(
                recipient=user,
                kind=rules.notification_kind(kind, reason),
                subject=message.subject,
                body=message.body,
                link=link if sees else "",
                case=case if sees else None,
                action=action if sees else None,
                email=(mail.subject, mail.body),
            )
            ReminderDelivery.objects.create(
                action=action,
                kind=kind.value,
                due=action.due,
                recipient=user,
                notification=notification,
            )
            (shown_to if sees else withheld_from).append(user.username)
            ids.append(notification.pk)
        audit.record(
            actor=None,
            operation=Operation.DISCLOSURE,
            action="send_reminder",
            target=audit.Target("action", str(action.pk), case.pk, case.person_id),
            recipients=shown_to + withheld_from,
            record_ids=ids,
            after={
                "kind": kind.value,
                "due": action.due.isoformat(),
                "plan": action.plan_id,
                "action": action.ident,
                "case_content_to": shown_to,
                "no_case_content_to": withheld_from,
            },
        )
    return len(ids)


Hook = Callable[[Action], None]


def scan_reminders(
    today: dt.date | None = None,
    *,
    batch: int = BATCH,
    before_each: Hook | None = None,
) -> ScanResult:
    """Remind every action whose due date calls for it today and has not been reminded;
    ``before_each`` (tests, the bench) is called before each action's transaction."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    policy = reminder_policy()
    reminded = written = skipped = 0
    last = 0
    while True:
        rows = list(
            candidates(today, policy)
            .filter(pk__gt=last)
            .select_related("plan__case__person", "owner_agency", "owner_user__agency")[:batch]
        )
        if not rows:
            return ScanResult(reminded, written, skipped)
        people = _people(rows)
        for action in rows:
            kind = rules.reminder_kind(action.due, today, policy)
            if kind is None:
                continue
            if before_each is not None:
                before_each(action)
            try:
                written += deliver(action, kind, people, now)
                reminded += 1
            except IntegrityError:
                skipped += 1  # another scan delivered this reminder first
        last = rows[-1].pk
