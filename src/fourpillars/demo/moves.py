"""Synthetic demo referrals and a transfer (decision 0018), made through the services as the
demo's users would: two referrals for level 2 waiting for area A's co-ordinator to screen, and
one area B case waiting to be taken over by area A. No real personal data; a second run adds
nothing."""

from __future__ import annotations

from fourpillars.accounts.models import User
from fourpillars.domain.mappa import CaseStatus
from fourpillars.referrals.models import Referral, Transfer
from fourpillars.register.models import Case
from fourpillars.services.referrals import screening, transfers

REFERRAL = {
    "reason": "Synthetic demo text. Moved to an address near a primary school; housing report "
    "contact with local children.",
    "current_risk": "Synthetic demo text. High to children in the community; warning signs "
    "seen this month.",
    "cannot_manage": "Synthetic demo text. Police patrols, the housing move and probation "
    "appointments need agreeing together at a meeting.",
    "proposed_level": 2,
}
# Area B's lead agencies and the area A agency that would take each case over.
COUNTERPART = {"police-b": "police-a", "probation-b": "probation-a"}


def seed_referrals(users: dict[str, User], coordinators: dict[str, User]) -> tuple[int, int]:
    """Two open referrals (one by police, one by probation) and one transfer into area A
    waiting; returns how many referrals and transfers were added."""
    if Referral.objects.exists() or Transfer.objects.exists():
        return 0, 0  # seeded before (or real work done)
    referred = 0
    for lead in ("police", "probation"):
        case = (
            Case.objects.filter(
                lead_agency__code=f"{lead}-a", level=1, status=CaseStatus.ACTIVE.value
            )
            .order_by("id")
            .first()
        )
        if case is not None:
            screening.refer_case(actor=users[lead], case_id=case.pk, data=REFERRAL)
            referred += 1
    moving = (
        Case.objects.filter(lead_agency__code__in=COUNTERPART, status=CaseStatus.ACTIVE.value)
        .select_related("lead_agency")
        .order_by("id")
        .first()
    )
    if moving is None:
        return referred, 0
    transfers.request(
        actor=coordinators["coordinator-b"],
        case_id=moving.pk,
        proposed_lead_agency=COUNTERPART[moving.lead_agency.code],
        reason="Synthetic demo text. Released to an approved address in Northshire; the "
        "licence is to be managed there.",
    )
    return referred, 1
