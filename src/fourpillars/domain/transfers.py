"""A case that moves to another area ([MAPPA-G] ch.2 lead agency; ch.9 information sharing;
decision 0018).

The managers of a case ask another area to take it over, with the reason and the Responsible
Authority agency proposed to lead it there. The receiving area's co-ordinator accepts or
refuses. On acceptance the lead agency and the area hand over: everything recorded on the
case stays with it (the new area sees the whole history), a hand-over note is written, and
the old area's access ends on a recorded date: its lead agency keeps a share until then, its
co-ordinator sees the case until then, and both lose it after.

How long the old area keeps access is local policy [M]: 28 days unless the receiving
co-ordinator chooses another date, never more than 90 days ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import Collector, IllegalTransition
from .text import LONG_TEXT_MAX, clean_text
from .vocabulary import Vocabulary


class TransferStatus(Vocabulary):
    """Where a transfer request stands; it moves only through ``transition``."""

    REQUESTED = "requested", "Waiting for the receiving area"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Move(Vocabulary):
    ACCEPT = "accept", "Accept the case"
    REFUSE = "refuse", "Refuse the case"
    WITHDRAW = "withdraw", "Withdraw the request"


_MOVES = {
    Move.ACCEPT: TransferStatus.ACCEPTED,
    Move.REFUSE: TransferStatus.REFUSED,
    Move.WITHDRAW: TransferStatus.WITHDRAWN,
}


def transition(current: str, move: Move) -> TransferStatus:
    """Decision 0018: a request is accepted, refused or withdrawn once, while it waits."""
    status = TransferStatus(current)
    if status is not TransferStatus.REQUESTED:
        raise IllegalTransition(f"This transfer was {status.label.lower()} already.")
    return _MOVES[move]


@dataclass(frozen=True)
class HandoverPolicy:
    """How long the old area keeps access after a transfer, by default and at most. Local
    policy [M]: no published figure seen."""

    default_days: int = 28
    max_days: int = 90
    version: str = "transfer-handover-2026.1 [M], local policy"


DEFAULT_HANDOVER = HandoverPolicy()


def request_problems(
    *,
    lead_is_responsible_authority: bool,
    lead_area_id: int | None,
    case_area_id: int,
) -> list[tuple[str, str]]:
    """[MAPPA-G] ch.2: a case is led by a Responsible Authority agency of its area, so the
    proposed lead is police, probation or prison in another area than the case's."""
    problems = []
    if not lead_is_responsible_authority or lead_area_id is None:
        problems.append(
            (
                "proposed_lead_agency",
                "must be police, probation or prison in the area receiving the case",
            )
        )
    elif lead_area_id == case_area_id:
        problems.append(
            ("proposed_lead_agency", "is in the case's own area: choose an agency in another area")
        )
    return problems


def clean_reason(value: object, field: str = "reason") -> str:
    """A reason is required, as text of at most 10,000 characters."""
    errors = Collector()
    text = clean_text(value, field, errors, required=True, max_length=LONG_TEXT_MAX, multiline=True)
    errors.raise_if_any()
    return text


@dataclass(frozen=True)
class Acceptance:
    """The receiving co-ordinator's acceptance: the hand-over note and the last day the old
    area may see the case."""

    handover_note: str
    access_ends_on: dt.date


def clean_acceptance(
    note: object,
    access_ends_on: dt.date | None,
    today: dt.date,
    policy: HandoverPolicy = DEFAULT_HANDOVER,
    errors: Collector | None = None,
) -> Acceptance:
    """Decision 0018: a hand-over note (or where the hand-over meeting is recorded), and an end
    to the old area's access today or later, at most ``max_days`` ahead (default
    ``default_days``)."""
    found = errors or Collector()
    text = clean_text(
        note, "handover_note", found, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    ends = access_ends_on or today + dt.timedelta(days=policy.default_days)
    latest = today + dt.timedelta(days=policy.max_days)
    if ends < today:
        found.add("access_ends_on", "cannot be in the past")
    elif ends > latest:
        found.add(
            "access_ends_on",
            f"must be on or before {latest.isoformat()}: the old area keeps access for at most "
            f"{policy.max_days} days",
        )
    found.raise_if_any()
    return Acceptance(text, ends)
