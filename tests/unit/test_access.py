"""Need-to-know policy (MAPPA Guidance ch.9) as a pure function."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.access import (
    CaseFacts,
    Share,
    Viewer,
    can_manage_case,
    can_read_audit,
    can_view_case,
    needs_justification,
)
from fourpillars.domain.agencies import Role

NOW = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=1)
EARLIER = NOW - dt.timedelta(days=1)
CASE = CaseFacts(
    lead_agency_id=1,
    area_id=10,
    shares=(
        Share(agency_id=2, expires_at=None, revoked_at=None),
        Share(agency_id=3, expires_at=EARLIER, revoked_at=None),
        Share(agency_id=4, expires_at=LATER, revoked_at=EARLIER),
    ),
)


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        (Viewer(Role.POLICE_OFFENDER_MANAGER, 1, 10), True),  # lead agency
        (Viewer(Role.HOUSING_OFFICER, 2, 10), True),  # active share
        (Viewer(Role.HOUSING_OFFICER, 3, 10), False),  # expired share
        (Viewer(Role.DTC_OFFICER, 4, 10), False),  # revoked share
        (Viewer(Role.COORDINATOR, 9, 10), True),  # co-ordinator of the area
        (Viewer(Role.COORDINATOR, 9, 11), False),  # co-ordinator elsewhere
        (Viewer(Role.POLICE_OFFENDER_MANAGER, 5, 11), False),  # another area
        (Viewer(Role.ADMINISTRATOR, 6, None), False),  # admin: no case access by role
        (Viewer(Role.AUDITOR, 6, None), False),
        (Viewer(Role.AUDITOR, None, None), False),
    ],
)
def test_who_sees_a_case(viewer: Viewer, sees: bool) -> None:
    assert can_view_case(viewer, CASE, NOW) is sees


def test_administrator_granted_like_anyone_else_sees_the_case() -> None:
    granted = CaseFacts(1, 10, (Share(agency_id=6, expires_at=None, revoked_at=None),))
    assert can_view_case(Viewer(Role.ADMINISTRATOR, 6, None), granted, NOW)


def test_only_lead_case_managers_and_area_coordinator_manage() -> None:
    assert can_manage_case(Viewer(Role.PROBATION_OFFICER, 1, 10), CASE)
    assert can_manage_case(Viewer(Role.COORDINATOR, 9, 10), CASE)
    assert not can_manage_case(Viewer(Role.HOUSING_OFFICER, 2, 10), CASE)
    assert not can_manage_case(Viewer(Role.HOUSING_OFFICER, 1, 10), CASE)


def test_justification_needed_outside_the_lead_agency_only() -> None:
    assert not needs_justification(Viewer(Role.POLICE_OFFENDER_MANAGER, 1, 10), CASE)
    assert needs_justification(Viewer(Role.COORDINATOR, 9, 10), CASE)
    assert needs_justification(Viewer(Role.HOUSING_OFFICER, 2, 10), CASE)


def test_only_auditors_read_the_audit_trail() -> None:
    assert can_read_audit(Viewer(Role.AUDITOR, None, None))
    assert not can_read_audit(Viewer(Role.ADMINISTRATOR, None, None))
