"""Shapes of the JSON API: what goes out (documented in the OpenAPI file) and what comes in.

Input schemas are deliberately permissive (plain strings, dicts): the services own every rule
and name the field at fault, so the API never duplicates (and drifts from) a domain rule. Only
the JSON types are checked here; unknown keys are refused so that a typo names itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

# ---------------------------------------------------------------- errors


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str = Field(description="Dotted path of the field, e.g. person.identifiers.0.value")
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class ConflictOut(Schema):
    detail: str
    changed_fields: list[str] = []
    current_version: int | None = None


class JustificationRequiredOut(Schema):
    detail: str
    errors: list[FieldErrorOut]
    purposes: list[str]


# ---------------------------------------------------------------- paging


class PageMeta(Schema):
    count: int = Field(description="Total number of items the caller may see")
    page: int
    page_size: int


class Ref(Schema):
    code: str
    name: str


# ---------------------------------------------------------------- cases and persons


class CaseSummaryOut(Schema):
    id: int
    reference: str
    name: str
    date_of_birth: dt.date | None
    category: int
    level: int
    lead_agency: str
    area: str
    status: str


class CasePageOut(PageMeta):
    items: list[CaseSummaryOut]


class NameOut(Schema):
    id: int
    kind: str
    family_name: str
    given_names: str
    full: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class IdentifierOut(Schema):
    id: int
    kind: str
    label: str
    value: str
    country: str


class AddressOut(Schema):
    id: int
    line1: str
    line2: str
    town: str
    postcode: str
    country: str
    from_date: dt.date | None
    to_date: dt.date | None
    current: bool


class ConvictionOut(Schema):
    id: int
    date: dt.date
    court: str
    country: str
    offence_text: str
    ecris_code: str
    ecris_label: str
    completion: str = Field(description="C completed, A attempt, empty not transmitted")
    participation: str = Field(description="M perpetrator, H aider or instigator, empty")
    sentence: str


class PersonOut(Schema):
    id: int
    version: int
    display_name: str
    date_of_birth: dt.date | None
    sex: str
    nationalities: list[str]
    names: list[NameOut]
    identifiers: list[IdentifierOut]
    addresses: list[AddressOut]
    convictions: list[ConvictionOut]


class NotificationOut(Schema):
    indefinite: bool
    months: int | None
    end: dt.date | None
    explanation: str


class ShareOut(Schema):
    id: int
    agency: Ref
    lawful_basis: str
    lawful_basis_label: str
    reason: str
    granted_by: str
    granted_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    revoke_reason: str
    active: bool


class CaseDetailOut(Schema):
    id: int
    reference: str
    version: int
    person: PersonOut
    category: int
    category_label: str
    category_confirmed: bool
    level: int
    level_label: str
    lead_agency: Ref
    area: Ref
    status: str
    start_date: dt.date
    next_review_date: dt.date | None
    review_policy_version: str
    disposal: str
    disposal_label: str
    disposal_date: dt.date | None
    custody_months: int | None
    discharge_months: int | None
    under_18_at_disposal: bool
    notification: NotificationOut | None
    shares: list[ShareOut]
    created_at: dt.datetime
    updated_at: dt.datetime


class EventOut(Schema):
    seq: int
    at: dt.datetime
    operation: str
    action: str
    actor: str
    actor_agency: str
    actor_role: str
    target_type: str
    target_id: str
    justification: str
    legal_basis: str
    recipients: list[str]
    before: Any = None
    after: Any = None


class TimelinePageOut(PageMeta):
    items: list[EventOut]


class AuditEventOut(EventOut):
    case_id: int | None
    person_id: int | None
    purpose: str
    query: str
    record_ids: list[int]
    channel: str
    request_id: str
    prev_hash: str
    hash: str


class AuditPageOut(PageMeta):
    items: list[AuditEventOut]


class VerifyOut(Schema):
    ok: bool
    rows_checked: int
    first_bad_row: int | None
    reason: str


# ---------------------------------------------------------------- reference and admin


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    area: str | None


class AgencyPageOut(PageMeta):
    items: list[AgencyOut]


class AreaOut(Schema):
    code: str
    name: str
    review_weeks: dict[str, int]


class AreaPageOut(PageMeta):
    items: list[AreaOut]


class CodeOut(Schema):
    code: str
    label: str


class CodePageOut(PageMeta):
    items: list[CodeOut]


class EcrisOut(CodeOut):
    confirmed: bool


class EcrisPageOut(PageMeta):
    items: list[EcrisOut]


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    role: str
    role_label: str
    agency: str | None
    is_active: bool


class UserPageOut(PageMeta):
    items: list[UserOut]


# ---------------------------------------------------------------- input


class In(Schema):
    """Base of every input body: unknown keys are refused, naming themselves."""

    model_config = ConfigDict(extra="forbid")


class RegisterIn(In):
    person: dict[str, Any] = Field(
        description="names, date_of_birth, sex, nationalities, identifiers, addresses, "
        "convictions (see the example)",
        examples=[
            {
                "names": [{"kind": "primary", "family_name": "Kowalski", "given_names": "Jan"}],
                "date_of_birth": "1980-05-17",
                "sex": "male",
                "nationalities": ["PL"],
                "identifiers": [{"kind": "pnc", "value": "2001/0000001Z"}],
                "addresses": [{"line1": "1 Test Street", "town": "Northtown"}],
                "convictions": [
                    {
                        "date": "2015-03-02",
                        "offence_text": "Sexual assault",
                        "ecris_code": "1003 00",
                        "completion": "C",
                        "participation": "M",
                    }
                ],
            }
        ],
    )
    case: dict[str, Any] = Field(
        description="category, level, lead_agency (code), start_date, next_review_date, "
        "disposal, disposal_date, custody_months, discharge_months",
        examples=[
            {
                "category": 1,
                "level": 1,
                "lead_agency": "police-a",
                "start_date": "2025-06-01",
                "disposal": "custody",
                "disposal_date": "2015-03-02",
                "custody_months": 36,
            }
        ],
    )


class StatusIn(In):
    status: str = Field(description="active, suspended or closed")
    reason: str


class ShareIn(In):
    agency: str = Field(description="Agency code (GET /reference/agencies)")
    lawful_basis: str = Field(description="Code from GET /reference/lawful-bases")
    reason: str
    expires_at: str | None = Field(None, description="YYYY-MM-DD; access ends that day")


class ReasonIn(In):
    reason: str


class NameIn(In):
    family_name: str
    given_names: str = ""
    kind: str = Field("alias", description="primary, alias, previous or birth")
    valid_from: str | None = None


class IdentifierIn(In):
    kind: str = Field(description="pnc, cro, national_id, passport, crn or prison_number")
    value: str
    country: str = ""


class AddressIn(In):
    line1: str
    line2: str = ""
    town: str = ""
    postcode: str = ""
    country: str = ""
    from_date: str | None = None
    to_date: str | None = None


class ConvictionIn(In):
    date: str
    offence_text: str
    court: str = ""
    country: str = ""
    ecris_code: str = ""
    completion: str = ""
    participation: str = ""
    sentence: str = ""


class PersonPatchIn(In):
    version: int = Field(description="The person version you loaded (optimistic locking)")
    date_of_birth: str | None = None
    sex: str | None = None
    nationalities: list[str] | None = None


class UserIn(In):
    username: str
    password: str
    role: str
    agency: str
    first_name: str = ""
    last_name: str = ""


class UserPatchIn(In):
    is_active: bool


class AgencyIn(In):
    code: str
    name: str
    kind: str
    area: str | None = None


class AreaIn(In):
    code: str
    name: str
