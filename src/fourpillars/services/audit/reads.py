"""Reading the audit trail ([DPA-2018] s.62): auditors only, and every read or
export of the trail is itself recorded as a consultation of target ``audit_trail``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain import exports
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector
from fourpillars.domain.exports import Export
from fourpillars.domain.persons import parse_date
from fourpillars.services.access import require
from fourpillars.services.accounts.names import Names, names_for
from fourpillars.services.audit import trail as audit
from fourpillars.services.audit.sealing import open_rows
from fourpillars.services.paging import Page, bounds, offset

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

_CASE_REF = re.compile(r"^(?:FP-[A-Za-z0-9]+-)?0*(\d{1,12})$")


@dataclass(frozen=True)
class TrailFilter:
    """What the auditor asked for; every field optional."""

    user: str = ""
    case_id: int | None = None
    operation: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def describe(self) -> str:
        """The filter as text, kept in the audit row's query field."""
        parts = [
            f"user={self.user}" if self.user else "",
            f"case_id={self.case_id}" if self.case_id is not None else "",
            f"operation={self.operation}" if self.operation else "",
            f"from={self.date_from.isoformat()}" if self.date_from else "",
            f"to={self.date_to.isoformat()}" if self.date_to else "",
        ]
        return " ".join(p for p in parts if p)


def parse_filter(data: Mapping[str, object]) -> TrailFilter:
    """Check the filter fields; raises DomainValidationError naming each bad field."""
    errors = Collector()
    user = str(data.get("user") or "").strip()[:150]
    case_raw = str(data.get("case_id") or "").strip()
    case_id = None
    if case_raw:
        match = _CASE_REF.match(case_raw)
        if match is None:
            errors.add("case_id", "must be a case id (a number) or a reference like FP-A-000001")
        else:
            case_id = int(match.group(1))
    operation = str(data.get("operation") or "").strip()
    if operation and operation not in {o.value for o in Operation}:
        errors.add("operation", "choose one of " + ", ".join(o.value for o in Operation))
    date_from = parse_date(data.get("date_from"), "date_from", errors)
    date_to = parse_date(data.get("date_to"), "date_to", errors)
    if date_from and date_to and date_to < date_from:
        errors.add("date_to", "cannot be before the 'from' date")
    errors.raise_if_any()
    return TrailFilter(user, case_id, operation, date_from, date_to)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def require_auditor(actor: User) -> None:
    """[DPA-2018] s.62: the logs serve lawfulness checks and self-monitoring, so the trail is for
    auditors; everyone else is refused (403)."""
    require(actor, Permission.READ_AUDIT)


def trail(*, actor: User, flt: TrailFilter) -> QuerySet[AuditEvent]:
    """The rows an auditor asked for, newest first; Forbidden for anyone but auditors."""
    require_auditor(actor)
    qs = AuditEvent.objects.all()
    if flt.user:
        qs = qs.filter(actor_username=flt.user)
    if flt.case_id is not None:
        qs = qs.filter(case_id=flt.case_id)
    if flt.operation:
        qs = qs.filter(operation=flt.operation)
    if flt.date_from:
        qs = qs.filter(at__gte=_start_of(flt.date_from))
    if flt.date_to:
        qs = qs.filter(at__lt=_start_of(flt.date_to + dt.timedelta(days=1)))
    return qs.order_by("-seq")


def record_trail_read(
    *, actor: User, flt: TrailFilter, record_ids: list[int] | None = None
) -> None:
    """DPA 2018 s.62: reading the log is processing too, so it is logged like any other read."""
    require_auditor(actor)
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_audit_trail",
            target=audit.Target("audit_trail"),
            query=flt.describe(),
            record_ids=record_ids or [],
        )


def export_trail(*, actor: User, flt: TrailFilter) -> tuple[QuerySet[AuditEvent], Export]:
    """The rows an auditor downloads as CSV, and the download's own audit row: a disclosure to
    the auditor ([DPA-2018] s.62) naming the filter, the file and how many rows it holds."""
    require_auditor(actor)
    rows = trail(actor=actor, flt=flt)
    export = exports.audit_trail_csv(timezone.localtime().strftime("%Y%m%d-%H%M%S"))
    with transaction.atomic():
        audit.export(
            actor=actor,
            export=export,
            target=audit.Target("audit_trail"),
            query=flt.describe(),
            rows=rows.count(),
        )
    return rows, export


def name_rows(events: Iterable[AuditEvent]) -> Names:
    """The people and agencies behind a page of rows, by name: each row's ``actor_name`` is
    set to its actor's full name, and the agencies' names are returned for its recipients and
    changes. Two queries for the page, none per row."""
    rows = list(events)
    names = names_for(e.actor_username for e in rows)
    for e in rows:
        e.actor_name = names.person(e.actor_username)  # type: ignore[attr-defined]
    return names


def read_trail(
    *, actor: User, filters: Mapping[str, object], page: int = 1, page_size: int = 50
) -> Page[AuditEvent]:
    """DPA 2018 s.62: auditors read who did what, when and why (the same filters and the same
    audit row as the web UI's trail); the reading is logged too."""
    require_auditor(actor)
    flt = parse_filter(filters)
    page, page_size = bounds(page, page_size)
    qs = trail(actor=actor, flt=flt)
    total = qs.count()
    start = offset(page, page_size)
    shown = open_rows(qs[start : start + page_size])
    record_trail_read(actor=actor, flt=flt, record_ids=[e.seq for e in shown])
    return Page(shown, total, page, page_size)
