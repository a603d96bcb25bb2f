"""New information from abroad calls for RoSH re-screening and the predictors' rescoring
([OASYS-ROSH]; decision 0023): the lead agency of each of the person's open cases, and its
area's co-ordinator, are told on the case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.reminders import NotificationKind
from fourpillars.register.models import Case
from fourpillars.services.notifications.events import agency_members, area_coordinators, notify

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def open_cases(person_id: int) -> list[Case]:
    return list(
        Case.objects.filter(person_id=person_id)
        .exclude(status=CaseStatus.CLOSED.value)
        .select_related("lead_agency")
        .order_by("pk")
    )


def ask_for_rescreening(actor: User | None, person_id: int, what: str) -> list[int]:
    """[OASYS-ROSH]: new information (a conviction, risk information from abroad) calls for
    RoSH re-screening and the predictors' rescoring: the lead agency of each open case and its
    area's co-ordinator are told, on the case. Returns the cases concerned."""
    cases = open_cases(person_id)
    for case in cases:
        notify(
            recipients=[
                *agency_members([case.lead_agency_id]),
                *area_coordinators(case.area_id),
            ],
            kind=NotificationKind.RESCREEN_NEEDED,
            subject=f"RoSH re-screening needed on {case.reference}",
            body=(
                f"{what} Screen the RoSH again and rescore the predictors: the new "
                "assessment's predictors read it from the register."
            ),
            link=f"/cases/{case.pk}/",
            case=case,
            skip=actor,
        )
    return [c.pk for c in cases]
