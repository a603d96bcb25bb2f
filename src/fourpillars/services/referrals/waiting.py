"""What of referrals, transfers and possible duplicates waits for a user: the figures of the
"Waiting for me" panel on the caseload home (counts only; each links to its list).

- the area's co-ordinator: referrals to screen (and how many are overdue), transfers into the
  area to decide, possible duplicates to resolve;
- whoever made a referral: those declined, until they mark the reason read;
- whoever asked for a transfer: those decided, until they mark the decision read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from fourpillars.domain import referrals as referral_rules
from fourpillars.domain import transfers as transfer_rules
from fourpillars.domain.access import Permission
from fourpillars.referrals.models import Referral, Transfer
from fourpillars.register.models import Case
from fourpillars.services.access import allowed
from fourpillars.services.referrals import duplicates
from fourpillars.services.referrals.ages import age_of, screening_target

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


@dataclass(frozen=True)
class Waiting:
    to_screen: int = 0
    overdue: int = 0
    declined: int = 0
    to_decide: int = 0
    decided: int = 0
    duplicates: int = 0
    declined_id: int | None = None  # the one declined referral, when there is only one
    decided_id: int | None = None  # the one decided transfer, when there is only one

    @property
    def any(self) -> bool:
        return bool(
            self.to_screen or self.declined or self.to_decide or self.decided or self.duplicates
        )


def _screening(actor: User) -> tuple[int, int]:
    if not allowed(actor, Permission.SCREEN_REFERRAL):
        return 0, 0
    area = Case.objects.visible_to(actor).filter(area_id=actor.viewer.area_id or 0).values("pk")
    waiting = list(
        Referral.objects.filter(case__in=area, status=referral_rules.ReferralStatus.OPEN.value)
    )
    today, target = timezone.localdate(), screening_target()
    return len(waiting), sum(1 for r in waiting if age_of(r, today, target).overdue)


def _few(rows: QuerySet[Any]) -> tuple[int, int | None]:
    """How many rows, and the one row's id when there is exactly one (its link goes to it)."""
    first = list(rows.values_list("pk", flat=True)[:2])
    if len(first) == 1:
        return 1, int(first[0])
    return (rows.count() if first else 0), None


def waiting_for(actor: User) -> Waiting:
    """Counts only, each from the records the actor may see."""
    to_screen, overdue = _screening(actor)
    visible = Case.objects.visible_to(actor).values("pk")
    declined, declined_id = _few(
        Referral.objects.filter(
            referred_by=actor,
            status=referral_rules.ReferralStatus.DECLINED.value,
            outcome_seen_at__isnull=True,
            case__in=visible,
        )
    )
    decided, decided_id = _few(
        Transfer.objects.filter(
            requested_by=actor, outcome_seen_at__isnull=True, case__in=visible
        ).exclude(status=transfer_rules.TransferStatus.REQUESTED.value)
    )
    to_decide = 0
    if allowed(actor, Permission.DECIDE_TRANSFER):
        to_decide = Transfer.objects.filter(
            to_area_id=actor.viewer.area_id, status=transfer_rules.TransferStatus.REQUESTED.value
        ).count()
    return Waiting(
        to_screen=to_screen,
        overdue=overdue,
        declined=declined,
        to_decide=to_decide,
        decided=decided,
        duplicates=duplicates.open_count(actor),
        declined_id=declined_id,
        decided_id=decided_id,
    )
