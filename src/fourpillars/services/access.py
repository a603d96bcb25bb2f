"""Fetching through the one access-scoped query, and the checks services share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fourpillars.domain import access
from fourpillars.register.models import Case, Person

from .errors import Forbidden, NotFound

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def case_facts(case: Case) -> access.CaseFacts:
    shares = tuple(access.Share(s.agency_id, s.expires_at, s.revoked_at) for s in case.shares.all())
    return access.CaseFacts(case.lead_agency_id, case.area_id, shares)


def visible_case(actor: User, case_id: object, *, for_update: bool = False) -> Case:
    """The case if the actor may see it; NotFound for missing and hidden alike."""
    try:
        pk = int(str(case_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    qs = Case.objects.visible_to(actor)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    case = qs.select_related("person", "lead_agency", "area").filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


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
