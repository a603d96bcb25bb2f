"""Reads of a person record outside a case page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fourpillars.register.models import Case, Person
from fourpillars.services.errors import NotFound

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def visible_person(*, actor: User, person_id: object) -> Person:
    """A person the caller may see (through one of their visible cases); NotFound otherwise.

    Only for the API's own bookkeeping around a write (current values for a partial update,
    the new version afterwards); never returned whole, so not a consultation.
    """
    try:
        pk = int(str(person_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    if not Case.objects.visible_to(actor).filter(person_id=pk).exists():
        raise NotFound()
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person
