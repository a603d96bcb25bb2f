"""Retention review of closed cases ([MOPI-2005]; [DPA-2018] s.39; decision 0030).

Police information is deleted when no longer needed for a policing purpose: no longer
necessary, adequate or up to date, or excessive for the risk [C]. Records are held at least
6 years [C]. Reviews concentrate on "certain public protection matters", and a review that
keeps a record is recorded [C]. The review groups and their periods ([M], versioned data):

- group 1, certain public protection matters (MAPPA-managed offenders among them): kept until
  the person is deemed 100 years old, reviewed every 10 years;
- group 2, other sexual, violent or serious offences: reviewed after a 10-year clear period;
- group 3, all other offences: reviewed after a 6-year clear period.

Every case on this register is MAPPA-managed, so group 1. The clock starts when the case is
closed (an open case is under MAPPA review already); a review either keeps the record until a
next review, or deletes its personal data, never before the minimum period has passed.
Whether the 2023 Code of Practice changed the groups' periods is unconfirmed [U]: the policy
is data, chosen and overridden by settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import Collector
from .persons import parse_date
from .text import LONG_TEXT_MAX, clean_text
from .vocabulary import Vocabulary


class ReviewGroup(Vocabulary):
    """The MoPI review groups ([MOPI-2005] APP retention, review and disposal [M])."""

    PUBLIC_PROTECTION = "group_1", "Group 1: certain public protection matters"
    SERIOUS = "group_2", "Group 2: other sexual, violent or serious offences"
    OTHER = "group_3", "Group 3: all other offences"


@dataclass(frozen=True)
class RetentionPolicy:
    """How long between reviews (group 1) or before the first (groups 2 and 3), the minimum
    time a closed case is kept, and the age until which group 1 is kept ([MOPI-2005] [M])."""

    version: str
    review_years: Mapping[ReviewGroup, int]
    minimum_years: int = 6
    deemed_age: int = 100
    confirmed: bool = False

    def years(self, group: ReviewGroup) -> int:
        return self.review_years[group]


MOPI_REVIEW = RetentionPolicy(
    "mopi-review-2026.1",
    {ReviewGroup.PUBLIC_PROTECTION: 10, ReviewGroup.SERIOUS: 10, ReviewGroup.OTHER: 6},
)
RETENTION_POLICIES = {MOPI_REVIEW.version: MOPI_REVIEW}
DEFAULT_RETENTION_POLICY = MOPI_REVIEW


def review_group(category: int) -> ReviewGroup:
    """[MOPI-2005] group 1 holds MAPPA-managed offenders: every MAPPA category (1 to 4)."""
    return ReviewGroup.PUBLIC_PROTECTION


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def first_review(
    closed_on: dt.date,
    group: ReviewGroup,
    policy: RetentionPolicy = DEFAULT_RETENTION_POLICY,
    date_of_birth: dt.date | None = None,
) -> dt.date:
    """When a case closed on ``closed_on`` is first reviewed: the group's period later, or
    (group 1) the day the person is deemed the policy's age, if that comes first."""
    due = add_years(closed_on, policy.years(group))
    if group is ReviewGroup.PUBLIC_PROTECTION and date_of_birth is not None:
        due = min(due, add_years(date_of_birth, policy.deemed_age))
    return due


def earliest_deletion(
    closed_on: dt.date, policy: RetentionPolicy = DEFAULT_RETENTION_POLICY
) -> dt.date:
    """[MOPI-2005]: records are held at least the minimum period [C] (after the case closed)."""
    return add_years(closed_on, policy.minimum_years)


class RetentionOutcome(Vocabulary):
    RETAIN = "retain", "Keep the record until a next review"
    DELETE = "delete", "Delete the personal data"


@dataclass(frozen=True)
class RetentionDecision:
    outcome: RetentionOutcome
    reason: str
    next_review: dt.date | None = None


@dataclass(frozen=True)
class ReviewFacts:
    """What a decision is checked against: the case's closure, its group and the day."""

    closed_on: dt.date
    group: ReviewGroup
    today: dt.date
    policy: RetentionPolicy = DEFAULT_RETENTION_POLICY


def clean_decision(
    outcome: object,
    reason: object,
    next_review: object,
    confirmed: object,
    facts: ReviewFacts,
) -> RetentionDecision:
    """[MOPI-2005]: a review keeps the record (recorded, with the next review inside the
    group's period) or deletes its personal data (confirmed, and not before the minimum
    period after closure); either way with the reason."""
    errors = Collector()
    chosen = next((o for o in RetentionOutcome if o.value == outcome), None)
    if chosen is None:
        errors.add("outcome", "choose whether to keep the record or delete it")
    why = clean_text(
        reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    next_day = None
    if chosen is RetentionOutcome.RETAIN:
        next_day = parse_date(next_review, "next_review", errors, required=True)
        latest = add_years(facts.today, facts.policy.years(facts.group))
        if next_day is not None and not facts.today < next_day <= latest:
            errors.add("next_review", f"must be after today and no later than {latest.isoformat()}")
    if chosen is RetentionOutcome.DELETE:
        earliest = earliest_deletion(facts.closed_on, facts.policy)
        if facts.today < earliest:
            errors.add(
                "outcome",
                f"a closed case is kept at least {facts.policy.minimum_years} years: it may be "
                f"deleted from {earliest.isoformat()}",
            )
        if confirmed not in (True, "true", "on", "yes"):
            errors.add("confirmed", "confirm that the personal data will be deleted for good")
    errors.raise_if_any()
    assert chosen is not None
    return RetentionDecision(chosen, why, next_day)
