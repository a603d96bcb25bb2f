"""The plan lifecycle: a draft is approved and becomes the active plan; approving the next
version supersedes it. Every version stays readable; only a draft is edited."""

from __future__ import annotations

from ..errors import IllegalTransition
from ..vocabulary import Vocabulary


class PlanStatus(Vocabulary):
    """A plan version's place in its lifecycle; it moves only through :func:`transition`."""

    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active (approved)"
    SUPERSEDED = "superseded", "Superseded"


_MOVES: dict[tuple[str, str], PlanStatus] = {
    (PlanStatus.DRAFT, "approve"): PlanStatus.ACTIVE,
    (PlanStatus.ACTIVE, "supersede"): PlanStatus.SUPERSEDED,
}
_ACTION_WORDS = {"approve": "approved", "supersede": "superseded"}


def transition(status: str, action: str) -> PlanStatus:
    """The status a plan moves to; ``IllegalTransition`` for a move the lifecycle lacks."""
    try:
        return _MOVES[(status, action)]
    except KeyError:
        word = _ACTION_WORDS.get(action, action)
        raise IllegalTransition(f"This plan is {status}: it cannot be {word}.") from None
