"""SOA 2003 Part 2 notification schedule: worked examples ([SOA-2003] ss.83-86)."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.soa.proposals import (
    DEFAULT_HOLD,
    Section,
    clean_decision,
    clean_decline,
    clean_review,
    holds_until,
    proposal_reason,
    transition,
)
from fourpillars.domain.soa.proposals import Move as PMove
from fourpillars.domain.soa.proposals import Status as PStatus
from fourpillars.domain.soa.requirements import (
    DEFAULT_RULES,
    Kind,
    Notified,
    Requirement,
    Standing,
    schedule,
    travel_notice_standing,
)

D = dt.date
CONVICTED = D(2026, 3, 2)


def test_initial_notification_is_due_three_days_after_conviction() -> None:
    s = schedule(Requirement(CONVICTED), [], today=D(2026, 3, 4))
    (initial,) = s.items
    assert (initial.kind, initial.due, initial.standing) == (
        Kind.INITIAL,
        D(2026, 3, 5),
        Standing.DUE,
    )
    assert s.next_due == D(2026, 3, 5)


def test_initial_notification_not_made_by_the_fourth_day_is_missed() -> None:
    s = schedule(Requirement(CONVICTED), [], today=D(2026, 3, 6))
    assert [d.kind for d in s.missed] == [Kind.INITIAL]


def test_initial_notification_runs_from_release_when_later() -> None:
    req = Requirement(CONVICTED, release=D(2027, 1, 10))
    s = schedule(req, [], today=D(2026, 6, 1))
    assert s.next_due == D(2027, 1, 13) and not s.missed


def test_annual_renotification_falls_a_year_after_the_last_notification() -> None:
    done = [Notified(Kind.INITIAL, D(2026, 3, 4))]
    s = schedule(Requirement(CONVICTED), done, today=D(2026, 6, 1))
    assert s.items[0].standing is Standing.MET
    assert s.next_due == D(2027, 3, 4)
    assert [d.kind for d in s.items if d.open] == [Kind.ANNUAL]


def test_a_change_notification_restarts_the_annual_clock() -> None:
    done = [
        Notified(Kind.INITIAL, D(2026, 3, 4)),
        Notified(Kind.CHANGE, D(2026, 9, 10), changed_on=D(2026, 9, 8)),
    ]
    s = schedule(Requirement(CONVICTED), done, today=D(2026, 10, 1))
    assert s.next_due == D(2027, 9, 10)


def test_annual_renotification_a_day_late_is_missed() -> None:
    done = [Notified(Kind.INITIAL, D(2026, 3, 4))]
    s = schedule(Requirement(CONVICTED), done, today=D(2027, 3, 5))
    assert [d.kind for d in s.missed] == [Kind.ANNUAL]


def test_change_notified_within_three_days_is_met_and_on_the_fourth_is_late() -> None:
    done = [
        Notified(Kind.INITIAL, D(2026, 3, 4)),
        Notified(Kind.CHANGE, D(2026, 4, 4), changed_on=D(2026, 4, 1)),
        Notified(Kind.CHANGE, D(2026, 5, 5), changed_on=D(2026, 5, 1)),
    ]
    s = schedule(Requirement(CONVICTED), done, today=D(2026, 6, 1))
    changes = [d for d in s.items if d.kind is Kind.CHANGE]
    assert [(d.due, d.standing) for d in changes] == [
        (D(2026, 4, 4), Standing.MET),
        (D(2026, 5, 4), Standing.LATE),
    ]
    assert [d.kind for d in s.late] == [Kind.CHANGE]


def test_no_fixed_abode_means_weekly_notification_from_the_last_one() -> None:
    req = Requirement(CONVICTED, no_fixed_abode=True)
    done = [Notified(Kind.INITIAL, D(2026, 3, 4)), Notified(Kind.WEEKLY, D(2026, 3, 11))]
    assert schedule(req, done, today=D(2026, 3, 12)).next_due == D(2026, 3, 18)
    missed = schedule(req, done, today=D(2026, 3, 19)).missed
    assert [d.kind for d in missed] == [Kind.WEEKLY]


def test_travel_notified_seven_days_ahead_is_met_and_later_is_late() -> None:
    done = [
        Notified(Kind.INITIAL, D(2026, 3, 4)),
        Notified(Kind.TRAVEL, D(2026, 5, 1), departs=D(2026, 5, 8)),
        Notified(Kind.TRAVEL, D(2026, 6, 5), departs=D(2026, 6, 8)),
    ]
    s = schedule(Requirement(CONVICTED), done, today=D(2026, 7, 1))
    trips = [d.standing for d in s.items if d.kind is Kind.TRAVEL]
    assert trips == [Standing.MET, Standing.LATE]
    assert "travel_notice_days" in s.unconfirmed  # [U]: said so on screen


def test_travel_with_less_than_twelve_hours_notice_is_missed() -> None:
    leaves = dt.datetime(2026, 5, 8, 20, 0, tzinfo=dt.UTC)
    assert travel_notice_standing(leaves - dt.timedelta(hours=11), leaves) is Standing.MISSED
    assert travel_notice_standing(leaves - dt.timedelta(hours=13), leaves) is Standing.LATE
    assert travel_notice_standing(leaves - dt.timedelta(days=7), leaves) is Standing.MET


def test_nothing_falls_due_once_the_period_has_ended() -> None:
    req = Requirement(CONVICTED, ends=D(2028, 3, 2))
    done = [Notified(Kind.INITIAL, D(2026, 3, 4))]
    s = schedule(req, done, today=D(2028, 6, 1))
    assert s.next_due is None and not s.missed and not s.in_force


def test_the_schedule_names_its_rules_version() -> None:
    assert schedule(Requirement(CONVICTED), [], D(2026, 3, 3)).version == DEFAULT_RULES.version


# --- proposals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "rosh", "proposes"),
    [
        (1, "low", True),
        (2, "high", True),
        (2, "very_high", True),
        (2, "medium", False),
        (3, "", False),
    ],
)
def test_travel_proposes_a_risk_notification_for_high_risk_or_registered(
    category: int, rosh: str, proposes: bool
) -> None:
    assert bool(proposal_reason(category, rosh)) is proposes


def test_a_notification_holds_until_the_return_plus_the_margin() -> None:
    assert holds_until(D(2026, 5, 8), D(2026, 5, 20), move=False) == D(2026, 6, 3)
    assert holds_until(D(2026, 5, 8), None, move=True) == D(2026, 5, 8) + dt.timedelta(
        days=DEFAULT_HOLD.move_days
    )


def test_leaving_a_section_out_needs_a_reason_and_travel_is_never_left_out() -> None:
    with pytest.raises(DomainValidationError) as exc:
        clean_review(["category_level", "rosh"], {})
    fields = {e.field for e in exc.value.errors}
    assert "left_out.travel" in fields and "left_out.risk_factors" in fields
    everything_but = [s.value for s in Section if s is not Section.WARNING_SIGNS]
    review = clean_review(everything_but, {"warning_signs": "not relevant abroad"})
    assert review.left_out == {"warning_signs": "not relevant abroad"}
    assert "warning_signs" not in review.included and "rosh" in review.included


def test_a_decision_needs_its_lawful_basis_necessity_and_proportionality() -> None:
    with pytest.raises(DomainValidationError) as exc:
        clean_decision("", "", " ")
    assert {e.field for e in exc.value.errors} == {"lawful_basis", "necessity", "proportionality"}
    with pytest.raises(DomainValidationError):
        clean_decline("")


def test_a_proposal_moves_once_through_its_states() -> None:
    assert transition("proposed", PMove.SUBMIT) is PStatus.SUBMITTED
    assert transition("submitted", PMove.APPROVE, connected=False) is PStatus.APPROVED_NO_NODE
    with pytest.raises(IllegalTransition):
        transition("proposed", PMove.APPROVE)
    with pytest.raises(IllegalTransition):
        transition("declined", PMove.DECLINE)
