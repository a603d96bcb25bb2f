"""Consultations: opening a case and searching the register, each audited (DPA 2018 s.62)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from fourpillars.audit.models import AuditEvent
from fourpillars.domain import access
from fourpillars.domain import names as name_rules
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.identifiers import IdentifierKind, normalise_identifier
from fourpillars.register.models import Case, CaseShare, NameToken, PersonName

from . import audit
from .access import case_facts, visible_case
from .errors import JustificationRequired

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

QUERY_MAX = 200
TIMELINE_LIMIT = 100


def case_detail_queryset(actor: User) -> QuerySet[Case]:
    """Everything the case page shows, in a fixed number of queries whatever the data size."""
    return (
        Case.objects.visible_to(actor)
        .select_related("person", "lead_agency", "area")
        .prefetch_related(
            "person__names",
            "person__identifiers",
            "person__addresses",
            "person__convictions",
            Prefetch(
                "shares",
                queryset=CaseShare.objects.select_related("agency", "granted_by", "revoked_by"),
            ),
        )
    )


def consult_case(*, actor: User, case_id: object, justification: Justification | None) -> Case:
    """Open a case: 404 if missing or hidden; outside the lead agency, a justification first."""
    with transaction.atomic():
        pk = visible_case(actor, case_id).pk
        case = case_detail_queryset(actor).get(pk=pk)
        if access.needs_justification(actor.viewer, case_facts(case)) and justification is None:
            raise JustificationRequired()
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_case",
            target=audit.Target("case", str(case.pk), case.pk, case.person_id),
            justification=justification,
        )
        return case


def needs_justification(actor: User, case: Case) -> bool:
    return access.needs_justification(actor.viewer, case_facts(case))


def timeline(case: Case, limit: int = TIMELINE_LIMIT) -> list[AuditEvent]:
    """What happened to the case and its person (not who looked): newest first."""
    return list(
        AuditEvent.objects.filter(Q(case_id=case.pk) | Q(person_id=case.person_id))
        .exclude(operation=Operation.CONSULTATION.value)
        .order_by("-seq")[:limit]
    )


@dataclass
class ParsedQuery:
    text: str
    dates: list[dt.date] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    name_tokens: list[str] = field(default_factory=list)


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$"), (3, 2, 1)),
]


def _as_date(token: str) -> dt.date | None:
    for pattern, (y, m, d) in _DATE_PATTERNS:
        match = pattern.match(token)
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:
                return None
    return None


def parse_query(text: str) -> ParsedQuery:
    """Split a free-text query into dates of birth, identifiers and name tokens."""
    text = (text or "").strip()[:QUERY_MAX]
    parsed = ParsedQuery(text)
    for raw in text.split():
        day = _as_date(raw)
        if day:
            parsed.dates.append(day)
        elif any(ch.isdigit() for ch in raw):
            parsed.identifiers.append(raw.upper())
        else:
            parsed.name_tokens.extend(name_rules.tokens(raw))
    return parsed


def _identifier_values(raw: str) -> set[str]:
    values = {re.sub(r"[\s.]", "", raw)}
    for kind in IdentifierKind:
        try:
            values.add(normalise_identifier(kind.value, raw, "XX").value)
        except DomainValidationError:
            continue
    return values


@dataclass
class SearchResult:
    query: str
    cases: list[Case]
    total: int
    page: int
    page_size: int


def _filtered(actor: User, parsed: ParsedQuery) -> QuerySet[Case]:
    qs = Case.objects.visible_to(actor)
    for day in parsed.dates:
        qs = qs.filter(person__date_of_birth=day)
    for raw in parsed.identifiers:
        qs = qs.filter(person__identifiers__value__in=_identifier_values(raw))
    for tok in parsed.name_tokens:
        match = NameToken.objects.filter(person_id=OuterRef("person_id")).filter(
            Q(token=tok)
            | Q(phonetic=name_rules.phonetic(tok))
            | Q(prefix=tok[:4])
            | Q(skeleton=name_rules.skeleton(tok))
        )
        qs = qs.filter(Exists(match))
    return qs


def search_cases(*, actor: User, query: str, page: int = 1, page_size: int = 20) -> SearchResult:
    """Search visible cases by name (case, accents, script and small typos tolerated), date of
    birth or identifier. Hidden cases never appear, not even in the count. Audited with the
    query text and the cases returned."""
    parsed = parse_query(query)
    page = max(1, page)
    page_size = max(1, min(page_size, 100))
    if not (parsed.dates or parsed.identifiers or parsed.name_tokens):
        return SearchResult(parsed.text, [], 0, page, page_size)
    limit = int(settings.FOURPILLARS_SEARCH_LIMIT) * 4
    candidates = list(
        _filtered(actor, parsed)
        .select_related("person", "lead_agency", "area")
        .order_by("-id")[:limit]
    )
    if parsed.name_tokens:
        person_ids = {c.person_id for c in candidates}
        names: dict[int, list[str]] = {}
        for n in PersonName.objects.filter(person_id__in=person_ids):
            names.setdefault(n.person_id, []).append(n.full)
        wanted = " ".join(parsed.name_tokens)

        def score(c: Case) -> float:
            return max(
                (name_rules.similarity(wanted, n) for n in names.get(c.person_id, [])), default=0.0
            )

        scored = [(score(c), c) for c in candidates]
        candidates = [c for s, c in sorted(scored, key=lambda sc: -sc[0]) if s >= 60]
    total = len(candidates)
    shown = candidates[(page - 1) * page_size : page * page_size]
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="search",
            target=audit.Target("search"),
            query=parsed.text,
            record_ids=[c.pk for c in shown],
        )
    return SearchResult(parsed.text, shown, total, page, page_size)
