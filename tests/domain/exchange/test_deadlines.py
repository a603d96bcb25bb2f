"""Reply deadlines count the receiving state's working days: weekends and its public holidays
(worked dates below, checked against each state's calendar)."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.deadlines import (
    DEADLINES_VERSION,
    DeadlineState,
    deadline_for,
    deadline_state,
    due_date,
    due_for,
    is_working_day,
    working_days_between,
)
from fourpillars.domain.exchange.envelope import MessageType, Purpose

D = dt.date


@pytest.mark.parametrize(
    ("received", "days", "country", "due", "why"),
    [
        # Plain week: Monday + 10 working days = Monday two weeks on.
        (D(2026, 3, 2), 10, "NL", D(2026, 3, 16), "no holiday"),
        # NL: King's Day, Monday 27 April 2026, is skipped.
        (D(2026, 4, 20), 10, "NL", D(2026, 5, 5), "27 April King's Day"),
        (D(2026, 4, 24), 1, "NL", D(2026, 4, 28), "Friday; Monday 27 April is King's Day"),
        # NL 2027: King's Day is Tuesday 27 April.
        (D(2027, 4, 26), 1, "NL", D(2027, 4, 28), "27 April 2027 King's Day (Tuesday)"),
        # LV: 1 May (Friday) and Restoration of Independence Day, 4 May (Monday).
        (D(2026, 4, 29), 3, "LV", D(2026, 5, 6), "1 May and 4 May"),
        # LV: Proclamation Day, Wednesday 18 November 2026.
        (D(2026, 11, 16), 3, "LV", D(2026, 11, 20), "18 November"),
        # GB (England and Wales): Christmas, Boxing Day observed on Monday 28 December and
        # New Year's Day; the reply to a request of 22 December 2026 is due 8 January 2027.
        (D(2026, 12, 22), 10, "GB", D(2027, 1, 8), "Christmas to New Year"),
        (D(2026, 12, 24), 1, "GB", D(2026, 12, 29), "25, 26 (Sat), 27 (Sun), 28 observed"),
        (D(2027, 12, 23), 2, "GB", D(2027, 12, 29), "24 Dec; 27 and 28 Dec 2027 observed"),
        # GB early May and spring bank holidays.
        (D(2026, 5, 1), 1, "GB", D(2026, 5, 5), "Monday 4 May bank holiday"),
        # Received on a Saturday: counting starts on Monday.
        (D(2026, 3, 7), 1, "NL", D(2026, 3, 9), "weekend receipt"),
        # Own-record request: 20 working days across Easter in the Netherlands
        # (Good Friday 3 April and Easter Monday 6 April 2026 are in its calendar).
        (D(2026, 3, 30), 20, "NL", D(2026, 4, 30), "Easter; 27 April"),
        # Greece is EL in the exchange and GR in the calendar: Epiphany, 6 January.
        (D(2026, 12, 22), 10, "EL", D(2027, 1, 8), "25 Dec, 1 Jan, 6 Jan"),
    ],
)
def test_due_date_counts_the_receiving_states_working_days(
    received: dt.date, days: int, country: str, due: dt.date, why: str
) -> None:
    assert due_date(received, days, country) == due, why


def test_the_same_request_is_due_on_different_days_in_different_states() -> None:
    # Received on Monday 20 April 2026: only the Netherlands stops for King's Day, only Latvia
    # for 1 and 4 May, only England and Wales for 4 May.
    received = D(2026, 4, 20)
    assert due_date(received, 10, "NL") == D(2026, 5, 5)
    assert due_date(received, 10, "LV") == D(2026, 5, 6)
    assert due_date(received, 10, "GB") == D(2026, 5, 5)
    assert due_date(received, 10, "PL") == D(2026, 5, 5)  # 1 and 3 May (Sunday)


def test_working_days_and_holidays() -> None:
    assert not is_working_day(D(2026, 4, 27), "NL")
    assert is_working_day(D(2026, 4, 27), "LV")
    assert not is_working_day(D(2026, 11, 18), "LV")
    assert not is_working_day(D(2026, 12, 28), "GB")
    assert working_days_between(D(2026, 12, 22), D(2027, 1, 8), "GB") == 10
    assert working_days_between(D(2026, 12, 22), D(2026, 12, 22), "GB") == 0


def test_a_subdivision_may_be_named() -> None:
    # Catalonia: Sant Esteve, 26 December 2025 (Friday), is a holiday there but not in Spain.
    assert due_date(D(2025, 12, 24), 1, "ES-CT") == D(2025, 12, 29)
    assert due_date(D(2025, 12, 24), 1, "ES") == D(2025, 12, 26)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"working_days": 0, "country": "NL"}, "working_days"),
        ({"working_days": 10, "country": "XX"}, "country"),
        ({"working_days": 10, "country": ""}, "country"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        due_date(D(2026, 1, 5), **kwargs)
    assert caught.value.errors[0].field == field


@pytest.mark.parametrize(
    ("purpose", "days", "tag", "source"),
    [
        (Purpose.CRIMINAL_PROCEEDINGS, 10, "[C]", "FD-2009-315"),
        (Purpose.OTHER_LAWFUL_PURPOSE, 10, "[C]", "FD-2009-315"),
        (Purpose.OWN_REQUEST, 20, "[C]", "FD-2009-315"),
        (Purpose.WORK_WITH_CHILDREN, 10, "[U]", "DIR-2011-93"),
    ],
)
def test_record_request_deadlines_by_purpose(
    purpose: Purpose, days: int, tag: str, source: str
) -> None:
    d = deadline_for(MessageType.RECORD_REQUEST, purpose)
    assert d is not None
    assert (d.working_days, d.tag, d.source, d.answer) == (
        days,
        tag,
        source,
        MessageType.RECORD_RESPONSE,
    )
    assert d.citation.startswith(f"[{source}] Art.")


def test_other_deadlines() -> None:
    ident = deadline_for(MessageType.IDENTIFICATION_REQUEST, Purpose.CRIMINAL_PROCEEDINGS)
    assert ident is not None
    assert (ident.working_days, ident.tag, ident.restarts_on) == (
        10,
        "[M]",
        "additional_information",
    )
    transfer = deadline_for(MessageType.SUPERVISION_TRANSFER_REQUEST, Purpose.SUPERVISION)
    assert (
        transfer is not None
        and transfer.calendar_days == 60
        and transfer.words == "60 calendar days"
    )
    assert deadline_for(MessageType.RISK_NOTIFICATION, Purpose.PUBLIC_PROTECTION) is None
    assert deadline_for(MessageType.CONVICTION_NEW) is None
    assert DEADLINES_VERSION


def test_due_for_a_received_message() -> None:
    assert due_for("record_request", "own_request", D(2026, 11, 16), "LV") == D(2026, 12, 15)
    assert due_for("supervision_transfer_request", "supervision", D(2026, 1, 1), "LV") == D(
        2026, 3, 2
    )
    assert due_for("acknowledgement", None, D(2026, 1, 1), "LV") is None


@pytest.mark.parametrize(
    ("answered", "today", "state"),
    [
        (None, D(2026, 5, 1), DeadlineState.ON_TIME),
        (None, D(2026, 5, 3), DeadlineState.DUE_SOON),
        (None, D(2026, 5, 5), DeadlineState.DUE_SOON),
        (None, D(2026, 5, 6), DeadlineState.OVERDUE),
        (D(2026, 5, 5), D(2026, 6, 1), DeadlineState.ON_TIME),
        (dt.datetime(2026, 5, 5, 23, 59, tzinfo=dt.UTC), D(2026, 6, 1), DeadlineState.ON_TIME),
        (D(2026, 5, 6), D(2026, 6, 1), DeadlineState.ANSWERED_LATE),
    ],
)
def test_deadline_state(answered: dt.date | None, today: dt.date, state: DeadlineState) -> None:
    assert deadline_state(D(2026, 5, 5), answered, today) is state
    assert state.label
