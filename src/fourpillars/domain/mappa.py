"""MAPPA categories, levels, statuses and review intervals ([MAPPA-G] ch.7, ch.13a; [CJA-2003]
ss.325-327B).

Review intervals are unconfirmed ([MAPPA-G] ch.13a [M]/[U]) so they are versioned data that an
area can override, never constants buried in code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from .errors import Collector, DomainValidationError, IllegalTransition
from .vocabulary import Vocabulary


class MappaCategory(IntEnum):
    """MAPPA categories 1-4 ([MAPPA-G]); 4 is provisional ([PCSCA-2022] [U]), see CATEGORY_INFO."""

    REGISTERED_SEXUAL_OFFENDER = 1
    VIOLENT_OR_OTHER_SEXUAL = 2
    OTHER_DANGEROUS = 3
    TERRORIST = 4


@dataclass(frozen=True)
class CategoryInfo:
    label: str
    confirmed: bool
    note: str


CATEGORY_INFO: dict[MappaCategory, CategoryInfo] = {
    MappaCategory.REGISTERED_SEXUAL_OFFENDER: CategoryInfo(
        "Category 1: registered sexual offender",
        True,
        "Subject to notification under Part 2 Sexual Offences Act 2003.",
    ),
    MappaCategory.VIOLENT_OR_OTHER_SEXUAL: CategoryInfo(
        "Category 2: violent and other sexual offender",
        True,
        "Specified violent offence with 12 months' custody or more, or a hospital order.",
    ),
    MappaCategory.OTHER_DANGEROUS: CategoryInfo(
        "Category 3: other dangerous offender",
        True,
        "Needs active multi-agency management (level 2 or 3 only).",
    ),
    MappaCategory.TERRORIST: CategoryInfo(
        "Category 4: terrorist or terrorism-connected offender (unconfirmed)",
        False,
        "Unconfirmed: no public source seen uses the label 'category 4' (PCSC Act 2022 "
        "changes). Kept as a provisional, configurable category.",
    ),
}


class MappaLevel(IntEnum):
    """Management levels ([MAPPA-G] ch.7)."""

    ORDINARY = 1
    ACTIVE_MULTI_AGENCY = 2
    SENIOR_MULTI_AGENCY = 3


LEVEL_LABELS: dict[MappaLevel, str] = {
    MappaLevel.ORDINARY: "Level 1: ordinary agency management",
    MappaLevel.ACTIVE_MULTI_AGENCY: "Level 2: active multi-agency management",
    MappaLevel.SENIOR_MULTI_AGENCY: "Level 3: active multi-agency management, senior level",
}


class CaseStatus(Vocabulary):
    """Lifecycle of a managed case; moves only through ``transition_status``."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"  # e.g. in custody, recalled, missing
    CLOSED = "closed", "Closed"


_ALLOWED_STATUS_MOVES: dict[CaseStatus, set[CaseStatus]] = {
    CaseStatus.ACTIVE: {CaseStatus.SUSPENDED, CaseStatus.CLOSED},
    CaseStatus.SUSPENDED: {CaseStatus.ACTIVE, CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.ACTIVE},  # re-opened by a recorded decision
}


def transition_status(current: CaseStatus, new: CaseStatus) -> CaseStatus:
    """[MAPPA-G] process, exit: leaving and re-entering MAPPA are explicit, named moves."""
    if new == current:
        return current
    if new not in _ALLOWED_STATUS_MOVES[current]:
        raise IllegalTransition(f"A case cannot move from {current.value} to {new.value}.")
    return new


@dataclass(frozen=True)
class ReviewPolicy:
    """Maximum weeks between reviews per level; version names the source and its confidence.

    Level 2 at most 16 weeks and level 3 at most 8 weeks are [M] ([MAPPA-G] ch.13a, not re-read):
    MAPPA meeting review intervals, a limit. Level 1 is reviewed under the lead agency's own
    procedure; its figure is a configurable default (a 2010 inspection quotes level 1 plans
    reviewed every 4 months, about 17 weeks [U]), never a limit.
    """

    version: str
    weeks: dict[int, int]
    confirmed: bool = False

    def max_weeks(self, level: MappaLevel) -> int:
        return self.weeks[int(level)]

    @staticmethod
    def is_limit(level: MappaLevel) -> bool:
        """Whether the level's interval is a MAPPA limit (2, 3) or only a default (1)."""
        return level != MappaLevel.ORDINARY


DEFAULT_REVIEW_POLICY = ReviewPolicy(
    version="mappa-review-2026.1 [M/U]", weeks={1: 17, 2: 16, 3: 8}, confirmed=False
)


def validate_category_level(category: int, level: int) -> tuple[MappaCategory, MappaLevel]:
    """[MAPPA-G] [M], stated in [MAPPA-SCOT]: category 3 cases are managed only at level 2 or 3."""
    errors = Collector()
    cat: MappaCategory | None = None
    lvl: MappaLevel | None = None
    try:
        cat = MappaCategory(int(category))
    except (TypeError, ValueError):
        errors.add("category", f"must be 1, 2, 3 or 4 (got {category!r})")
    try:
        lvl = MappaLevel(int(level))
    except (TypeError, ValueError):
        errors.add("level", f"must be 1, 2 or 3 (got {level!r})")
    if cat is MappaCategory.OTHER_DANGEROUS and lvl is MappaLevel.ORDINARY:
        errors.add("level", "a category 3 case is managed only at level 2 or 3, never at level 1")
    errors.raise_if_any()
    assert cat is not None and lvl is not None
    return cat, lvl


def latest_review_date(from_date: dt.date, level: MappaLevel, policy: ReviewPolicy) -> dt.date:
    """[MAPPA-G] ch.13a [M]/[U]: the next review falls within the level's interval."""
    return from_date + dt.timedelta(weeks=policy.max_weeks(level))


def next_review_date(
    from_date: dt.date, level: MappaLevel, policy: ReviewPolicy, requested: dt.date | None = None
) -> dt.date:
    """Derive the next review date, or check a requested one is not after the latest allowed.

    Level 1 cases are reviewed under the lead agency's own procedure ([MAPPA-G] ch.7): their
    interval is only a default, so a requested date after it is accepted (the plan checker
    warns, ``LEVEL1_REVIEW_AFTER_DEFAULT``). Levels 2 and 3 follow the MAPPA meeting review
    intervals, and a later date is refused.
    """
    latest = latest_review_date(from_date, level, policy)
    if requested is None:
        return latest
    if requested < from_date:
        raise DomainValidationError.single(
            "next_review_date", f"cannot be before {from_date.isoformat()}"
        )
    if requested > latest and level != MappaLevel.ORDINARY:
        raise DomainValidationError.single(
            "next_review_date",
            f"must be on or before {latest.isoformat()}: level {int(level)} cases are reviewed "
            f"at least every {policy.max_weeks(level)} weeks ({policy.version})",
        )
    return requested
