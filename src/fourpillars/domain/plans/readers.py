"""Strict field readers: each adds to a :class:`Collector` naming the field by dotted path."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import Collector
from ..text import clean_text
from .constants import MAX_REFS

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,39}")
_AGENCY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9_]{1,59}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID_RULE = "must be an identifier: 1-40 letters, digits, '_', '.', ':' or '-'"


def read_key(key: object) -> str:
    return str(key)[:60] or '""'


def read_object(errors: Collector, raw: object, where: str) -> Mapping[str, Any] | None:
    if not isinstance(raw, Mapping):
        errors.add(where, "must be an object")
        return None
    return raw


def read_unknown(
    errors: Collector, obj: Mapping[str, Any], allowed: Sequence[str], where: str, what: str
) -> None:
    """Refuse fields the document does not know: a typo must not pass silently."""
    for key in obj:
        if key not in allowed:
            name = read_key(key)
            errors.add(f"{where}.{name}" if where else name, f"is not a field of {what}")


def read_list(errors: Collector, raw: object, where: str, maximum: int) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.add(where, "must be a list")
        return []
    if len(raw) > maximum:
        errors.add(where, f"must have at most {maximum} items (got {len(raw)})")
        return []
    return raw


def read_ident(errors: Collector, raw: object, where: str) -> str | None:
    if raw is None or raw == "":
        errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        errors.add(where, _ID_RULE)
        return None
    return raw


def read_refs(errors: Collector, raw: object, where: str) -> tuple[str, ...]:
    """A list of identifiers; repeats are dropped, order kept."""
    out: dict[str, None] = {}
    for i, item in enumerate(read_list(errors, raw, where, MAX_REFS)):
        ident = read_ident(errors, item, f"{where}.{i}")
        if ident is not None:
            out[ident] = None
    return tuple(out)


def read_agency(
    errors: Collector, raw: object, where: str, *, required: bool = False
) -> str | None:
    if raw is None or raw == "":
        if required:
            errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or not _AGENCY.fullmatch(raw.strip()):
        errors.add(where, "must be an agency code: 1-40 letters, digits, '_', '.' or '-'")
        return None
    return raw.strip()


def read_date(
    errors: Collector, raw: object, where: str, *, required: bool = False
) -> dt.date | None:
    if raw is None or raw == "":
        if required:
            errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or not _DATE.fullmatch(raw.strip()):
        errors.add(where, "must be a date written YYYY-MM-DD")
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        errors.add(where, f"{raw.strip()} is not a date in the calendar")
        return None


def read_choice(
    errors: Collector, raw: object, where: str, choices: Mapping[str, str], *, required: bool
) -> str | None:
    if raw is None or raw == "":
        if required:
            errors.add(where, "is required")
        return None
    if not isinstance(raw, str) or raw not in choices:
        shown = repr(raw[:40]) if isinstance(raw, str) else type(raw).__name__
        errors.add(where, f"{shown} is not one of: {', '.join(choices)}")
        return None
    return raw


def read_text(
    errors: Collector, raw: object, where: str, max_length: int, *, required: bool = False
) -> str:
    return clean_text(raw, where, errors, required=required, max_length=max_length, multiline=True)


def read_optional_text(errors: Collector, raw: object, where: str, max_length: int) -> str | None:
    return read_text(errors, raw, where, max_length) or None


class IdSet:
    """Every identifier in the document is unique, whatever list it is in."""

    def __init__(self, errors: Collector) -> None:
        self.errors = errors
        self.seen: dict[str, str] = {}

    def claim(self, raw: object, where: str) -> str | None:
        ident = read_ident(self.errors, raw, f"{where}.id")
        if ident is None:
            return None
        if ident in self.seen:
            self.errors.add(f"{where}.id", f"{ident} is already used by {self.seen[ident]}")
            return None
        self.seen[ident] = where
        return ident
