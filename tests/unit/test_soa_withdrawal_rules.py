"""Withdrawing a risk notification sent abroad, and which cases have a probation measure to
transfer (decision 0022): the pure rules, no database."""

from __future__ import annotations

import pytest

from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.notification import Disposal
from fourpillars.domain.soa.proposals import (
    WITHDRAWAL_REASON_MAX,
    Move,
    Status,
    clean_withdrawal,
    transition,
)
from fourpillars.domain.soa.transfers import check_transferable, measure_of


@pytest.mark.parametrize("approved", [Status.APPROVED, Status.APPROVED_NO_NODE])
def test_an_approved_risk_notification_is_withdrawn(approved: Status) -> None:
    assert transition(approved.value, Move.WITHDRAW) is Status.WITHDRAWN


@pytest.mark.parametrize(
    "status", [Status.PROPOSED, Status.SUBMITTED, Status.DECLINED], ids=lambda s: s.value
)
def test_one_not_approved_cannot_be_withdrawn_and_the_refusal_says_why(status: Status) -> None:
    with pytest.raises(IllegalTransition) as exc:
        transition(status.value, Move.WITHDRAW)
    said = str(exc.value)
    assert said.startswith("Only a risk notification that was approved can be withdrawn")
    assert status.label.lower() in said.lower()


def test_a_withdrawn_one_is_withdrawn_once_and_moves_no_further() -> None:
    for move in Move:
        with pytest.raises(IllegalTransition, match="withdrawn already"):
            transition(Status.WITHDRAWN.value, move)


def test_withdrawing_is_no_way_round_the_other_moves() -> None:
    """Withdrawn is reached only by withdrawing; the other moves keep their own targets."""
    assert transition("proposed", Move.SUBMIT) is Status.SUBMITTED
    assert transition("submitted", Move.APPROVE) is Status.APPROVED
    assert transition("submitted", Move.DECLINE) is Status.DECLINED
    with pytest.raises(IllegalTransition):
        transition("approved", Move.DECLINE)


def test_the_withdrawn_status_says_the_receiving_state_was_told() -> None:
    assert Status.WITHDRAWN.label == "Withdrawn: the receiving state was told to stop using it"


@pytest.mark.parametrize("reason", [None, "", "   ", "\n\t"])
def test_a_withdrawal_needs_a_reason_named_by_its_field(reason: object) -> None:
    with pytest.raises(DomainValidationError) as exc:
        clean_withdrawal(reason)
    assert [(e.field, e.message) for e in exc.value.errors] == [("reason", "is required")]


@pytest.mark.parametrize(
    "reason, problem",
    [
        ("x" * (WITHDRAWAL_REASON_MAX + 1), "at most 2000 characters"),
        ("Trip\x00cancelled", "control"),
        ("Trip \u202ecancelled", "bidirectional"),
        (42, "must be text"),
    ],
    ids=["too long", "NUL", "bidi override", "not text"],
)
def test_a_bad_reason_is_refused_by_name(reason: object, problem: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        clean_withdrawal(reason)
    (error,) = exc.value.errors
    assert error.field == "reason" and problem in error.message


@pytest.mark.parametrize(
    "reason",
    [
        "Η επίσκεψη ακυρώθηκε από το δικαστήριο",
        "رحلة ملغاة",
        "Поездка отменена\nсудом",
        "x" * WITHDRAWAL_REASON_MAX,
    ],
    ids=["greek", "arabic", "cyrillic, two lines", "longest"],
)
def test_a_reason_in_any_alphabet_is_kept_as_written(reason: str) -> None:
    assert clean_withdrawal(f"  {reason}  ") == reason


def test_the_longest_reason_is_what_the_exchange_carries() -> None:
    from fourpillars.domain.exchange.content import Withdrawal

    payload = {
        "withdrawn_message_id": "6f1c1a2e-8d1b-4b8a-9f61-0c2a3b4c5d6e",
        "reason": "x" * WITHDRAWAL_REASON_MAX,
    }
    assert Withdrawal.from_payload(payload).reason == payload["reason"]
    with pytest.raises(DomainValidationError):
        Withdrawal.from_payload({**payload, "reason": payload["reason"] + "x"})


@pytest.mark.parametrize(
    "disposal, words",
    [
        (Disposal.CUSTODY, "licence"),
        (Disposal.LIFE_OR_INDETERMINATE, "licence"),
        (Disposal.OTHER, "community order or suspended sentence"),
    ],
)
def test_a_disposal_supervised_in_the_community_has_a_measure_to_transfer(
    disposal: Disposal, words: str
) -> None:
    assert words in measure_of(disposal.value)
    assert check_transferable(disposal.value) == measure_of(disposal.value)


@pytest.mark.parametrize(
    "disposal",
    [
        Disposal.CAUTION.value,
        Disposal.CONDITIONAL_DISCHARGE.value,
        Disposal.HOSPITAL_ORDER.value,
        Disposal.HOSPITAL_ORDER_RESTRICTED.value,
        "",
        "community_order",  # not one of the register's disposals
    ],
)
def test_a_case_without_probation_supervision_has_none(disposal: str) -> None:
    assert measure_of(disposal) == ""
    with pytest.raises(DomainValidationError) as exc:
        check_transferable(disposal)
    (error,) = exc.value.errors
    assert error.field == "disposal" and "no probation measure to transfer" in error.message
    assert ("no disposal is recorded" in error.message) is (disposal == "")
