"""Small input helpers shared by the structured instruments (SPJ guides, DASH, firearms,
parole): free text through :func:`~fourpillars.domain.text.clean_text`, nested objects named by
their dotted path, and dates held to a sane range.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

from ..text import LONG_TEXT_MAX, clean_text
from .base import Reader

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)  # keeps date arithmetic (+ 5 years) far from year 9999
EVIDENCE_MAX = 4000


def field_name(reader: Reader, name: str) -> str:
    """The dotted path of ``name`` inside ``reader`` (``items.hostility.rating``)."""
    return f"{reader.prefix}.{name}" if reader.prefix else name


def read_text(
    reader: Reader,
    name: str,
    *,
    required: bool = False,
    max_length: int = LONG_TEXT_MAX,
    multiline: bool = True,
) -> str:
    """Free text: NFC, stripped, control characters and oversized input refused."""
    return clean_text(
        reader.data.get(name),
        field_name(reader, name),
        reader.errors,
        required=required,
        max_length=max_length,
        multiline=multiline,
    )


def read_object(reader: Reader, name: str, *, required: bool = True) -> Reader | None:
    """A nested JSON object, read by a child reader whose errors carry the dotted path.

    Call :func:`merge` afterwards to move the child's errors into the parent.
    """
    raw = reader.data.get(name)
    if raw is None:
        if required:
            reader.fail(name, "is required")
        return None
    if not isinstance(raw, Mapping):
        reader.fail(name, "must be a JSON object")
        return None
    return Reader(raw, prefix=field_name(reader, name))


def merge(parent: Reader, child: Reader | None) -> None:
    if child is not None:
        parent.errors.extend(child.errors.errors)


def read_date(reader: Reader, name: str, *, required: bool = True) -> dt.date | None:
    """A ``YYYY-MM-DD`` date between 1900 and 2199 (anything else is a typing slip)."""
    value = reader.date(name, required)
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        reader.fail(name, f"must be between {DATE_MIN} and {DATE_MAX}")
        return None
    return value


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; a day the month lacks becomes its last day."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """The anniversary ``years`` later; 29 February falls on 1 March in common years (the
    later day, so a period never ends early; the same rule as ``whole_years``)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def error_count(reader: Reader) -> int:
    return len(reader.errors.errors)
