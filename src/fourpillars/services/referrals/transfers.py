"""A case that moves to another area ([MAPPA-G] ch.2, ch.9; decision 0018).

``request`` (the case's managers; a disclosure of the request to the receiving area),
``accept`` and ``refuse`` (the receiving area's co-ordinator), ``withdraw`` (the case's
managers, while it waits) and ``mark_read`` (the requester reads the decision).

On acceptance, in one transaction: the case's lead agency and area become the receiving
ones; every record stays attached to the case, so the new area sees its whole history; the
old lead agency is given a share under [CJA-2003] s.325(4) that expires at the end of the
recorded day, and the old area's co-ordinator sees the case until the same moment
(``Case.handover_area``, ``Case.handover_until``: ``domain.access.can_view_case``). Each step
writes its audit row.

A transfer is visible to whoever can see its case, and to the receiving area's co-ordinator,
who sees what the request disclosed (the person's identity, category and level, the reason)
but not the case until they accept it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fourpillars.accounts.models import Agency
from fourpillars.domain import access
from fourpillars.domain import transfers as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import LEAD_KINDS, LawfulBasis
from fourpillars.domain.audit import Justification, Operation, Purpose
from fourpillars.domain.dates import long_date
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.persons import parse_date
from fourpillars.domain.reminders import NotificationKind
from fourpillars.referrals.models import Transfer
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import audit, referrals
from fourpillars.services.access import manageable_case, refused, require
from fourpillars.services.cases.reads import consult_case_records
from fourpillars.services.errors import Forbidden, NotFound, record_pk
from fourpillars.services.referrals import duplicates
from fourpillars.services.referrals.people import coordinators

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

RELATED = (
    "case",
    "case__person",
    "case__area",
    "case__lead_agency",
    "from_area",
    "to_area",
    "from_lead_agency",
    "proposed_lead_agency",
    "requested_by",
    "requested_by__agency",
    "decided_by",
)
# What the receiving co-ordinator's reading of a request records as its purpose.
RECEIVING = Justification(Purpose.MAPPA_COORDINATION, "deciding a transfer into the area")
RECENT = 20


def transfer_target(t: Transfer) -> audit.Target:
    return audit.Target("transfer", str(t.pk), t.case_id, t.case.person_id)


def sees_case(actor: User, case_id: int) -> bool:
    """Whether the actor can see the case (the one access-scoped query)."""
    return Case.objects.visible_to(actor).filter(pk=case_id).exists()


def find_transfer(actor: User, transfer_id: object, *, for_update: bool = False) -> Transfer:
    """A transfer of a case the actor can see, or into the area they co-ordinate; NotFound
    for anything else (missing and hidden alike). ``for_update`` locks it and its case."""
    pk = record_pk(transfer_id)
    rows = Transfer.objects.select_related(*RELATED).filter(pk=pk)
    if for_update:
        rows = rows.select_for_update(of=("self",))
    found = rows.first()
    if found is None:
        raise NotFound()
    receiving = access.coordinates(actor.viewer, frozenset({found.to_area_id}))
    if not receiving and not sees_case(actor, found.case_id):
        raise refused(found.case_id)
    if for_update:  # changes to the case happen one at a time
        list(Case.objects.select_for_update().filter(pk=found.case_id).values_list("pk"))
    return found


def consult_transfer(
    *, actor: User, transfer_id: object, justification: Justification | None
) -> Transfer:
    """Reading a transfer: a consultation of its case (its purpose asked outside the lead
    agency), or, for the receiving co-ordinator, of what the request disclosed to them (the
    purpose is deciding the transfer into their area, before and after they decide)."""
    with transaction.atomic():
        t = find_transfer(actor, transfer_id)
        if access.coordinates(actor.viewer, frozenset({t.to_area_id})):
            justification = justification or RECEIVING
        if sees_case(actor, t.case_id):
            audit.consultation(
                actor=actor,
                case=t.case,
                justification=justification,
                action="view_transfer",
                target=transfer_target(t),
            )
        else:
            audit.record(
                actor=actor,
                operation=Operation.CONSULTATION,
                action="view_transfer",
                target=transfer_target(t),
                justification=justification or RECEIVING,
            )
        return t


def _receiving_agency(code: object, case: Case, errors: Collector) -> Agency | None:
    agency = Agency.objects.select_related("area").filter(code=str(code)).first() if code else None
    if agency is None:
        errors.add("proposed_lead_agency", "choose the agency to lead the case in its new area")
        return None
    problems = rules.request_problems(
        lead_is_responsible_authority=agency.kind_enum in LEAD_KINDS,
        lead_area_id=agency.area_id,
        case_area_id=case.area_id,
    )
    for field, message in problems:
        errors.add(field, message)
    return None if problems else agency


def request(
    *, actor: User, case_id: object, proposed_lead_agency: object, reason: object
) -> Transfer:
    """Ask another area to take the case over: its reason and the Responsible Authority agency
    proposed to lead it there. One request waits at a time. The request is a disclosure to
    the receiving area ([CJA-2003] s.325(4)), whose co-ordinators are told."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.REQUEST_TRANSFER)
        errors = Collector()
        agency = _receiving_agency(proposed_lead_agency, case, errors)
        try:
            why = rules.clean_reason(reason)
        except DomainValidationError as exc:
            errors.extend(exc.errors)
        errors.raise_if_any()
        assert agency is not None and agency.area is not None
        if case.status == CaseStatus.CLOSED.value:
            raise DomainValidationError.single(
                "case", "this case is closed: a closed case is not moved"
            )
        waiting = Transfer.objects.filter(case=case, status=rules.TransferStatus.REQUESTED.value)
        if waiting.exists():
            raise DomainValidationError.single(
                "case", "this case already has a transfer request waiting"
            )
        row = Transfer.objects.create(
            case=case,
            from_area=case.area,
            from_lead_agency=case.lead_agency,
            to_area=agency.area,
            proposed_lead_agency=agency,
            reason=why,
            requested_by=actor,
        )
        audit.record(
            actor=actor,
            operation=Operation.DISCLOSURE,
            action="request_transfer",
            target=transfer_target(row),
            legal_basis=LawfulBasis.CJA_2003_S325_4.value,
            recipients=[agency.area.code],
            after={
                "from_area": case.area.code,
                "to_area": agency.area.code,
                "proposed_lead_agency": agency.code,
                "reason": why,
            },
        )
        referrals.notify(
            [u.pk for u in coordinators([agency.area.pk])],
            f"Transfer to decide: case {case.reference}",
            f"{case.area.name} asks {agency.area.name} to take over case {case.reference}, "
            f"led by {agency.name}.",
            reverse("transfer", args=[row.pk]),
            NotificationKind.TRANSFER_REQUESTED,
        )
        return row


def _end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in local time: access lasts the whole recorded day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def accept(
    *, actor: User, transfer_id: object, handover_note: object, access_ends_on: object = None
) -> Transfer:
    """The receiving co-ordinator accepts: lead agency and area hand over, the old lead agency
    keeps a share and the old area's co-ordinator their access until the end of
    ``access_ends_on`` (default and limit: ``rules.DEFAULT_HANDOVER``), every step audited."""
    with transaction.atomic():
        t = find_transfer(actor, transfer_id, for_update=True)
        require(actor, Permission.DECIDE_TRANSFER, t)
        rules.transition(t.status, rules.Move.ACCEPT)
        if t.case.status == CaseStatus.CLOSED.value:
            raise DomainValidationError.single(
                "case", "this case was closed after the request: a closed case is not moved"
            )
        errors = Collector()
        day = parse_date(access_ends_on, "access_ends_on", errors)
        today = timezone.localdate()
        try:
            accepted = rules.clean_acceptance(handover_note, day, today)
        except DomainValidationError as exc:
            errors.extend(exc.errors)
        errors.raise_if_any()
        ends_at = _end_of_day(accepted.access_ends_on)
        share = _hand_over(actor, t, ends_at)
        t.status = rules.TransferStatus.ACCEPTED.value
        t.decided_by, t.decided_at = actor, timezone.now()
        t.handover_note, t.access_ends_at, t.handover_share = accepted.handover_note, ends_at, share
        t.version += 1
        t.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="accept_transfer",
            target=transfer_target(t),
            before={"status": rules.TransferStatus.REQUESTED.value},
            after={
                "status": t.status,
                "handover_note": t.handover_note,
                "access_ends_at": ends_at,
                "version": t.version,
            },
        )
        duplicates.detect(actor=actor, person=t.case.person)
        _tell(
            [t.requested_by_id, *(u.pk for u in coordinators([t.from_area_id]))],
            t,
            f"accepted: {t.to_area.name} leads it from today; your access ends on "
            f"{long_date(accepted.access_ends_on)}",
        )
        return t


def _hand_over(actor: User, t: Transfer, ends_at: dt.datetime) -> CaseShare:
    """Move the case's lead agency and area; the old lead agency's time-limited share."""
    case = t.case
    before = {"lead_agency": case.lead_agency.code, "area": case.area.code}
    old_lead, old_area = case.lead_agency, case.area
    case.lead_agency, case.area = t.proposed_lead_agency, t.to_area
    case.handover_area, case.handover_until = old_area, ends_at
    case.version += 1
    case.updated_at = timezone.now()
    case.save(
        update_fields=[
            "lead_agency",
            "area",
            "handover_area",
            "handover_until",
            "version",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action="transfer_case",
        target=audit.case_target(case),
        before=before,
        after={
            "lead_agency": case.lead_agency.code,
            "area": case.area.code,
            "handover_area": old_area.code,
            "handover_until": ends_at,
            "transfer": t.pk,
            "version": case.version,
        },
    )
    reason = (
        f"Hand-over after the transfer to {t.to_area.name}: access ends on "
        f"{long_date(timezone.localdate(ends_at))}"
    )
    share = CaseShare.objects.create(
        case=case,
        agency=old_lead,
        lawful_basis=LawfulBasis.CJA_2003_S325_4.value,
        reason=reason,
        granted_by=actor,
        expires_at=ends_at,
    )
    audit.record(
        actor=actor,
        operation=Operation.DISCLOSURE,
        action="share_case",
        target=audit.case_target(case),
        legal_basis=LawfulBasis.CJA_2003_S325_4.value,
        recipients=[old_lead.code],
        after={
            "agency": old_lead.code,
            "reason": reason,
            "expires_at": ends_at,
            "share_id": share.pk,
        },
    )
    return share


def decide(
    *,
    actor: User,
    transfer_id: object,
    outcome: object,
    handover_note: object = "",
    access_ends_on: object = None,
    reason: object = "",
) -> Transfer:
    """One form for the receiving co-ordinator: ``accept`` or ``refuse`` as ``outcome`` says
    (the 404 and 403 come before any question about the answers)."""
    if outcome == rules.Move.ACCEPT.value:
        return accept(
            actor=actor,
            transfer_id=transfer_id,
            handover_note=handover_note,
            access_ends_on=access_ends_on,
        )
    if outcome == rules.Move.REFUSE.value:
        return refuse(actor=actor, transfer_id=transfer_id, reason=reason)
    require(actor, Permission.DECIDE_TRANSFER, find_transfer(actor, transfer_id))
    raise DomainValidationError.single("outcome", "choose accept or refuse")


def refuse(*, actor: User, transfer_id: object, reason: object) -> Transfer:
    """The receiving co-ordinator refuses, with the reason; the case stays where it is."""
    with transaction.atomic():
        t = find_transfer(actor, transfer_id, for_update=True)
        require(actor, Permission.DECIDE_TRANSFER, t)
        return _close(actor, t, rules.Move.REFUSE, reason, [t.requested_by_id])


def withdraw(*, actor: User, transfer_id: object, reason: object) -> Transfer:
    """The case's managers withdraw a request that still waits, with the reason."""
    with transaction.atomic():
        t = find_transfer(actor, transfer_id, for_update=True)
        require(actor, Permission.REQUEST_TRANSFER, t.case)
        told = [u.pk for u in coordinators([t.to_area_id])]
        return _close(actor, t, rules.Move.WITHDRAW, reason, told)


def _close(
    actor: User, t: Transfer, move: rules.Move, reason: object, told: Iterable[int]
) -> Transfer:
    status = rules.transition(t.status, move)
    why = rules.clean_reason(reason)
    t.status = status.value
    t.decided_by, t.decided_at, t.decision_reason = actor, timezone.now(), why
    t.version += 1
    t.save()
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action=f"{move.value}_transfer",
        target=transfer_target(t),
        before={"status": rules.TransferStatus.REQUESTED.value},
        after={"status": t.status, "reason": why, "version": t.version},
    )
    _tell(told, t, f"{status.value}: {why}")
    return t


def _tell(user_ids: Iterable[int], t: Transfer, words: str) -> None:
    referrals.notify(
        list(user_ids),
        f"Transfer of case {t.case.reference} {t.status}",
        f"The transfer of case {t.case.reference} to {t.to_area.name} was {words}",
        reverse("transfer", args=[t.pk]),
        NotificationKind.TRANSFER_DECIDED,
    )


def mark_read(*, actor: User, transfer_id: object) -> Transfer:
    """The requester has read the decision: it leaves their "Waiting for me"."""
    with transaction.atomic():
        t = find_transfer(actor, transfer_id)
        if t.requested_by_id != actor.pk:
            raise Forbidden("Only the person who asked for the transfer marks its decision read.")
        if t.status == rules.TransferStatus.REQUESTED.value:
            raise DomainValidationError.single("transfer", "has not been decided yet")
        if t.outcome_seen_at is None:
            t.outcome_seen_at = timezone.now()
            t.save(update_fields=["outcome_seen_at"])
            audit.record(
                actor=actor,
                operation=Operation.ALTERATION,
                action="read_transfer_decision",
                target=transfer_target(t),
                after={"outcome_seen_at": t.outcome_seen_at},
            )
        return t


def case_transfers(case: Case, limit: int = 5) -> list[Transfer]:
    """The case's transfers, newest first (one query): what the case's Sharing part shows."""
    rows = list(
        Transfer.objects.filter(case=case).select_related(
            "from_area",
            "to_area",
            "from_lead_agency",
            "proposed_lead_agency",
            "requested_by",
            "decided_by",
        )[:limit]
    )
    for row in rows:
        row.case = case
    return rows


def list_case_transfers(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[Transfer]]:
    """Every transfer of the case, newest first: one audited consultation of the case."""
    return consult_case_records(
        actor=actor,
        case_id=case_id,
        justification=justification,
        action="list_transfers",
        load=lambda case: case_transfers(case, limit=100),
    )


@dataclass(frozen=True)
class Queue:
    """Requests waiting for the co-ordinator's area, oldest first, and the last decided."""

    waiting: list[Transfer]
    decided: list[Transfer]


def _record_listing(actor: User, action: str, shown: Iterable[Transfer]) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action=action,
            target=audit.Target("transfers"),
            record_ids=[t.case_id for t in shown],
            justification=RECEIVING if action == "view_transfer_queue" else None,
        )


def _into(actor: User) -> QuerySet[Transfer]:
    return Transfer.objects.filter(to_area_id=actor.viewer.area_id).select_related(*RELATED)


def queue(*, actor: User) -> Queue:
    """The transfers into the co-ordinator's area: one audited consultation. Co-ordinators
    only (Forbidden otherwise)."""
    require(actor, Permission.DECIDE_TRANSFER)
    into = _into(actor)
    waiting = list(
        into.filter(status=rules.TransferStatus.REQUESTED.value).order_by("requested_at")
    )
    decided = list(
        into.exclude(status=rules.TransferStatus.REQUESTED.value).order_by("-decided_at")[:RECENT]
    )
    _record_listing(actor, "view_transfer_queue", [*waiting, *decided])
    return Queue(waiting, decided)


def requested_by(*, actor: User) -> list[Transfer]:
    """The transfers the actor asked for, newest first, on cases they can still see."""
    visible = Case.objects.visible_to(actor).values("pk")
    found = list(
        Transfer.objects.filter(Q(requested_by=actor) & Q(case__in=visible)).select_related(
            *RELATED
        )[:50]
    )
    _record_listing(actor, "view_my_transfers", found)
    return found
