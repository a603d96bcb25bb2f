"""The audit trail for auditors ([DPA-2018] s.62): who collected, altered, consulted,
disclosed, combined or erased which record, when, from which agency and role, and why.

Filter by user, case, operation and dates; page through it; export it as CSV with the same
filters. Reading or exporting the trail is itself recorded (services.audit_views).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError
from fourpillars.services.audit import open_rows, open_stream
from fourpillars.services.audit import reads as audit_views
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.audit import AuditFilterForm

from .common import actor, render

PAGE_SIZE = 50
CSV_COLUMNS = [
    "seq",
    "at",
    "actor",
    "agency",
    "role",
    "operation",
    "action",
    "target_type",
    "target_id",
    "case_id",
    "person_id",
    "purpose",
    "justification",
    "legal_basis",
    "recipients",
    "query",
    "request_id",
    "channel",
    "hash",
]


def _filter(request: HttpRequest) -> tuple[AuditFilterForm, audit_views.TrailFilter | None]:
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, audit_views.TrailFilter()
    if not form.is_valid():
        return form, None
    try:
        return form, audit_views.parse_filter(form.cleaned_data)
    except DomainValidationError as exc:
        apply_domain_errors(exc, [Route("", form)])
        return form, None


@login_required
@require_GET
@service_errors
def trail(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    audit_views.require_auditor(user)
    form, flt = _filter(request)
    page = None
    names = None
    if flt is not None:
        rows = audit_views.trail(actor=user, flt=flt)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        names = audit_views.name_rows(open_rows(page))
        audit_views.record_trail_read(actor=user, flt=flt, record_ids=[e.seq for e in page])
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "names": names, "query": query.urlencode()}
    return render(request, "web/audit/trail.html", context, forms_with_errors=(form,))


def _cell(value: object) -> str:
    """Spreadsheet-safe text: a cell that starts like a formula is prefixed so that opening
    the export in a spreadsheet never runs anything someone typed."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(e: AuditEvent) -> list[str]:
    values: list[object] = [
        e.seq,
        timezone.localtime(e.at).isoformat(),
        e.actor_username,
        e.actor_agency,
        e.actor_role,
        e.operation,
        e.action,
        e.target_type,
        e.target_id,
        e.case_id,
        e.person_id,
        e.purpose,
        e.justification,
        e.legal_basis,
        " ".join(str(r) for r in e.recipients or []),
        e.query,
        e.request_id,
        e.channel,
        e.hash,
    ]
    return [_cell(v) for v in values]


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
@service_errors
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    user = actor(request)
    audit_views.require_auditor(user)
    form, flt = _filter(request)
    if flt is None:
        return render(
            request, "web/audit/trail.html", {"form": form}, forms_with_errors=(form,), status=400
        )
    rows, export = audit_views.export_trail(actor=user, flt=flt)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_COLUMNS)
        for event in open_stream(rows.iterator(chunk_size=2000)):
            yield writer.writerow(_row(event))

    response = StreamingHttpResponse(lines(), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
