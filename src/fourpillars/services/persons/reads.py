"""Reads of a person record outside a case page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fourpillars.register.models import Case, Person
from fourpillars.services.access import refused_person_record
from fourpillars.services.errors import NotFound, record_pk

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def visible_person(*, actor: User, person_id: object) -> Person:
    """A person the caller may see (through one of their visible cases); NotFound otherwise.

    Only for the API's own bookkeeping around a write (current values for a partial update,
    the new version afterwards); never returned whole, so not a consultation.
    """
    pk = record_pk(person_id)
    if not Case.objects.visible_to(actor).filter(person_id=pk).exists():
        raise refused_person_record(actor, Person.objects.all(), pk, person="pk")
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person
