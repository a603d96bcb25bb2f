"""Referral to level 2 or 3 (MAPPA A) and its screening by the area's co-ordinator
([MAPPA-G-2012]; [MAPPA-G] ch.7; decision 0018).

``refer_case`` records the referral (any agency with access to the case); ``screen`` accepts it
(the level is set through the shared level-decision step, ``record_level_decision``, in the
same transaction) or declines it with the reason, which goes back to the referrer (on the case
and in their "Waiting for me"); ``mark_read`` is the referrer reading the outcome. Every read
of a referral is a consultation of its case; the co-ordinator's queue is one audited listing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from fourpillars.domain import decisions as decision_rules
from fourpillars.domain import exports
from fourpillars.domain import referrals as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exports import Export
from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.reminders import NotificationKind
from fourpillars.referrals.models import Referral
from fourpillars.register.models import Case
from fourpillars.services import audit, referrals
from fourpillars.services.access import manageable_case, record_on_case, require, visible_case
from fourpillars.services.assessments.changes import record_level_decision
from fourpillars.services.cases.reads import consult_case_records
from fourpillars.services.errors import Forbidden
from fourpillars.services.referrals.ages import age_of, screening_target
from fourpillars.services.referrals.people import coordinators

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

RELATED = (
    "case",
    "case__person",
    "case__area",
    "case__lead_agency",
    "referred_by",
    "referring_agency",
    "screened_by",
)
# Accepting for level 2 or 3 affirms that meetings add value ([MAPPA-G] ch.7, the first level 2
# criterion) unless the co-ordinator sends the criteria themselves.
ACCEPTED_FLAGS = {"adds_value": True}
RECENT = 20


def referral_target(r: Referral) -> audit.Target:
    return audit.Target("referral", str(r.pk), r.case_id, r.case.person_id)


def _snapshot(r: Referral) -> dict[str, object]:
    return {
        "reason": r.reason,
        "current_risk": r.current_risk,
        "cannot_manage": r.cannot_manage,
        "proposed_level": r.proposed_level,
        "level_at_referral": r.level_at_referral,
        "referring_agency": r.referring_agency.code,
    }


def _refusable(case: Case) -> None:
    if case.status == CaseStatus.CLOSED.value:
        raise DomainValidationError.single(
            "case", "this case is closed: re-open it before referring it"
        )
    if Referral.objects.filter(case=case, status=rules.ReferralStatus.OPEN.value).exists():
        raise DomainValidationError.single(
            "case", "this case already has a referral waiting for screening"
        )


def check_referral(
    *, actor: User, case_id: object, data: Mapping[str, object]
) -> rules.ReferralInput:
    """What ``refer_case`` would record, checked without saving (the check-answers page):
    the same 404, 403 and field errors."""
    case = visible_case(actor, case_id)
    require(actor, Permission.REFER_CASE, case)
    found = rules.clean_referral(data, case.level)
    _refusable(case)
    return found


def refer_case(*, actor: User, case_id: object, data: Mapping[str, object]) -> Referral:
    """[MAPPA-G-2012] MAPPA A: a referral for level 2 or 3 with its content, the referring
    person and agency and the date; one open referral per case. The area's co-ordinators are
    told (``notify``)."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.REFER_CASE)
        given = rules.clean_referral(data, case.level)
        _refusable(case)
        assert actor.agency is not None  # whoever may see a case belongs to an agency
        row = Referral.objects.create(
            case=case,
            reason=given.reason,
            current_risk=given.current_risk,
            cannot_manage=given.cannot_manage,
            proposed_level=given.proposed_level,
            level_at_referral=case.level,
            referred_by=actor,
            referring_agency=actor.agency,
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="refer_case",
            target=referral_target(row),
            after=_snapshot(row),
        )
        referrals.notify(
            [u.pk for u in coordinators([case.area_id])],
            f"Referral to screen: case {case.reference}",
            f"{actor.agency.name} referred case {case.reference} for level "
            f"{given.proposed_level} management.",
            reverse("referral", args=[row.pk]),
            NotificationKind.REFERRAL_RECEIVED,
        )
        return row


def find_referral(
    actor: User,
    referral_id: object,
    *,
    manage: bool = False,
    permission: Permission = Permission.VIEW_CASE,
) -> Referral:
    """A referral on a case the actor can see (NotFound otherwise); with ``manage``, locked
    with its case and Forbidden unless the actor may ``permission`` it."""
    return record_on_case(  # type: ignore[no-any-return]
        actor,
        Referral.objects.all(),
        referral_id,
        manage=manage,
        permission=permission,
        related=RELATED,
    )


def consult_referral(
    *,
    actor: User,
    referral_id: object,
    justification: Justification | None,
    permission: Permission | None = None,
) -> Referral:
    """Reading a referral is a consultation of its case ([DPA-2018] s.62); for a screen that
    changes it, Forbidden first unless the actor may ``permission`` it."""
    with transaction.atomic():
        referral = find_referral(actor, referral_id)
        if permission is not None:
            require(actor, permission, referral)
        audit.consultation(
            actor=actor,
            case=referral.case,
            justification=justification,
            action="view_referral",
            target=referral_target(referral),
        )
        return referral


def export_referral(
    *, actor: User, referral_id: object, justification: Justification | None
) -> tuple[Referral, Export]:
    """The referral for its MAPPA A PDF, and the download's own audit row (a disclosure to the
    reader, [DPA-2018] s.62; outside the lead agency the purpose first)."""
    with transaction.atomic():
        referral = find_referral(actor, referral_id)
        export = exports.referral_pdf(referral.case.reference, referral.pk)
        audit.export(
            actor=actor,
            export=export,
            target=referral_target(referral),
            case=referral.case,
            justification=justification,
        )
        return referral, export


def screen(
    *,
    actor: User,
    referral_id: object,
    outcome: object,
    level: object = None,
    reason: object = "",
    flags: Mapping[str, object] | None = None,
) -> Referral:
    """[MAPPA-G] ch.7: the area's co-ordinator accepts (the level is decided and recorded by
    the level-decision step, in this transaction) or declines with the reason, which goes
    back to the referrer. A referral is screened once (IllegalTransition after)."""
    with transaction.atomic():
        referral = find_referral(
            actor, referral_id, manage=True, permission=Permission.SCREEN_REFERRAL
        )
        decision = rules.clean_screening(outcome, level, reason)
        status = rules.transition(referral.status, decision.outcome)
        if decision.outcome is rules.Outcome.ACCEPT:
            row = record_level_decision(
                actor=actor,
                case=referral.case,
                flags=ACCEPTED_FLAGS if flags is None else flags,
                level=decision.level,
                reason=decision.reason,
                evidence=[
                    decision_rules.Evidence("referral", str(referral.pk), "Referral (MAPPA A)")
                ],
            )
            referral.level_decision, referral.decided_level = row, row.decided_level
        referral.status = status.value
        referral.screened_by, referral.screened_at = actor, timezone.now()
        referral.screening_reason = decision.reason
        referral.version += 1
        referral.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="screen_referral",
            target=referral_target(referral),
            before={"status": rules.ReferralStatus.OPEN.value},
            after={
                "status": referral.status,
                "decided_level": referral.decided_level,
                "reason": decision.reason,
                "level_decision": referral.level_decision_id,
                "version": referral.version,
            },
        )
        _tell_referrer(referral)
        return referral


def _tell_referrer(r: Referral) -> None:
    if r.status == rules.ReferralStatus.ACCEPTED.value:
        words = f"accepted: the case is managed at level {r.decided_level}"
    else:
        words = f"declined: {r.screening_reason}"
    referrals.notify(
        [r.referred_by_id],
        f"Your referral of case {r.case.reference} was {r.status}",
        f"Your referral of case {r.case.reference} was {words}",
        reverse("referral", args=[r.pk]),
        NotificationKind.REFERRAL_DECIDED,
    )


def mark_read(*, actor: User, referral_id: object) -> Referral:
    """The referrer has read the outcome: it leaves their "Waiting for me"."""
    with transaction.atomic():
        referral = find_referral(actor, referral_id)
        if referral.referred_by_id != actor.pk:
            raise Forbidden("Only the person who made the referral marks its outcome read.")
        if referral.status == rules.ReferralStatus.OPEN.value:
            raise DomainValidationError.single("referral", "has not been screened yet")
        if referral.outcome_seen_at is None:
            referral.outcome_seen_at = timezone.now()
            referral.save(update_fields=["outcome_seen_at"])
            audit.record(
                actor=actor,
                operation=Operation.ALTERATION,
                action="read_referral_outcome",
                target=referral_target(referral),
                after={"outcome_seen_at": referral.outcome_seen_at},
            )
        return referral


def case_referrals(case: Case, limit: int = 5) -> list[Referral]:
    """The case's referrals, newest first (one query): what the case page shows."""
    rows = list(
        Referral.objects.filter(case=case).select_related(
            "referred_by", "referring_agency", "screened_by"
        )[:limit]
    )
    for row in rows:
        row.case = case
    return rows


def list_case_referrals(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[Referral]]:
    """Every referral of the case, newest first: one audited consultation of the case."""
    return consult_case_records(
        actor=actor,
        case_id=case_id,
        justification=justification,
        action="list_referrals",
        load=lambda case: case_referrals(case, limit=100),
    )


@dataclass(frozen=True)
class QueueRow:
    referral: Referral
    age: rules.Age


@dataclass(frozen=True)
class Queue:
    """The co-ordinator's screening queue: open referrals oldest first with their age against
    the target, and the most recently screened."""

    waiting: list[QueueRow]
    screened: list[QueueRow]
    target: rules.ScreeningTarget
    today: dt.date

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.waiting if row.age.overdue)


def _area_referrals(actor: User) -> QuerySet[Referral]:
    """Referrals on the cases of the co-ordinator's area, through the access-scoped query."""
    area = Case.objects.visible_to(actor).filter(area_id=actor.viewer.area_id or 0)
    return Referral.objects.filter(case__in=area.values("pk")).select_related(*RELATED)


def queue(*, actor: User) -> Queue:
    """The area's referrals waiting for screening and the last screened: one consultation
    naming the cases shown ([DPA-2018] s.62). Co-ordinators only (Forbidden otherwise)."""
    require(actor, Permission.SCREEN_REFERRAL)
    today, target = timezone.localdate(), screening_target()
    found = _area_referrals(actor)
    waiting = list(found.filter(status=rules.ReferralStatus.OPEN.value).order_by("referred_at"))
    done = list(
        found.exclude(status=rules.ReferralStatus.OPEN.value).order_by("-screened_at")[:RECENT]
    )
    rows = [QueueRow(r, age_of(r, today, target)) for r in waiting]
    screened = [QueueRow(r, age_of(r, today, target)) for r in done]
    _record_listing(actor, "view_referral_queue", [*waiting, *done])
    return Queue(rows, screened, target, today)


def made_by(*, actor: User) -> list[QueueRow]:
    """The referrals the actor made, newest first, on cases they can still see."""
    visible = Case.objects.visible_to(actor).values("pk")
    found = list(
        Referral.objects.filter(referred_by=actor, case__in=visible).select_related(*RELATED)[:50]
    )
    _record_listing(actor, "view_my_referrals", found)
    today, target = timezone.localdate(), screening_target()
    return [QueueRow(r, age_of(r, today, target)) for r in found]


def _record_listing(actor: User, action: str, shown: list[Referral]) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action=action,
            target=audit.Target("referrals"),
            record_ids=[r.case_id for r in shown],
        )
