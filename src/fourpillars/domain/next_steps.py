"""What a case needs next: the list the case summary opens with, each step naming where it
is done, so the officer sees the gaps before the detail.

The steps come from rules kept elsewhere: a RoSH assessment in force and countersigned
([ROSH-2020]), a plan that answers it ([KEMSHALL-4P]), the next MAPPA review and the level
statement ([MAPPA-G] ch.7, ch.13a), the plan's actions and the notification period
([SOA-2003] s.82). How near a date must be to count as "soon" is local policy, unconfirmed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

REVIEW_DUE_DAYS = 14  # local policy, unconfirmed: a review due within two weeks is flagged
NOTIFICATION_ENDING_DAYS = 90  # local policy, unconfirmed: time to plan the end of notification


class Step(StrEnum):
    """A kind of next step; each is done in one part of the case page (its ``where``)."""

    NO_ASSESSMENT = "no_assessment"
    AWAITING_COUNTERSIGNATURE = "awaiting_countersignature"
    NO_PLAN = "no_plan"
    PLAN_DRAFT = "plan_draft"
    REVIEW_OVERDUE = "review_overdue"
    REVIEW_DUE = "review_due"
    LEVEL_STATEMENT = "level_statement"
    ACTIONS_OVERDUE = "actions_overdue"
    NOTIFICATION_ENDING = "notification_ending"


WHERE = {
    Step.NO_ASSESSMENT: "risk",
    Step.AWAITING_COUNTERSIGNATURE: "assessment",
    Step.NO_PLAN: "plan",
    Step.PLAN_DRAFT: "plan",
    Step.REVIEW_OVERDUE: "case_details",
    Step.REVIEW_DUE: "case_details",
    Step.LEVEL_STATEMENT: "risk",
    Step.ACTIONS_OVERDUE: "plan",
    Step.NOTIFICATION_ENDING: "case_details",
}


@dataclass(frozen=True)
class CaseState:
    """What the case summary knows about a case, as plain values."""

    today: dt.date
    assessment_in_force: bool
    awaiting_countersignature: tuple[int, ...] = ()  # ids of submitted assessments
    assessment_draft: bool = False
    plan_active: bool = False
    plan_draft: bool = False
    next_review: dt.date | None = None
    level_action: str = ""  # the level statement's sentence, when it asks for action
    overdue_actions: int = 0
    notification_end: dt.date | None = None
    # How near its end a notification period is flagged: the deployment's setting, the same
    # one the caseload's "Notification ending" tag reads.
    notification_days: int = NOTIFICATION_ENDING_DAYS


@dataclass(frozen=True)
class NextStep:
    """One thing to do, in plain words; ``record`` is the assessment it is done on, if any."""

    step: Step
    text: str
    record: int | None = None

    @property
    def where(self) -> str:
        return WHERE[self.step]


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _risk_steps(s: CaseState) -> list[NextStep]:
    steps = []
    if not s.assessment_in_force:
        text = "No RoSH assessment is in force"
        text += ": continue the draft." if s.assessment_draft else ": start one."
        steps.append(NextStep(Step.NO_ASSESSMENT, text))
    for pk in s.awaiting_countersignature:
        steps.append(
            NextStep(
                Step.AWAITING_COUNTERSIGNATURE,
                "An assessment is awaiting countersignature by a manager.",
                pk,
            )
        )
    if s.level_action:
        steps.append(NextStep(Step.LEVEL_STATEMENT, s.level_action))
    return steps


def _plan_steps(s: CaseState) -> list[NextStep]:
    steps = []
    if s.plan_draft:
        steps.append(
            NextStep(Step.PLAN_DRAFT, "A draft plan is waiting to be finished and approved.")
        )
    elif not s.plan_active:
        steps.append(NextStep(Step.NO_PLAN, "No risk management plan is approved for this case."))
    if s.overdue_actions:
        text = f"{_plural(s.overdue_actions, 'action')} on the plan overdue."
        steps.append(NextStep(Step.ACTIONS_OVERDUE, text))
    return steps


def _date_steps(s: CaseState) -> list[NextStep]:
    steps = []
    if s.next_review is not None:
        days = (s.next_review - s.today).days
        if days < 0:
            text = f"The MAPPA review was due on {_day(s.next_review)} and is overdue."
            steps.append(NextStep(Step.REVIEW_OVERDUE, text))
        elif days <= REVIEW_DUE_DAYS:
            text = f"The next MAPPA review is due on {_day(s.next_review)}."
            steps.append(NextStep(Step.REVIEW_DUE, text))
    end = s.notification_end
    if end is not None and 0 <= (end - s.today).days <= s.notification_days:
        text = f"The notification period ends on {_day(end)}."
        steps.append(NextStep(Step.NOTIFICATION_ENDING, text))
    return steps


def next_steps(state: CaseState) -> list[NextStep]:
    """What needs doing next, risk first, then the plan, then the dates coming up."""
    return [*_risk_steps(state), *_plan_steps(state), *_date_steps(state)]
