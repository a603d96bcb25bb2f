"""The one permission policy (``domain.access.allowed``) over the standard cast, every
permission and every kind of record, as a table spelt out by hand.

The table is tests/policy_table.py; the same table is checked against the real cast, the web
UI and the API in tests/api/test_policy_agreement.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from fourpillars.domain import access
from fourpillars.domain.access import (
    RULES,
    CaseFacts,
    Facts,
    Permission,
    Share,
    Viewer,
    allowed,
    decide,
    refusal,
)
from fourpillars.domain.agencies import Role
from tests.policy_table import (
    ANY,
    AREA_A,
    AREA_B,
    CASES,
    CAST,
    EXPECTED,
    HOUSING_A,
    MAPPA_A,
    NOW,
    POLICE_B,
    PROBATION_A,
    subjects,
)


def test_every_permission_has_a_rule_and_a_row_in_the_table() -> None:
    assert set(RULES) == set(Permission) == set(EXPECTED)


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("name", list(CAST))
def test_the_policy_for(name: str, permission: Permission) -> None:
    viewer = CAST[name]
    got = {key for key, facts in subjects(permission).items() if allowed(viewer, permission, facts)}
    assert got == EXPECTED[permission].get(name, set())


@pytest.mark.parametrize("permission", list(Permission))
def test_each_rule_is_named_and_cites_its_source_in_one_line(permission: Permission) -> None:
    rule, reason = RULES[permission]
    doc = rule.__doc__ or ""
    assert rule.__name__.startswith("may_") and doc and "\n" not in doc
    assert reason and reason == refusal(permission)


def test_a_refusal_gives_the_reason_and_a_grant_none() -> None:
    housing, facts = CAST["housing"], subjects(Permission.MANAGE_CASE)["shared_case"]
    refused = decide(housing, Permission.MANAGE_CASE, facts)
    assert not refused and "lead agency" in refused.reason
    granted = decide(CAST["probation"], Permission.MANAGE_CASE, facts)
    assert granted and granted.reason == ""


def test_the_author_never_countersigns_even_as_a_manager() -> None:
    manager = CAST["police-manager"]
    own = Facts(case=CASES["police_case"], author_id=manager.user_id)
    assert not allowed(manager, Permission.COUNTERSIGN_ASSESSMENT, own)


def test_a_coordinator_who_is_a_line_manager_countersigns_in_the_area() -> None:
    coordinator = Viewer(Role.COORDINATOR, MAPPA_A, AREA_A, user_id=201, is_manager=True)
    facts = Facts(case=CASES["shared_case"], author_id=CAST["probation"].user_id)
    assert allowed(coordinator, Permission.COUNTERSIGN_ASSESSMENT, facts)
    elsewhere = Facts(case=CASES["other_area_case"], author_id=CAST["outsider"].user_id)
    assert not allowed(coordinator, Permission.COUNTERSIGN_ASSESSMENT, elsewhere)


def test_an_unnamed_action_or_a_viewer_without_an_agency_owns_nothing() -> None:
    """No owner user and no agency never match each other (None is not an owner)."""
    nobody = Viewer(Role.DTC_OFFICER, None, AREA_A)
    unnamed = Facts(case=CASES["shared_case"], owner_agency_id=PROBATION_A)
    assert not allowed(nobody, Permission.UPDATE_ACTION_STATUS, unnamed)


@pytest.mark.parametrize(
    "permission",
    [p for p in Permission if ANY not in set().union(*EXPECTED[p].values())],
)
def test_a_question_about_a_record_without_one_is_refused(permission: Permission) -> None:
    for viewer in CAST.values():
        assert not allowed(viewer, permission, Facts(now=NOW))


def test_viewing_follows_share_expiry() -> None:
    expired = CaseFacts(PROBATION_A, AREA_A, (Share(HOUSING_A, NOW - dt.timedelta(days=1), None),))
    housing = CAST["housing"]
    assert not allowed(housing, Permission.VIEW_CASE, Facts(case=expired, now=NOW))
    assert allowed(housing, Permission.VIEW_CASE, Facts(case=CASES["shared_case"], now=NOW))


def test_the_author_of_a_plan_is_refused_approval_with_a_plain_reason() -> None:
    police = CAST["police"]
    facts = subjects(Permission.APPROVE_PLAN)["police_case"]  # police wrote it
    verdict = access.decide(police, Permission.APPROVE_PLAN, facts)
    assert not verdict and verdict.reason == "You wrote this plan: another person must approve it."
    housing = access.decide(CAST["housing"], Permission.APPROVE_PLAN, facts)
    assert housing.reason == access.refusal(Permission.APPROVE_PLAN)  # not a manager at all


def test_whoever_saved_the_plan_is_one_of_its_authors() -> None:
    facts = replace(
        subjects(Permission.APPROVE_PLAN)["police_case"],
        editor_ids=frozenset({CAST["coordinator"].user_id or 0}),
    )
    assert not access.allowed(CAST["coordinator"], Permission.APPROVE_PLAN, facts)
    assert access.allowed(CAST["police-manager"], Permission.APPROVE_PLAN, facts)


def test_the_single_person_policy_lets_the_author_approve() -> None:
    facts = replace(
        subjects(Permission.APPROVE_PLAN)["police_case"],
        approval=access.APPROVAL_POLICIES["plan-approval-2026.1-single"],
    )
    assert access.allowed(CAST["police"], Permission.APPROVE_PLAN, facts)
    assert access.DEFAULT_APPROVAL_POLICY.second_person  # on by default


def test_the_old_area_coordinator_sees_a_transferred_case_until_the_hand_over_ends() -> None:
    """Decision 0018: after a transfer from area A to B, A's co-ordinator keeps sight of the
    case (not its management) until the recorded end; then only B's co-ordinator sees it."""
    moved = CaseFacts(
        POLICE_B,
        AREA_B,
        handover_area_id=AREA_A,
        handover_until=NOW + dt.timedelta(days=1),
    )
    coordinator = CAST["coordinator"]
    assert allowed(coordinator, Permission.VIEW_CASE, Facts(case=moved, now=NOW))
    assert not allowed(coordinator, Permission.MANAGE_CASE, Facts(case=moved, now=NOW))
    assert not allowed(coordinator, Permission.SCREEN_REFERRAL, Facts(case=moved, now=NOW))
    later = NOW + dt.timedelta(days=2)
    assert not allowed(coordinator, Permission.VIEW_CASE, Facts(case=moved, now=later))
    assert not allowed(CAST["police"], Permission.VIEW_CASE, Facts(case=moved, now=NOW))


def test_a_coordinator_without_an_area_has_no_queue() -> None:
    nowhere = Viewer(Role.COORDINATOR, MAPPA_A, None, user_id=301)
    for permission in (
        Permission.SCREEN_REFERRAL,
        Permission.DECIDE_TRANSFER,
        Permission.RESOLVE_DUPLICATE,
    ):
        assert not allowed(nowhere, permission, Facts(now=NOW))
