"""Consultations the JSON API needs beyond ``services.reads``, each audited (DPA 2018 s.62).

Listing one's cases is a search with an empty query; reading a case's timeline is a
consultation of the case (same justification rule as opening it); reading the audit trail is
itself a consultation (through ``audit_views``, as in the web UI), so auditors are audited too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.db import transaction

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Justification, Operation
from fourpillars.register.models import Case, Person
from fourpillars.services import audit
from fourpillars.services.access import require_justification, visible_case
from fourpillars.services.audit import reads as audit_views
from fourpillars.services.cases import reads
from fourpillars.services.errors import NotFound

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

PAGE_SIZE_MAX = 100


T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


def _bounds(page: int, page_size: int) -> tuple[int, int]:
    page = max(1, page)
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    return page, page_size


def list_visible_cases(*, actor: User, page: int = 1, page_size: int = 20) -> Page[Case]:
    """The caller's own caseload, newest first; audited as a search with an empty query."""
    page, page_size = _bounds(page, page_size)
    qs = Case.objects.visible_to(actor)
    total = qs.count()
    start = (page - 1) * page_size
    ordered = qs.select_related("person", "lead_agency", "area").order_by("-id")
    shown = list(ordered[start : start + page_size])
    reads.record_search(actor, "", shown)
    return Page(shown, total, page, page_size)


def case_timeline(
    *,
    actor: User,
    case_id: object,
    justification: Justification | None,
    page: int = 1,
    page_size: int = 50,
) -> Page[AuditEvent]:
    """What happened to a case and its person, newest first (not who looked at it).

    Reading it consults the case: 404 if missing or hidden, and outside the lead agency a
    justification first, exactly as ``reads.consult_case``.
    """
    page, page_size = _bounds(page, page_size)
    with transaction.atomic():
        case = visible_case(actor, case_id)
        require_justification(actor, case, justification)
        events = reads.timeline_events(case)
        total = events.count()
        start = (page - 1) * page_size
        shown = list(events[start : start + page_size])
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_timeline",
            target=audit.Target("case", str(case.pk), case.pk, case.person_id),
            justification=justification,
            record_ids=[e.seq for e in shown],
        )
    return Page(shown, total, page, page_size)


def person_record(*, actor: User, person_id: object) -> Person:
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


def read_audit(
    *, actor: User, filters: Mapping[str, object], page: int = 1, page_size: int = 50
) -> Page[AuditEvent]:
    """DPA 2018 s.62: auditors read who did what, when and why (``services.audit_views``, the
    same filters and the same audit row as the web UI); the reading is logged too."""
    audit_views.require_auditor(actor)
    flt = audit_views.parse_filter(filters)
    page, page_size = _bounds(page, page_size)
    qs = audit_views.trail(actor=actor, flt=flt)
    total = qs.count()
    start = (page - 1) * page_size
    shown = list(qs[start : start + page_size])
    audit_views.record_trail_read(
        actor=actor, flt=flt, export=False, record_ids=[e.seq for e in shown]
    )
    return Page(shown, total, page, page_size)


__all__ = [
    "Page",
    "case_timeline",
    "list_visible_cases",
    "person_record",
    "read_audit",
]
