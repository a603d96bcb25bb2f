"""Consultations: opening a case and searching the register, each audited (DPA 2018 s.62)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from fourpillars.audit.models import AuditEvent
from fourpillars.db import sql_rows
from fourpillars.domain import access
from fourpillars.domain import names as name_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exports import EXPORT_ACTIONS
from fourpillars.domain.identifiers import IdentifierKind, normalise_identifier
from fourpillars.register.models import Case, NameKey
from fourpillars.services import audit
from fourpillars.services.access import (
    CASE_RELATED,
    case_facts,
    emergency_justification,
    justified,
    require,
    require_justification,
    visible_case,
)
from fourpillars.services.cases import records as case_records
from fourpillars.services.paging import Page, bounds, offset

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

QUERY_MAX = 200
T = TypeVar("T")
TIMELINE_LIMIT = 100


def consult_case(
    *,
    actor: User,
    case_id: object,
    justification: Justification | None,
    permission: Permission | None = None,
) -> case_records.CaseRecord:
    """Open a case: 404 if missing or hidden; 403 unless the actor may also ``permission`` it
    (a screen that changes the case); outside the lead agency, a justification first.

    The case comes through the one access-scoped query and its shares in a second; the
    person's records are read only once any justification needed has been given."""
    with transaction.atomic():
        case = visible_case(actor, case_id)
        if permission is not None:
            require(actor, permission, case)
        shares = case_records.case_shares(case)
        justification = justified(actor, case, justification, shares=shares)
        record = case_records.CaseRecord(case, shares, case_records.person_records(case.person))
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_case",
            target=audit.case_target(case),
            justification=justification,
        )
        return record


def consult_case_records(
    *,
    actor: User,
    case_id: object,
    justification: Justification | None,
    action: str,
    load: Callable[[Case], Iterable[T]],
) -> tuple[Case, list[T]]:
    """One part of a case (its decisions, level decisions, register facts for an instrument):
    the case through the access-scoped query, the justification outside the lead agency, the
    records ``load`` reads, and one consultation row naming ``action`` and what was shown."""
    with transaction.atomic():
        case = visible_case(actor, case_id)
        justification = require_justification(actor, case, justification)
        rows = list(load(case))
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action=action,
            target=audit.case_target(case),
            justification=justification,
            record_ids=[int(pk) for r in rows if isinstance(pk := getattr(r, "pk", None), int)],
        )
        return case, rows


def needs_justification(actor: User, case: Case) -> bool:
    """Whether reading ``case`` asks the actor for a purpose first: outside the lead agency,
    unless under emergency access, whose reason every read records (decision 0030)."""
    if not access.needs_justification(actor.viewer, case_facts(case, shares=False)):
        return False
    return emergency_justification(actor, case) is None


# What happened to the case and its person (not who looked, nor who downloaded a copy: those
# are in the audit trail), newest first: the one definition of the timeline, shown on the case
# page and paged by the API.
_TIMELINE_WHERE = (
    '(e."case_id" = %s OR e."person_id" = %s) AND e."operation" <> %s AND e."action" NOT LIKE %s'
)


def _timeline_params(case: Case) -> list[object]:
    return [case.pk, case.person_id, Operation.CONSULTATION.value, EXPORT_ACTIONS]


def timeline_events(case: Case, *, start: int = 0, limit: int = TIMELINE_LIMIT) -> list[AuditEvent]:
    """One page of the case's timeline, newest first, in one hand-written query; the values
    sealed under the person's key opened (one more query), or said to be removed once a
    retention decision destroyed it (decision 0031)."""
    rows = sql_rows.joined(
        AuditEvent,
        "e",
        _TIMELINE_WHERE,
        [*_timeline_params(case), limit, start],
        tail='ORDER BY e."seq" DESC LIMIT %s OFFSET %s',
    )
    return audit.open_rows(rows)


def timeline_length(case: Case) -> int:
    """How many events the case's timeline holds."""
    table = AuditEvent._meta.db_table
    found = sql_rows.rows(
        f'SELECT COUNT(*) FROM "{table}" e WHERE {_TIMELINE_WHERE}',  # noqa: S608
        _timeline_params(case),
    )
    return int(found[0][0])


# Autosaved drafts write an alteration row on every save (as they must); on the timeline a run
# of them by the same person on the same record reads as one entry with a count.
COLLAPSIBLE_ACTIONS = frozenset({"save_rosh_draft", "save_plan"})


def timeline(case: Case, limit: int = TIMELINE_LIMIT) -> list[AuditEvent]:
    return collapse_repeats(timeline_events(case, limit=limit))


def collapse_repeats(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Runs of autosaves by one person on one record, as one entry with a count."""
    shown: list[AuditEvent] = []
    for event in events:
        last = shown[-1] if shown else None
        if (
            last is not None
            and event.action in COLLAPSIBLE_ACTIONS
            and (last.action, last.target_id, last.actor_username)
            == (event.action, event.target_id, event.actor_username)
        ):
            last.repeats = getattr(last, "repeats", 1) + 1  # type: ignore[attr-defined]
            continue
        shown.append(event)
    return shown


def record_search(actor: User, query: str, shown: list[Case]) -> None:
    """DPA 2018 s.62 consultation row for a search or listing: the query and what it showed."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="search",
            target=audit.Target("search"),
            query=query,
            record_ids=[c.pk for c in shown],
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
    # Control characters (NUL above all, which PostgreSQL cannot store) become spaces.
    text = "".join(ch if ch.isprintable() else " " for ch in (text or "")[:QUERY_MAX]).strip()
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
    if parsed.name_tokens:
        qs = qs.filter(person_id__in=_people_named(parsed.name_tokens))
    return qs


PEOPLE_LIST_MAX = 300


def _people_named(tokens: list[str]) -> list[int] | QuerySet[NameKey, int]:
    """People with a name matching every token. For several tokens the intersection of each
    token's search-key hits is worked out first, so that the case query starts from a handful
    of people rather than from every case in the area (measured: the planner otherwise scans
    the area); one token, or very broad names, stay a subquery."""
    per_token = [
        NameKey.objects.filter(key__in=name_rules.search_keys(tok)).values_list(
            "person_id", flat=True
        )
        for tok in tokens
    ]
    if len(per_token) > 1:
        found = list(per_token[0].intersection(*per_token[1:])[: PEOPLE_LIST_MAX + 1])
        if len(found) <= PEOPLE_LIST_MAX:
            return found
    narrowed = per_token[0]
    for other in per_token[1:]:
        narrowed = narrowed.filter(person_id__in=other)
    return narrowed


def _rank(candidates: list[tuple[int, str]], wanted: list[str]) -> list[int]:
    """Order candidate (case id, person search text) pairs by how well one of the person's
    names answers the query tokens; drop those scoring under 60 of 100."""
    scored = []
    for case_id, text in candidates:
        best = name_rules.best_name_score(wanted, text)
        if best >= 60:
            scored.append((-best, -case_id))
    return [-neg_id for _, neg_id in sorted(scored)]


def search_cases(
    *,
    actor: User,
    query: str,
    page: int = 1,
    page_size: int = 20,
    narrow: Callable[[QuerySet[Case]], QuerySet[Case]] | None = None,
) -> SearchResult:
    """Search visible cases by name (case, accents, script and small typos tolerated), date of
    birth or identifier, narrowed by ``narrow`` if given (the caseload's filters). Hidden
    cases never appear, not even in the count. Audited with the query text and the cases
    returned.

    Candidates are fetched as ids with their folded names, ranked in memory, and only the
    page shown is loaded as full objects: that keeps a search of 100,000 people inside its
    time budget (see docs/decisions/0009).
    """
    parsed = parse_query(query)
    page = max(1, page)
    page_size = max(1, min(page_size, 100))
    if not (parsed.dates or parsed.identifiers or parsed.name_tokens):
        return SearchResult(parsed.text, [], 0, page, page_size)
    limit = int(settings.FOURPILLARS_SEARCH_LIMIT) * 4
    scoped = _filtered(actor, parsed)
    if narrow is not None:
        scoped = narrow(scoped)
    candidates = list(scoped.order_by("-id").values_list("id", "person__search_text")[:limit])
    if parsed.name_tokens:
        ranked = _rank(candidates, parsed.name_tokens)
    else:
        ranked = [case_id for case_id, _ in candidates]
    total = len(ranked)
    page_ids = ranked[(page - 1) * page_size : page * page_size]
    # page_ids came out of the access-scoped query above, in this same request.
    by_id = case_records.cases_by_id(page_ids)
    shown = [by_id[i] for i in page_ids if i in by_id]
    record_search(actor, parsed.text, shown)
    return SearchResult(parsed.text, shown, total, page, page_size)


def list_visible_cases(*, actor: User, page: int = 1, page_size: int = 20) -> Page[Case]:
    """The caller's own caseload, newest first; audited as a search with an empty query."""
    page, page_size = bounds(page, page_size)
    qs = Case.objects.visible_to(actor)
    total = qs.count()
    start = offset(page, page_size)
    ordered = qs.select_related(*CASE_RELATED).order_by("-id")
    shown = list(ordered[start : start + page_size])
    record_search(actor, "", shown)
    return Page(shown, total, page, page_size)


def consult_timeline(
    *,
    actor: User,
    case_id: object,
    justification: Justification | None,
    page: int = 1,
    page_size: int = 50,
) -> Page[AuditEvent]:
    """One page of what happened to a case and its person, newest first (not who looked).

    Reading it consults the case: 404 if missing or hidden, and outside the lead agency a
    justification first, exactly as ``consult_case``."""
    page, page_size = bounds(page, page_size)
    with transaction.atomic():
        case = visible_case(actor, case_id)
        justification = require_justification(actor, case, justification)
        shown = timeline_events(case, start=offset(page, page_size), limit=page_size)
        total = timeline_length(case)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_timeline",
            target=audit.case_target(case),
            justification=justification,
            record_ids=[e.seq for e in shown],
        )
    return Page(shown, total, page, page_size)
