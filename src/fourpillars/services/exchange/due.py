"""The due date of an incoming request, in this (the receiving) state's working days
([FD-2009-315] Art.8: 10 working days, 20 for a person's own request).

Stand-in until ``fourpillars.domain.exchange.deadlines`` (helper [C]) lands; then this calls
it.
"""

from __future__ import annotations

import datetime as dt

import holidays

from fourpillars.domain.exchange.envelope import MessageType, Purpose

_ANSWERED = {
    MessageType.RECORD_REQUEST,
    MessageType.IDENTIFICATION_REQUEST,
    MessageType.SUPERVISION_TRANSFER_REQUEST,
}


def working_days_for(type: str, purpose: str) -> int | None:
    """[FD-2009-315] Art.8: how many working days the receiver has to answer, or None."""
    if MessageType(type) not in _ANSWERED:
        return None
    return 20 if purpose == Purpose.OWN_REQUEST.value else 10


def due_date(received: dt.date, working_days: int, country: str) -> dt.date:
    """``working_days`` after ``received``, skipping weekends and ``country``'s holidays."""
    off = holidays.country_holidays(country, years=[received.year, received.year + 1])
    day, left = received, working_days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            left -= 1
    return day


def due_for(type: str, purpose: str, received: dt.date, country: str) -> dt.date | None:
    """The date an incoming message must be answered by, or None when none is owed."""
    days = working_days_for(type, purpose)
    return None if days is None else due_date(received, days, country)
