"""What a case needs next (domain/next_steps.py): plain values in, steps out, no database."""

from __future__ import annotations

import datetime as dt

from fourpillars.domain.next_steps import (
    NOTIFICATION_ENDING_DAYS,
    REVIEW_DUE_DAYS,
    CaseState,
    Step,
    next_steps,
)

TODAY = dt.date(2026, 12, 2)
SETTLED = CaseState(today=TODAY, assessment_in_force=True, plan_active=True)


def steps_of(state: CaseState) -> list[Step]:
    return [s.step for s in next_steps(state)]


def test_a_settled_case_needs_nothing() -> None:
    assert next_steps(SETTLED) == []


def test_a_new_case_needs_an_assessment_then_a_plan() -> None:
    state = CaseState(today=TODAY, assessment_in_force=False)
    found = next_steps(state)
    assert [s.step for s in found] == [Step.NO_ASSESSMENT, Step.NO_PLAN]
    assert found[0].text == "No RoSH assessment is in force: start one."
    assert [s.where for s in found] == ["risk", "plan"]


def test_an_open_draft_is_continued_rather_than_started() -> None:
    state = CaseState(today=TODAY, assessment_in_force=False, assessment_draft=True)
    assert next_steps(state)[0].text == "No RoSH assessment is in force: continue the draft."


def test_each_assessment_awaiting_countersignature_is_a_step_on_that_assessment() -> None:
    state = CaseState(today=TODAY, assessment_in_force=True, awaiting_countersignature=(7, 9))
    found = [s for s in next_steps(state) if s.step == Step.AWAITING_COUNTERSIGNATURE]
    assert [(s.record, s.where) for s in found] == [(7, "assessment"), (9, "assessment")]


def test_a_draft_plan_replaces_the_missing_plan_step() -> None:
    state = CaseState(today=TODAY, assessment_in_force=True, plan_draft=True)
    assert steps_of(state) == [Step.PLAN_DRAFT]


def test_the_level_statement_is_a_step_only_when_it_asks_for_action() -> None:
    state = CaseState(
        today=TODAY, assessment_in_force=True, plan_active=True, level_action="Record one."
    )
    assert [(s.step, s.text) for s in next_steps(state)] == [(Step.LEVEL_STATEMENT, "Record one.")]


def test_overdue_actions_are_counted_in_words() -> None:
    one = CaseState(today=TODAY, assessment_in_force=True, plan_active=True, overdue_actions=1)
    three = CaseState(today=TODAY, assessment_in_force=True, plan_active=True, overdue_actions=3)
    assert next_steps(one)[0].text == "1 action on the plan overdue."
    assert next_steps(three)[0].text == "3 actions on the plan overdue."


def _review(days: int) -> list[Step]:
    return steps_of(
        CaseState(
            today=TODAY,
            assessment_in_force=True,
            plan_active=True,
            next_review=TODAY + dt.timedelta(days=days),
        )
    )


def test_review_overdue_due_soon_or_not_yet() -> None:
    assert _review(-1) == [Step.REVIEW_OVERDUE]
    assert _review(0) == [Step.REVIEW_DUE]
    assert _review(REVIEW_DUE_DAYS) == [Step.REVIEW_DUE]
    assert _review(REVIEW_DUE_DAYS + 1) == []


def test_review_dates_are_written_out() -> None:
    state = CaseState(
        today=TODAY, assessment_in_force=True, plan_active=True, next_review=dt.date(2026, 12, 9)
    )
    assert next_steps(state)[0].text == "The next MAPPA review is due on 9 December 2026."


def test_notification_ending_soon_but_not_already_ended() -> None:
    def ending(days: int) -> list[Step]:
        end = TODAY + dt.timedelta(days=days)
        return steps_of(
            CaseState(today=TODAY, assessment_in_force=True, plan_active=True, notification_end=end)
        )

    assert ending(NOTIFICATION_ENDING_DAYS) == [Step.NOTIFICATION_ENDING]
    assert ending(NOTIFICATION_ENDING_DAYS + 1) == []
    assert ending(-1) == []
