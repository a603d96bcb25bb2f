"""What the case page and the API detail show about a visible case, in hand-written SQL.

``visible_case_with_records`` finds the case through the one access-scoped query
(``Case.objects.visible_to``, compiled by the ORM and used as the subquery that picks the
row) with its person, lead agency and area joined, then reads what belongs to it: the
person's names, identifiers, addresses and convictions, and the case's shares with the
agencies and users they name. Six fixed queries whatever the data size; the lists are left
where ``prefetch_related`` would leave them, so ``person.names.all()`` and
``case.shares.all()`` run no query. ``sql_rows`` explains why this is not the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db.models import Model

from fourpillars.accounts.models import Agency, Area, User
from fourpillars.register.models import (
    Address,
    Case,
    CaseShare,
    Conviction,
    Identifier,
    Person,
    PersonName,
)

from . import sql_rows

# The person's records, each in its model's ordering (Identifier has none: by id).
PERSON_RECORDS = (
    ("names", PersonName),
    ("identifiers", Identifier),
    ("addresses", Address),
    ("convictions", Conviction),
)


def _person_records_sql(model: type[Model]) -> str:
    s, table, order = (
        sql_rows.shape(model, "r"),
        model._meta.db_table,
        sql_rows.order_by(model, "r"),
    )
    return f'SELECT {s.columns} FROM "{table}" r WHERE r."person_id" = %s ORDER BY {order}'


def _shares_sql() -> str:
    share = sql_rows.shape(CaseShare, "s")
    agency = sql_rows.shape(Agency, "a")
    granted = sql_rows.shape(User, "g")
    revoked = sql_rows.shape(User, "v")
    return (
        f"SELECT {share.columns}, {agency.columns}, {granted.columns}, {revoked.columns} "
        f'FROM "{CaseShare._meta.db_table}" s '
        f'JOIN "{Agency._meta.db_table}" a ON a."id" = s."agency_id" '
        f'JOIN "{User._meta.db_table}" g ON g."id" = s."granted_by_id" '
        f'LEFT JOIN "{User._meta.db_table}" v ON v."id" = s."revoked_by_id" '
        f'WHERE s."case_id" = %s ORDER BY {sql_rows.order_by(CaseShare, "s")}, s."id" DESC'
    )


def visible_case_with_records(actor: User, pk: int) -> Case | None:
    """The case if ``actor`` may see it (None otherwise: missing and hidden are the same),
    with its person, lead agency and area, the person's records and the case's shares: six
    queries whatever the data size."""
    try:
        scoped, params = (
            Case.objects.visible_to(actor).filter(pk=pk).values("pk").query.sql_with_params()
        )
    except EmptyResultSet:  # the actor sees no case at all
        return None
    found = _cases_where(f'c."id" IN ({scoped})', params)
    return load(found[0]) if found else None


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
    c, p, ag, ar = (
        sql_rows.shape(Case, "c"),
        sql_rows.shape(Person, "p"),
        sql_rows.shape(Agency, "ag"),
        sql_rows.shape(Area, "ar"),
    )
    cases = []
    for case, person, lead, area in sql_rows.select(
        f"SELECT {c.columns}, {p.columns}, {ag.columns}, {ar.columns} "
        f'FROM "{Case._meta.db_table}" c '
        f'JOIN "{Person._meta.db_table}" p ON p."id" = c."person_id" '
        f'JOIN "{Agency._meta.db_table}" ag ON ag."id" = c."lead_agency_id" '
        f'JOIN "{Area._meta.db_table}" ar ON ar."id" = c."area_id" '
        f"WHERE {condition}",
        params,
        c,
        p,
        ag,
        ar,
    ):
        sql_rows.attach(case, "person", person)
        sql_rows.attach(case, "lead_agency", lead)
        sql_rows.attach(case, "area", area)
        cases.append(case)
    return cases


def load(case: Case) -> Case:
    """Fill the case's person records and shares (five queries) and return the case."""
    person = case.person
    for related_name, model in PERSON_RECORDS:
        rows = sql_rows.select(_person_records_sql(model), [person.pk], sql_rows.shape(model, "r"))
        items = [r[0] for r in rows]
        for item in items:
            sql_rows.attach(item, "person", person)
        sql_rows.prefetched(person, related_name, items)
    shares = []
    for share, agency, granted, revoked in sql_rows.select(
        _shares_sql(),
        [case.pk],
        sql_rows.shape(CaseShare, "s"),
        sql_rows.shape(Agency, "a"),
        sql_rows.shape(User, "g"),
        sql_rows.shape(User, "v"),
    ):
        sql_rows.attach(share, "case", case)
        sql_rows.attach(share, "agency", agency)
        sql_rows.attach(share, "granted_by", granted)
        sql_rows.attach(share, "revoked_by", revoked)
        shares.append(share)
    sql_rows.prefetched(case, "shares", shares)
    return case
