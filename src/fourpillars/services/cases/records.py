"""What the case page and the API detail show about a visible case, in hand-written SQL.

``visible_case_with_shares`` finds the case through the one access-scoped query
(``Case.objects.visible_to``, compiled by the ORM and used as the subquery that picks the
row) with its person, lead agency, area and shares; ``load_person_records`` then reads the
person's names, identifiers, addresses and convictions. ``reads.consult_case`` runs the two
apart, so nothing more about the person is read until any justification needed is given;
``visible_case_with_records`` runs both. Six fixed queries whatever the data size; the lists
are left where ``prefetch_related`` would leave them, so ``person.names.all()`` and
``case.shares.all()`` run no query. ``sql_rows`` explains why this is not the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet

from fourpillars.accounts.models import User
from fourpillars.db import sql_rows
from fourpillars.register.models import Address, Case, CaseShare, Conviction, Identifier, PersonName

# The person's records, each in its model's ordering (Identifier has none: by id).
PERSON_RECORDS = (
    ("names", PersonName),
    ("identifiers", Identifier),
    ("addresses", Address),
    ("convictions", Conviction),
)


def visible_case_with_records(actor: User, pk: int) -> Case | None:
    """The case if ``actor`` may see it (None otherwise: missing and hidden are the same),
    with its person, lead agency and area, the person's records and the case's shares: six
    queries whatever the data size."""
    case = visible_case_with_shares(actor, pk)
    return load_person_records(case) if case is not None else None


def visible_case_with_shares(actor: User, pk: int) -> Case | None:
    """The case if ``actor`` may see it, with its person, lead agency, area and shares (two
    queries): enough to decide whether a justification is needed before anything more about
    the person is read (``load_person_records``)."""
    try:
        scoped, params = (
            Case.objects.visible_to(actor).filter(pk=pk).values("pk").query.sql_with_params()
        )
    except EmptyResultSet:  # the actor sees no case at all
        return None
    found = _cases_where(f'c."id" IN ({scoped})', params)
    return _load_shares(found[0]) if found else None


def cases_by_id(ids: Sequence[int]) -> dict[int, Case]:
    """Cases by id with their person, lead agency and area, in one query. Only for ids that
    came out of the access-scoped query in the same request (a search's page)."""
    wanted = [int(i) for i in ids]
    if not wanted:
        return {}
    found = _cases_where(f'c."id" IN ({", ".join(["%s"] * len(wanted))})', wanted)
    return {case.pk: case for case in found}


def _cases_where(condition: str, params: Sequence[object]) -> list[Case]:
    """Cases meeting ``condition`` (SQL on alias ``c``), joined as ``select_related("person",
    "lead_agency", "area")`` would join them."""
    return sql_rows.joined(
        Case,
        "c",
        condition,
        params,
        related={"person": "p", "lead_agency": "ag", "area": "ar"},
        tail="",
    )


def load(case: Case) -> Case:
    """Fill the case's shares and its person's records (five queries) and return the case."""
    return load_person_records(_load_shares(case))


def load_person_records(case: Case) -> Case:
    """Fill the person's names, identifiers, addresses and convictions (four queries)."""
    person = case.person
    for related_name, model in PERSON_RECORDS:
        items = sql_rows.joined(
            model, "r", 'r."person_id" = %s', [person.pk], fixed={"person": person}
        )
        sql_rows.prefetched(person, related_name, items)
    return case


def _load_shares(case: Case) -> Case:
    shares = sql_rows.joined(
        CaseShare,
        "s",
        's."case_id" = %s',
        [case.pk],
        related={"agency": "a", "granted_by": "g", "revoked_by": "v"},
        fixed={"case": case},
        tail=f'ORDER BY {sql_rows.order_by(CaseShare, "s")}, s."id" DESC',
    )
    sql_rows.prefetched(case, "shares", shares)
    return case
