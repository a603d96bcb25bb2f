"""Reply deadlines, counted in the receiving state's working days.

A working day is a day that is neither a weekend day nor a public holiday of the state that
must answer, as the ``holidays`` package knows them (observed substitutes included; states
that move a working day to a Saturday, as Latvia does, count that Saturday). England and Wales
is ``GB`` with subdivision ``ENG``; a subdivision can be named as ``ES-CT``.

The deadlines themselves are data (``data/deadlines.json``), each with its confidence tag and
source key: 10 working days for criminal proceedings and other purposes, 20 for a person's own
request ([FD-2009-315] Art.8 [C]); 10 after the information asked for to identify the person
arrives ([M]); work with children ([DIR-2011-93] Art.10(3)) [U]; supervision transfer decided
within 60 calendar days ([FD-2008-947] Art.12 [M]).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import holidays

from ..errors import DomainValidationError
from ..vocabulary import Vocabulary
from . import codes
from .envelope import MessageType, Purpose

# The subdivision whose holidays a national node counts when none is named.
DEFAULT_SUBDIVISIONS: dict[str, str] = {"GB": "ENG"}
MAX_WORKING_DAYS = 250


@cache
def _calendar(country: str, subdiv: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdiv, observed=True)


def calendar(country: str) -> holidays.HolidayBase:
    """The public holidays of ``country`` ("NL", "GB", "EL", "ES-CT"); refuses a state the
    holidays package does not know, naming the field."""
    raw = (country or "").strip().upper()
    base, _, subdiv = raw.partition("-")
    code = codes.country_code(base)
    if code is None:
        raise DomainValidationError.single("country", f"unknown country code {country!r}")
    iso = codes.states()[code].iso if code in codes.states() else code
    try:
        return _calendar(iso, subdiv or DEFAULT_SUBDIVISIONS.get(iso))
    except NotImplementedError:
        raise DomainValidationError.single(
            "country", f"no public holiday calendar is known for {country!r}"
        ) from None


def is_working_day(day: dt.date, country: str) -> bool:
    return bool(calendar(country).is_working_day(day))


def due_date(received: dt.date, working_days: int, country: str) -> dt.date:
    """The last day to answer: the ``working_days``-th working day of ``country`` after the
    day of receipt (the day of receipt itself does not count, whatever day it is)."""
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise DomainValidationError.single(
            "working_days", f"must be between 1 and {MAX_WORKING_DAYS}"
        )
    cal = calendar(country)
    day = received
    left = working_days
    while left:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, country: str) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    cal = calendar(country)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += cal.is_working_day(day)
    return count


# The deadline per message type and purpose -----------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    type: MessageType
    purpose: Purpose | None
    answer: MessageType
    working_days: int | None
    calendar_days: int | None
    tag: str  # [C], [M] or [U]
    source: str  # a docs/sources.md key
    place: str
    note: str
    restarts_on: str = ""

    @property
    def confirmed(self) -> bool:
        return self.tag == "[C]"

    @property
    def citation(self) -> str:
        return f"[{self.source}] {self.place} {self.tag}"

    def due(self, received: dt.date, country: str) -> dt.date:
        if self.calendar_days is not None:
            return received + dt.timedelta(days=self.calendar_days)
        assert self.working_days is not None
        return due_date(received, self.working_days, country)

    @property
    def words(self) -> str:
        """ "10 working days" / "60 calendar days"."""
        if self.calendar_days is not None:
            return f"{self.calendar_days} calendar days"
        return f"{self.working_days} working days"


@cache
def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "deadlines.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


DEADLINES_VERSION: str = _data()["version"]


@cache
def deadlines() -> tuple[Deadline, ...]:
    return tuple(
        Deadline(
            type=MessageType(row["type"]),
            purpose=Purpose(row["purpose"]) if row["purpose"] else None,
            answer=MessageType(row["answer"]),
            working_days=row.get("working_days"),
            calendar_days=row.get("calendar_days"),
            tag=row["tag"],
            source=row["source"],
            place=row["place"],
            note=row["note"],
            restarts_on=row.get("restarts_on", ""),
        )
        for row in _data()["rows"]
    )


def deadline_for(type: MessageType | str, purpose: Purpose | str | None = None) -> Deadline | None:
    """The deadline a received message of ``type`` sent for ``purpose`` sets for its answer,
    or None when it sets none (notifications, acknowledgements, risk notifications...)."""
    kind = MessageType(type)
    why = Purpose(purpose) if purpose else None
    general = None
    for d in deadlines():
        if d.type is kind and d.purpose is why:
            return d
        if d.type is kind and d.purpose is None:
            general = d
    return general


def due_for(
    type: MessageType | str, purpose: Purpose | str | None, received: dt.date, country: str
) -> dt.date | None:
    """When the answer to a message received on ``received`` by ``country`` is due."""
    d = deadline_for(type, purpose)
    return d.due(received, country) if d else None


# Where a deadline stands ------------------------------------------------------------------------


class DeadlineState(Vocabulary):
    ON_TIME = "on_time", "On time"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ANSWERED_LATE = "answered_late", "Answered late"


DUE_SOON_DAYS = 2


def deadline_state(
    due: dt.date,
    answered_at: dt.date | dt.datetime | None,
    today: dt.date,
    *,
    soon_days: int = DUE_SOON_DAYS,
) -> DeadlineState:
    """On time (answered by the due date, or not yet due), due soon (unanswered and due within
    ``soon_days`` calendar days), overdue (unanswered after the due date), answered late."""
    if answered_at is not None:
        answered = answered_at.date() if isinstance(answered_at, dt.datetime) else answered_at
        return DeadlineState.ON_TIME if answered <= due else DeadlineState.ANSWERED_LATE
    if today > due:
        return DeadlineState.OVERDUE
    if (due - today).days <= soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME
