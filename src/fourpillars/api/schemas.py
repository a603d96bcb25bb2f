"""Shapes of what the JSON API answers, as documented in its OpenAPI file (inputs: inputs.py).

Each mirrors one ``present`` function; the response schemas also document every error body.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

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


class PersonVersionOut(Schema):
    person_id: int
    version: int = Field(description="The person's version after the change")


class PersonSavedOut(PersonVersionOut):
    date_of_birth: dt.date | None
    sex: str
    nationalities: list[str]


class NameAddedOut(PersonVersionOut):
    name: NameOut


class IdentifierAddedOut(PersonVersionOut):
    identifier: IdentifierOut


class AddressAddedOut(PersonVersionOut):
    address: AddressOut


class ConvictionAddedOut(PersonVersionOut):
    conviction: ConvictionOut


class AddressSavedOut(PersonVersionOut):
    address: AddressOut


class ConvictionSavedOut(PersonVersionOut):
    conviction: ConvictionOut


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


class CaseFieldsOut(Schema):
    """The case without its person record: what a write answers (reading the person needs a
    consultation, with its justification where one is due)."""

    id: int
    reference: str
    version: int
    person_id: int
    person_version: int
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
    created_at: dt.datetime
    updated_at: dt.datetime


class CaseDetailOut(CaseFieldsOut):
    person: PersonOut
    shares: list[ShareOut]


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
    restores: list[str] = Field(
        description="each signed restore of an older backup and the rows it lost, in words"
    )


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


class TranslationOut(Schema):
    language: str = Field(description="ISO 639-1 code, e.g. nl, lv")
    text: str
    verified: bool = Field(description="False until a native reader has checked it")


class PenaltyOut(CodeOut):
    confirmed: bool = Field(description="False where the table's wording is not yet confirmed")
    table_version: str
    translations: list[TranslationOut]


class PenaltyPageOut(PageMeta):
    items: list[PenaltyOut]


class ChannelAdviceOut(Schema):
    channel: str
    name: str
    available: bool
    why_not: str = Field(description="Which state does not take part, when not available")
    what: list[str] = Field(description="What may be sent on the channel")
    legal_basis: str
    conditions: list[str]
    confidence: str = Field(
        description="[C] confirmed, [M] not re-read in the source, [U] unconfirmed"
    )
    sources: list[str] = Field(description="Keys of docs/sources.md")
    message_types: list[str] = Field(description="What this service sends on it (none: elsewhere)")


class ChannelGuideOut(Schema):
    version: str
    situation: str
    destination: str
    items: list[ChannelAdviceOut]


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


class TokenOut(Schema):
    id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    state: str = Field(description="active, expired or revoked")


class TokenListOut(Schema):
    items: list[TokenOut]
