"""Requests to transfer supervision of a probation measure to the state of the person's
lawful and ordinary residence ([FD-2008-947] Art.5, 8, 12 [M]).

Those managing the case compose the request; another person who manages it approves it (four
eyes, as decision 0015) and it is sent; the executing state answers, accepting or refusing
with its reason. A request not approved is declined with a reason.

Only a case whose disposal puts the person under probation supervision in the community has a
measure to transfer (``measure_of``): a suspended sentence or an alternative sanction such as
a community order (Art.2(2)-(4)), or the licence of a conditional release after custody
(Art.2(6)) [M].
"""

from __future__ import annotations

from ..errors import Collector, DomainValidationError, IllegalTransition
from ..notification import Disposal
from ..text import LONG_TEXT_MAX, clean_text
from ..vocabulary import Vocabulary


class TransferStatus(Vocabulary):
    """Where a supervision transfer request stands."""

    SUBMITTED = "submitted", "Waiting for approval"
    SENT = "sent", "Sent: waiting for the answer"
    NOT_SENT = "not_sent", "Approved: no node connected, send by another channel"
    DECLINED = "declined", "Not approved"
    ACCEPTED = "accepted", "Accepted by the other state"
    REFUSED = "refused", "Refused by the other state"


class Move(Vocabulary):
    APPROVE = "approve", "Approve and send"
    DECLINE = "decline", "Do not send"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


_FROM = {
    Move.APPROVE: TransferStatus.SUBMITTED,
    Move.DECLINE: TransferStatus.SUBMITTED,
    Move.ACCEPTED: TransferStatus.SENT,
    Move.REFUSED: TransferStatus.SENT,
}
_TO = {
    Move.DECLINE: TransferStatus.DECLINED,
    Move.ACCEPTED: TransferStatus.ACCEPTED,
    Move.REFUSED: TransferStatus.REFUSED,
}


def transition(current: str, move: Move, *, connected: bool = True) -> TransferStatus:
    """Approved or declined while it waits; answered once, after it was sent."""
    status = TransferStatus(current)
    if status is not _FROM[move]:
        raise IllegalTransition(f"This request is {status.label.lower()} already.")
    if move is Move.APPROVE:
        return TransferStatus.SENT if connected else TransferStatus.NOT_SENT
    return _TO[move]


def clean_request(measure: object, reason: object) -> tuple[str, str]:
    """The measure to be supervised and why the other state (normal residence) should."""
    errors = Collector()
    m = clean_text(measure, "measure", errors, required=True, max_length=LONG_TEXT_MAX)
    r = clean_text(
        reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
    )
    errors.raise_if_any()
    return m, r


# The register's disposals that put the person under probation supervision in the community,
# with the measure in words ([FD-2008-947] Art.1-2 [M]). A custodial sentence counts for its
# licence after release (a conditional release); whether the person is released yet is not
# known to the register. Hospital orders (mental health measures, not probation), a caution
# (not a judgment) and a conditional discharge (no probation measure imposed) have none.
SUPERVISED_DISPOSALS: dict[Disposal, str] = {
    Disposal.CUSTODY: "the licence after release from a custodial sentence",
    Disposal.LIFE_OR_INDETERMINATE: "the licence after release from a life or indeterminate "
    "sentence",
    Disposal.OTHER: "a community order or suspended sentence",
}

NO_MEASURE = (
    "This case has no probation measure to transfer: only a licence after custody, a "
    "community order or a suspended sentence can be supervised by another state"
)


def measure_of(disposal: str) -> str:
    """The probation measure the case's disposal carries, in words ("" when none)."""
    try:
        return SUPERVISED_DISPOSALS.get(Disposal(disposal), "")
    except ValueError:  # not recorded, or not one of the register's disposals
        return ""


def check_transferable(disposal: str) -> str:
    """The measure to transfer; refused on ``disposal`` when the case has none."""
    measure = measure_of(disposal)
    if not measure:
        hint = "" if disposal else " (no disposal is recorded on the case)"
        raise DomainValidationError.single("disposal", NO_MEASURE + hint)
    return measure
