"""The API permission matrix's expectation for a write, spelt out from the need-to-know policy
(domain.access): shared by the matrix tests of cases, persons, assessments and plans, and of
emergency access and retention reviews."""

from __future__ import annotations

from fourpillars.domain import access
from fourpillars.domain.access import Permission
from fourpillars.services.access import allowed, case_facts
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


def expected_review(world: World, name: str, case_attr: str) -> int:
    """A case's retention review (decision 0030): 401 anonymous, 404 for a case the cast
    member may not see, 200 for whoever the policy lets review it (its area's co-ordinator),
    403 for those who may only read it."""
    case = getattr(world, case_attr)
    if name == "anonymous":
        return 401
    if case.pk not in world.visible[name]:
        return 404
    return 200 if allowed(world.users[name], Permission.REVIEW_RETENTION, case) else 403


def expected_role(name: str, permission: Permission, world: World) -> int:
    """A route asked of the user's role only (a queue, emergency access): 401 anonymous, 200
    when the policy allows it, else 403."""
    if name == "anonymous":
        return 401
    return 200 if allowed(world.users[name], permission) else 403
