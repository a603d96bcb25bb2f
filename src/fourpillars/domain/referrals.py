"""Referral to level 2 or 3 management and its screening ([MAPPA-G-2012] MAPPA A; [MAPPA-G]
ch.7).

Any agency with access to a case refers it for active multi-agency management with the MAPPA
A content: why, the current risk, what cannot be managed at the current level, and the level
proposed. The area's co-ordinator screens it: accepted, the level is set through a recorded
level decision; declined, the reason goes back to the referrer. A referral asks for more
management, never less (stepping down is minuted at a meeting), so the proposed level is 2 or
3 and not below the case's level.

How long screening may take is local policy [M] (no published figure seen): a versioned,
configurable target in days or working days (England and Wales bank holidays excluded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import Collector, IllegalTransition
from .mappa import MappaLevel
from .text import LONG_TEXT_MAX, clean_text
from .vocabulary import Vocabulary


class ReferralStatus(Vocabulary):
    """Where a referral stands; it moves only through ``transition``."""

    OPEN = "open", "Waiting for screening"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Outcome(Vocabulary):
    """The screening decision."""

    ACCEPT = "accept", "Accept: manage at level 2 or 3"
    DECLINE = "decline", "Decline: the referrer is told why"


_MOVES = {
    (ReferralStatus.OPEN, Outcome.ACCEPT): ReferralStatus.ACCEPTED,
    (ReferralStatus.OPEN, Outcome.DECLINE): ReferralStatus.DECLINED,
}


def transition(current: str, outcome: Outcome) -> ReferralStatus:
    """[MAPPA-G] ch.7: a referral is screened once; an accepted or declined one stays so."""
    found = _MOVES.get((ReferralStatus(current), outcome))
    if found is None:
        raise IllegalTransition(
            f"This referral is {ReferralStatus(current).label.lower()}: it was screened already."
        )
    return found


# The MAPPA A sections this form holds, in order: (field, label).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("reason", "Reason for referral"),
    ("current_risk", "Current risk"),
    ("cannot_manage", "What cannot be managed at the current level"),
    ("proposed_level", "Level proposed"),
)
REFERRAL_LEVELS = (MappaLevel.ACTIVE_MULTI_AGENCY, MappaLevel.SENIOR_MULTI_AGENCY)


@dataclass(frozen=True)
class ReferralInput:
    """What the referrer writes (who, which agency and when come from the request)."""

    reason: str
    current_risk: str
    cannot_manage: str
    proposed_level: int


def _level(raw: object, field: str, errors: Collector) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int | str) or str(raw).strip() == "":
        errors.add(field, "must be 2 or 3")
        return None
    try:
        level = MappaLevel(int(str(raw).strip()))
    except ValueError:
        errors.add(field, "must be 2 or 3")
        return None
    if level not in REFERRAL_LEVELS:
        errors.add(field, "must be 2 or 3: a referral asks for multi-agency management")
        return None
    return int(level)


def clean_referral(data: Mapping[str, object], current_level: int) -> ReferralInput:
    """[MAPPA-G-2012] MAPPA A: each section written, level 2 or 3 proposed, not below the
    case's level (a referral never asks for less management)."""
    errors = Collector()
    texts = {
        name: clean_text(
            data.get(name), name, errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
        )
        for name in ("reason", "current_risk", "cannot_manage")
    }
    level = _level(data.get("proposed_level"), "proposed_level", errors)
    if level is not None and level < current_level:
        errors.add(
            "proposed_level",
            f"cannot be below the case's level ({current_level}): stepping down is decided at "
            "a meeting, not by referral",
        )
    errors.raise_if_any()
    assert level is not None
    return ReferralInput(texts["reason"], texts["current_risk"], texts["cannot_manage"], level)


@dataclass(frozen=True)
class Screening:
    """The co-ordinator's decision: accept at a level, or decline; with the reason."""

    outcome: Outcome
    level: int | None
    reason: str


def clean_screening(outcome: object, level: object, reason: object) -> Screening:
    """[MAPPA-G] ch.7: accepting sets level 2 or 3 with a reason; declining says why (the
    reason goes back to the referrer)."""
    errors = Collector()
    chosen: Outcome | None = None
    try:
        chosen = Outcome(str(outcome or ""))
    except ValueError:
        errors.add("outcome", "choose accept or decline")
    decided = _level(level, "level", errors) if chosen is Outcome.ACCEPT else None
    why = clean_text(
        reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    assert chosen is not None
    return Screening(chosen, decided, why)


# --- how long screening may take ---------------------------------------------------------


@dataclass(frozen=True)
class ScreeningTarget:
    """How many days (or working days) a referral may wait for screening. Local policy [M]:
    no published figure was seen, so each deployment sets it; ``version`` names the setting."""

    days: int
    working_days: bool
    version: str = "referral-screening-target [M], local policy"
    confirmed: bool = False

    def describe(self) -> str:
        unit = "working day" if self.working_days else "day"
        return f"{self.days} {unit}{'s' if self.days != 1 else ''}"


DEFAULT_TARGET = ScreeningTarget(days=10, working_days=True)


def add_days(start: dt.date, days: int, *, working: bool, holidays: Iterable[dt.date]) -> dt.date:
    """``start`` plus ``days`` days, or working days (Monday to Friday, not a bank holiday)."""
    if not working:
        return start + dt.timedelta(days=days)
    closed = set(holidays)
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            left -= 1
    return day


def days_between(
    start: dt.date, end: dt.date, *, working: bool, holidays: Iterable[dt.date]
) -> int:
    """Days (or working days) after ``start`` up to and including ``end``; 0 if not later."""
    if end <= start:
        return 0
    if not working:
        return (end - start).days
    closed = set(holidays)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            count += 1
    return count


@dataclass(frozen=True)
class Age:
    """How long a referral has waited, against the target: the age in the target's unit, the
    date screening is due, and whether it is overdue."""

    days: int
    due: dt.date
    overdue: bool
    target: ScreeningTarget

    def describe(self) -> str:
        unit = "working day" if self.target.working_days else "day"
        return f"{self.days} {unit}{'s' if self.days != 1 else ''}"


def referral_age(
    referred: dt.date, today: dt.date, target: ScreeningTarget, holidays: Iterable[dt.date] = ()
) -> Age:
    """Local policy [M]: a referral is overdue once today is after its due date, the target's
    days (or working days) after the day it was made."""
    closed = frozenset(holidays)
    due = add_days(referred, target.days, working=target.working_days, holidays=closed)
    age = days_between(referred, today, working=target.working_days, holidays=closed)
    return Age(age, due, today > due, target)
