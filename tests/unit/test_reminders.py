"""The reminder rules (domain/reminders.py): when an action is reminded, who is told and why,
what a reminder says to someone who may and may not see the case, and how "my actions"
groups an action."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.agencies import Role
from fourpillars.domain.reminders import (
    DEFAULT_REMINDER_POLICY,
    ActionFacts,
    ActionGroup,
    NotificationKind,
    Ownership,
    Person,
    Reason,
    ReminderKind,
    ReminderPolicy,
    action_group,
    email_message,
    notification_kind,
    recipients,
    reminder_kind,
    reminder_message,
    window_end,
)

TODAY = dt.date(2026, 12, 2)
WEEK = ReminderPolicy("test", lead_days=7)


@pytest.mark.parametrize(
    ("days", "kind"),
    [
        (None, None),
        (8, None),
        (7, ReminderKind.DUE_SOON),
        (0, ReminderKind.DUE_SOON),
        (-1, ReminderKind.OVERDUE),
        (-400, ReminderKind.OVERDUE),
    ],
)
def test_an_action_is_due_soon_within_the_lead_time_and_overdue_the_day_after(
    days: int | None, kind: ReminderKind | None
) -> None:
    due = None if days is None else TODAY + dt.timedelta(days=days)
    assert reminder_kind(due, TODAY, WEEK) == kind


def test_the_window_ends_lead_days_ahead_and_the_policy_refuses_a_negative_lead() -> None:
    assert window_end(TODAY, WEEK) == dt.date(2026, 12, 9)
    assert DEFAULT_REMINDER_POLICY.lead_days == 7 and not DEFAULT_REMINDER_POLICY.confirmed
    with pytest.raises(ValueError, match="lead_days"):
        ReminderPolicy("bad", lead_days=-1)


OFFICER = Person(1, Role.POLICE_OFFENDER_MANAGER, 10)
COLLEAGUE = Person(2, Role.POLICE_OFFENDER_MANAGER, 10)
MANAGER = Person(3, Role.POLICE_OFFENDER_MANAGER, 10, is_manager=True)
AUDITOR = Person(4, Role.AUDITOR, 10)
COORDINATOR = Person(5, Role.COORDINATOR, 20)
AGENCY = (OFFICER, COLLEAGUE, MANAGER, AUDITOR)


def test_due_soon_goes_to_the_named_owner_only() -> None:
    who = Ownership(owner=COLLEAGUE, agency_people=AGENCY, coordinators=(COORDINATOR,))
    assert recipients(ReminderKind.DUE_SOON, who) == [(2, Reason.OWNER)]


def test_due_soon_without_a_named_owner_goes_to_the_agencys_officers_never_its_auditors() -> None:
    who = Ownership(owner=None, agency_people=AGENCY, coordinators=(COORDINATOR,))
    assert recipients(ReminderKind.DUE_SOON, who) == [
        (1, Reason.OWNER_AGENCY),
        (2, Reason.OWNER_AGENCY),
        (3, Reason.OWNER_AGENCY),
    ]


def test_overdue_escalates_to_the_line_managers_and_the_coordinators_each_told_once() -> None:
    named = Ownership(owner=OFFICER, agency_people=AGENCY, coordinators=(COORDINATOR,))
    assert recipients(ReminderKind.OVERDUE, named) == [
        (1, Reason.OWNER),
        (3, Reason.LINE_MANAGER),
        (5, Reason.COORDINATOR),
    ]
    unnamed = Ownership(owner=None, agency_people=AGENCY, coordinators=(COORDINATOR,))
    assert recipients(ReminderKind.OVERDUE, unnamed) == [
        (1, Reason.OWNER_AGENCY),
        (2, Reason.OWNER_AGENCY),
        (3, Reason.LINE_MANAGER),
        (5, Reason.COORDINATOR),
    ]
    manager_owns = Ownership(owner=MANAGER, agency_people=AGENCY, coordinators=())
    assert recipients(ReminderKind.OVERDUE, manager_owns) == [(3, Reason.OWNER)]


def test_the_notification_kind_says_whether_it_is_an_escalation() -> None:
    assert (
        notification_kind(ReminderKind.DUE_SOON, Reason.OWNER) is NotificationKind.ACTION_DUE_SOON
    )
    assert notification_kind(ReminderKind.OVERDUE, Reason.OWNER) is NotificationKind.ACTION_OVERDUE
    for reason in (Reason.LINE_MANAGER, Reason.COORDINATOR):
        assert notification_kind(ReminderKind.OVERDUE, reason) is NotificationKind.ACTION_ESCALATED


FACTS = ActionFacts(
    ident="a4",
    text="Brief the head teacher on the exclusion zone",
    pillar_label="Victim safety planning",
    due=dt.date(2026, 11, 30),
    person_name="Jan Kowalski",
    case_reference="FP-A-000001",
    owner_label="PS Omar Reid, Northshire Police",
    agency_name="Northshire Police",
)


def test_a_reminder_names_the_person_action_date_and_owner_in_plain_words() -> None:
    m = reminder_message(ReminderKind.OVERDUE, Reason.LINE_MANAGER, FACTS, may_see_case=True)
    assert m.subject == "Overdue action for Jan Kowalski (case FP-A-000001)"
    assert m.body == (
        "Action a4 (victim safety planning) of the risk management plan for Jan Kowalski (case "
        "FP-A-000001) was due on 30 November 2026 and has not been done: Brief the head "
        "teacher on the exclusion zone. Owner: PS Omar Reid, Northshire Police. You are told "
        "as a line manager in the agency that owns it."
    )
    soon = reminder_message(ReminderKind.DUE_SOON, Reason.OWNER, FACTS, may_see_case=True)
    assert soon.subject == "Action due on 30 November 2026 for Jan Kowalski (case FP-A-000001)"
    assert soon.reveals_case


def test_someone_who_may_not_see_the_case_learns_nothing_about_it() -> None:
    m = reminder_message(ReminderKind.DUE_SOON, Reason.OWNER_AGENCY, FACTS, may_see_case=False)
    text = m.subject + m.body
    for secret in ("Kowalski", "FP-A-000001", "head teacher", "Omar", "a4"):
        assert secret not in text
    assert "Northshire Police" in text and "30 November 2026" in text
    assert not m.reveals_case


def test_the_email_carries_no_personal_data() -> None:
    m = email_message(ReminderKind.OVERDUE, FACTS, may_see_case=True)
    assert m.subject == "Action a4 on case FP-A-000001 is overdue"
    assert "Kowalski" not in m.subject + m.body and "head teacher" not in m.body
    hidden = email_message(ReminderKind.OVERDUE, FACTS, may_see_case=False)
    assert "FP-A-000001" not in hidden.subject + hidden.body


@pytest.mark.parametrize(
    ("days", "finished", "group"),
    [
        (-1, False, ActionGroup.OVERDUE),
        (0, False, ActionGroup.DUE_SOON),
        (14, False, ActionGroup.DUE_SOON),
        (15, False, ActionGroup.LATER),
        (None, False, ActionGroup.LATER),
        (-30, True, ActionGroup.DONE),
        (None, True, ActionGroup.DONE),
    ],
)
def test_my_actions_groups_by_due_date_and_done(
    days: int | None, finished: bool, group: ActionGroup
) -> None:
    due = None if days is None else TODAY + dt.timedelta(days=days)
    assert action_group(due, finished, TODAY) is group
