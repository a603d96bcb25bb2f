"""Turning submitted person and case data (web form or API JSON) into checked values.

Every problem is reported with a dotted field path (``identifiers.1.value``) so that the web
form and the API name exactly the field at fault. Nothing is saved unless all of it is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import identifiers as ids
from . import mappa, notification, persons
from .errors import Collector, DomainValidationError
from .persons import NameInput
from .text import LONG_TEXT_MAX, clean_text

MAX_ITEMS = 50


@dataclass(frozen=True)
class AddressInput:
    line1: str
    line2: str
    town: str
    postcode: str
    country: str
    from_date: dt.date | None
    to_date: dt.date | None


@dataclass(frozen=True)
class ConvictionInput:
    date: dt.date
    court: str
    country: str
    offence_text: str
    ecris_code: str
    completion: str
    participation: str
    sentence: str


@dataclass
class PersonInput:
    names: list[NameInput] = field(default_factory=list)
    date_of_birth: dt.date | None = None
    sex: persons.Sex = persons.Sex.UNKNOWN
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[ids.Identifier] = field(default_factory=list)
    addresses: list[AddressInput] = field(default_factory=list)
    convictions: list[ConvictionInput] = field(default_factory=list)


def _items(data: Mapping[str, object], key: str, errors: Collector) -> list[Mapping[str, object]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        errors.add(key, "must be a list of objects")
        return []
    if len(value) > MAX_ITEMS:
        errors.add(key, f"at most {MAX_ITEMS} entries")
        return []
    return value


def _country(value: object, fld: str, errors: Collector, default: str = "GB") -> str:
    code = str(value).strip().upper() if value not in (None, "") else default
    if code == "EL":
        code = "GR"
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        errors.add(fld, "must be a two-letter country code")
        return default
    return code


def clean_identifier(
    item: Mapping[str, object], prefix: str, errors: Collector
) -> ids.Identifier | None:
    try:
        return ids.normalise_identifier(
            str(item.get("kind") or ""),
            item.get("value"),  # type: ignore[arg-type]
            str(item.get("country") or ""),
        )
    except DomainValidationError as exc:
        errors.extend(exc.prefixed(prefix.rstrip(".")).errors)
        return None


def clean_address(item: Mapping[str, object], prefix: str, errors: Collector) -> AddressInput:
    start = persons.parse_date(item.get("from_date"), f"{prefix}from_date", errors)
    end = persons.parse_date(item.get("to_date"), f"{prefix}to_date", errors)
    persons.check_period(start, end, prefix, errors)
    return AddressInput(
        clean_text(item.get("line1"), f"{prefix}line1", errors, required=True),
        clean_text(item.get("line2"), f"{prefix}line2", errors),
        clean_text(item.get("town"), f"{prefix}town", errors, max_length=100),
        clean_text(item.get("postcode"), f"{prefix}postcode", errors, max_length=20).upper(),
        _country(item.get("country"), f"{prefix}country", errors),
        start,
        end,
    )


def clean_conviction(
    item: Mapping[str, object], prefix: str, dob: dt.date | None, today: dt.date, errors: Collector
) -> ConvictionInput | None:
    local = Collector()
    day = persons.parse_date(item.get("date"), "date", local, required=True)
    persons.check_conviction(day, dob, today, local)
    code, comp, part = persons.clean_ecris(
        item.get("ecris_code"), item.get("completion"), item.get("participation"), local
    )
    result = ConvictionInput(
        day or today,
        clean_text(item.get("court"), "court", local),
        _country(item.get("country"), "country", local),
        clean_text(item.get("offence_text"), "offence_text", local, required=True, max_length=500),
        code,
        comp,
        part,
        clean_text(item.get("sentence"), "sentence", local, max_length=500),
    )
    errors.extend(
        DomainValidationError(local.errors).prefixed(prefix.rstrip(".")).errors
        if local.errors
        else []
    )
    return None if local.errors else result


def clean_person(data: Mapping[str, object], today: dt.date) -> PersonInput:
    """Check a whole person record; raises DomainValidationError listing every problem."""
    errors = Collector()
    out = PersonInput()
    for i, item in enumerate(_items(data, "names", errors)):
        name = persons.clean_name(
            item.get("family_name"),
            item.get("given_names"),
            item.get("kind"),
            f"names.{i}.",
            errors,
        )
        if name:
            out.names.append(name)
    primaries = [n for n in out.names if n.kind is persons.NameKind.PRIMARY]
    if not errors.errors and len(primaries) != 1:
        errors.add("names", "give exactly one primary name")
    out.date_of_birth = persons.parse_date(data.get("date_of_birth"), "date_of_birth", errors)
    persons.check_birth_date(out.date_of_birth, today, errors)
    out.sex = persons.clean_sex(data.get("sex"), errors)
    out.nationalities = persons.clean_nationalities(data.get("nationalities"), errors)
    seen: set[tuple[str, str, str]] = set()
    for i, item in enumerate(_items(data, "identifiers", errors)):
        ident = clean_identifier(item, f"identifiers.{i}.", errors)
        if ident:
            key = (ident.kind.value, ident.value, ident.country)
            if key in seen:
                errors.add(f"identifiers.{i}.value", "is given twice")
            seen.add(key)
            out.identifiers.append(ident)
    for i, item in enumerate(_items(data, "addresses", errors)):
        out.addresses.append(clean_address(item, f"addresses.{i}.", errors))
    for i, item in enumerate(_items(data, "convictions", errors)):
        conv = clean_conviction(item, f"convictions.{i}.", out.date_of_birth, today, errors)
        if conv:
            out.convictions.append(conv)
    errors.raise_if_any()
    return out


@dataclass(frozen=True)
class CaseInput:
    category: mappa.MappaCategory
    level: mappa.MappaLevel
    start_date: dt.date
    next_review_date: dt.date
    disposal: str
    disposal_date: dt.date | None
    custody_months: int | None
    discharge_months: int | None
    under_18: bool
    period: notification.NotificationPeriod | None


def _int_or_none(value: object, fld: str, errors: Collector) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors.add(fld, "must be a whole number")
        return None
    try:
        return int(str(value))
    except ValueError:
        errors.add(fld, "must be a whole number")
        return None


def _bool(value: object) -> bool:
    return value is True or str(value).lower() in {"1", "true", "yes", "on"}


def clean_case(
    data: Mapping[str, object],
    *,
    today: dt.date,
    date_of_birth: dt.date | None,
    policy: mappa.ReviewPolicy,
) -> CaseInput:
    """Check category, level, dates and the disposal; derive review date and notification."""
    errors = Collector()
    cat_level: tuple[mappa.MappaCategory, mappa.MappaLevel] | None = None
    try:
        cat_level = mappa.validate_category_level(data.get("category"), data.get("level"))  # type: ignore[arg-type]
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    start = persons.parse_date(data.get("start_date"), "start_date", errors) or today
    if start > today + dt.timedelta(days=366):
        errors.add("start_date", "cannot be more than a year ahead")
    requested = persons.parse_date(data.get("next_review_date"), "next_review_date", errors)
    disposal = str(data.get("disposal") or "")
    disposal_date = persons.parse_date(data.get("disposal_date"), "disposal_date", errors)
    custody = _int_or_none(data.get("custody_months"), "custody_months", errors)
    discharge = _int_or_none(data.get("discharge_months"), "discharge_months", errors)
    under_18 = _bool(data.get("under_18_at_disposal"))
    if date_of_birth and disposal_date:
        if disposal_date < date_of_birth:
            errors.add("disposal_date", "cannot be before the date of birth")
        under_18 = persons.age_on(date_of_birth, disposal_date) < 18
    if disposal_date and disposal_date > today:
        errors.add("disposal_date", "cannot be in the future")
    errors.raise_if_any()
    assert cat_level is not None
    category, level = cat_level
    try:
        review = mappa.next_review_date(max(start, today), level, policy, requested)
    except DomainValidationError as exc:
        errors.extend(exc.errors)
        review = start
    period = None
    if category is mappa.MappaCategory.REGISTERED_SEXUAL_OFFENDER:
        if not disposal:
            errors.add(
                "disposal",
                "a category 1 case needs the disposal to work out the notification period",
            )
        elif not disposal_date:
            errors.add("disposal_date", "a category 1 case needs the date of conviction or caution")
        else:
            try:
                period = notification.notification_period(
                    disposal,
                    disposal_date,
                    under_18=under_18,
                    custody_months=custody,
                    discharge_months=discharge,
                )
            except DomainValidationError as exc:
                errors.extend(exc.errors)
    elif disposal:
        try:
            notification.Disposal(disposal)
        except ValueError:
            errors.add("disposal", f"unknown disposal {disposal!r}")
    errors.raise_if_any()
    return CaseInput(
        category,
        level,
        start,
        review,
        disposal,
        disposal_date,
        custody,
        discharge,
        under_18,
        period,
    )


def clean_reason(value: object, fld: str, *, required: bool = True) -> str:
    errors = Collector()
    text = clean_text(value, fld, errors, required=required, max_length=1000, multiline=True)
    errors.raise_if_any()
    return text


__all__ = ["LONG_TEXT_MAX", "CaseInput", "PersonInput", "clean_case", "clean_person"]
