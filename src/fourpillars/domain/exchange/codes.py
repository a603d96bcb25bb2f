"""Code tables that cross a border: offences, penalties and measures, states and languages.

- Offences: the common table of [DEC-2009-316] Annex A, held once in ``domain/ecris.py``
  (codes and English labels); this module adds only its translations.
- Penalties and measures: the common table of [DEC-2009-316] Annex B, carried into
  [DIR-2019-884]; top-level categories and sub-codes [M], 12000 [U] (the technical table's
  placeholder). Held in ``data/penalties.json``.
- States: the 27 Member States (EU documents write Greece ``EL``) and the United Kingdom,
  with their official EU languages [M]; any ISO 3166-1 alpha-2 code is a valid nationality.

Every table has a version string; a message carries the versions of the tables it uses
(``TABLE_VERSIONS``), so a receiver can tell which edition a code was chosen from. Labels are
English (the working language of the tables) and, where known, Dutch and Latvian; every
non-English label is marked unverified until a native reader has checked it against the
Official Journal in that language. ``label(code, language)`` gives the receiving node's
language, else the code with its English label, and says which it did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .. import ecris
from ..errors import DomainValidationError

ENGLISH = "en"


def _load(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


# Labels ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A code's words in one language. ``verified`` is False for every translation not yet
    checked; ``fell_back`` is True when the language asked for had no label and the English
    one (prefixed with the code) is given instead."""

    text: str
    language: str
    verified: bool
    fell_back: bool


@dataclass(frozen=True)
class PenaltyCategory:
    code: str
    labels: dict[str, str]
    confirmed: bool

    @property
    def label(self) -> str:
        return self.labels[ENGLISH]

    @property
    def is_open(self) -> bool:
        """``x000`` is the open category itself ([DEC-2009-316] Annex B)."""
        return self.code.endswith("000")


@cache
def _penalty_data() -> dict[str, Any]:
    data: dict[str, Any] = _load("penalties.json")
    return data


@cache
def penalty_table() -> dict[str, PenaltyCategory]:
    return {
        row["code"]: PenaltyCategory(row["code"], dict(row["labels"]), bool(row["confirmed"]))
        for row in _penalty_data()["rows"]
    }


@cache
def _offence_translations() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = _load("offence_labels.json")["labels"]
    return labels


PENALTY_TABLE_VERSION: str = _penalty_data()["version"]
OFFENCE_TABLE_VERSION: str = ecris.TABLE_VERSION

# The tables a message names in ``payload.tables`` (key -> version this node knows).
TABLE_VERSIONS: dict[str, str] = {
    "offences": OFFENCE_TABLE_VERSION,
    "penalties": PENALTY_TABLE_VERSION,
}


def offence(code: str) -> ecris.OffenceCategory | None:
    """The offence category for ``1001 00`` / ``100100`` / ``1001``, or None if unknown."""
    try:
        return ecris.normalise_code(code)
    except DomainValidationError:
        return None


def penalty(code: str) -> PenaltyCategory | None:
    """The penalty or measure category for ``3014``, or None if unknown."""
    return penalty_table().get((code or "").strip())


OFFENCES = "offences"
PENALTIES = "penalties"


def table_of(code: str) -> str:
    """Which table a code is written for: offence codes have six digits (``1001 00``),
    penalty and measure codes four or five (``1001``, ``10001``). The tables overlap in their
    four-digit stems, so a bare ``1001`` is a penalty (imprisonment), never rape."""
    digits = (code or "").replace(" ", "")
    return OFFENCES if len(digits) == 6 else PENALTIES


def _labels_of(code: str, table: str) -> tuple[str, dict[str, str]] | None:
    if (table or table_of(code)) == OFFENCES:
        found = offence(code)
        if found is None:
            return None
        return found.code, {ENGLISH: found.label, **_offence_translations().get(found.code, {})}
    pen = penalty(code)
    return (pen.code, pen.labels) if pen is not None else None


def label(code: str, language: str, table: str = "") -> Label:
    """The words for an offence or penalty code in ``language`` (the receiving node's), else
    ``code`` and the English label, marked ``fell_back``. English is the only verified
    language. An unknown code is shown as it is, never silently dropped. ``table``
    (``offences`` or ``penalties``) defaults to the one the code's form says (``table_of``)."""
    language = (language or ENGLISH).lower()[:2]
    found = _labels_of(code, table)
    if found is None:
        return Label(f"{code} (unknown code)", ENGLISH, False, True)
    normal, labels = found
    if language in labels:
        return Label(labels[language], language, language == ENGLISH, False)
    return Label(f"{normal}: {labels[ENGLISH]}", ENGLISH, True, True)


def translated_languages() -> set[str]:
    """Languages with at least one label, besides English."""
    langs = {lang for row in penalty_table().values() for lang in row.labels}
    langs |= {lang for labels in _offence_translations().values() for lang in labels}
    return langs - {ENGLISH}


# States and languages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    code: str  # as exchanged: ISO 3166-1 alpha-2, but EL for Greece
    iso: str  # ISO 3166-1 alpha-2 (GR for Greece), as the holidays package wants it
    name: str
    native_name: str
    languages: tuple[str, ...]
    eu_member: bool


@cache
def _states_data() -> dict[str, Any]:
    data: dict[str, Any] = _load("member_states.json")
    return data


STATES_TABLE_VERSION: str = _states_data()["version"]


@cache
def states() -> dict[str, State]:
    """The Member States and the United Kingdom, by exchanged code."""
    return {
        s["code"]: State(
            s["code"], s["iso"], s["name"], s["native_name"], tuple(s["languages"]), s["eu_member"]
        )
        for s in _states_data()["states"]
    }


def member_states() -> list[State]:
    return [s for s in states().values() if s.eu_member]


def country_code(value: str) -> str | None:
    """A country as exchanged (upper case, GR -> EL, UK -> GB), or None if not ISO 3166-1."""
    raw = (value or "").strip().upper()
    raw = str(_states_data()["aliases"].get(raw, raw))
    if raw == "EL" or raw in _iso_codes():
        return raw
    return None


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(_states_data()["iso_3166_alpha2"])


def node_language(country: str) -> str:
    """The first official language of a state (the language its node shows codes in)."""
    state = states().get(country_code(country) or "")
    return state.languages[0] if state else ENGLISH


def country_name(code: str) -> str:
    state = states().get(code)
    return state.name if state else code


# The 24 official EU languages (ISO 639-1), named in English for screens.
LANGUAGE_NAMES: dict[str, str] = {
    "bg": "Bulgarian",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "hr": "Croatian",
    "hu": "Hungarian",
    "it": "Italian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mt": "Maltese",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sv": "Swedish",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get((code or "").lower(), code)
