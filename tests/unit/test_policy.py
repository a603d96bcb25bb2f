"""The one permission policy (``domain.access.allowed``) over the standard cast, every
permission and every kind of record, as a table spelt out by hand (DESIGN convention 6).

The cast mirrors tests/cast.py (and demo.MANAGERS) with plain ids; the same table is checked
against the real cast, the web UI and the API in tests/api/test_policy_agreement.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

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

NOW = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
AREA_A, AREA_B = 10, 11
POLICE_A, PROBATION_A, HOUSING_A, POLICE_B, MAPPA_A, OVERSIGHT = 1, 2, 3, 4, 5, 6

CAST: dict[str, Viewer] = {
    "coordinator": Viewer(Role.COORDINATOR, MAPPA_A, AREA_A, user_id=101),
    "police": Viewer(Role.POLICE_OFFENDER_MANAGER, POLICE_A, AREA_A, user_id=102),
    "probation": Viewer(Role.PROBATION_OFFICER, PROBATION_A, AREA_A, user_id=103),
    "housing": Viewer(Role.HOUSING_OFFICER, HOUSING_A, AREA_A, user_id=104),
    "outsider": Viewer(Role.POLICE_OFFENDER_MANAGER, POLICE_B, AREA_B, user_id=105),
    "auditor": Viewer(Role.AUDITOR, OVERSIGHT, None, user_id=106),
    "admin": Viewer(Role.ADMINISTRATOR, OVERSIGHT, None, user_id=107),
    "police-manager": Viewer(
        Role.POLICE_OFFENDER_MANAGER, POLICE_A, AREA_A, user_id=108, is_manager=True
    ),
    "probation-manager": Viewer(
        Role.PROBATION_OFFICER, PROBATION_A, AREA_A, user_id=109, is_manager=True
    ),
}
# Each case's lead (who wrote its assessment and plan, and whose agency owns its actions).
LEADS = {"police_case": "police", "shared_case": "probation", "other_area_case": "outsider"}
CASES = {
    "police_case": CaseFacts(POLICE_A, AREA_A),
    "shared_case": CaseFacts(PROBATION_A, AREA_A, (Share(HOUSING_A, None, None),)),
    "other_area_case": CaseFacts(POLICE_B, AREA_B),
}
ANY = "-"  # the question without a record (may they register at all, read the audit ...)
NAMED = "named_action"  # an action of the shared case owned by probation-a, named to housing


def subjects(permission: Permission) -> dict[str, Facts]:
    """The records each permission is asked about, as the policy's facts."""
    if permission in (Permission.WORK_CASES, Permission.READ_AUDIT, Permission.ADMINISTER):
        return {ANY: Facts(now=NOW)}
    if permission is Permission.REGISTER_CASE:  # for the lead agency and area of each case
        return {ANY: Facts(), **{k: Facts(case=c) for k, c in CASES.items()}}
    if permission is Permission.UPDATE_ACTION_STATUS:
        owned = {
            k: Facts(case=c, owner_agency_id=c.lead_agency_id, now=NOW) for k, c in CASES.items()
        }
        named = Facts(
            case=CASES["shared_case"],
            owner_agency_id=PROBATION_A,
            owner_user_id=CAST["housing"].user_id,
            now=NOW,
        )
        return {**owned, NAMED: named}
    return {k: Facts(case=c, author_id=CAST[LEADS[k]].user_id, now=NOW) for k, c in CASES.items()}


P, S, OTHER = "police_case", "shared_case", "other_area_case"
VIEWS = {
    "coordinator": {P, S},
    "police": {P},
    "probation": {S},
    "housing": {S},
    "outsider": {OTHER},
    "police-manager": {P},
    "probation-manager": {S},
}
MANAGES = {
    "coordinator": {P, S},
    "police": {P},
    "probation": {S},
    "outsider": {OTHER},
    "police-manager": {P},
    "probation-manager": {S},
}
PRACTITIONERS = {n: {ANY} for n in CAST if n not in ("auditor", "admin")}

# permission -> cast member -> the subjects they may act on (absent: none).
EXPECTED: dict[Permission, dict[str, set[str]]] = {
    Permission.VIEW_CASE: VIEWS,
    Permission.MANAGE_CASE: MANAGES,
    Permission.SHARE_CASE: MANAGES,
    Permission.RECORD_DECISION: MANAGES,
    Permission.APPROVE_PLAN: MANAGES,  # the author (the lead) may approve their own plan
    Permission.COUNTERSIGN_ASSESSMENT: {"police-manager": {P}, "probation-manager": {S}},
    Permission.UPDATE_ACTION_STATUS: {
        "coordinator": {P, S, NAMED},  # manages both area A cases
        "police": {P},  # owner agency (and manager) of the police case's actions
        "probation": {S, NAMED},
        "housing": {NAMED},  # named owner only: housing does not manage the shared case
        "outsider": {OTHER},
        "police-manager": {P},
        "probation-manager": {S, NAMED},
    },
    Permission.REGISTER_CASE: {
        "coordinator": {ANY, P, S},  # any Responsible Authority agency in area A
        "police": {ANY, P},  # their own agency only
        "probation": {ANY, S},
        "outsider": {ANY, OTHER},
        "police-manager": {ANY, P},
        "probation-manager": {ANY, S},
    },
    Permission.WORK_CASES: PRACTITIONERS,
    Permission.READ_AUDIT: {"auditor": {ANY}},
    Permission.ADMINISTER: {"admin": {ANY}},
}


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
