"""What a message says: one frozen dataclass per ``MessageType`` payload.

``parse_payload(type, payload)`` turns a received payload (decoded JSON) into typed content, or
raises one ``DomainValidationError`` naming every bad field by its path from ``payload``
("payload.person.birth_date: must be a date as YYYY-MM-DD"); ``to_payload()`` gives the JSON
back, and ``from_payload(to_payload(x)) == x``. Parse, don't validate: once parsed, content
holds only known codes, real dates and text within its limits. Fields the schema does not know
are refused, so a misspelt field is never lost in silence.

- Person identity is kept as sent beside a normal form for matching: names in any alphabet
  (NFC, case-folded and transliterated by ``domain/names.py``), dates of birth (partial dates
  allowed, as ECRIS sends them), identifiers (their stored form where the kind has a check).
- Conviction content follows [FD-2009-315] Art.11 [M]: obligatory (person, conviction date,
  court, date final, offences with their date and legal classification, penalties, later
  decisions), optional (parents' names, case reference, place of offence, disqualifications)
  and additional (identity numbers, aliases). Offence codes come from ``domain/ecris.py``,
  penalty codes from ``codes.py``; a conviction message names the table versions it used.
- Beyond ECRIS: the risk notification carries what [SOMEC-2015] found never crosses a border
  (category and level, RoSH ratings by group and setting, risk factors, warning signs,
  monitoring needs, a 24/7 contact, how long it holds, the journey or move); supervision
  transfer follows [FD-2008-947].
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, Self, TypeVar

from .. import ecris
from ..errors import Collector, DomainValidationError
from ..identifiers import IdentifierKind, normalise_identifier
from ..mappa import MappaCategory
from ..names import fold
from ..rosh.ratings import RISK_GROUPS, Rating, Setting
from ..text import NAME_MAX, SHORT_TEXT_MAX, clean_text
from ..vocabulary import Vocabulary
from . import codes
from ._read import Reader, dump_fields
from .envelope import MessageType, Purpose

PAYLOAD = "payload"
T = TypeVar("T")
MAX_OFFENCES = 50
MAX_PENALTIES = 50
MAX_RECORDS = 100
MAX_NAMES = 10

# Identity ------------------------------------------------------------------------------------


def normalise_name(text: str) -> str:
    """The matching form of a name: NFC, case-folded, transliterated to Latin letters and
    punctuation collapsed ("Ķēniņš" -> "kenins", "Ковальски" -> "kovalski")."""
    return fold(unicodedata.normalize("NFC", text).casefold())


@dataclass(frozen=True)
class Name:
    """A name exactly as sent (any alphabet) and its matching form."""

    as_sent: str
    normalised: str

    @classmethod
    def of(cls, text: str) -> Self:
        return cls(text, normalise_name(text))

    def to_payload(self) -> str:
        return self.as_sent


def _read_name(r: Reader, key: str, *, required: bool = False) -> Name | None:
    value = r.raw(key, required=required)
    if value is None:
        return None
    return _name_value(value, r.at(key), r.errors)


def _name_value(value: object, path: str, errors: Collector) -> Name | None:
    before = len(errors.errors)
    clean_text(value, path, errors, required=True, max_length=NAME_MAX)
    if len(errors.errors) > before:
        return None
    assert isinstance(value, str)
    name = Name.of(value)
    if not name.normalised:
        errors.add(path, "must hold at least one letter or digit")
        return None
    return name


def _read_names(r: Reader, key: str) -> tuple[Name, ...]:
    out = []
    for i, v in enumerate(r.items(key, max_items=MAX_NAMES)):
        name = _name_value(v, f"{r.at(key)}.{i}", r.errors)
        if name is not None:
            out.append(name)
    return tuple(out)


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date as sent (``1984-03-07``; ``1984-03`` or ``1984`` where the day or month is not
    known) and its normal form: the first day it can be, with its precision."""

    as_sent: str
    value: dt.date
    precision: DatePrecision

    def to_payload(self) -> str:
        return self.as_sent

    @classmethod
    def parse(cls, text: object) -> Self | None:
        if not isinstance(text, str):
            return None
        m = _PARTIAL.match(text.strip())
        if not m:
            return None
        year, month, day = m.groups()
        # ECRIS writes an unknown day or month as 00.
        if month in (None, "00"):
            precision, month, day = DatePrecision.YEAR, "01", "01"
        elif day in (None, "00"):
            precision, day = DatePrecision.MONTH, "01"
        else:
            precision = DatePrecision.DAY
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
        if value.year < 1880:
            return None
        return cls(text, value, precision)


def _read_partial_date(r: Reader, key: str, *, required: bool = False) -> PartialDate | None:
    value = r.raw(key, required=required)
    if value is None:
        return None
    parsed = PartialDate.parse(value)
    if parsed is None:
        r.add(key, "must be a date as YYYY-MM-DD (YYYY-MM or YYYY where not fully known)")
    return parsed


class Sex(Vocabulary):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


def _read_country(r: Reader, key: str, *, required: bool = False) -> str:
    found = r.lookup(
        key, codes.country_code, "country code (ISO 3166-1, EL for Greece)", required=required
    )
    return found or ""


@dataclass(frozen=True)
class Place:
    """A place as sent (town, region) with its country."""

    town: str = ""
    country: str = ""

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        place = cls(town=r.text("town"), country=_read_country(r, "country"))
        r.done()
        if not place.town and not place.country:
            r.errors.add(r.path, "give a town or a country")
        return place

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)


@dataclass(frozen=True)
class PersonIdentifier:
    """An identifier as sent and its stored form (``domain/identifiers.py``): the kinds this
    platform knows are checked (a PESEL's check digit, a PNC ID's letter), so a match on it is
    a match on the same number."""

    kind: IdentifierKind
    value: str
    normalised: str
    country: str = ""

    def to_payload(self) -> dict[str, Any]:
        out = {"kind": self.kind.value, "value": self.value}
        if self.country:
            out["country"] = self.country
        return out

    @classmethod
    def read(cls, r: Reader) -> Self | None:
        kind = r.choice("kind", IdentifierKind, required=True)
        value = r.text("value", required=True, max_length=60)
        country = _read_country(r, "country")
        r.done()
        if kind is None or not value:
            return None
        try:
            ident = normalise_identifier(kind, value, country)
        except DomainValidationError as exc:
            r.errors.extend(exc.prefixed(r.path).errors)
            return None
        return cls(kind, value, ident.value, country)


@dataclass(frozen=True)
class Person:
    """Who the message is about ([FD-2009-315] Art.11(1)(a) [M])."""

    family_names: tuple[Name, ...]
    given_names: tuple[Name, ...]
    birth_date: PartialDate
    sex: Sex
    nationalities: tuple[str, ...]
    birth_place: Place | None = None
    previous_names: tuple[Name, ...] = ()
    aliases: tuple[Name, ...] = ()
    father_name: Name | None = None
    mother_name: Name | None = None
    identifiers: tuple[PersonIdentifier, ...] = ()

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @property
    def full_name(self) -> str:
        return " ".join(n.as_sent for n in (*self.given_names, *self.family_names))

    @property
    def match_names(self) -> list[str]:
        """Every name to search on, in its matching form."""
        full = " ".join(n.normalised for n in (*self.given_names, *self.family_names))
        return [full, *(n.normalised for n in (*self.previous_names, *self.aliases))]

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        family = _read_names(r, "family_names")
        if not r.data.get("family_names"):
            r.add("family_names", "is required (at least one)")
        given = _read_names(r, "given_names")
        birth_date = _read_partial_date(r, "birth_date", required=True)
        sex = r.choice("sex", Sex, required=True)
        nationalities = []
        for i, v in enumerate(r.items("nationalities", required=True, max_items=10)):
            code = codes.country_code(v) if isinstance(v, str) else None
            if code is None:
                r.errors.add(
                    f"{r.at('nationalities')}.{i}",
                    "must be a country code (ISO 3166-1 alpha-2, EL for Greece)",
                )
            elif code not in nationalities:
                nationalities.append(code)
        birth_place = Place.read(r.obj("birth_place"))
        previous = _read_names(r, "previous_names")
        aliases = _read_names(r, "aliases")
        father = _read_name(r, "father_name")
        mother = _read_name(r, "mother_name")
        identifiers = tuple(
            i
            for i in (PersonIdentifier.read(x) for x in r.objects("identifiers", max_items=20))
            if i is not None
        )
        r.done()
        if birth_date is None or sex is None or not family:
            return None
        return cls(
            family_names=family,
            given_names=given,
            birth_date=birth_date,
            sex=sex,
            nationalities=tuple(nationalities),
            birth_place=birth_place,
            previous_names=previous,
            aliases=aliases,
            father_name=father,
            mother_name=mother,
            identifiers=identifiers,
        )


# Authorities and tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class Authority:
    """A court or authority: its name as sent, where it sits, and its reference."""

    name: str
    country: str = ""
    town: str = ""
    reference: str = ""

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        out = cls(
            name=r.text("name", required=True),
            country=_read_country(r, "country"),
            town=r.text("town"),
            reference=r.text("reference", max_length=100),
        )
        r.done()
        return out if out.name else None


def _read_tables(r: Reader, needed: tuple[str, ...]) -> dict[str, str]:
    """``payload.tables``: the version of each code table the content uses; a version this
    node does not hold is refused (its codes could mean something else)."""
    t = r.obj("tables", required=True)
    if t is None:
        return {}
    out = {}
    for key in needed:
        version = t.text(key, required=True)
        if version and version != codes.TABLE_VERSIONS[key]:
            t.add(
                key,
                f"table version {version!r} is not known here "
                f"(this node holds {codes.TABLE_VERSIONS[key]!r})",
            )
        out[key] = version
    t.done()
    return out


# Convictions ---------------------------------------------------------------------------------


class Exemption(StrEnum):
    """Exemption from criminal responsibility ([DEC-2009-316] Annex A: S)."""

    NONE = ""
    INSANITY_OR_DIMINISHED = "S"


@dataclass(frozen=True)
class Offence:
    code: str  # ECRIS common table, "1001 00"
    legal_classification: str  # the national offence's name and legal provisions, as sent
    date: PartialDate
    completion: ecris.Completion = ecris.Completion.NOT_TRANSMITTED
    participation: ecris.Participation = ecris.Participation.NOT_TRANSMITTED
    exemption: Exemption = Exemption.NONE
    recidivism: bool = False
    end_date: PartialDate | None = None
    place: Place | None = None
    number_of_occurrences: int | None = None

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader) -> Self | None:
        found = r.lookup("code", codes.offence, "ECRIS offence code", required=True)
        legal = r.text("legal_classification", required=True, max_length=1000)
        date = _read_partial_date(r, "date", required=True)
        completion = r.choice("completion", ecris.Completion)
        participation = r.choice("participation", ecris.Participation)
        exemption = r.choice("exemption", Exemption)
        recidivism = r.boolean("recidivism")
        end_date = _read_partial_date(r, "end_date")
        place = Place.read(r.obj("place"))
        occurrences = r.integer("number_of_occurrences", minimum=1)
        r.done()
        if found is None or not legal or date is None:
            return None
        return cls(
            code=found.code,
            legal_classification=legal,
            date=date,
            completion=completion or ecris.Completion.NOT_TRANSMITTED,
            participation=participation or ecris.Participation.NOT_TRANSMITTED,
            exemption=exemption or Exemption.NONE,
            recidivism=recidivism,
            end_date=end_date,
            place=place,
            number_of_occurrences=occurrences,
        )


class Nature(StrEnum):
    PENALTY = "penalty"
    MEASURE = "measure"


class Suspension(StrEnum):
    """Whether a penalty is suspended ([DEC-2009-316] Annex B parameters [M])."""

    NONE = ""
    SUSPENDED = "suspended"
    PARTIALLY_SUSPENDED = "partially_suspended"
    SUSPENDED_WITH_SUPERVISION = "suspended_with_supervision"
    PARTIALLY_SUSPENDED_WITH_SUPERVISION = "partially_suspended_with_supervision"


@dataclass(frozen=True)
class Duration:
    years: int = 0
    months: int = 0
    days: int = 0
    hours: int = 0  # community work is counted in hours

    def to_payload(self) -> dict[str, Any]:
        return {k: v for k, v in dump_fields(self).items() if v}

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        out = cls(
            years=r.integer("years", maximum=150) or 0,
            months=r.integer("months", maximum=1800) or 0,
            days=r.integer("days", maximum=55_000) or 0,
            hours=r.integer("hours", maximum=10_000) or 0,
        )
        r.done()
        if out == cls():
            r.errors.add(r.path, "give at least one of years, months, days or hours")
            return None
        return out


@dataclass(frozen=True)
class Amount:
    value: str  # decimal as text, e.g. "1500.00", never a float
    currency: str  # ISO 4217

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        value = r.text("value", required=True, max_length=20)
        currency = r.text("currency", required=True, max_length=3)
        r.done()
        if value and not re.fullmatch(r"\d{1,15}(\.\d{1,2})?", value):
            r.add("value", "must be an amount such as 1500.00")
            return None
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            r.add("currency", "must be a currency code such as EUR")
            return None
        return cls(value, currency) if value and currency else None


@dataclass(frozen=True)
class Penalty:
    code: str  # common table of penalties and measures, "3014"
    nature: Nature = Nature.PENALTY
    description: str = ""  # the national penalty as sent
    duration: Duration | None = None
    life: bool = False
    amount: Amount | None = None
    suspension: Suspension = Suspension.NONE
    suspended_duration: Duration | None = None
    specific_to_minors: bool = False
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader) -> Self | None:
        found = r.lookup("code", codes.penalty, "penalty or measure code", required=True)
        nature = r.choice("nature", Nature)
        description = r.text("description", max_length=1000)
        duration = Duration.read(r.obj("duration"))
        life = r.boolean("life")
        amount = Amount.read(r.obj("amount"))
        suspension = r.choice("suspension", Suspension)
        suspended_duration = Duration.read(r.obj("suspended_duration"))
        minors = r.boolean("specific_to_minors")
        start = r.date("start_date")
        end = r.date("end_date")
        r.done()
        if start and end and end < start:
            r.add("end_date", "must not be before start_date")
        if life and duration is not None:
            r.add("duration", "a life sentence has no duration")
        if found is None:
            return None
        return cls(
            code=found.code,
            nature=nature or Nature.PENALTY,
            description=description,
            duration=duration,
            life=life,
            amount=amount,
            suspension=suspension or Suspension.NONE,
            suspended_duration=suspended_duration,
            specific_to_minors=minors,
            start_date=start,
            end_date=end,
        )


class DecisionChange(Vocabulary):
    """Later decisions changing the execution of a sentence ([DEC-2009-316] Annex B
    parameters [M]; the ECRIS letter codes are [U], so words are exchanged)."""

    CONVERSION = "conversion", "Conversion of the penalty"
    REVOCATION_OF_SUSPENSION = "revocation_of_suspension", "Revocation of suspension"
    SUBSEQUENT_OVERALL_PENALTY = "subsequent_overall_penalty", "Subsequent overall penalty"
    INTERRUPTION = "interruption", "Interruption or postponement of execution"
    REMISSION = "remission", "Remission"
    PARDON = "pardon", "Pardon"
    AMNESTY = "amnesty", "Amnesty"
    CONDITIONAL_RELEASE = "conditional_release", "Conditional release"
    REVOCATION_OF_RELEASE = "revocation_of_release", "Revocation of conditional release"
    END_OF_PENALTY = "end_of_penalty", "End of the penalty"
    REHABILITATION = "rehabilitation", "Rehabilitation"
    OTHER = "other", "Other later decision"


@dataclass(frozen=True)
class LaterDecision:
    kind: DecisionChange
    date: dt.date
    description: str = ""
    authority: Authority | None = None

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader) -> Self | None:
        kind = r.choice("kind", DecisionChange, required=True)
        date = r.date("date", required=True)
        description = r.text("description", max_length=2000)
        authority = Authority.read(r.obj("authority"))
        r.done()
        if kind is None or date is None:
            return None
        return cls(kind, date, description, authority)


@dataclass(frozen=True)
class Conviction:
    """One conviction ([FD-2009-315] Art.11 [M]). ``conviction_id`` is the convicting state's
    own id for it: updates and deletions name it."""

    conviction_id: str
    conviction_date: dt.date
    court: Authority
    offences: tuple[Offence, ...]
    penalties: tuple[Penalty, ...]
    date_final: dt.date | None = None
    case_reference: str = ""
    later_decisions: tuple[LaterDecision, ...] = ()
    disqualifications: tuple[Penalty, ...] = ()
    remarks: str = ""

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        cid = r.message_id("conviction_id", required=True)
        date = r.date("conviction_date", required=True)
        court = Authority.read(r.obj("court", required=True))
        final = r.date("date_final")
        reference = r.text("case_reference", max_length=100)
        offences = [
            Offence.read(o) for o in r.objects("offences", required=True, max_items=MAX_OFFENCES)
        ]
        penalties = [
            Penalty.read(p) for p in r.objects("penalties", required=True, max_items=MAX_PENALTIES)
        ]
        later = [LaterDecision.read(d) for d in r.objects("later_decisions", max_items=50)]
        disq = [Penalty.read(d) for d in r.objects("disqualifications", max_items=MAX_PENALTIES)]
        remarks = r.long_text("remarks")
        r.done()
        if date and final and final < date:
            r.add("date_final", "must not be before conviction_date")
        if not cid or date is None or court is None:
            return None
        if None in offences or None in penalties or None in later or None in disq:
            return None
        return cls(
            conviction_id=cid,
            conviction_date=date,
            court=court,
            offences=tuple(o for o in offences if o),
            penalties=tuple(p for p in penalties if p),
            date_final=final,
            case_reference=reference,
            later_decisions=tuple(d for d in later if d),
            disqualifications=tuple(d for d in disq if d),
            remarks=remarks,
        )


# Payloads ------------------------------------------------------------------------------------


class Content(Protocol):
    TYPE: ClassVar[MessageType]

    def to_payload(self) -> dict[str, Any]: ...


def _start(payload: object) -> tuple[Reader, Collector]:
    errors = Collector()
    return Reader(payload, PAYLOAD, errors), errors


def _finish(r: Reader, errors: Collector, make: Callable[[], T]) -> T:
    """Refuse unknown keys, raise every error found, else build the content (the lambda
    runs only when nothing was missing, so its None-checked values are all present)."""
    r.done()
    errors.raise_if_any()
    return make()


@dataclass(frozen=True)
class ConvictionNew:
    """Notification of a new conviction to each state of nationality ([FD-2009-315] Art.4)."""

    TYPE: ClassVar[MessageType] = MessageType.CONVICTION_NEW
    person: Person
    conviction: Conviction
    tables: dict[str, str] = field(default_factory=dict, hash=False)

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        person = Person.read(r.obj("person", required=True))
        conviction = Conviction.read(r.obj("conviction", required=True))
        tables = _read_tables(r, ("offences", "penalties"))
        return _finish(r, errors, lambda: cls(person, conviction, tables))  # type: ignore[arg-type]


@dataclass(frozen=True)
class ConvictionUpdate:
    """A later alteration of a notified conviction ([FD-2009-315] Art.4(3)): the whole
    conviction as it now stands, naming the original by its id."""

    TYPE: ClassVar[MessageType] = MessageType.CONVICTION_UPDATE
    original_conviction_id: str
    person: Person
    conviction: Conviction
    reason: str
    tables: dict[str, str] = field(default_factory=dict, hash=False)

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        original = r.message_id("original_conviction_id", required=True)
        person = Person.read(r.obj("person", required=True))
        conviction = Conviction.read(r.obj("conviction", required=True))
        reason = r.text("reason", required=True, max_length=2000)
        tables = _read_tables(r, ("offences", "penalties"))
        return _finish(
            r,
            errors,
            lambda: cls(original, person, conviction, reason, tables),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class ConvictionDeletion:
    """A notified conviction deleted in the convicting state ([FD-2009-315] Art.4(3), 5(2)):
    the receiver deletes its copy."""

    TYPE: ClassVar[MessageType] = MessageType.CONVICTION_DELETION
    original_conviction_id: str
    person: Person
    reason: str
    deleted_on: dt.date

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        original = r.message_id("original_conviction_id", required=True)
        person = Person.read(r.obj("person", required=True))
        reason = r.text("reason", required=True, max_length=2000)
        deleted_on = r.date("deleted_on", required=True)
        return _finish(
            r,
            errors,
            lambda: cls(original, person, reason, deleted_on),  # type: ignore[arg-type]
        )


# Purposes a record request may be made for ([FD-2009-315] Art.6, 7 [M]).
REQUEST_PURPOSES = (
    Purpose.CRIMINAL_PROCEEDINGS,
    Purpose.OTHER_LAWFUL_PURPOSE,
    Purpose.WORK_WITH_CHILDREN,
    Purpose.OWN_REQUEST,
)


@dataclass(frozen=True)
class RecordRequest:
    """A request for criminal-record information ([FD-2009-315] Art.6)."""

    TYPE: ClassVar[MessageType] = MessageType.RECORD_REQUEST
    purpose: Purpose
    person: Person
    reason: str
    requesting_authority: Authority
    case_reference: str = ""

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        purpose = r.choice("purpose", Purpose, required=True)
        if purpose is not None and purpose not in REQUEST_PURPOSES:
            r.add("purpose", "a record request is made for " + ", ".join(REQUEST_PURPOSES))
        person = Person.read(r.obj("person", required=True))
        reason = r.text("reason", required=True, max_length=2000)
        authority = Authority.read(r.obj("requesting_authority", required=True))
        reference = r.text("case_reference", max_length=100)
        return _finish(
            r,
            errors,
            lambda: cls(purpose, person, reason, authority, reference),  # type: ignore[arg-type]
        )


class RecordOutcome(Vocabulary):
    RECORDS = "records", "Convictions found"
    NONE = "none", "No convictions recorded"
    REFUSED = "refused", "Request refused"


@dataclass(frozen=True)
class RecordResponse:
    """The answer to a record request ([FD-2009-315] Art.7): the convictions, or none."""

    TYPE: ClassVar[MessageType] = MessageType.RECORD_RESPONSE
    outcome: RecordOutcome
    person: Person | None = None
    convictions: tuple[Conviction, ...] = ()
    remarks: str = ""
    tables: dict[str, str] = field(default_factory=dict, hash=False)

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        outcome = r.choice("outcome", RecordOutcome, required=True)
        person = Person.read(r.obj("person"))
        convictions = [Conviction.read(c) for c in r.objects("convictions", max_items=MAX_RECORDS)]
        remarks = r.long_text("remarks")
        tables: dict[str, str] = {}
        r.seen.add("tables")  # read only when there are records to code
        if outcome is RecordOutcome.RECORDS:
            if not convictions:
                r.add("convictions", "is required when the outcome is records")
            tables = _read_tables(r, ("offences", "penalties"))
        elif convictions:
            r.add("convictions", f"must be empty when the outcome is {outcome}")
        if outcome is RecordOutcome.REFUSED and not remarks:
            r.add("remarks", "give the reason for refusing")
        return _finish(
            r,
            errors,
            lambda: cls(
                outcome,  # type: ignore[arg-type]
                person,
                tuple(c for c in convictions if c),
                remarks,
                tables,
            ),
        )


class MissingItem(Vocabulary):
    """What a requested state needs to identify the person ([FD-2009-315] Art.8(2) [M])."""

    BIRTH_DATE = "birth_date", "Full date of birth"
    BIRTH_PLACE = "birth_place", "Place of birth"
    PARENTS_NAMES = "parents_names", "Parents' names"
    PREVIOUS_NAMES = "previous_names", "Previous names or aliases"
    IDENTIFIERS = "identifiers", "Identity numbers"
    NATIONALITY = "nationality", "Nationality"
    FINGERPRINTS = "fingerprints", "Fingerprints"
    OTHER = "other", "Something else (see the explanation)"


@dataclass(frozen=True)
class IdentificationRequest:
    """A request for more information to identify the person; the reply deadline restarts
    when it arrives ([FD-2009-315] Art.8(2) [M])."""

    TYPE: ClassVar[MessageType] = MessageType.IDENTIFICATION_REQUEST
    missing: tuple[MissingItem, ...]
    explanation: str = ""

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        missing: list[MissingItem] = []
        for i, v in enumerate(r.items("missing", required=True, max_items=len(MissingItem))):
            try:
                item = MissingItem(v if isinstance(v, str) else "?")
            except ValueError:
                r.errors.add(
                    f"{r.at('missing')}.{i}",
                    "unknown item; expected one of " + ", ".join(MissingItem),
                )
                continue
            if item not in missing:
                missing.append(item)
        explanation = r.text("explanation", max_length=2000)
        if MissingItem.OTHER in missing and not explanation:
            r.add("explanation", "say what else is needed")
        return _finish(r, errors, lambda: cls(tuple(missing), explanation))


@dataclass(frozen=True)
class DelayNotice:
    """The requested state cannot answer in time: why, and by when it expects to."""

    TYPE: ClassVar[MessageType] = MessageType.DELAY_NOTICE
    reason: str
    expected_date: dt.date

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        reason = r.text("reason", required=True, max_length=2000)
        expected = r.date("expected_date", required=True)
        return _finish(r, errors, lambda: cls(reason, expected))  # type: ignore[arg-type]


class AckCode(Vocabulary):
    RECEIVED = "received", "Received"
    ACCEPTED = "accepted", "Accepted for processing"
    APPLIED = "applied", "Applied"


class ErrorCode(Vocabulary):
    INVALID_CONTENT = "invalid_content", "The content could not be read"
    UNKNOWN_CODE = "unknown_code", "A code is not in the tables this node holds"
    PERSON_NOT_IDENTIFIED = "person_not_identified", "The person could not be identified"
    NOT_COMPETENT = "not_competent", "This authority is not competent"
    PURPOSE_NOT_ALLOWED = "purpose_not_allowed", "The purpose is not allowed"
    UNKNOWN_REFERENCE = "unknown_reference", "The message referred to is not known"
    TECHNICAL = "technical", "Technical problem"


@dataclass(frozen=True)
class Acknowledgement:
    TYPE: ClassVar[MessageType] = MessageType.ACKNOWLEDGEMENT
    code: AckCode
    text: str = ""

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        code = r.choice("code", AckCode, required=True)
        text = r.text("text", max_length=2000)
        return _finish(r, errors, lambda: cls(code, text))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Error:
    TYPE: ClassVar[MessageType] = MessageType.ERROR
    code: ErrorCode
    text: str = ""
    fields: tuple[str, ...] = ()  # the paths of the fields at fault, where known

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        code = r.choice("code", ErrorCode, required=True)
        text = r.text("text", max_length=2000)
        fields = r.texts("fields", max_items=50, max_length=SHORT_TEXT_MAX)
        return _finish(r, errors, lambda: cls(code, text, fields))  # type: ignore[arg-type]


# Risk notification -------------------------------------------------------------------------------


class RiskCategory(Vocabulary):
    """Why the person is managed, in words other states can read ([SOMEC-2015]: many states
    have no category for serious violent or sexual offenders, so the meaning travels with the
    code). The MAPPA categories are the sending node's; other nodes may send ``other``."""

    REGISTERED_SEXUAL_OFFENDER = "registered_sexual_offender", "Registered sexual offender"
    VIOLENT_OR_OTHER_SEXUAL = "violent_or_other_sexual", "Violent or other sexual offender"
    OTHER_DANGEROUS = "other_dangerous", "Other dangerous offender"
    TERRORIST = "terrorist", "Terrorist or terrorist-risk offender"
    OTHER = "other", "Other (see the description)"

    @classmethod
    def from_mappa(cls, category: int) -> RiskCategory:
        """The exchanged category of a MAPPA category (1-4, ``domain/mappa.py``)."""
        return _FROM_MAPPA.get(int(category), RiskCategory.OTHER)


_FROM_MAPPA: dict[int, RiskCategory] = {
    MappaCategory.REGISTERED_SEXUAL_OFFENDER: RiskCategory.REGISTERED_SEXUAL_OFFENDER,
    MappaCategory.VIOLENT_OR_OTHER_SEXUAL: RiskCategory.VIOLENT_OR_OTHER_SEXUAL,
    MappaCategory.OTHER_DANGEROUS: RiskCategory.OTHER_DANGEROUS,
    MappaCategory.TERRORIST: RiskCategory.TERRORIST,
}


class TravelKind(Vocabulary):
    TRIP = "trip", "Travel abroad"
    MOVE = "move", "Moving abroad"


@dataclass(frozen=True)
class GroupRating:
    setting: Setting
    group: str
    rating: Rating

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader) -> Self | None:
        setting = r.choice("setting", Setting, required=True)
        group = r.text("group", required=True)
        rating = r.choice("rating", Rating, required=True)
        r.done()
        if setting is not None and group:
            allowed = [g for g, _ in RISK_GROUPS[setting]]
            if group not in allowed:
                r.add(
                    "group", f"unknown group {group[:40]!r}; expected one of " + ", ".join(allowed)
                )
                return None
        if setting is None or rating is None or not group:
            return None
        return cls(setting, group, rating)


@dataclass(frozen=True)
class Contact:
    """The 24/7 point of contact for the person while abroad."""

    name: str
    organisation: str
    telephone: str
    email: str = ""
    role: str = ""
    available_24_7: bool = False

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        name = r.text("name", required=True)
        organisation = r.text("organisation", required=True)
        telephone = r.text("telephone", required=True, max_length=40)
        email = r.text("email", max_length=254)
        role = r.text("role")
        always = r.boolean("available_24_7")
        r.done()
        if telephone and not re.fullmatch(r"\+?[0-9 ()-]{5,30}", telephone):
            r.add("telephone", "must be a telephone number such as +44 20 7946 0000")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            r.add("email", "must be an email address")
        if not (name and organisation and telephone):
            return None
        return cls(name, organisation, telephone, email, role, always)


@dataclass(frozen=True)
class Destination:
    country: str
    place: str = ""
    arrive: dt.date | None = None
    leave: dt.date | None = None

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader) -> Self | None:
        country = _read_country(r, "country", required=True)
        place = r.text("place")
        arrive = r.date("arrive")
        leave = r.date("leave")
        r.done()
        if arrive and leave and leave < arrive:
            r.add("leave", "must not be before arrive")
        return cls(country, place, arrive, leave) if country else None


@dataclass(frozen=True)
class Travel:
    """The journey or move that prompts the notification (SOA 2003 foreign travel: dates,
    destinations, address abroad)."""

    kind: TravelKind
    departure: dt.date
    destinations: tuple[Destination, ...]
    return_date: dt.date | None = None
    address_abroad: str = ""
    transport: str = ""

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        kind = r.choice("kind", TravelKind, required=True)
        departure = r.date("departure", required=True)
        destinations = [
            Destination.read(d) for d in r.objects("destinations", required=True, max_items=20)
        ]
        ret = r.date("return_date")
        address = r.text("address_abroad", max_length=500)
        transport = r.text("transport", max_length=500)
        r.done()
        if departure and ret and ret < departure:
            r.add("return_date", "must not be before departure")
        if kind is TravelKind.MOVE and not address:
            r.add("address_abroad", "is required for a move abroad")
        if kind is None or departure is None or not destinations or None in destinations:
            return None
        return cls(kind, departure, tuple(d for d in destinations if d), ret, address, transport)


@dataclass(frozen=True)
class RiskNotification:
    """Risk information on a person travelling to or settling in the receiving state
    ([SOMEC-2015]: beyond ECRIS). The ratings are a professional assessment, not facts."""

    TYPE: ClassVar[MessageType] = MessageType.RISK_NOTIFICATION
    person: Person
    category: RiskCategory
    level: int | None  # the sender's management level (MAPPA 1-3), None where it has none
    summary: str
    ratings: tuple[GroupRating, ...]
    risk_factors: tuple[str, ...]
    warning_signs: tuple[str, ...]
    monitoring_needs: tuple[str, ...]
    contact: Contact
    valid_from: dt.date
    valid_until: dt.date
    travel: Travel | None = None
    category_description: str = ""
    offences: tuple[str, ...] = ()  # ECRIS codes of the index offences
    legal_basis: str = ""
    assessed_on: dt.date | None = None
    tables: dict[str, str] = field(default_factory=dict, hash=False)

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @property
    def overall(self) -> dict[str, Rating]:
        """The highest rating per setting."""
        order = list(Rating)
        out: dict[str, Rating] = {}
        for g in self.ratings:
            best = out.get(g.setting)
            if best is None or order.index(g.rating) > order.index(best):
                out[g.setting] = g.rating
        return out

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        person = Person.read(r.obj("person", required=True))
        category = r.choice("category", RiskCategory, required=True)
        description = r.text("category_description", max_length=1000)
        if category is RiskCategory.OTHER and not description:
            r.add("category_description", "describe the category when it is other")
        level = r.integer("level", minimum=1, maximum=3)
        summary = r.long_text("summary", required=True)
        ratings = [GroupRating.read(g) for g in r.objects("ratings", required=True, max_items=20)]
        seen = set()
        for i, g in enumerate(ratings):
            if g is not None and (g.setting, g.group) in seen:
                r.errors.add(f"{r.at('ratings')}.{i}", "this group and setting is rated twice")
            elif g is not None:
                seen.add((g.setting, g.group))
        factors = r.texts("risk_factors", required=True, max_items=50)
        signs = r.texts("warning_signs", required=True, max_items=50)
        needs = r.texts("monitoring_needs", max_items=50)
        contact = Contact.read(r.obj("contact", required=True))
        valid_from = r.date("valid_from", required=True)
        valid_until = r.date("valid_until", required=True)
        if valid_from and valid_until and valid_until < valid_from:
            r.add("valid_until", "must not be before valid_from")
        travel = Travel.read(r.obj("travel"))
        offences = []
        for i, v in enumerate(r.items("offences", max_items=MAX_OFFENCES)):
            found = codes.offence(v) if isinstance(v, str) else None
            if found is None:
                r.errors.add(f"{r.at('offences')}.{i}", f"unknown ECRIS offence code {v!r:.40}")
            else:
                offences.append(found.code)
        legal_basis = r.text("legal_basis", max_length=1000)
        assessed_on = r.date("assessed_on")
        tables: dict[str, str] = {}
        if offences:
            tables = _read_tables(r, ("offences",))
        else:
            r.seen.add("tables")
        return _finish(
            r,
            errors,
            lambda: cls(
                person=person,  # type: ignore[arg-type]
                category=category,  # type: ignore[arg-type]
                level=level,
                summary=summary,
                ratings=tuple(g for g in ratings if g),
                risk_factors=factors,
                warning_signs=signs,
                monitoring_needs=needs,
                contact=contact,  # type: ignore[arg-type]
                valid_from=valid_from,  # type: ignore[arg-type]
                valid_until=valid_until,  # type: ignore[arg-type]
                travel=travel,
                category_description=description,
                offences=tuple(offences),
                legal_basis=legal_basis,
                assessed_on=assessed_on,
                tables=tables,
            ),
        )


# Supervision transfer (FD 2008/947) -----------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One probation measure or alternative sanction ([FD-2008-947] Art.4(1) [M]), coded in
    the common table of penalties and measures, with its conditions as sent."""

    code: str
    conditions: str

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader) -> Self | None:
        found = r.lookup("code", codes.penalty, "penalty or measure code", required=True)
        conditions = r.text("conditions", required=True, max_length=2000)
        r.done()
        return cls(found.code, conditions) if found and conditions else None


@dataclass(frozen=True)
class Residence:
    address: str
    country: str
    lawful_and_ordinary: bool = False  # the person lawfully and ordinarily resides there
    person_consents: bool = False  # the person wishes to return or move there

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def read(cls, r: Reader | None) -> Self | None:
        if r is None:
            return None
        address = r.text("address", required=True, max_length=500)
        country = _read_country(r, "country", required=True)
        lawful = r.boolean("lawful_and_ordinary")
        consents = r.boolean("person_consents")
        r.done()
        return cls(address, country, lawful, consents) if address and country else None


@dataclass(frozen=True)
class SupervisionTransferRequest:
    """A request that the receiving state recognise a judgment and supervise the probation
    measures ([FD-2008-947] Art.5 [M]): the state of lawful and ordinary residence, or
    another with its consent."""

    TYPE: ClassVar[MessageType] = MessageType.SUPERVISION_TRANSFER_REQUEST
    person: Person
    judgment: Authority
    judgment_date: dt.date
    measures: tuple[Measure, ...]
    starts: dt.date
    ends: dt.date
    residence: Residence
    reason: str
    conviction: Conviction | None = None
    remarks: str = ""
    tables: dict[str, str] = field(default_factory=dict, hash=False)

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        person = Person.read(r.obj("person", required=True))
        judgment = Authority.read(r.obj("judgment", required=True))
        judgment_date = r.date("judgment_date", required=True)
        measures = [Measure.read(m) for m in r.objects("measures", required=True, max_items=30)]
        starts = r.date("starts", required=True)
        ends = r.date("ends", required=True)
        if starts and ends and ends < starts:
            r.add("ends", "must not be before starts")
        residence = Residence.read(r.obj("residence", required=True))
        reason = r.text("reason", required=True, max_length=2000)
        conviction = Conviction.read(r.obj("conviction"))
        remarks = r.long_text("remarks")
        tables = _read_tables(r, ("offences", "penalties") if conviction else ("penalties",))
        return _finish(
            r,
            errors,
            lambda: cls(
                person,  # type: ignore[arg-type]
                judgment,  # type: ignore[arg-type]
                judgment_date,  # type: ignore[arg-type]
                tuple(m for m in measures if m),
                starts,  # type: ignore[arg-type]
                ends,  # type: ignore[arg-type]
                residence,  # type: ignore[arg-type]
                reason,
                conviction,
                remarks,
                tables,
            ),
        )


class TransferDecision(Vocabulary):
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_WITH_ADAPTATION = "accepted_with_adaptation", "Accepted with adapted measures"
    REFUSED = "refused", "Refused"


class RefusalGround(Vocabulary):
    """Grounds for refusing recognition ([FD-2008-947] Art.11 [M])."""

    INCOMPLETE_CERTIFICATE = "incomplete_certificate", "The certificate is incomplete"
    NOT_RESIDENT = "not_resident", "The person does not reside in the executing state"
    NO_CONSENT = "no_consent", "The person has not consented"
    NE_BIS_IN_IDEM = "ne_bis_in_idem", "Already judged for the same acts"
    DOUBLE_CRIMINALITY = "double_criminality", "Not an offence in the executing state"
    TIME_BARRED = "time_barred", "Execution is time-barred"
    IMMUNITY = "immunity", "The person has immunity"
    MINOR = "minor", "Below the age of criminal responsibility"
    SHORT_DURATION = "short_duration", "The measure lasts less than six months"
    OTHER = "other", "Other ground (see the reason)"


@dataclass(frozen=True)
class SupervisionTransferResponse:
    TYPE: ClassVar[MessageType] = MessageType.SUPERVISION_TRANSFER_RESPONSE
    decision: TransferDecision
    reason: str = ""
    ground: RefusalGround | None = None
    adapted_measures: tuple[Measure, ...] = ()
    supervising_authority: Authority | None = None

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        decision = r.choice("decision", TransferDecision, required=True)
        reason = r.text("reason", max_length=2000)
        ground = r.choice("ground", RefusalGround)
        adapted = [Measure.read(m) for m in r.objects("adapted_measures", max_items=30)]
        authority = Authority.read(r.obj("supervising_authority"))
        if decision is TransferDecision.REFUSED:
            if ground is None:
                r.add("ground", "is required when refusing")
            if not reason:
                r.add("reason", "is required when refusing")
        if decision is TransferDecision.ACCEPTED_WITH_ADAPTATION and not adapted:
            r.add("adapted_measures", "is required when the measures are adapted")
        return _finish(
            r,
            errors,
            lambda: cls(
                decision,  # type: ignore[arg-type]
                reason,
                ground,
                tuple(m for m in adapted if m),
                authority,
            ),
        )


@dataclass(frozen=True)
class Withdrawal:
    """Withdraws a message sent earlier; the receiver stops using what it said."""

    TYPE: ClassVar[MessageType] = MessageType.WITHDRAWAL
    withdrawn_message_id: str
    reason: str

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        withdrawn = r.raw("withdrawn_message_id", required=True)
        message_id = ""
        if withdrawn is not None:
            try:
                message_id = str(uuid.UUID(str(withdrawn)))
            except ValueError:
                r.add("withdrawn_message_id", "must be the UUID of the message withdrawn")
        reason = r.text("reason", required=True, max_length=2000)
        return _finish(r, errors, lambda: cls(message_id, reason))


CHECKPOINT_MAX = 4000  # a signed checkpoint is about 400 characters


@dataclass(frozen=True)
class AuditCheckpoint:
    """A checkpoint of the sender's audit trail ([DPA-2018] s.62; decision 0027): the compact
    JWS the sender's node signed over its log's row count and last hash
    (``domain/audit_checkpoints.py``). It carries no personal data; the receiver checks the
    signature, keeps it and gives it back when the sender asks."""

    TYPE: ClassVar[MessageType] = MessageType.AUDIT_CHECKPOINT
    checkpoint: str

    def to_payload(self) -> dict[str, Any]:
        return dump_fields(self)

    @classmethod
    def from_payload(cls, payload: object) -> Self:
        r, errors = _start(payload)
        checkpoint = r.text("checkpoint", required=True, max_length=CHECKPOINT_MAX)
        return _finish(r, errors, lambda: cls(checkpoint))


PAYLOAD_TYPES: dict[MessageType, Any] = {
    cls.TYPE: cls
    for cls in (
        ConvictionNew,
        ConvictionUpdate,
        ConvictionDeletion,
        RecordRequest,
        RecordResponse,
        IdentificationRequest,
        DelayNotice,
        Acknowledgement,
        Error,
        RiskNotification,
        SupervisionTransferRequest,
        SupervisionTransferResponse,
        Withdrawal,
        AuditCheckpoint,
    )
}


def parse_payload(type: MessageType | str, payload: object) -> Content:
    """The typed content of a payload of ``type``; DomainValidationError names each bad field
    as ``payload.<path>``."""
    try:
        kind = MessageType(type)
    except ValueError:
        raise DomainValidationError.single("type", f"unknown message type {type!r}") from None
    result: Content = PAYLOAD_TYPES[kind].from_payload(payload)
    return result
