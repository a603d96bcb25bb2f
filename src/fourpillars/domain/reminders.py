"""Reminders of plan actions: when one is due, who receives it, and what it says
([MAPPA-G] 1.5 step 7: actions are tracked to completion; each action has an owner and a date).

Plain rules, no storage: the reminder scan (``services/reminders``) reads the facts, asks these
functions, and records what they answer exactly once. The lead time before a due date is local
policy, not national guidance, so it is versioned, configurable data ([U]).

- An open action (neither done nor not done) of the active plan is **due soon** from ``lead_days``
  before its due date up to that date, and **overdue** from the day after.
- A due-soon reminder goes to the action's named owner; without one, to the owner agency's
  officers (anyone of the agency with a caseload: never its auditors or administrators).
- An overdue action goes to the same people again and is **escalated** to the line managers of
  the owner's agency and the MAPPA co-ordinators of the case's area.
- A recipient who may not see the case (an expired share, for example) is told that an action
  of their agency needs attention and nothing about the case: no name, no action text, no link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .agencies import Role
from .dates import long_date
from .vocabulary import Vocabulary


class ReminderKind(Vocabulary):
    """Which reminder of an action: one of each per due date and recipient, ever."""

    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class NotificationKind(Vocabulary):
    """What an in-app notification is about."""

    ACTION_DUE_SOON = "action_due_soon", "Action due soon"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    ACTION_ESCALATED = "action_escalated", "Overdue action escalated"
    MEETING_INVITATION = "meeting_invitation", "Invitation to a MAPPA meeting"
    MINUTES_CIRCULATED = "minutes_circulated", "MAPPA meeting minutes circulated"
    REFERRAL_RECEIVED = "referral_received", "Referral to screen"
    REFERRAL_DECIDED = "referral_decided", "Referral screened"
    TRANSFER_REQUESTED = "transfer_requested", "Transfer to decide"
    TRANSFER_DECIDED = "transfer_decided", "Transfer decided"
    POSSIBLE_DUPLICATE = "possible_duplicate", "Possible duplicate to check"
    ABROAD_TO_DECIDE = "abroad_to_decide", "Information for another state to decide"
    ABROAD_ANSWERED = "abroad_answered", "Answer from another state"
    RECEIVED_FROM_ABROAD = "received_from_abroad", "Information received from another country"
    RESCREEN_NEEDED = "rescreen_needed", "RoSH re-screening needed"
    EMERGENCY_ACCESS = "emergency_access", "Emergency access to a case"


# What following a notification's link opens, in the words of its button: an invitation
# opens the meeting and circulated minutes the minutes, never "the action".
OPENS: dict[NotificationKind, str] = {
    NotificationKind.ACTION_DUE_SOON: "Open the action",
    NotificationKind.ACTION_OVERDUE: "Open the action",
    NotificationKind.ACTION_ESCALATED: "Open the action",
    NotificationKind.MEETING_INVITATION: "Open the meeting",
    NotificationKind.MINUTES_CIRCULATED: "Read the minutes",
    NotificationKind.REFERRAL_RECEIVED: "Open the referral",
    NotificationKind.REFERRAL_DECIDED: "Open the referral",
    NotificationKind.TRANSFER_REQUESTED: "Open the transfer",
    NotificationKind.TRANSFER_DECIDED: "Open the transfer",
    NotificationKind.POSSIBLE_DUPLICATE: "Check the possible duplicate",
    NotificationKind.ABROAD_TO_DECIDE: "Open it to decide",
    NotificationKind.ABROAD_ANSWERED: "Open the answer",
    NotificationKind.RECEIVED_FROM_ABROAD: "Open what was received",
    NotificationKind.RESCREEN_NEEDED: "Open the case",
    NotificationKind.EMERGENCY_ACCESS: "Open the case",
}


def opens(kind: str) -> str:
    """The button's words for a notification of ``kind`` ("Open" for a kind no longer known)."""
    try:
        return OPENS[NotificationKind(kind)]
    except ValueError:
        return "Open"


class Reason(StrEnum):
    """Why a person receives a reminder (said in the message)."""

    OWNER = "owner"  # the action's named owner
    OWNER_AGENCY = "owner_agency"  # an officer of the owner agency (no named owner)
    LINE_MANAGER = "line_manager"  # a line manager of the owner's agency (escalation)
    COORDINATOR = "coordinator"  # a MAPPA co-ordinator of the case's area (escalation)


REASON_WORDS = {
    Reason.OWNER: "You own this action.",
    Reason.OWNER_AGENCY: "Your agency owns this action and no one is named as its owner.",
    Reason.LINE_MANAGER: "You are told as a line manager in the agency that owns it.",
    Reason.COORDINATOR: "You are told as a MAPPA co-ordinator of the case's area.",
}


@dataclass(frozen=True)
class ReminderPolicy:
    """How many days before its due date an action is reminded of (local policy [U])."""

    version: str
    lead_days: int
    confirmed: bool = False

    def __post_init__(self) -> None:
        if self.lead_days < 0:
            raise ValueError("lead_days must be 0 or more")


DEFAULT_REMINDER_POLICY = ReminderPolicy("action-reminders-2026.1", lead_days=7)


def reminder_kind(
    due: dt.date | None, today: dt.date, policy: ReminderPolicy
) -> ReminderKind | None:
    """[MAPPA-G] 1.5 step 7: the reminder an open action with this due date calls for today."""
    if due is None:
        return None
    if due < today:
        return ReminderKind.OVERDUE
    if due <= today + dt.timedelta(days=policy.lead_days):
        return ReminderKind.DUE_SOON
    return None


def window_end(today: dt.date, policy: ReminderPolicy) -> dt.date:
    """The latest due date that calls for a reminder today (the scan reads up to it)."""
    return today + dt.timedelta(days=policy.lead_days)


@dataclass(frozen=True)
class Person:
    """Someone who might receive a reminder: id, role, agency and line-manager flag."""

    user_id: int
    role: Role
    agency_id: int | None
    is_manager: bool = False


# Roles with no caseload: they never receive an agency's reminders ([MAPPA-G] ch.9).
NO_CASELOAD = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Ownership:
    """An action's owner as the rule sees it, and the people around it."""

    owner: Person | None  # the named owner (an active user), if any
    agency_people: tuple[Person, ...]  # active users of the owner agency
    coordinators: tuple[Person, ...]  # active MAPPA co-ordinators of the case's area


def recipients(kind: ReminderKind, who: Ownership) -> list[tuple[int, Reason]]:
    """Who receives a reminder of ``kind`` and why, each person once (first reason wins)."""
    chosen: dict[int, Reason] = {}

    def add(people: Iterable[Person], reason: Reason) -> None:
        for p in people:
            chosen.setdefault(p.user_id, reason)

    overdue = kind is ReminderKind.OVERDUE
    if who.owner is not None:
        add([who.owner], Reason.OWNER)
    if overdue:  # escalated: the managers are told as managers, even when officers too
        add([p for p in who.agency_people if p.is_manager], Reason.LINE_MANAGER)
    if who.owner is None:
        add([p for p in who.agency_people if p.role not in NO_CASELOAD], Reason.OWNER_AGENCY)
    if overdue:
        add(who.coordinators, Reason.COORDINATOR)
    return sorted(chosen.items())


def notification_kind(kind: ReminderKind, reason: Reason) -> NotificationKind:
    if kind is ReminderKind.DUE_SOON:
        return NotificationKind.ACTION_DUE_SOON
    if reason in (Reason.LINE_MANAGER, Reason.COORDINATOR):
        return NotificationKind.ACTION_ESCALATED
    return NotificationKind.ACTION_OVERDUE


@dataclass(frozen=True)
class ActionFacts:
    """What a reminder may say about an action, when its recipient may see the case."""

    ident: str
    text: str
    pillar_label: str
    due: dt.date
    person_name: str
    case_reference: str
    owner_label: str  # the named owner, or the owner agency
    agency_name: str  # the owner agency


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    reveals_case: bool


TEXT_SHOWN = 300


def reminder_message(
    kind: ReminderKind, reason: Reason, action: ActionFacts, *, may_see_case: bool
) -> Message:
    """The reminder in plain words; without the case's content for someone who may not see
    it ([MAPPA-G] ch.9 need to know)."""
    due = long_date(action.due)
    why = REASON_WORDS[reason]
    if not may_see_case:
        when = f"was due on {due}" if kind is ReminderKind.OVERDUE else f"is due on {due}"
        state = "overdue" if kind is ReminderKind.OVERDUE else "due soon"
        return Message(
            f"An action of {action.agency_name} is {state}",
            f"An action owned by {action.agency_name} {when}. You cannot see the case it "
            f"belongs to, so it is not described here: ask your agency's case manager or the "
            f"MAPPA co-ordinator. {why}",
            reveals_case=False,
        )
    text = action.text if len(action.text) <= TEXT_SHOWN else action.text[: TEXT_SHOWN - 1] + "…"
    text = text if text.endswith((".", "!", "?", "…")) else text + "."
    who = f"{action.person_name} (case {action.case_reference})"
    if kind is ReminderKind.OVERDUE:
        subject = f"Overdue action for {who}"
        when = f"was due on {due} and has not been done"
    else:
        subject = f"Action due on {due} for {who}"
        when = f"is due on {due}"
    body = (
        f"Action {action.ident} ({action.pillar_label.lower()}) of the risk management plan "
        f"for {who} {when}: {text} Owner: {action.owner_label}. {why}"
    )
    return Message(subject, body, reveals_case=True)


def email_message(kind: ReminderKind, action: ActionFacts, *, may_see_case: bool) -> Message:
    """The e-mail beside a reminder: no personal data leaves by e-mail (data minimisation,
    [DPA-2018] s.37): the case reference, the action and its date only, and where to read the
    rest (signed in). Without even the reference for someone who may not see the case."""
    due = long_date(action.due)
    state = "overdue" if kind is ReminderKind.OVERDUE else "due soon"
    if not may_see_case:
        return Message(
            f"An action of {action.agency_name} is {state}",
            f"An action owned by {action.agency_name} is {state} (due on {due}). "
            "Sign in to Four Pillars to see your notifications.",
            reveals_case=False,
        )
    return Message(
        f"Action {action.ident} on case {action.case_reference} is {state}",
        f"Action {action.ident} on case {action.case_reference} is {state}: it "
        f"{'was' if kind is ReminderKind.OVERDUE else 'is'} due on {due}. Sign in to Four "
        "Pillars to read it.",
        reveals_case=False,
    )


class ActionGroup(Vocabulary):
    """How "my actions" groups an action: by when it is due, or done."""

    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    LATER = "later", "Due later or ongoing"
    DONE = "done", "Done"


# "Due soon" in the list of actions (and the caseload's figure): within two weeks. The
# reminder's own lead time is the policy's ``lead_days``. Local policy [U].
LIST_SOON_DAYS = 14


def action_group(
    due: dt.date | None, finished: bool, today: dt.date, soon_days: int = LIST_SOON_DAYS
) -> ActionGroup:
    """Where "my actions" lists an action: done (or not done), overdue, due soon, or later."""
    if finished:
        return ActionGroup.DONE
    if due is None:
        return ActionGroup.LATER
    if due < today:
        return ActionGroup.OVERDUE
    if due <= today + dt.timedelta(days=soon_days):
        return ActionGroup.DUE_SOON
    return ActionGroup.LATER
