"""``fourpillars audit-log``: print the audit trail, oldest first, as a table or JSON lines.

The CLI runs as the operator of the installation, so reading the log here is not recorded as a
consultation (auditors reading it in the web UI or API are). Nothing is changed: rows are
append-only (DPA 2018 s.62; audit.models.AuditEvent).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Operation
from fourpillars.services.audit import open_rows

BATCH = 2000


def parse_since(raw: str) -> dt.datetime:
    """--since: an ISO date (midnight, local time) or an ISO date-time."""
    try:
        moment = parse_datetime(raw)
        day = None if moment else parse_date(raw)
    except ValueError:
        moment = day = None
    if moment is None and day is not None:
        moment = dt.datetime.combine(day, dt.time())
    if moment is None:
        raise CommandError(f"--since must be a date like 2025-01-31, not {raw!r}")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def case_rows(case_id: int) -> Q:
    """Rows about the case, and rows about its person (found from the case's own audit rows,
    so the operator's listing never reads case data)."""
    person_ids = (
        AuditEvent.objects.filter(case_id=case_id, person_id__isnull=False)
        .values_list("person_id", flat=True)
        .distinct()
    )
    return Q(case_id=case_id) | Q(person_id__in=list(person_ids))


def as_json(ev: AuditEvent) -> dict[str, object]:
    return {
        "seq": ev.seq,
        "at": ev.at.astimezone(dt.UTC).isoformat(),
        "operation": ev.operation,
        "action": ev.action,
        "actor": ev.actor_username,
        "actor_agency": ev.actor_agency,
        "actor_role": ev.actor_role,
        "case_id": ev.case_id,
        "person_id": ev.person_id,
        "target_type": ev.target_type,
        "target_id": ev.target_id,
        "justification": ev.justification,
        "purpose": ev.purpose,
        "legal_basis": ev.legal_basis,
        "recipients": ev.recipients,
        "query": ev.query,
        "record_ids": ev.record_ids,
        "before": ev.before,
        "after": ev.after,
        "channel": ev.channel,
        "request_id": ev.request_id,
    }


def in_batches(qs: QuerySet[AuditEvent]) -> Iterator[AuditEvent]:
    """Seq order without holding the whole trail in memory; values sealed under a person's key
    opened, or said to be removed (decision 0031)."""
    last = 0
    while True:
        chunk = open_rows(qs.filter(seq__gt=last).order_by("seq")[:BATCH])
        yield from chunk
        if len(chunk) < BATCH:
            return
        last = chunk[-1].seq


class Command(BaseCommand):
    help = (
        "Print audit rows in sequence order, as a table or (--json) one JSON object per line. "
        "Read-only; run by the installation's operator, so this listing is not itself audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", type=int, help="rows about case ID and its person")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument(
            "--operation", choices=[o.value for o in Operation], help="only this operation"
        )
        parser.add_argument("--user", help="only rows by this username")
        parser.add_argument("--since", help="only rows at or after this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = AuditEvent.objects.all()
        if options["case"] is not None:
            qs = qs.filter(case_rows(int(options["case"])))
        if options["operation"]:
            qs = qs.filter(operation=options["operation"])
        if options["user"]:
            qs = qs.filter(actor_username=options["user"])
        if options["since"]:
            qs = qs.filter(at__gte=parse_since(str(options["since"])))
        if options["json"]:
            for ev in in_batches(qs):
                self.stdout.write(json.dumps(as_json(ev), ensure_ascii=False, default=str))
        else:
            self._table(in_batches(qs))

    def _table(self, rows: Iterator[AuditEvent]) -> None:
        self.stdout.write(
            f"{'seq':>6}  {'at (UTC)':<19}  {'operation':<12}  {'action':<18}  "
            f"{'actor':<14}  {'case':>6}  {'person':>6}  justification / recipients"
        )
        for ev in rows:
            at = ev.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
            why = ev.justification or ", ".join(str(r) for r in ev.recipients) or ev.query
            self.stdout.write(
                f"{ev.seq:>6}  {at:<19}  {ev.operation:<12}  {ev.action[:18]:<18}  "
                f"{ev.actor_username[:14]:<14}  {ev.case_id or '':>6}  {ev.person_id or '':>6}  "
                f"{why}"
            )
