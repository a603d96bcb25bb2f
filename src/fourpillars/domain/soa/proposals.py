"""Risk notifications to another state when a person travels or moves abroad, and the
decisions to send them or not ([SOMEC-2015], [HK-2016]: conviction data cross borders but
risk information does not; [DPA-2018] Part 3 ss.72-78 transfers abroad; [LED-2016] Art.35).

A foreign-travel notification, or a planned move abroad, by a person with a High or Very High
overall RoSH in force, or a registered sexual offender (MAPPA category 1), **proposes** a risk
notification to the destination state. The officer reviews it (what is included, what is
left out and why) and submits it; a manager other than its author decides, recording the
lawful basis, necessity and proportionality; only then is it sent. Declining is recorded
too, and so is withdrawing one approved: the receiving state is told to stop using it
([LED-2016] Art.7(3) [M]: a recipient of data that were wrong, or sent when they should not
have been, is told without delay).

How long a notification holds (the margin after the return, the length for a move) is local
policy [M], versioned here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import Collector, DomainValidationError, IllegalTransition
from ..text import LONG_TEXT_MAX, clean_text
from ..vocabulary import Vocabulary

PROPOSING_RATINGS = frozenset({"high", "very_high"})
REGISTERED_CATEGORY = 1


def proposal_reason(category: int, rosh_overall: str) -> str:
    """Why travel by this person proposes a risk notification ("" if it does not): a High or
    Very High overall RoSH in force ([ROSH-2020]), or registration as a sexual offender
    (category 1, [SOA-2003] Part 2)."""
    reasons = []
    if rosh_overall in PROPOSING_RATINGS:
        reasons.append("a High or Very High risk of serious harm")
    if category == REGISTERED_CATEGORY:
        reasons.append("registration as a sexual offender (category 1)")
    return " and ".join(reasons)


class Status(Vocabulary):
    """Where a proposal stands; it moves only through ``transition``."""

    PROPOSED = "proposed", "Proposed: for the officer to review"
    SUBMITTED = "submitted", "Waiting for a manager's decision"
    APPROVED = "approved", "Approved and sent"
    APPROVED_NO_NODE = "approved_no_node", "Approved: no node connected, send by another channel"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn: the receiving state was told to stop using it"


class Move(Vocabulary):
    SUBMIT = "submit", "Submit for a decision"
    APPROVE = "approve", "Approve and send"
    DECLINE = "decline", "Decline"
    WITHDRAW = "withdraw", "Withdraw"


APPROVED_STATUSES = frozenset({Status.APPROVED, Status.APPROVED_NO_NODE})

_FROM: dict[Move, frozenset[Status]] = {
    Move.SUBMIT: frozenset({Status.PROPOSED}),
    Move.APPROVE: frozenset({Status.SUBMITTED}),
    Move.DECLINE: frozenset({Status.PROPOSED, Status.SUBMITTED}),
    Move.WITHDRAW: APPROVED_STATUSES,
}


def transition(current: str, move: Move, *, connected: bool = True) -> Status:
    """A proposal is submitted once; approved once submitted; declined before it is decided;
    withdrawn once, after it was approved (sent, or decided with no node connected)."""
    status = Status(current)
    if status not in _FROM[move]:
        raise IllegalTransition(_refusal(status, move))
    if move is Move.SUBMIT:
        return Status.SUBMITTED
    if move is Move.DECLINE:
        return Status.DECLINED
    if move is Move.WITHDRAW:
        return Status.WITHDRAWN
    return Status.APPROVED if connected else Status.APPROVED_NO_NODE


def _refusal(status: Status, move: Move) -> str:
    if move is Move.WITHDRAW and status is not Status.WITHDRAWN:
        return (
            "Only a risk notification that was approved can be withdrawn: this one is "
            f"{status.label[:1].lower()}{status.label[1:]}."
        )
    if status is Status.WITHDRAWN:
        return "This risk notification was withdrawn already."
    return f"This risk notification is {status.label.lower()} already."


class Section(Vocabulary):
    """The parts of a risk notification, each included or left out with a reason."""

    CATEGORY_LEVEL = "category_level", "MAPPA category and level"
    ROSH = "rosh", "Risk of serious harm ratings by group and setting"
    RISK_FACTORS = "risk_factors", "Risk factors"
    WARNING_SIGNS = "warning_signs", "Warning signs"
    MONITORING = "monitoring", "Monitoring needs from the plan"
    TRAVEL = "travel", "Travel: dates, destinations and addresses abroad"
    CONTINGENCY = "contingency", "Contingency contact (24 hours)"


# What a receiver cannot act on without: never left out (a risk notification without the
# ratings would not be one).
REQUIRED_SECTIONS = frozenset({Section.ROSH, Section.TRAVEL, Section.CONTINGENCY})


class LawfulBasis(Vocabulary):
    """The basis recorded for sending risk information abroad ([DPA-2018] Part 3 ss.72-78;
    [LED-2016] Art.35-37; [CJA-2003] s.325)."""

    DPA_S73_ADEQUACY = (
        "dpa2018_s73_adequacy",
        (
            "DPA 2018 s.73-74: transfer for a law-enforcement purpose to a relevant authority "
            "(adequacy regulations)"
        ),
    )
    DPA_S75_SAFEGUARDS = (
        "dpa2018_s75_safeguards",
        ("DPA 2018 s.75: transfer on the basis of appropriate safeguards"),
    )
    DPA_S76_SPECIAL = (
        "dpa2018_s76_special",
        (
            "DPA 2018 s.76: transfer in special circumstances (to prevent an immediate and serious "
            "threat to public security)"
        ),
    )


@dataclass(frozen=True)
class HoldPolicy:
    """How long a risk notification holds: the return date plus a margin, or for a move
    abroad a fixed length. Local policy [M]: no published figure seen."""

    version: str = "risk-notification-hold-2026.1"
    margin_days: int = 14
    move_days: int = 365
    confirmed: bool = False


DEFAULT_HOLD = HoldPolicy()


def holds_until(
    departs: dt.date, returns: dt.date | None, *, move: bool, policy: HoldPolicy = DEFAULT_HOLD
) -> dt.date:
    """Until the return plus the margin; a move abroad (or a trip with no return date) for
    the policy's length from departure."""
    if move or returns is None:
        return departs + dt.timedelta(days=policy.move_days)
    return returns + dt.timedelta(days=policy.margin_days)


@dataclass(frozen=True)
class Review:
    """The officer's review: the sections included and, for each left out, why."""

    included: tuple[str, ...]
    left_out: Mapping[str, str]


def clean_review(included: object, reasons: Mapping[str, object]) -> Review:
    """Every section is included or left out with a reason; the ratings, travel and the
    contingency contact are never left out (the receiver could not act without them)."""
    errors = Collector()
    chosen = {str(s) for s in included} if isinstance(included, list | tuple | set) else set()
    unknown = chosen - {s.value for s in Section}
    if unknown:
        errors.add("included", f"unknown section(s): {', '.join(sorted(unknown))}")
    left_out: dict[str, str] = {}
    for section in Section:
        if section.value in chosen:
            continue
        if section in REQUIRED_SECTIONS:
            errors.add(f"left_out.{section.value}", f"{section.label} is always included")
            continue
        why = clean_text(
            reasons.get(section.value), f"left_out.{section.value}", errors, max_length=1000
        )
        if not why:
            errors.add(f"left_out.{section.value}", f"say why {section.label.lower()} is left out")
        left_out[section.value] = why
    errors.raise_if_any()
    return Review(tuple(s.value for s in Section if s.value in chosen), left_out)


@dataclass(frozen=True)
class Decision:
    """A manager's recorded decision to send ([KEMSHALL-DD]; [DPA-2018] s.73-76)."""

    lawful_basis: str
    necessity: str
    proportionality: str


def clean_decision(lawful_basis: object, necessity: object, proportionality: object) -> Decision:
    """The lawful basis (one of ``LawfulBasis``), why sending is necessary and why what is
    sent is proportionate, each required."""
    errors = Collector()
    basis = str(lawful_basis or "")
    if basis not in LawfulBasis.labels():
        errors.add("lawful_basis", "choose the lawful basis for sending")
    need = clean_text(
        necessity, "necessity", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    prop = clean_text(
        proportionality,
        "proportionality",
        errors,
        required=True,
        max_length=LONG_TEXT_MAX,
        multiline=True,
    )
    errors.raise_if_any()
    return Decision(basis, need, prop)


def clean_decline(reason: object) -> str:
    """Declining says why ([KEMSHALL-DD]: a decision not to act is recorded too)."""
    errors = Collector()
    why = clean_text(
        reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    return why


# The longest reason a withdrawal carries (the exchange's content: ``content.Withdrawal``).
WITHDRAWAL_REASON_MAX = 2000


def clean_withdrawal(reason: object) -> str:
    """Withdrawing says why; the reason goes to the receiving state with the withdrawal, so it
    is held to the length the exchange carries ([KEMSHALL-DD]: the decision is recorded)."""
    errors = Collector()
    why = clean_text(
        reason, "reason", errors, required=True, max_length=WITHDRAWAL_REASON_MAX, multiline=True
    )
    errors.raise_if_any()
    return why


def check_destination(code: object, own: str) -> str:
    """An ISO 3166-1 alpha-2 code other than the node's own."""
    text = str(code or "").strip().upper()
    if len(text) != 2 or not text.isalpha():
        raise DomainValidationError.single("destination", "give a two-letter country code")
    if text == own.upper():
        raise DomainValidationError.single("destination", "the destination is this country")
    return text
