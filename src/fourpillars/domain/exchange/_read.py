"""Reading a received JSON payload into typed values: parse, don't validate.

A ``Reader`` wraps one JSON object found at a dotted path ("payload.person") and hands out
typed values field by field; every problem is added to one shared ``Collector`` under the
field's full path ("payload.person.birth_date: must be a date as YYYY-MM-DD"), so a sender
sees every bad field at once. Keys the schema does not know are refused too: a misspelt
optional field would otherwise vanish without a word.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

from ..errors import Collector
from ..text import LONG_TEXT_MAX, SHORT_TEXT_MAX, clean_text

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

MAX_ITEMS = 100
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")


class Reader:
    """One JSON object at ``path``; ``errors`` is shared by the whole payload."""

    def __init__(self, data: object, path: str, errors: Collector) -> None:
        self.path = path
        self.errors = errors
        self.seen: set[str] = set()
        if not isinstance(data, Mapping):
            errors.add(path, "must be an object")
            data = {}
        self.data: Mapping[str, Any] = data

    def at(self, key: str | int) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def add(self, key: str | int, message: str) -> None:
        self.errors.add(self.at(key), message)

    def raw(self, key: str, *, required: bool = False) -> Any:
        """The value as sent, or None (empty strings and lists count as missing)."""
        self.seen.add(key)
        value = self.data.get(key)
        if value is None or value == "" or value == [] or value == {}:
            if required:
                self.add(key, "is required")
            return None
        return value

    def done(self) -> None:
        """Refuse the keys no schema field read."""
        for key in self.data:
            if key not in self.seen:
                self.errors.add(self.at(str(key)), "is not a field of this message")

    # Scalars ---------------------------------------------------------------------------------

    def text(self, key: str, *, required: bool = False, max_length: int = SHORT_TEXT_MAX) -> str:
        value = self.raw(key, required=required)
        if value is None:
            return ""
        return clean_text(
            value,
            self.at(key),
            self.errors,
            max_length=max_length,
            multiline=max_length > SHORT_TEXT_MAX,
        )

    def long_text(self, key: str, *, required: bool = False) -> str:
        return self.text(key, required=required, max_length=LONG_TEXT_MAX)

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        parsed = parse_iso_date(value)
        if parsed is None:
            self.add(key, "must be a date as YYYY-MM-DD")
        return parsed

    def boolean(self, key: str, *, default: bool = False) -> bool:
        self.seen.add(key)
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(key, "must be true or false")
            return default
        return value

    def integer(self, key: str, *, minimum: int = 0, maximum: int = 10_000) -> int | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(key, "must be a whole number")
            return None
        if not minimum <= value <= maximum:
            self.add(key, f"must be between {minimum} and {maximum}")
            return None
        return value

    def choice(self, key: str, enum: type[E], *, required: bool = False) -> E | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        for member in enum:
            if isinstance(value, str) and member.value == value:
                return member
        allowed = ", ".join(str(m.value) for m in enum if m.value != "")
        self.add(key, f"unknown value {str(value)[:40]!r}; expected one of {allowed}")
        return None

    def lookup(
        self,
        key: str,
        parse: Callable[[str], T | None],
        what: str,
        *,
        required: bool = False,
    ) -> T | None:
        """A code looked up in a table: ``parse`` returns the entry, or None when unknown."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(key, f"must be {what} as text")
            return None
        found = parse(value)
        if found is None:
            self.add(key, f"unknown {what} {value[:40]!r}")
        return found

    def message_id(self, key: str, *, required: bool = False) -> str:
        value = self.raw(key, required=required)
        if value is None:
            return ""
        if not isinstance(value, str) or not _MESSAGE_ID.match(value):
            self.add(key, "must be a message or record id (letters, digits, . _ : -; 100 at most)")
            return ""
        return value

    # Nested ----------------------------------------------------------------------------------

    def obj(self, key: str, *, required: bool = False) -> Reader | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        return Reader(value, self.at(key), self.errors)

    def items(self, key: str, *, required: bool = False, max_items: int = MAX_ITEMS) -> list[Any]:
        value = self.raw(key, required=required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(key, "must be a list")
            return []
        if len(value) > max_items:
            self.add(key, f"must hold at most {max_items} items (got {len(value)})")
            return []
        return value

    def objects(
        self, key: str, *, required: bool = False, max_items: int = MAX_ITEMS
    ) -> list[Reader]:
        return [
            Reader(v, f"{self.at(key)}.{i}", self.errors)
            for i, v in enumerate(self.items(key, required=required, max_items=max_items))
        ]

    def texts(
        self,
        key: str,
        *,
        required: bool = False,
        max_items: int = 30,
        max_length: int = SHORT_TEXT_MAX * 5,
    ) -> tuple[str, ...]:
        out = []
        for i, v in enumerate(self.items(key, required=required, max_items=max_items)):
            text = clean_text(
                v, f"{self.at(key)}.{i}", self.errors, required=True, max_length=max_length
            )
            if text:
                out.append(text)
        return tuple(out)


def parse_iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def dump(value: object) -> Any:
    """A payload value as JSON: dataclasses field by field (their own ``to_payload`` where
    they have one), enums by value, dates as ISO, tuples as lists; empty optionals left out."""
    to_payload = getattr(value, "to_payload", None)
    if to_payload is not None and not isinstance(value, type):
        return to_payload()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dump_fields(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    if isinstance(value, Mapping):
        return {k: dump(v) for k, v in value.items()}
    return value


def dump_fields(obj: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        if not f.init:
            continue
        value = getattr(obj, f.name)
        if value is None or value == "" or value == () or value is False:
            continue
        out[f.name] = dump(value)
    return out
