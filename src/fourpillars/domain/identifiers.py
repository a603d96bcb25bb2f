"""Person identifiers: format and check-character validation, and one normal form each.

PNC IDs (Police National Computer) are ``YYYY/NNNNNNNA``: the check letter is the remainder of
the two-digit year followed by the seven-digit serial, divided by 23, looked up in
``ZABCDEFGHJKLMNPQRTUVWXY``. National ID numbers are checked with python-stdnum where it knows
the country's scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.bg import egn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.lt import asmens
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.ro import cnp

from .errors import DomainValidationError
from .vocabulary import Vocabulary

PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


class IdentifierKind(Vocabulary):
    PNC = "pnc", "PNC ID"
    CRO = "cro", "CRO number"
    NATIONAL_ID = "national_id", "National ID number"
    PASSPORT = "passport", "Passport number"
    CRN = "crn", "Probation case reference (CRN)"
    PRISON_NUMBER = "prison_number", "Prison number"


IDENTIFIER_LABELS: dict[IdentifierKind, str] = {m: m.label for m in IdentifierKind}

# Kinds whose value is meaningful only with the issuing country.
NEEDS_COUNTRY = {IdentifierKind.NATIONAL_ID, IdentifierKind.PASSPORT}

_PNC_RE = re.compile(r"^(\d{2}|\d{4})/?(\d{1,7})([A-Z])$")
_CRO_RE = re.compile(r"^(\d{1,6})/(\d{2})([A-Z])$|^SF(\d{2})/(\d{1,6})([A-Z])$")
_CRN_RE = re.compile(r"^[A-Z]\d{6}$")
_PRISON_RE = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")
_PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")
_GENERIC_ID_RE = re.compile(r"^[A-Z0-9-]{3,30}$")

_NATIONAL_SCHEMES = {
    "PL": ("PESEL", pesel),
    "RO": ("CNP", cnp),
    "LT": ("asmens kodas", asmens),
    "NL": ("BSN", bsn),
    "BG": ("EGN", egn),
}


@dataclass(frozen=True)
class Identifier:
    kind: IdentifierKind
    value: str
    country: str  # ISO 3166-1 alpha-2, "" where not applicable


def pnc_check_letter(year2: str, serial: str) -> str:
    """PNC check letter: (YY followed by the 7-digit serial) mod 23, in PNC_LETTERS."""
    return PNC_LETTERS[int(year2 + serial.zfill(7)) % 23]


def _normalise_pnc(raw: str) -> str:
    m = _PNC_RE.match(raw)
    if not m:
        raise DomainValidationError.single(
            "value", "a PNC ID looks like 2004/0012345X (year, slash, serial, check letter)"
        )
    year, serial, letter = m.groups()
    if len(year) == 2:
        # Short-form years: 00-(current two digits) are 20xx, the rest 19xx.
        year = ("20" if int(year) <= 40 else "19") + year
    expected = pnc_check_letter(year[2:], serial)
    if letter != expected:
        raise DomainValidationError.single(
            "value", f"the PNC check letter does not match (expected {expected}, got {letter})"
        )
    return f"{year}/{serial.zfill(7)}{letter}"


def _normalise_national(raw: str, country: str) -> str:
    scheme = _NATIONAL_SCHEMES.get(country)
    if scheme is None:
        if not _GENERIC_ID_RE.match(raw):
            raise DomainValidationError.single(
                "value", "a national ID number is 3 to 30 letters, digits or hyphens"
            )
        return raw
    name, module = scheme
    try:
        return str(module.validate(raw))
    except StdnumError as exc:
        raise DomainValidationError.single(
            "value", f"not a valid {country} {name}: {str(exc).rstrip('.').lower()}"
        ) from None


def normalise_identifier(kind: str, value: str, country: str = "") -> Identifier:
    """Validate an identifier of a known kind and return its one stored form."""
    try:
        k = IdentifierKind(kind)
    except ValueError:
        raise DomainValidationError.single(
            "kind",
            f"unknown identifier kind {kind!r}; choose one of "
            + ", ".join(i.value for i in IdentifierKind),
        ) from None
    if not isinstance(value, str):
        raise DomainValidationError.single("value", "must be text")
    raw = re.sub(r"[\s.]", "", value).upper()
    country = (country or "").strip().upper()
    if not raw:
        raise DomainValidationError.single("value", "is required")
    if len(raw) > 40:
        raise DomainValidationError.single("value", "must be at most 40 characters")
    if k in NEEDS_COUNTRY:
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise DomainValidationError.single(
                "country", "give the issuing country as a two-letter code (e.g. PL)"
            )
    else:
        country = ""
    if k is IdentifierKind.PNC:
        norm = _normalise_pnc(raw)
    elif k is IdentifierKind.CRO:
        if not _CRO_RE.match(raw):
            raise DomainValidationError.single(
                "value", "a CRO number looks like 123456/08X or SF08/123456X"
            )
        norm = raw
    elif k is IdentifierKind.CRN:
        if not _CRN_RE.match(raw):
            raise DomainValidationError.single(
                "value", "a CRN is one letter followed by six digits (e.g. X123456)"
            )
        norm = raw
    elif k is IdentifierKind.PRISON_NUMBER:
        if not _PRISON_RE.match(raw):
            raise DomainValidationError.single(
                "value", "a prison number is a letter, four digits and two letters (A1234BC)"
            )
        norm = raw
    elif k is IdentifierKind.PASSPORT:
        if not _PASSPORT_RE.match(raw):
            raise DomainValidationError.single(
                "value", "a passport number is 5 to 20 letters or digits"
            )
        norm = raw
    else:
        norm = _normalise_national(raw, country)
    return Identifier(k, norm, country)
