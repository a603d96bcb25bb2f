"""The API permission matrix's expectation for a write, spelt out from the need-to-know policy
(domain.access): shared by the matrix tests of cases, persons, assessments and plans."""

from __future__ import annotations

from fourpillars.domain import access
from fourpillars.services.access import case_facts
from tests.cast import World


def expected_write(world: World, name: str, case_attr: str) -> int:
    """401 anonymous, 404 for a case the cast member may not see, 200 for those who manage it,
    403 for those who may only read it."""
    case = getattr(world, case_attr)
    if name == "anonymous":
        return 401
    if case.pk not in world.visible[name]:
        return 404
    viewer = world.users[name].viewer
    return 200 if access.can_manage_case(viewer, case_facts(case)) else 403
