"""How dates read on every page and document: "2 December 2026", and "2 December 2026 at
14:05" where the time matters (GOV.UK style guide, "Dates" and "Times"; the house style).

One format everywhere, so a date typed as 2 12 2026 reads the same on the case page, in the
audit trail and in a PDF. ISO dates stay in the API, the CLI and exports.
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _as_datetime_or_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return (
                dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
            )
        except ValueError:
            return None
    return None


def long_date(value: object) -> str:
    """GOV.UK style guide: "2 December 2026" (a date, a datetime or an ISO string; anything
    else is returned as it is, and nothing as "")."""
    day = _as_datetime_or_date(value)
    if day is None:
        return "" if value in (None, "") else str(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_datetime(value: object) -> str:
    """GOV.UK style guide: "2 December 2026 at 14:05" (24-hour clock; the caller gives the
    local time). A plain date reads as a date."""
    moment = _as_datetime_or_date(value)
    if not isinstance(moment, dt.datetime):
        return long_date(value)
    return f"{long_date(moment)} at {moment:%H:%M}"
