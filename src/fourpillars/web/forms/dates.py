"""Dates typed into the GOV.UK date input: three boxes (day, month, year) per date.

Every web form posts a date as ``<name>-day``, ``<name>-month`` and ``<name>-year``; the
services take one ISO ``YYYY-MM-DD`` string. ``parse_date_parts`` is the one place that turns
the three parts into that string or into a GOV.UK error message naming the field ("Date of
birth must include a month", "... must be a real date"). A date that is not real is carried
on as the parts typed (``year/month/day``) so the form can show them again.

Plain Python: no Django, so the rules are tested as plain functions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

PARTS = ("day", "month", "year")
HINT = "For example, 27 3 2007"
_MONTHS = {
    name.lower(): i
    for names in (calendar.month_name, calendar.month_abbr)
    for i, name in enumerate(names)
    if name
}
_MONTHS["sept"] = 9
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DIGITS = re.compile(r"\d{1,4}")


@dataclass(frozen=True)
class DateParts:
    """What was typed in the three boxes, spaces trimmed."""

    day: str = ""
    month: str = ""
    year: str = ""

    @classmethod
    def typed(cls, day: object, month: object, year: object) -> DateParts:
        return cls(*(str(v or "").strip() for v in (day, month, year)))

    @classmethod
    def of(cls, value: object) -> DateParts:
        """The parts of a stored value: an ISO date shows as ``27 3 2007`` (no leading zeros);
        parts carried on from an earlier post (``year/month/day``) come back as typed."""
        if isinstance(value, dt.date):
            value = value.isoformat()
        text = str(value or "").strip()
        if not text:
            return cls()
        if match := _ISO.fullmatch(text):
            year, month, day = match.groups()
            return cls(day.lstrip("0") or "0", month.lstrip("0") or "0", year)
        year, _, rest = text.partition("/")
        month, _, day = rest.partition("/")
        return cls(day, month, year)

    @classmethod
    def from_value(cls, value: object) -> DateParts:
        """The parts of a form value: the three posted boxes (a list), or a stored value."""
        if isinstance(value, list | tuple):
            return cls.typed(*[*value, "", "", ""][:3])
        return cls.of(value)

    def blank(self) -> bool:
        return not (self.day or self.month or self.year)

    def carried(self) -> str:
        """The parts as one string the form can split again (``year/month/day``); no date
        parser takes it for a date, so the services refuse it on its field."""
        return "" if self.blank() else f"{self.year}/{self.month}/{self.day}"


@dataclass(frozen=True)
class ParsedDate:
    """An ISO date ("" when nothing was typed), or the problem and the parts to highlight."""

    iso: str = ""
    error: str = ""
    wrong: frozenset[str] = field(default_factory=frozenset)
    parts: DateParts = field(default_factory=DateParts)

    @property
    def value(self) -> str:
        """What the services receive: the ISO date, or the typed parts when not a real date."""
        return self.parts.carried() if self.error else self.iso


def subject(label: str) -> str:
    """The field's name in a sentence: its label without "(optional)" or other asides."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", label.strip()).strip() or label.strip()
    return text[:1].upper() + text[1:]


def _month(text: str) -> int | None:
    if _DIGITS.fullmatch(text):
        return int(text)
    return _MONTHS.get(text.lower().rstrip("."))


def _missing(label: str, parts: DateParts) -> ParsedDate | None:
    missing = [name for name in PARTS if not getattr(parts, name)]
    if not missing:
        return None
    words = "a " + " and ".join(missing)
    return ParsedDate(error=f"{label} must include {words}", wrong=frozenset(missing), parts=parts)


def parse_date_parts(label: str, day: object, month: object, year: object) -> ParsedDate:
    """GOV.UK date input rules ("Recognising dates" in the Design System's date pattern):
    nothing typed is no date; a missing part is named; the year needs 4 numbers; months may
    be written as names ("march", "Mar"); the date must exist (29 February only in a leap
    year)."""
    name = subject(label)
    parts = DateParts.typed(day, month, year)
    if parts.blank():
        return ParsedDate(parts=parts)
    if (problem := _missing(name, parts)) is not None:
        return problem
    day_n = int(parts.day) if _DIGITS.fullmatch(parts.day) else None
    month_n = _month(parts.month)
    wrong = {
        p
        for p, ok in (
            ("day", day_n is not None and 1 <= day_n <= 31),
            ("month", month_n is not None and 1 <= month_n <= 12),
        )
        if not ok
    }
    if not re.fullmatch(r"\d{4}", parts.year):
        if not wrong and re.fullmatch(r"\d{1,3}", parts.year):
            return ParsedDate(
                error=f"{name} must include a year with 4 numbers",
                wrong=frozenset({"year"}),
                parts=parts,
            )
        wrong.add("year")
    if wrong or day_n is None or month_n is None:
        return ParsedDate(error=f"{name} must be a real date", wrong=frozenset(wrong), parts=parts)
    try:
        day_value = dt.date(int(parts.year), month_n, day_n)
    except ValueError:
        return ParsedDate(
            error=f"{name} must be a real date", wrong=frozenset({"day"}), parts=parts
        )
    return ParsedDate(iso=day_value.isoformat(), parts=parts)


def parse_carried(label: str, value: object) -> ParsedDate:
    """The same check for a value carried on from a post (ISO, or ``year/month/day``)."""
    parts = DateParts.of(value)
    return parse_date_parts(label, parts.day, parts.month, parts.year)


def dates_in(keys: Iterable[str]) -> list[str]:
    """The names posted as GOV.UK date inputs: those with all three ``-day``, ``-month`` and
    ``-year`` keys."""
    names = set(keys)
    stems = [key.removesuffix("-day") for key in names if key.endswith("-day")]
    return sorted(s for s in stems if f"{s}-month" in names and f"{s}-year" in names)


@dataclass(frozen=True)
class Box:
    """One of the three boxes of a GOV.UK date input, as the template renders it."""

    id: str
    name: str
    label: str
    value: str
    width: str
    error: bool


def date_boxes(element_id: str, name: str, parts: DateParts, label: str, error: str) -> list[Box]:
    """The day, month and year boxes (ids and names ``<x>-day`` ...). With an error, the boxes
    the typed parts are wrong in are marked; a problem with the whole date (in the future,
    before the date of birth ...) marks all three."""
    wrong = set(PARTS) if error else set()
    if error:
        parsed = parse_date_parts(label, parts.day, parts.month, parts.year)
        if parsed.error and parsed.wrong:
            wrong = set(parsed.wrong)
    widths = {"day": 2, "month": 2, "year": 4}
    return [
        Box(
            f"{element_id}-{part}",
            f"{name}-{part}",
            part.capitalize(),
            getattr(parts, part),
            f"govuk-input--width-{widths[part]}",
            part in wrong,
        )
        for part in PARTS
    ]


def first_box(boxes: Iterable[Box]) -> str:
    """The id an error summary links to: the first box marked wrong, else the day."""
    listed = list(boxes)
    return next((b.id for b in listed if b.error), listed[0].id if listed else "")
