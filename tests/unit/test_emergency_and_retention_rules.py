"""Emergency (break-glass) access and retention review as pure rules (decision 0030)."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain import retention as rules
from fourpillars.domain.access import (
    DEFAULT_BREAK_GLASS,
    BreakGlassPolicy,
    CaseFacts,
    EmergencyGrant,
    Facts,
    Permission,
    Viewer,
    allowed,
    can_view_case,
    sees_by_need_to_know,
)
from fourpillars.domain.agencies import Role
from fourpillars.domain.audit import Purpose, parse_justification
from fourpillars.domain.errors import DomainValidationError

NOW = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
POLICE_B = Viewer(Role.POLICE_OFFENDER_MANAGER, 4, 11, user_id=105)
CASE_A = CaseFacts(1, 10)


def test_an_unexpired_grant_lets_its_user_alone_see_the_case() -> None:
    granted = CaseFacts(1, 10, emergency=(EmergencyGrant(105, NOW + dt.timedelta(hours=4)),))
    assert not can_view_case(POLICE_B, CASE_A, NOW)
    assert can_view_case(POLICE_B, granted, NOW)
    assert not sees_by_need_to_know(POLICE_B, granted, NOW)
    colleague = Viewer(Role.POLICE_OFFENDER_MANAGER, 4, 11, user_id=999)
    assert not can_view_case(colleague, granted, NOW)


def test_an_expired_grant_gives_nothing() -> None:
    ended = CaseFacts(1, 10, emergency=(EmergencyGrant(105, NOW),))
    assert not can_view_case(POLICE_B, ended, NOW)
    assert not can_view_case(POLICE_B, ended, NOW + dt.timedelta(seconds=1))


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.POLICE_OFFENDER_MANAGER, True),
        (Role.PROBATION_OFFICER, True),
        (Role.PRISON_OFFICER, True),
        (Role.COORDINATOR, False),
        (Role.HOUSING_OFFICER, False),
        (Role.DTC_OFFICER, False),
        (Role.AUDITOR, False),
        (Role.ADMINISTRATOR, False),
    ],
)
def test_who_may_ask_for_emergency_access_by_default(role: Role, may: bool) -> None:
    assert allowed(Viewer(role, 1, 10), Permission.BREAK_GLASS, Facts()) is may


def test_the_policy_names_its_roles() -> None:
    housing_too = BreakGlassPolicy("local", DEFAULT_BREAK_GLASS.roles | {Role.HOUSING_OFFICER})
    viewer = Viewer(Role.HOUSING_OFFICER, 3, 10)
    assert allowed(viewer, Permission.BREAK_GLASS, Facts(break_glass=housing_too))
    assert DEFAULT_BREAK_GLASS.hours == 4 and DEFAULT_BREAK_GLASS.reason_min == 20


def test_break_glass_is_never_a_purpose_a_user_chooses() -> None:
    with pytest.raises(DomainValidationError) as exc:
        parse_justification("break-glass; I say so")
    assert "unknown purpose" in exc.value.errors[0].message
    assert "break-glass" not in exc.value.errors[0].message.partition("use one of")[2]
    assert Purpose.BREAK_GLASS.value == "break-glass"


# --- retention ([MOPI-2005]) ---------------------------------------------------------------

CLOSED = dt.date(2014, 3, 1)
TODAY = dt.date(2026, 11, 26)
FACTS = rules.ReviewFacts(CLOSED, rules.ReviewGroup.PUBLIC_PROTECTION, TODAY)


def test_every_mappa_category_is_group_1() -> None:
    assert {rules.review_group(c) for c in (1, 2, 3, 4)} == {rules.ReviewGroup.PUBLIC_PROTECTION}


def test_the_first_review_is_ten_years_after_closure_or_the_hundredth_birthday() -> None:
    group = rules.ReviewGroup.PUBLIC_PROTECTION
    assert rules.first_review(CLOSED, group) == dt.date(2024, 3, 1)
    old = dt.date(1925, 6, 1)
    assert rules.first_review(CLOSED, group, date_of_birth=old) == dt.date(2024, 3, 1)
    older = dt.date(1920, 6, 1)
    assert rules.first_review(CLOSED, group, date_of_birth=older) == dt.date(2020, 6, 1)
    assert rules.first_review(CLOSED, rules.ReviewGroup.OTHER) == dt.date(2020, 3, 1)


def test_a_leap_day_moves_to_the_28th() -> None:
    assert rules.add_years(dt.date(2024, 2, 29), 10) == dt.date(2034, 2, 28)


def test_keeping_needs_a_reason_and_a_next_review_inside_the_period() -> None:
    kept = rules.clean_decision("retain", "Still needed", "2030-01-01", False, FACTS)
    assert kept.outcome is rules.RetentionOutcome.RETAIN and kept.next_review == dt.date(2030, 1, 1)
    for bad in ("", "2026-11-26", "2036-11-27", "soon"):
        with pytest.raises(DomainValidationError) as exc:
            rules.clean_decision("retain", "Still needed", bad, False, FACTS)
        assert [e.field for e in exc.value.errors] == ["next_review"], bad
    with pytest.raises(DomainValidationError) as exc:
        rules.clean_decision("", "", "", False, FACTS)
    assert {e.field for e in exc.value.errors} == {"outcome", "reason"}


def test_deleting_is_confirmed_and_never_before_the_minimum_period() -> None:
    done = rules.clean_decision("delete", "No longer needed", "", "yes", FACTS)
    assert done.outcome is rules.RetentionOutcome.DELETE and done.next_review is None
    with pytest.raises(DomainValidationError) as exc:
        rules.clean_decision("delete", "No longer needed", "", False, FACTS)
    assert [e.field for e in exc.value.errors] == ["confirmed"]
    recent = rules.ReviewFacts(dt.date(2022, 1, 1), rules.ReviewGroup.PUBLIC_PROTECTION, TODAY)
    with pytest.raises(DomainValidationError) as exc:
        rules.clean_decision("delete", "No longer needed", "", "yes", recent)
    assert [e.field for e in exc.value.errors] == ["outcome"]
    assert "2028-01-01" in exc.value.errors[0].message
