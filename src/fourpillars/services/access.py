"""The permission policy as services ask it, fetching through the one access-scoped query.

``allowed(actor, permission, record)`` and ``require`` (which raises Forbidden with the
policy's reason) turn a record (a case, plan, assessment or action, or ``Facts`` already
built) into the policy's plain facts and ask ``domain.access``; every service, view, template
tag and API router asks through them. Fetching goes through ``Case.objects.visible_to`` (404
for missing and hidden alike) before any 403 is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from fourpillars.assessments.models import RoshAssessment
from fourpillars.db import sql_rows
from fourpillars.domain import access
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import JUSTIFICATION_TEXT_MAX, Justification, Purpose
from fourpillars.meetings.models import Meeting
from fourpillars.plans.models import Action, Plan
from fourpillars.referrals.models import DuplicateFlag, Referral, Transfer
from fourpillars.register.models import (
    Case,
    CaseShare,
    EmergencyAccess,
    Person,
    break_glass_policy,
)
from fourpillars.services.errors import Forbidden, JustificationRequired, NotFound, record_pk
from fourpillars.soa.models import RiskNotification, SupervisionTransfer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from fourpillars.accounts.models import User

Record = (
    Case
    | Plan
    | RoshAssessment
    | Action
    | Meeting
    | Referral
    | Transfer
    | DuplicateFlag
    | RiskNotification
    | SupervisionTransfer
    | access.Facts
    | None
)

# What a case is fetched with wherever it is shown: its person, lead agency and area.
CASE_RELATED = ("person", "lead_agency", "area")


def case_facts(case: Case, *, shares: bool | Iterable[CaseShare] = True) -> access.CaseFacts:
    """The case as the policy sees it. Its shares and emergency access matter only to
    viewing: ``shares=True`` reads both (a query each), ``False`` leaves them out, and a list
    passes the shares already read (emergency access then left out: ``emergency_justification``
    asks for it where a read needs it)."""
    grants: tuple[access.EmergencyGrant, ...] = ()
    if shares is True:
        found: Iterable[CaseShare] = case.shares.all()
        grants = tuple(
            access.EmergencyGrant(g.user_id, g.expires_at)
            for g in EmergencyAccess.objects.filter(case=case, expires_at__gt=timezone.now())
        )
    elif shares is False:
        found = ()
    else:
        found = shares
    return access.CaseFacts(
        case.lead_agency_id,
        case.area_id,
        tuple(access.Share(s.agency_id, s.expires_at, s.revoked_at) for s in found),
        handover_area_id=case.handover_area_id,
        handover_until=case.handover_until,
        emergency=grants,
    )


def meeting_facts(meeting: Meeting) -> access.MeetingFacts:
    """A meeting as the policy sees it: its area, chair and invited agencies (one query)."""
    invited = frozenset(meeting.invitations.values_list("agency_id", flat=True))
    return access.MeetingFacts(meeting.area_id, meeting.chair_id, invited)


def approval_policy() -> access.ApprovalPolicy:
    """The plan approval policy in force (``FOURPILLARS_PLAN_APPROVAL``; decision 0015)."""
    version = str(settings.FOURPILLARS_PLAN_APPROVAL)
    try:
        return access.APPROVAL_POLICIES[version]
    except KeyError:
        known = ", ".join(sorted(access.APPROVAL_POLICIES))
        raise ImproperlyConfigured(
            f"FOURPILLARS_PLAN_APPROVAL={version!r} names no approval policy (known: {known})"
        ) from None


# The permissions whose rule reads the case's shares (viewing it; referring it, decision 0018).
READ_SHARES = frozenset({Permission.VIEW_CASE, Permission.REFER_CASE})


def facts_for(record: Record, permission: Permission) -> access.Facts:
    """The plain facts of ``record`` that the rule for ``permission`` may read."""
    if permission is Permission.BREAK_GLASS and record is None:
        return access.Facts(break_glass=break_glass_policy())
    if record is None or isinstance(record, access.Facts):
        return record or access.NO_FACTS
    shares = permission in READ_SHARES
    if isinstance(record, Case):
        return access.Facts(case=case_facts(record, shares=shares))
    if isinstance(record, Plan):
        return access.Facts(
            case=case_facts(record.case, shares=shares),
            author_id=record.created_by_id,
            editor_ids=frozenset(int(e) for e in record.editors),
            approval=approval_policy(),
        )
    if isinstance(record, RoshAssessment):
        return access.Facts(case=case_facts(record.case, shares=shares), author_id=record.author_id)
    if isinstance(record, Meeting):
        return access.Facts(meeting=meeting_facts(record))
    if isinstance(record, Referral):
        return access.Facts(case=case_facts(record.case, shares=shares))
    if isinstance(record, Transfer):  # between areas: the receiving area (decision 0018)
        return access.Facts(
            case=case_facts(record.case, shares=shares), areas=frozenset({record.to_area_id})
        )
    if isinstance(record, RiskNotification):  # decision 0022: its authors never approve it
        return access.Facts(
            case=case_facts(record.case, shares=shares),
            author_id=record.created_by_id,
            editor_ids=frozenset(int(e) for e in record.editors),
        )
    if isinstance(record, SupervisionTransfer):
        return access.Facts(
            case=case_facts(record.case, shares=shares), author_id=record.created_by_id
        )
    if isinstance(record, DuplicateFlag):  # the two cases' areas, never their content
        return access.Facts(areas=frozenset({record.case_a.area_id, record.case_b.area_id}))
    return access.Facts(  # an action: its case is the plan's (``Action.case``)
        case=case_facts(record.case, shares=shares),
        owner_agency_id=record.owner_agency_id,
        owner_user_id=record.owner_user_id,
    )


def decide(
    actor: User | AnonymousUser | None, permission: Permission, record: Record = None
) -> access.Decision:
    """The policy's answer for ``actor``; nobody signed in may do anything. (An inactive
    account cannot sign in or use a token; the demo seeding acts as one, as before.)"""
    if actor is None or not actor.is_authenticated:
        return access.Decision(False, access.refusal(permission))
    viewer = actor.viewer
    return access.decide(viewer, permission, facts_for(record, permission))


def allowed(
    actor: User | AnonymousUser | None, permission: Permission, record: Record = None
) -> bool:
    """May ``actor`` do ``permission`` (on ``record``)? Views and templates ask this to offer
    a link or a button; services ``require`` it."""
    return decide(actor, permission, record).allowed


def require(actor: User | None, permission: Permission, record: Record = None) -> None:
    """Forbidden, with the policy's reason, unless ``actor`` may do ``permission``."""
    verdict = decide(actor, permission, record)
    if not verdict:
        raise Forbidden(verdict.reason)


def visible_case(actor: User, case_id: object, *, for_update: bool = False) -> Case:
    """The case if the actor may see it; NotFound for missing and hidden alike.

    The one access-scoped query (``Case.objects.visible_to``, compiled by the ORM: see
    ``visible_ids_sql``) picks the row; the case is read with its person, lead agency and
    area in one hand-written join (``case_rows``), locked first when ``for_update``."""
    pk = record_pk(case_id)
    scoped = visible_ids_sql(actor)
    if scoped is None:  # the actor sees no case at all
        raise refused(pk)
    sql, params = scoped
    lock = for_update and connection.features.has_select_for_update_of
    found = case_rows(
        f'c."id" = %s AND c."id" IN ({sql})',
        [pk, *params],
        tail="FOR UPDATE OF c" if lock else "",
    )
    if not found:
        raise refused(pk)
    return found[0]


def refused(case_id: int | None) -> NotFound:
    """The NotFound for a case the actor may not see: marked with the case when it exists,
    so that the adapter answering 404 audits the refused consultation (a missing one is not
    marked: nothing was there to consult). The one extra query runs only on a refusal."""
    exists = case_id is not None and Case.objects.filter(pk=case_id).exists()
    return NotFound(hidden_case=case_id if exists else None)


def refused_among(actor: User, case_ids: Iterable[int | None]) -> NotFound:
    """The NotFound for a record that exists but was not shown, tied to ``case_ids``: marked
    with the first of them hidden from the actor, so that the 404 is audited as a refused
    consultation of that case; unmarked when it names no case or the actor sees them all (it
    was refused by role or by whose it is, not by need to know: nothing hidden was asked
    for). One query, on a refusal only."""
    ids = [c for c in case_ids if c is not None]
    if not ids:
        return NotFound()
    seen = set(Case.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    return NotFound(hidden_case=next((c for c in ids if c not in seen), None))


def refused_record(
    actor: User, rows: QuerySet[Any], record_id: object, *, case: str = "case"
) -> NotFound:
    """The NotFound for a record of ``rows`` that was not shown to the actor (a meeting, an
    action, another user's notification, a row asked for under another record): marked, as
    ``refused_among``, with its case (``case``: the path to it; of several, the lowest id)
    when the record exists; unmarked when it is missing. Its queries run on a refusal only."""
    try:
        pk = record_pk(record_id)
    except NotFound as missing:
        return missing
    case_id = rows.filter(pk=pk).order_by(f"{case}__pk").values_list(case, flat=True).first()
    return refused_among(actor, (case_id,))


def refused_person_record(
    actor: User, rows: QuerySet[Any], record_id: object, *, person: str = "person"
) -> NotFound:
    """The NotFound for a person's record not shown to the actor (the person: ``person="pk"``;
    an address or a conviction): marked with the person when the record exists and none of
    the person's cases is visible to the actor, so that the 404 is audited as a refused
    consultation of the person; unmarked when it is missing or the person is one the actor
    sees (a row asked for under the wrong person: nothing hidden). On a refusal only."""
    try:
        pk = record_pk(record_id)
    except NotFound as missing:
        return missing
    person_id = rows.filter(pk=pk).values_list(person, flat=True).first()
    if person_id is None or Case.objects.visible_to(actor).filter(person=person_id).exists():
        return NotFound()
    return NotFound(hidden_person=person_id)


# A moment no real request happens at, so its adapted value marks where "now" sits in the
# compiled parameters (share expiry) and is replaced by each request's own time.
_COMPILED_AT = dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC)


def visible_ids_sql(actor: User, now: dt.datetime | None = None) -> tuple[str, list[object]] | None:
    """``Case.objects.visible_to(actor)`` as SQL selecting the visible cases' ids, with its
    parameters for ``now``; None when the actor sees no case at all.

    Building and compiling the queryset is most of what a case read costs in CPU, and it
    depends only on what ``visible_to`` reads of the actor (signed in and active; the
    viewer's role, agency and area; the agency's kind), so it is compiled once per such
    shape and the parameters that stand for "now" are replaced on each call. The query
    itself is still defined once, by ``visible_to``; ``tests/services/test_sql_rows.py``
    holds the two to the same answers, share expiry included. (For the roles the emergency
    access policy names the query holds the user's own id, so their shape includes it.)"""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None  # as visible_to: nobody signed in, or a disabled account, sees nothing
    now = now or timezone.now()
    viewer = actor.viewer
    agency = actor.agency
    shape = (
        connection.vendor,
        viewer.role,
        viewer.agency_id,
        viewer.area_id,
        agency.kind if agency is not None else None,
        # Emergency access is the user's own (decision 0030): their id is in the query.
        actor.pk if break_glass_policy().eligible(viewer) else None,
    )
    compiled = _compiled_scope(shape, actor)
    if compiled is None:
        return None
    sql, params = compiled
    marker = connection.ops.adapt_datetimefield_value(_COMPILED_AT)
    current = connection.ops.adapt_datetimefield_value(now)
    return sql, [current if p == marker else p for p in params]


_SCOPES: dict[tuple[object, ...], tuple[str, tuple[object, ...]] | None] = {}
_SCOPES_MAX = 4096


def _compiled_scope(
    shape: tuple[object, ...], actor: User
) -> tuple[str, tuple[object, ...]] | None:
    if shape in _SCOPES:
        return _SCOPES[shape]
    try:
        sql, params = (
            Case.objects.visible_to(actor, _COMPILED_AT).values("pk").query.sql_with_params()
        )
        compiled: tuple[str, tuple[object, ...]] | None = (sql, tuple(params))
    except EmptyResultSet:
        compiled = None
    if len(_SCOPES) >= _SCOPES_MAX:
        _SCOPES.clear()
    _SCOPES[shape] = compiled
    return compiled


def case_rows(condition: str, params: Sequence[object], *, tail: str = "") -> list[Case]:
    """Cases meeting ``condition`` (SQL on alias ``c``) with their person, lead agency and
    area joined and attached, in one hand-written query: building this join through the ORM
    costs more than the database takes to answer it (decision 0009). Only for conditions
    built from the access-scoped query or from ids it returned in the same request."""
    aliases = dict(zip(CASE_RELATED, ("p", "ag", "ar"), strict=True))
    return sql_rows.joined(Case, "c", condition, params, related=aliases, tail=tail)


def manageable_case(
    actor: User,
    case_id: object,
    *,
    for_update: bool = True,
    permission: Permission = Permission.MANAGE_CASE,
) -> Case:
    """The case if visible (NotFound otherwise) and the actor may ``permission`` it
    (Forbidden otherwise), its row locked for the change unless ``for_update`` is False."""
    case = visible_case(actor, case_id, for_update=for_update)
    require(actor, permission, case)
    return case


def manageable_person(actor: User, person_id: object) -> Person:
    """A person is editable by whoever may manage one of their cases: NotFound when none of
    them is visible, Forbidden when none is manageable (``Case.objects.restrict``)."""
    pk = record_pk(person_id)
    if not Case.objects.visible_to(actor).filter(person_id=pk).exists():
        raise refused_person_record(actor, Person.objects.all(), pk, person="pk")
    if not Case.objects.restrict(actor, Permission.MANAGE_CASE).filter(person_id=pk).exists():
        raise Forbidden(access.refusal(Permission.MANAGE_CASE))
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
    permission: Permission = Permission.MANAGE_CASE,
    related: tuple[str, ...] = ("case", "case__person"),
) -> Any:
    """A record that belongs to a case (an assessment, a plan), fetched only through the
    access-scoped case query: NotFound when missing or when its case is hidden; with
    ``manage``, Forbidden unless the actor may ``permission`` the record, whose case row is
    then locked so changes to the case's records happen one at a time."""
    pk = record_pk(record_id)
    case_id = (
        queryset.filter(pk=pk, case__in=Case.objects.visible_to(actor).values("pk"))
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise refused(queryset.filter(pk=pk).values_list("case_id", flat=True).first())
    visible_case(actor, case_id, for_update=manage)
    if manage:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.select_related(*related).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    if manage:
        require(actor, permission, found)
    return found


def emergency_justification(
    actor: User, case: Case, shares: Iterable[CaseShare] | None = None
) -> Justification | None:
    """When the actor sees ``case`` only through unexpired emergency access, what every read
    under it records: purpose "break-glass" and the reason given (decision 0030); else None.
    A query only for the roles the policy names and only outside need to know (``shares``:
    the case's shares if already read)."""
    viewer = actor.viewer
    if not break_glass_policy().eligible(viewer):
        return None
    now = timezone.now()
    known = case_facts(case, shares=False)
    if access.sees_by_need_to_know(viewer, known, now):
        return None
    grant = (
        EmergencyAccess.objects.filter(case=case, user=actor, expires_at__gt=now)
        .order_by("-expires_at")
        .first()
    )
    if grant is None:
        return None
    found = case_facts(case, shares=case.shares.all() if shares is None else shares)
    if access.sees_by_need_to_know(viewer, found, now):
        return None
    return Justification(Purpose.BREAK_GLASS, grant.reason[:JUSTIFICATION_TEXT_MAX])


def justified(
    actor: User,
    case: Case,
    justification: Justification | None,
    *,
    shares: Iterable[CaseShare] | None = None,
) -> Justification | None:
    """DPA 2018 s.62: the justification a consultation of ``case`` records. Outside the lead
    agency a purpose is needed first (``JustificationRequired``), except under emergency
    access, whose reason every read records (decision 0030), whatever else was given."""
    facts = case_facts(case, shares=False)  # only the lead agency counts here
    if not access.needs_justification(actor.viewer, facts):
        return justification
    emergency = emergency_justification(actor, case, shares)
    if emergency is not None:
        return emergency
    if justification is None:
        raise JustificationRequired()
    return justification


def require_justification(
    actor: User, case: Case, justification: Justification | None
) -> Justification | None:
    """``justified``: the justification to record, or ``JustificationRequired``."""
    return justified(actor, case, justification)
