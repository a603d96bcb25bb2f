"""Validation of person facts: names, dates, sex, nationalities, addresses, convictions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from . import ecris
from .errors import Collector, DomainValidationError
from .text import NAME_MAX, clean_text
from .vocabulary import Vocabulary

EARLIEST_BIRTH = dt.date(1900, 1, 1)


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


class NameKind(Vocabulary):
    PRIMARY = "primary", "Primary"
    ALIAS = "alias", "Alias"
    PREVIOUS = "previous", "Previous"
    BIRTH = "birth", "Birth"


@dataclass(frozen=True)
class NameInput:
    family_name: str
    given_names: str
    kind: NameKind
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


def parse_date(
    value: object, field: str, errors: Collector, *, required: bool = False
) -> dt.date | None:
    """Accept a date or an ISO ``YYYY-MM-DD`` string; refuse anything else by field."""
    if value in (None, ""):
        if required:
            errors.add(field, "is required")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            errors.add(field, f"must be a date as YYYY-MM-DD (got {value[:40]!r})")
            return None
    errors.add(field, "must be a date as YYYY-MM-DD")
    return None


def check_birth_date(dob: dt.date | None, today: dt.date, errors: Collector) -> None:
    """A date of birth is not in the future and not before 1900."""
    if dob is None:
        return
    if dob > today:
        errors.add("date_of_birth", "cannot be in the future")
    elif dob < EARLIEST_BIRTH:
        errors.add("date_of_birth", "cannot be before 1900")


def clean_name(
    family: object, given: object, kind: object, prefix: str, errors: Collector
) -> NameInput | None:
    """A name needs a family name; given names are optional; scripts of every alphabet kept."""
    fam = clean_text(family, f"{prefix}family_name", errors, required=True, max_length=NAME_MAX)
    giv = clean_text(given, f"{prefix}given_names", errors, max_length=NAME_MAX)
    try:
        k = NameKind(str(kind or NameKind.PRIMARY.value))
    except ValueError:
        errors.add(f"{prefix}kind", f"unknown name kind {kind!r}")
        return None
    if fam and not any(ch.isalpha() for ch in fam):
        errors.add(f"{prefix}family_name", "must contain at least one letter")
    return NameInput(fam, giv, k)


def clean_sex(value: object, errors: Collector) -> Sex:
    try:
        return Sex(str(value or Sex.UNKNOWN.value))
    except ValueError:
        errors.add("sex", f"must be one of male, female, other, unknown (got {value!r})")
        return Sex.UNKNOWN


def clean_nationalities(value: object, errors: Collector) -> list[str]:
    """ISO 3166-1 alpha-2 codes (EU documents' EL accepted for Greece), no duplicates."""
    if value in (None, ""):
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        errors.add("nationalities", "must be a list of two-letter country codes")
        return []
    out: list[str] = []
    for item in items:
        code = str(item).strip().upper()
        if code == "EL":
            code = "GR"
        if not re.fullmatch(r"[A-Z]{2}", code):
            errors.add("nationalities", f"{str(item)[:20]!r} is not a two-letter country code")
            continue
        if code not in out:
            out.append(code)
    if len(out) > 10:
        errors.add("nationalities", "at most 10 nationalities")
    return out


def check_period(
    start: dt.date | None, end: dt.date | None, prefix: str, errors: Collector
) -> None:
    if start and end and end < start:
        errors.add(f"{prefix}to_date", "cannot be before the start date")


def check_conviction(
    conviction_date: dt.date | None, dob: dt.date | None, today: dt.date, errors: Collector
) -> None:
    """A conviction is not in the future and not before the person was born."""
    if conviction_date is None:
        return
    if conviction_date > today:
        errors.add("date", "a conviction date cannot be in the future")
    if dob is not None and conviction_date < dob:
        errors.add("date", "a conviction date cannot be before the date of birth")


def clean_ecris(
    code: object, completion: object, participation: object, errors: Collector
) -> tuple[str, str, str]:
    """ECRIS common category with its completion (C/A) and participation (M/H) parameters."""
    out_code = ""
    if code not in (None, ""):
        try:
            out_code = ecris.normalise_code(str(code)).code
        except DomainValidationError as exc:
            errors.extend(exc.errors)
    try:
        comp = ecris.Completion(str(completion or "").upper()).value
    except ValueError:
        errors.add("completion", "must be C (completed), A (attempt) or empty")
        comp = ""
    try:
        part = ecris.Participation(str(participation or "").upper()).value
    except ValueError:
        errors.add("participation", "must be M (perpetrator), H (aider or instigator) or empty")
        part = ""
    return out_code, comp, part


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
