"""Content in plain words for a message's detail page: each field as a labelled row, codes in
the reader's language (their fallback marked), dates as "3 December 2026", names as sent with
their matching form beside them. Nested content (the person, each offence) is a group of rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..dates import long_date
from ..rosh.ratings import RISK_GROUPS
from . import codes
from .content import Name, PartialDate, PersonIdentifier

_LABELS = {
    "tables": "Code tables",
    "available_24_7": "Available 24 hours a day, 7 days a week",
    "conviction_id": "Conviction id",
    "original_conviction_id": "Original conviction id",
    "withdrawn_message_id": "Message withdrawn",
    "date_final": "Date the conviction became final",
    "lawful_and_ordinary": "Lawful and ordinary residence",
    "specific_to_minors": "Specific to minors",
}


@dataclass(frozen=True)
class Row:
    label: str
    text: str = ""
    rows: tuple[Row, ...] = ()
    unverified: bool = False  # a translated code label not yet checked
    fell_back: bool = False  # no label in the reader's language; the code and English shown

    @property
    def is_group(self) -> bool:
        return bool(self.rows)


def field_label(name: str) -> str:
    return _LABELS.get(name) or name.replace("_", " ").capitalize()


def describe(content: Any, language: str = codes.ENGLISH) -> tuple[Row, ...]:
    """The rows of a parsed payload (``content.parse_payload``) in ``language``."""
    return tuple(_rows(content, language))


_GROUPS = {key: words for groups in RISK_GROUPS.values() for key, words in groups}
_ENUM_WORDS = {
    ("Completion", "C"): "Completed",
    ("Completion", "A"): "Attempt or preparation",
    ("Participation", "M"): "Perpetrator",
    ("Participation", "H"): "Aider, abettor or instigator",
    ("Exemption", "S"): "Insanity or diminished responsibility",
}


def _enum_words(value: Enum) -> str:
    words = _ENUM_WORDS.get((type(value).__name__, str(value.value)))
    label = getattr(value, "label", "")
    return words or label or str(value.value).replace("_", " ").capitalize()


def _rows(obj: Any, language: str) -> list[Row]:
    out = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if (
            value is None
            or value in ("", (), {}, False)
            or (isinstance(value, Enum) and value.value == "")
        ):
            continue
        out.append(_row(f.name, value, language))
    return out


def _code_row(label: str, code: str, language: str) -> Row:
    found = codes.label(code, language)
    return Row(label, found.text, (), not found.verified, found.fell_back)


def _row(name: str, value: Any, language: str) -> Row:
    label = field_label(name)
    if name == "code" and isinstance(value, str):
        return _code_row(label, value, language)
    if name == "group" and isinstance(value, str):
        return Row(label, _GROUPS.get(value, value))
    if name in ("country", "receiver", "sender") and isinstance(value, str):
        return Row(label, codes.country_name(value))
    if isinstance(value, Name):
        extra = "" if value.normalised == value.as_sent.casefold() else f" ({value.normalised})"
        return Row(label, value.as_sent + extra)
    if isinstance(value, PartialDate):
        if value.precision == "day":
            return Row(label, long_date(value.value))
        return Row(label, f"{value.as_sent} (day or month not known)")
    if isinstance(value, PersonIdentifier):
        where = f", {codes.country_name(value.country)}" if value.country else ""
        return Row(label, f"{value.kind.label}: {value.value}{where}")
    if isinstance(value, bool):
        return Row(label, "Yes" if value else "No")
    if isinstance(value, dt.date):
        return Row(label, long_date(value))
    if isinstance(value, Enum):
        return Row(label, _enum_words(value))
    if isinstance(value, dict):
        return Row(label, rows=tuple(Row(field_label(k), str(v)) for k, v in value.items()))
    if isinstance(value, tuple):
        return Row(label, rows=tuple(_item(name, i, v, language) for i, v in enumerate(value)))
    if dataclasses.is_dataclass(value):
        return Row(label, rows=tuple(_rows(value, language)))
    return Row(label, str(value))


def _item(name: str, i: int, value: Any, language: str) -> Row:
    """One item of a list: a code, a country, a name, or a group of rows."""
    number = str(i + 1)
    if isinstance(value, str) and name == "offences":
        return _code_row(number, value, language)
    if isinstance(value, str) and name == "nationalities":
        return Row(number, codes.country_name(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, (Name, PersonIdentifier)):
        return Row(number, rows=tuple(_rows(value, language)))
    return _row(number, value, language)
