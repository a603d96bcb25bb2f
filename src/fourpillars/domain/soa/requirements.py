"""Sexual Offences Act 2003 Part 2 notification requirements as records, and what is due when
([SOA-2003] ss.83-86; [SOA-2012-REGS] for travel and no fixed abode).

A person subject to the notification requirements (a category 1 case with its period:
``domain.notification``) notifies the police:

- **initially**, within 3 days of the relevant date (conviction, or release from custody or
  detention if later) (s.83) [C];
- **changes** within 3 days of the change: names, home address, another address stayed at,
  and the other particulars (s.84) [C];
- **periodically**, within one year of the last initial, change or periodic notification
  (s.85) [C: "at least annually"; the one-year clock restarting at a change notification is
  [M]];
- **weekly** while they have no sole or main residence (no fixed abode) [C, 2012 regulations];
- **foreign travel**: every trip since 2012 [C], with the departure and return dates, the
  destinations, the addresses abroad and how they travel; at least 7 days before departure,
  or 12 hours where the trip could not be foreseen [U for England and Wales].

The day counts are versioned rule data (``SoaRules``): a changed rule is a new version, and a
case's schedule says which version it was worked out under. Pure functions: ``schedule`` takes
the requirement and the notifications recorded and answers what is due, what was met, late
or missed, and the next date due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from ..dates import long_date
from ..vocabulary import Vocabulary


class Kind(Vocabulary):
    """The kinds of notification a person subject to Part 2 makes."""

    INITIAL = "initial", "Initial notification"
    ANNUAL = "annual", "Annual re-notification"
    CHANGE = "change", "Change of details"
    TRAVEL = "travel", "Foreign travel"
    WEEKLY = "weekly", "Weekly notification (no fixed abode)"


class Change(Vocabulary):
    """What a change notification is about (s.84)."""

    NAME = "name", "Name"
    HOME_ADDRESS = "home_address", "Home address"
    OTHER_ADDRESS = "other_address", "Another address stayed at"
    NO_FIXED_ABODE = "no_fixed_abode", "No fixed abode"
    HOUSEHOLD_CHILD = "household_child", "Living with a child"
    BANK_OR_PASSPORT = "bank_or_passport", "Bank account, card or passport"
    OTHER = "other", "Other particulars"


class Travel(Vocabulary):
    """How a person travels abroad (what the notification asks)."""

    AIR = "air", "By air"
    SEA = "sea", "By sea"
    RAIL = "rail", "By rail"
    ROAD = "road", "By road"
    OTHER = "other", "Other"


class Standing(Vocabulary):
    """Where one obligation stands."""

    MET = "met", "Notified in time"
    LATE = "late", "Notified late"
    DUE = "due", "Due"
    MISSED = "missed", "Missed"


@dataclass(frozen=True)
class SoaRules:
    """The day counts of Part 2, as versioned data. ``confirmed`` names the counts seen in a
    source; the others are placeholders a deployment may change ([U])."""

    version: str
    initial_days: int = 3
    change_days: int = 3
    periodic_months: int = 12
    weekly_days: int = 7
    travel_notice_days: int = 7
    travel_late_notice_hours: int = 12
    unconfirmed: tuple[str, ...] = ("travel_notice_days", "travel_late_notice_hours")


RULES_VERSION = "soa-2003-part2-2026.1"
SOA_RULES: dict[str, SoaRules] = {RULES_VERSION: SoaRules(RULES_VERSION)}
DEFAULT_RULES = SOA_RULES[RULES_VERSION]


@dataclass(frozen=True)
class Requirement:
    """The case's requirement as the rules see it: the relevant date (conviction), a release
    date if the person was in custody then, the end of the period (None: indefinite) and
    whether they have no fixed abode now."""

    conviction: dt.date
    release: dt.date | None = None
    ends: dt.date | None = None
    indefinite: bool = False
    no_fixed_abode: bool = False

    @property
    def relevant_date(self) -> dt.date:
        """s.83: the initial notification runs from the conviction, or from release if later."""
        if self.release is not None and self.release > self.conviction:
            return self.release
        return self.conviction

    def in_force_on(self, day: dt.date) -> bool:
        return day >= self.conviction and (self.indefinite or self.ends is None or day < self.ends)


@dataclass(frozen=True)
class Notified:
    """One notification recorded: its kind, the day it was made, and (for a change) the day
    the change happened, (for travel) the day of departure."""

    kind: Kind
    on: dt.date
    changed_on: dt.date | None = None
    departs: dt.date | None = None


@dataclass(frozen=True)
class Due:
    """One obligation: its kind, the last day to notify, when it was met and how it stands."""

    kind: Kind
    due: dt.date
    standing: Standing
    met_on: dt.date | None = None
    why: str = ""

    @property
    def open(self) -> bool:
        return self.standing in (Standing.DUE, Standing.MISSED)


@dataclass(frozen=True)
class Schedule:
    """What is due for a case: every obligation (met, late, due or missed, oldest first), the
    next date an open one falls due, and the rules version."""

    items: tuple[Due, ...]
    next_due: dt.date | None
    version: str
    in_force: bool = True
    unconfirmed: tuple[str, ...] = field(default_factory=tuple)

    @property
    def missed(self) -> tuple[Due, ...]:
        return tuple(d for d in self.items if d.standing is Standing.MISSED)

    @property
    def late(self) -> tuple[Due, ...]:
        return tuple(d for d in self.items if d.standing is Standing.LATE)


def _standing(due: dt.date, met_on: dt.date | None, today: dt.date) -> Standing:
    if met_on is not None:
        return Standing.MET if met_on <= due else Standing.LATE
    return Standing.MISSED if today > due else Standing.DUE


def _initial(req: Requirement, done: Sequence[Notified], today: dt.date, r: SoaRules) -> Due:
    """s.83: within 3 days of the relevant date (conviction, or release if later)."""
    due = req.relevant_date + dt.timedelta(days=r.initial_days)
    first = min((n.on for n in done if n.kind is Kind.INITIAL), default=None)
    why = f"within {r.initial_days} days of {long_date(req.relevant_date)}"
    return Due(Kind.INITIAL, due, _standing(due, first, today), first, why)


def _last(done: Iterable[Notified], kinds: frozenset[Kind]) -> dt.date | None:
    return max((n.on for n in done if n.kind in kinds), default=None)


CLOCK_KINDS = frozenset({Kind.INITIAL, Kind.CHANGE, Kind.ANNUAL})
WEEKLY_CLOCK_KINDS = frozenset({Kind.INITIAL, Kind.CHANGE, Kind.ANNUAL, Kind.WEEKLY})


def _periodic(req: Requirement, done: Sequence[Notified], today: dt.date, r: SoaRules) -> Due:
    """s.85: within one year of the last initial, change or periodic notification."""
    last = _last(done, CLOCK_KINDS)
    assert last is not None
    due = last + relativedelta(months=r.periodic_months)
    why = f"within {r.periodic_months} months of the last notification ({long_date(last)})"
    return Due(Kind.ANNUAL, due, _standing(due, None, today), None, why)


def _weekly(req: Requirement, done: Sequence[Notified], today: dt.date, r: SoaRules) -> Due:
    """[SOA-2012-REGS]: with no fixed abode, every 7 days from the last notification."""
    last = _last(done, WEEKLY_CLOCK_KINDS)
    assert last is not None
    due = last + dt.timedelta(days=r.weekly_days)
    why = f"no fixed abode: within {r.weekly_days} days of the last one ({long_date(last)})"
    return Due(Kind.WEEKLY, due, _standing(due, None, today), None, why)


def _history(done: Sequence[Notified], r: SoaRules, today: dt.date) -> list[Due]:
    """Changes (within 3 days of the change, s.84) and trips (the advance notice [U]) already
    notified: each met or late, never open."""
    out: list[Due] = []
    for n in done:
        if n.kind is Kind.CHANGE and n.changed_on is not None:
            due = n.changed_on + dt.timedelta(days=r.change_days)
            why = f"within {r.change_days} days of the change ({long_date(n.changed_on)})"
            out.append(Due(Kind.CHANGE, due, _standing(due, n.on, today), n.on, why))
        elif n.kind is Kind.TRAVEL and n.departs is not None:
            due = n.departs - dt.timedelta(days=r.travel_notice_days)
            why = (
                f"at least {r.travel_notice_days} days before departure "
                f"({long_date(n.departs)}) [unconfirmed]"
            )
            out.append(Due(Kind.TRAVEL, due, _standing(due, n.on, today), n.on, why))
        elif n.kind in (Kind.ANNUAL, Kind.WEEKLY):
            out.append(Due(n.kind, n.on, Standing.MET, n.on, "notified"))
    return out


def schedule(
    req: Requirement, done: Sequence[Notified], today: dt.date, rules: SoaRules = DEFAULT_RULES
) -> Schedule:
    """[SOA-2003] ss.83-86: every obligation of the requirement and how it stands on
    ``today``. Until the initial notification is made, it is the only open obligation; after
    it, the periodic one (and the weekly one with no fixed abode). Once the period has ended
    nothing more falls due."""
    in_force = req.in_force_on(today)
    done = sorted(done, key=lambda n: n.on)
    items = [_initial(req, done, today, rules), *_history(done, rules, today)]
    if in_force and items[0].met_on is not None:
        items.append(_periodic(req, done, today, rules))
        if req.no_fixed_abode:
            items.append(_weekly(req, done, today, rules))
    if not in_force:
        items = [d for d in items if not d.open]  # nothing falls due once the period ended
    items.sort(key=lambda d: d.due)
    next_due = min((d.due for d in items if d.open), default=None)
    return Schedule(tuple(items), next_due, rules.version, in_force, rules.unconfirmed)


def travel_notice_standing(
    notified: dt.datetime, departs: dt.datetime, rules: SoaRules = DEFAULT_RULES
) -> Standing:
    """Foreign travel: at least 7 days before departure, else late; less than 12 hours before
    departure is missed (the late-notice floor) [U for England and Wales]."""
    if departs - notified >= dt.timedelta(days=rules.travel_notice_days):
        return Standing.MET
    if departs - notified >= dt.timedelta(hours=rules.travel_late_notice_hours):
        return Standing.LATE
    return Standing.MISSED
