"""Referrals, transfers and a possible duplicate on the standard cast's cases (decision 0018),
for the permission matrices and the policy agreement test.

- each case has an open referral made by its lead agency;
- each case has a transfer request waiting, to the other area (police and shared cases to
  area B, led there by police-b and probation-b; the other area's case to area A, police-a);
- a person registered in area B as "Jan Kowalsky" (born the same day as the police case's Jan
  Kowalski) is a possible duplicate of the police case.
"""

from __future__ import annotations

from dataclasses import dataclass

from fourpillars.referrals.models import DuplicateFlag, Referral, Transfer
from fourpillars.services import cases as case_services
from fourpillars.services.referrals import screening, transfers
from tests.cast import CASES, LEADS, World, case_data, person_data

RECEIVING_LEAD = {
    "police_case": "police-b",
    "shared_case": "probation-b",
    "other_area_case": "police-a",
}
MAPPA_A = {
    "reason": "Contact with children reported",
    "current_risk": "High to children",
    "cannot_manage": "Housing and police must act together",
    "proposed_level": 2,
}


@dataclass
class Moves:
    referrals: dict[str, Referral]
    transfers: dict[str, Transfer]
    duplicate: DuplicateFlag


def between_areas(world: World) -> Moves:
    referrals = {
        c: screening.refer_case(
            actor=world.users[LEADS[c]], case_id=getattr(world, c).pk, data=MAPPA_A
        )
        for c in CASES
    }
    moves = {
        c: transfers.request(
            actor=world.users[LEADS[c]],
            case_id=getattr(world, c).pk,
            proposed_lead_agency=RECEIVING_LEAD[c],
            reason="Moving",
        )
        for c in CASES
    }
    case_services.register_case(
        actor=world.users["outsider"],
        person=person_data("Kowalsky", "Jan"),
        case=case_data("police-b"),
    )
    return Moves(referrals, moves, DuplicateFlag.objects.get())
