"""Referral, screening and its target; transfers between areas; a person in two areas
(decision 0018): the pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain import duplicates, referrals, transfers
from fourpillars.domain.errors import DomainValidationError, IllegalTransition

MAPPA_A = {
    "reason": "Moved next to a primary school",
    "current_risk": "High to children",
    "cannot_manage": "Police and housing must act together",
    "proposed_level": "2",
}


def fields(exc: pytest.ExceptionInfo[DomainValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_a_referral_carries_each_mappa_a_section() -> None:
    found = referrals.clean_referral(MAPPA_A, current_level=1)
    assert found == referrals.ReferralInput(
        "Moved next to a primary school",
        "High to children",
        "Police and housing must act together",
        2,
    )


def test_every_section_is_required_and_named() -> None:
    with pytest.raises(DomainValidationError) as exc:
        referrals.clean_referral({}, current_level=1)
    assert set(fields(exc)) == {"reason", "current_risk", "cannot_manage", "proposed_level"}


@pytest.mark.parametrize("level", ["1", "4", "x", "", None, True, 2.5])
def test_only_level_2_or_3_is_proposed(level: object) -> None:
    with pytest.raises(DomainValidationError) as exc:
        referrals.clean_referral({**MAPPA_A, "proposed_level": level}, current_level=1)
    assert "must be 2 or 3" in fields(exc)["proposed_level"]


def test_a_referral_never_asks_for_less_management() -> None:
    assert referrals.clean_referral({**MAPPA_A, "proposed_level": 3}, 3).proposed_level == 3
    with pytest.raises(DomainValidationError) as exc:
        referrals.clean_referral(MAPPA_A, current_level=3)
    assert "cannot be below the case's level (3)" in fields(exc)["proposed_level"]


def test_screening_accepts_at_a_level_or_declines_with_a_reason() -> None:
    accepted = referrals.clean_screening("accept", "3", "Senior resources needed")
    assert accepted == referrals.Screening(referrals.Outcome.ACCEPT, 3, "Senior resources needed")
    declined = referrals.clean_screening("decline", None, "Level 1 plan is enough")
    assert declined.level is None and declined.reason == "Level 1 plan is enough"
    with pytest.raises(DomainValidationError) as exc:
        referrals.clean_screening("accept", "1", "")
    assert set(fields(exc)) == {"level", "reason"}
    with pytest.raises(DomainValidationError) as exc:
        referrals.clean_screening("maybe", None, "x")
    assert set(fields(exc)) == {"outcome"}


def test_a_referral_is_screened_once() -> None:
    assert (
        referrals.transition("open", referrals.Outcome.DECLINE) is referrals.ReferralStatus.DECLINED
    )
    with pytest.raises(IllegalTransition):
        referrals.transition("accepted", referrals.Outcome.DECLINE)


FRIDAY = dt.date(2026, 12, 18)
# Christmas Day, Boxing Day (observed on the Monday), New Year's Day.
CHRISTMAS = {dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1)}


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    due = referrals.add_days(FRIDAY, 5, working=True, holidays=CHRISTMAS)
    assert due == dt.date(2026, 12, 29)  # Mon 21 .. Thu 24, then Tue 29
    assert referrals.add_days(FRIDAY, 5, working=False, holidays=CHRISTMAS) == dt.date(2026, 12, 23)
    assert (
        referrals.days_between(FRIDAY, dt.date(2026, 12, 29), working=True, holidays=CHRISTMAS) == 5
    )
    assert referrals.days_between(FRIDAY, FRIDAY, working=True, holidays=()) == 0


def test_a_referral_is_overdue_once_its_target_has_passed() -> None:
    target = referrals.ScreeningTarget(days=10, working_days=True)
    on_time = referrals.referral_age(FRIDAY, dt.date(2027, 1, 5), target, CHRISTMAS)
    assert (on_time.days, on_time.overdue) == (9, False)
    assert on_time.due == dt.date(2027, 1, 6)
    late = referrals.referral_age(FRIDAY, dt.date(2027, 1, 7), target, CHRISTMAS)
    assert (late.days, late.overdue, late.describe()) == (11, True, "11 working days")
    calendar = referrals.ScreeningTarget(days=10, working_days=False)
    assert referrals.referral_age(FRIDAY, dt.date(2026, 12, 29), calendar).overdue is True


def test_the_target_is_marked_local_policy() -> None:
    assert referrals.DEFAULT_TARGET.describe() == "10 working days"
    assert "[M]" in referrals.DEFAULT_TARGET.version and not referrals.DEFAULT_TARGET.confirmed


# --- transfers ---------------------------------------------------------------------------


def test_the_proposed_lead_is_responsible_authority_in_another_area() -> None:
    ok = transfers.request_problems(
        lead_is_responsible_authority=True, lead_area_id=2, case_area_id=1
    )
    assert ok == []
    housing = transfers.request_problems(
        lead_is_responsible_authority=False, lead_area_id=2, case_area_id=1
    )
    assert housing[0][0] == "proposed_lead_agency"
    same = transfers.request_problems(
        lead_is_responsible_authority=True, lead_area_id=1, case_area_id=1
    )
    assert "own area" in same[0][1]


def test_acceptance_needs_a_note_and_an_end_within_the_policy() -> None:
    today = dt.date(2026, 12, 3)
    default = transfers.clean_acceptance("Met on 2 December", None, today)
    assert default.access_ends_on == dt.date(2026, 12, 31)  # 28 days
    with pytest.raises(DomainValidationError) as exc:
        transfers.clean_acceptance("", today - dt.timedelta(days=1), today)
    assert set(fields(exc)) == {"handover_note", "access_ends_on"}
    with pytest.raises(DomainValidationError) as exc:
        transfers.clean_acceptance("x", today + dt.timedelta(days=91), today)
    assert "at most 90 days" in fields(exc)["access_ends_on"]
    assert transfers.clean_acceptance("x", today, today).access_ends_on == today


def test_a_transfer_is_decided_once() -> None:
    assert (
        transfers.transition("requested", transfers.Move.ACCEPT)
        is transfers.TransferStatus.ACCEPTED
    )
    assert transfers.transition("requested", transfers.Move.WITHDRAW).value == "withdrawn"
    for done in ("accepted", "refused", "withdrawn"):
        with pytest.raises(IllegalTransition):
            transfers.transition(done, transfers.Move.REFUSE)


# --- a person in two areas ---------------------------------------------------------------

BORN = dt.date(1980, 5, 17)


def person(
    pk: int, *names: str, born: object = BORN, ids: frozenset = frozenset()
) -> duplicates.Identity:  # type: ignore[type-arg]
    return duplicates.Identity(pk, born, names, ids)


def test_the_same_record_in_two_areas_is_one_person() -> None:
    found = duplicates.match(person(1, "Jan Kowalski"), person(1, "Jan Kowalski"))
    assert [m.kind for m in found] == [duplicates.MatchKind.SAME_RECORD]


def test_names_match_across_scripts_and_small_misspellings_with_the_same_birth() -> None:
    greek = person(1, "Νίκος Παπαδόπουλος")
    latin = person(2, "Nikos Papadopoulos")
    assert [m.kind for m in duplicates.match(greek, latin)] == [duplicates.MatchKind.NAME_AND_BIRTH]
    assert duplicates.match(person(1, "Jan Kowalsky"), person(2, "KOWALSKI, Jan"))
    assert duplicates.match(person(1, "Jan Kowalski"), person(2, "Jan Maria Kowalski"))


def test_no_match_without_the_same_birth_or_on_a_different_name() -> None:
    assert duplicates.match(person(1, "Jan Kowalski"), person(2, "Jan Kowalski", born=None)) == []
    other_day = person(2, "Jan Kowalski", born=dt.date(1980, 5, 18))
    assert duplicates.match(person(1, "Jan Kowalski"), other_day) == []
    assert duplicates.match(person(1, "Jan Kowalski"), person(2, "Anna Kowalska")) == []
    assert duplicates.match(person(1, "Jan"), person(2, "Jan")) == []  # one token is not enough


def test_the_same_identifier_matches_whatever_the_names() -> None:
    pnc = frozenset({("pnc", "2004/0012345X", "")})
    found = duplicates.match(person(1, "Jan Kowalski", ids=pnc), person(2, "John Smith", ids=pnc))
    assert [m.text for m in found] == ["The same identifier: PNC ID 2004/0012345X"]
    passport = frozenset({("passport", "PL123", "PL")})
    other = frozenset({("passport", "PL123", "DE")})
    assert duplicates.match(person(1, "A B", ids=passport), person(2, "C D", ids=other)) == []


def test_a_possible_duplicate_is_resolved_once_with_a_reason() -> None:
    same = duplicates.clean_resolution("same_person", "Same PNC on the phone")
    assert same.status is duplicates.DuplicateStatus.SAME_PERSON
    with pytest.raises(DomainValidationError) as exc:
        duplicates.clean_resolution("open", "")
    assert set(fields(exc)) == {"outcome", "reason"}
    with pytest.raises(IllegalTransition):
        duplicates.transition("different_people", duplicates.DuplicateStatus.SAME_PERSON)
