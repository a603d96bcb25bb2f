"""Bodies the JSON API accepts.

Deliberately permissive (plain strings, dicts): the services own every rule and name the field
at fault, so the API never duplicates (and drifts from) a domain rule. Only the JSON types are
checked here; unknown keys are refused so that a typo names itself.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


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
                "identifiers": [{"kind": "pnc", "value": "2001/0000001Q"}],
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


class AddressPutIn(AddressIn):
    """The whole corrected address; fields left out are blank, as on the add form."""

    version: int = Field(description="The person version you loaded (optimistic locking)")


class ConvictionPutIn(ConvictionIn):
    """The whole corrected conviction; fields left out are blank, as on the add form."""

    version: int = Field(description="The person version you loaded (optimistic locking)")


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


class PasswordResetIn(In):
    password: str
    remove_two_factor: bool = False
