"""Person routes: change identity facts, add names, identifiers, addresses and convictions;
correct (PUT) and remove (DELETE, with a reason) addresses and convictions.

A person is reachable only through a case the caller may see (else 404) and changeable only
by someone who can manage one of those cases (else 403). Writes answer the person's new
``version`` and the item they added, never the rest of the record: reading that is a
consultation of the case (GET /cases/{id}), audited with its justification.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.params.functions import Body, Query

from fourpillars.domain.errors import Collector
from fourpillars.services import persons as person_services
from fourpillars.services.persons.reads import visible_person

from . import present
from .auth import actor
from .cases import OPTIONAL_BODY, WRITE_ERRORS, reason_from
from .inputs import (
    AddressIn,
    AddressPutIn,
    ConvictionIn,
    ConvictionPutIn,
    IdentifierIn,
    NameIn,
    PersonPatchIn,
)
from .schemas import (
    AddressAddedOut,
    AddressSavedOut,
    ConvictionAddedOut,
    ConvictionSavedOut,
    IdentifierAddedOut,
    NameAddedOut,
    PersonSavedOut,
    PersonVersionOut,
)

router = Router(tags=["persons"])
REMOVAL_BODY = Body(None, description='Optional: {"reason": "...", "version": 3}')


@router.patch("/persons/{person_id}", response={200: PersonSavedOut, **WRITE_ERRORS})
def update_person(
    request: HttpRequest, person_id: str, payload: PersonPatchIn
) -> dict[str, object]:
    """Change date of birth, sex or nationalities; fields left out keep their values.
    `version` is the person version you loaded (409 naming the changed fields otherwise)."""
    user = actor(request)
    current = visible_person(actor=user, person_id=person_id)
    data: dict[str, object] = {
        "date_of_birth": current.date_of_birth,
        "sex": current.sex,
        "nationalities": list(current.nationalities or []),
    }
    sent = payload.model_dump(exclude_unset=True)
    data.update({k: v for k, v in sent.items() if k != "version"})
    person = person_services.update_person(
        actor=user, person_id=person_id, data=data, expected_version=payload.version
    )
    return present.person_saved(person)


@router.post("/persons/{person_id}/names", response={201: NameAddedOut, **WRITE_ERRORS})
def add_name(request: HttpRequest, person_id: str, payload: NameIn) -> Status[object]:
    """Add an alias or other name; a new primary name moves the old one to `previous`."""
    row = person_services.add_name(
        actor=actor(request), person_id=person_id, data=payload.model_dump()
    )
    return Status(201, present.person_version(row.person, name=present.name(row)))


@router.post("/persons/{person_id}/identifiers", response={201: IdentifierAddedOut, **WRITE_ERRORS})
def add_identifier(request: HttpRequest, person_id: str, payload: IdentifierIn) -> Status[object]:
    """Add a PNC, CRO, national ID, passport, CRN or prison number (validated; once per person:
    one already on a case you can see is refused, 422)."""
    row = person_services.add_identifier(
        actor=actor(request), person_id=person_id, data=payload.model_dump()
    )
    return Status(201, present.person_version(row.person, identifier=present.identifier(row)))


@router.delete(
    "/persons/{person_id}/identifiers/{identifier_id}",
    response={200: PersonVersionOut, **WRITE_ERRORS},
)
def remove_identifier(
    request: HttpRequest,
    person_id: str,
    identifier_id: str,
    reason: str = Query("", description='Why it is removed (or send {"reason"} in the body)'),
    payload: dict[str, Any] | None = OPTIONAL_BODY,
) -> dict[str, object]:
    """Erase an identifier recorded in error; the audit row keeps what and why."""
    user = actor(request)
    person_services.remove_identifier(
        actor=user,
        person_id=person_id,
        identifier_id=identifier_id,
        reason=reason_from(payload, reason),
    )
    return present.person_version(visible_person(actor=user, person_id=person_id))


@router.post("/persons/{person_id}/addresses", response={201: AddressAddedOut, **WRITE_ERRORS})
def add_address(request: HttpRequest, person_id: str, payload: AddressIn) -> Status[object]:
    """Add an address; a new current address (no end date) ends the previous current one."""
    row = person_services.add_address(
        actor=actor(request), person_id=person_id, data=payload.model_dump()
    )
    return Status(201, present.person_version(row.person, address=present.address(row)))


@router.post("/persons/{person_id}/convictions", response={201: ConvictionAddedOut, **WRITE_ERRORS})
def add_conviction(request: HttpRequest, person_id: str, payload: ConvictionIn) -> Status[object]:
    """Add a conviction with its ECRIS category, completion (C/A) and participation (M/H)."""
    row = person_services.add_conviction(
        actor=actor(request), person_id=person_id, data=payload.model_dump()
    )
    return Status(201, present.person_version(row.person, conviction=present.conviction(row)))


def version_param() -> Any:
    return Query(
        None,
        description="The person version you loaded (or send it in the body); "
        "409 naming the changed fields if someone saved since",
    )


def removal_from(
    payload: dict[str, Any] | None, query_reason: str, query_version: int | None
) -> tuple[str, int | None]:
    """Reason and optional person version of a DELETE: a JSON body wins over the query
    string, as for the reason of other removals."""
    body = dict(payload or {})
    errors = Collector()
    version: object = body.pop("version", query_version)
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        errors.add("version", "must be a whole number (the person version you loaded)")
    errors.raise_if_any()
    return reason_from(body, query_reason), None if version is None else int(str(version))


@router.put(
    "/persons/{person_id}/addresses/{address_id}",
    response={200: AddressSavedOut, **WRITE_ERRORS},
)
def update_address(
    request: HttpRequest, person_id: str, address_id: str, payload: AddressPutIn
) -> dict[str, object]:
    """Correct an address: send all of it (fields left out become blank) with the person
    `version` you loaded (409 naming the changed fields otherwise). Other addresses are left
    as they are."""
    data = payload.model_dump(exclude={"version"})
    row = person_services.update_address(
        actor=actor(request),
        person_id=person_id,
        address_id=address_id,
        data=data,
        expected_version=payload.version,
    )
    return present.person_version(row.person, address=present.address(row))


@router.delete(
    "/persons/{person_id}/addresses/{address_id}",
    response={200: PersonVersionOut, **WRITE_ERRORS},
)
def remove_address(
    request: HttpRequest,
    person_id: str,
    address_id: str,
    reason: str = Query("", description='Why it is removed (or send {"reason"} in the body)'),
    version: int | None = version_param(),
    payload: dict[str, Any] | None = REMOVAL_BODY,
) -> dict[str, object]:
    """Erase an address recorded in error; the audit row keeps what and why."""
    why, expected = removal_from(payload, reason, version)
    person = person_services.remove_address(
        actor=actor(request),
        person_id=person_id,
        address_id=address_id,
        reason=why,
        expected_version=expected,
    )
    return present.person_version(person)


@router.put(
    "/persons/{person_id}/convictions/{conviction_id}",
    response={200: ConvictionSavedOut, **WRITE_ERRORS},
)
def update_conviction(
    request: HttpRequest, person_id: str, conviction_id: str, payload: ConvictionPutIn
) -> dict[str, object]:
    """Correct a conviction: send all of it (fields left out become blank) with the person
    `version` you loaded; checked as a new conviction is (ECRIS code, C/A, M/H, dates)."""
    data = payload.model_dump(exclude={"version"})
    row = person_services.update_conviction(
        actor=actor(request),
        person_id=person_id,
        conviction_id=conviction_id,
        data=data,
        expected_version=payload.version,
    )
    return present.person_version(row.person, conviction=present.conviction(row))


@router.delete(
    "/persons/{person_id}/convictions/{conviction_id}",
    response={200: PersonVersionOut, **WRITE_ERRORS},
)
def remove_conviction(
    request: HttpRequest,
    person_id: str,
    conviction_id: str,
    reason: str = Query("", description='Why it is removed (or send {"reason"} in the body)'),
    version: int | None = version_param(),
    payload: dict[str, Any] | None = REMOVAL_BODY,
) -> dict[str, object]:
    """Erase a conviction recorded in error; the audit row keeps what and why."""
    why, expected = removal_from(payload, reason, version)
    person = person_services.remove_conviction(
        actor=actor(request),
        person_id=person_id,
        conviction_id=conviction_id,
        reason=why,
        expected_version=expected,
    )
    return present.person_version(person)
