"""Fetching through the one access-scoped query, and the checks services share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from fourpillars.db import sql_rows
from fourpillars.domain import access
from fourpillars.register.models import Case, CaseShare, Person
from fourpillars.services.errors import Forbidden, JustificationRequired, NotFound

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.domain.audit import Justification


# What a case is fetched with wherever it is shown: its person, lead agency and area.
CASE_RELATED = ("person", "lead_agency", "area")


def case_facts(case: Case, shares: Iterable[CaseShare] | None = None) -> access.CaseFacts:
    """The facts the need-to-know policy reads; pass the case's shares when already read."""
    found = case.shares.all() if shares is None else shares
    return access.CaseFacts(
        case.lead_agency_id,
        case.area_id,
        tuple(access.Share(s.agency_id, s.expires_at, s.revoked_at) for s in found),
    )


def visible_case(actor: User, case_id: object, *, for_update: bool = False) -> Case:
    """The case if the actor may see it; NotFound for missing and hidden alike.

    The one access-scoped query (``Case.objects.visible_to``, compiled by the ORM) picks the
    row; the case is read with its person, lead agency and area in one hand-written join
    (``case_rows``), locked first when ``for_update``."""
    try:
        pk = int(str(case_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    try:
        scoped, params = (
            Case.objects.visible_to(actor).filter(pk=pk).values("pk").query.sql_with_params()
        )
    except EmptyResultSet:  # the actor sees no case at all
        raise NotFound() from None
    lock = for_update and connection.features.has_select_for_update_of
    found = case_rows(f'c."id" IN ({scoped})', params, tail="FOR UPDATE OF c" if lock else "")
    if not found:
        raise NotFound()
    return found[0]


def case_rows(condition: str, params: Sequence[object], *, tail: str = "") -> list[Case]:
    """Cases meeting ``condition`` (SQL on alias ``c``) with their person, lead agency and
    area joined and attached, in one hand-written query: building this join through the ORM
    costs more than the database takes to answer it (decision 0009). Only for conditions
    built from the access-scoped query or from ids it returned in the same request."""
    aliases = dict(zip(CASE_RELATED, ("p", "ag", "ar"), strict=True))
    return sql_rows.joined(Case, "c", condition, params, related=aliases, tail=tail)


def manageable_case(actor: User, case_id: object, *, for_update: bool = True) -> Case:
    case = visible_case(actor, case_id, for_update=for_update)
    if not access.can_manage_case(actor.viewer, case_facts(case)):
        raise Forbidden(
            "Only the lead agency's case managers and the area co-ordinator can change this case."
        )
    return case


def manageable_person(actor: User, person_id: object) -> Person:
    """A person is editable by whoever can manage one of their cases."""
    try:
        pk = int(str(person_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    cases = list(Case.objects.visible_to(actor).filter(person_id=pk).prefetch_related("shares"))
    if not cases:
        raise NotFound()
    if not any(access.can_manage_case(actor.viewer, case_facts(c)) for c in cases):
        raise Forbidden(
            "Only the lead agency's case managers and the area co-ordinator can "
            "change this person's record."
        )
    person = Person.objects.select_for_update().filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person


def record_on_case(
    actor: User,
    queryset: QuerySet[Any],
    record_id: object,
    *,
    manage: bool,
    related: tuple[str, ...] = ("case", "case__person"),
) -> Any:
    """A record that belongs to a case (an assessment, a plan), fetched only through the
    access-scoped case query: NotFound when missing or when its case is hidden; with
    ``manage``, Forbidden unless the actor may change the case, whose row is then locked so
    changes to the case's records happen one at a time."""
    try:
        pk = int(str(record_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    case_id = (
        queryset.filter(pk=pk, case__in=Case.objects.visible_to(actor).values("pk"))
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise NotFound()
    if manage:
        manageable_case(actor, case_id)
        queryset = queryset.select_for_update(of=("self",))
    else:
        visible_case(actor, case_id)
    found = queryset.select_related(*related).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def require_justification(actor: User, case: Case, justification: Justification | None) -> None:
    """DPA 2018 s.62: outside the lead agency, a consultation needs a purpose first."""
    if access.needs_justification(actor.viewer, case_facts(case)) and justification is None:
        raise JustificationRequired()
