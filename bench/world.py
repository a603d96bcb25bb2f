"""The bench's reference data: the demo world (services.demo) plus more areas, so that
100,000 cases spread over areas roughly as they do nationally (42 MAPPA areas; a large area
holds a few per cent of all cases). Areas and agencies are created through services.users."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fourpillars import demo
from fourpillars.accounts.models import Agency, Area, User
from fourpillars.domain.agencies import AgencyKind, Role
from fourpillars.services import accounts as user_services

# Area A (the cast's area) and B come from services.demo; C..L are bench-only.
EXTRA_AREAS = [chr(c) for c in range(ord("C"), ord("M"))]
AREA_WEIGHTS = {"A": 0.16, "B": 0.10, **{code: 0.074 for code in EXTRA_AREAS}}
EXTRA_KINDS = [
    ("police", "Police", AgencyKind.POLICE),
    ("probation", "Probation Service", AgencyKind.PROBATION),
    ("housing", "Council Housing", AgencyKind.HOUSING_AUTHORITY),
    ("mappa", "MAPPA Unit", AgencyKind.MAPPA_UNIT),
]


@dataclass
class World:
    users: dict[str, User]
    areas: dict[str, Area]
    agencies: dict[str, Agency]
    coordinators: dict[str, User]


def ensure_world(password: str) -> World:
    """The standard cast (services.demo.ensure_world) and the bench's extra areas."""
    users = demo.ensure_world(password)
    for code in EXTRA_AREAS:
        if not Area.objects.filter(code=code).exists():
            user_services.create_area(actor=None, code=code, name=f"Bench area {code}")
        for prefix, label, kind in EXTRA_KINDS:
            agency_code = f"{prefix}-{code.lower()}"
            if not Agency.objects.filter(code=agency_code).exists():
                user_services.create_agency(
                    actor=None,
                    code=agency_code,
                    name=f"{label}, bench area {code}",
                    kind=kind.value,
                    area_code=code,
                )
    for code in ["B", *EXTRA_AREAS]:
        username = coordinator_name(code)
        if not User.objects.filter(username=username).exists():
            user_services.create_user(
                actor=None,
                data={
                    "username": username,
                    "role": Role.COORDINATOR.value,
                    "agency": f"mappa-{code.lower()}",
                    "password": secrets.token_urlsafe(18),
                    "first_name": "Bench",
                    "last_name": f"Coordinator {code}",
                },
            )
    areas = {a.code: a for a in Area.objects.all()}
    agencies = {a.code: a for a in Agency.objects.select_related("area")}
    coordinators = {
        code: User.objects.get(username=coordinator_name(code)) for code in AREA_WEIGHTS
    }
    return World(users, areas, agencies, coordinators)


def coordinator_name(area_code: str) -> str:
    """The cast's ``coordinator`` for area A; a bench co-ordinator (random password) elsewhere."""
    return "coordinator" if area_code == "A" else f"bench-mappa-{area_code.lower()}"
