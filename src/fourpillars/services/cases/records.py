"""What the case page and the API detail show about a visible case: the read model.

``CaseRecord`` is the one definition of "a case as shown": the case (found through the one
access-scoped query, with its person, lead agency and area), its shares, and the person's
names, identifiers, addresses and convictions. The shares and the person's records are read
in hand-written SQL (``fourpillars.db.sql_rows``), five fixed queries whatever the data size,
and kept as lists on the read model, so templates and serializers run no further query.
``reads.consult_case`` reads the shares first and the person's records only once any
justification needed has been given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models

from fourpillars.db import sql_rows
from fourpillars.register.models import (
    Address,
    Case,
    CaseShare,
    Conviction,
    Identifier,
    Person,
    PersonName,
)
from fourpillars.services.access import case_rows


@dataclass(frozen=True)
class PersonRecords:
    """A person's names, identifiers, addresses and convictions, each in its model's order."""

    names: list[PersonName]
    identifiers: list[Identifier]
    addresses: list[Address]
    convictions: list[Conviction]


@dataclass(frozen=True)
class CaseRecord:
    """A visible case as it is shown: the case, its shares and its person's records."""

    case: Case
    shares: list[CaseShare]
    records: PersonRecords

    @property
    def person(self) -> Person:
        return self.case.person


def person_records(person: Person) -> PersonRecords:
    """The person's records: four reads sent together, in one round trip on PostgreSQL
    (``Identifier`` has no ordering: by id)."""

    def of(model: type[models.Model]) -> sql_rows.Read:
        return sql_rows.Read(
            model, "r", 'r."person_id" = %s', [person.pk], fixed={"person": person}
        )

    names, identifiers, addresses, convictions = sql_rows.joined_together(
        of(PersonName), of(Identifier), of(Address), of(Conviction)
    )
    return PersonRecords(names, identifiers, addresses, convictions)


def case_shares(case: Case) -> list[CaseShare]:
    """Every share of the case (active or not) with its agency and who granted and revoked
    it, in the model's order, newest first among equals; one query."""
    return sql_rows.joined(
        CaseShare,
        "s",
        's."case_id" = %s',
        [case.pk],
        related={"agency": "a", "granted_by": "g", "revoked_by": "v"},
        fixed={"case": case},
        tail=f'ORDER BY {sql_rows.order_by(CaseShare, "s")}, s."id" DESC',
    )


def cases_by_id(ids: Sequence[int]) -> dict[int, Case]:
    """Cases by id with their person, lead agency and area, in one query. Only for ids that
    came out of the access-scoped query in the same request (a search's page)."""
    wanted = [int(i) for i in ids]
    if not wanted:
        return {}
    found = case_rows(f'c."id" IN ({", ".join(["%s"] * len(wanted))})', wanted)
    return {c.pk: c for c in found}
