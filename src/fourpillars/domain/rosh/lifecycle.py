"""The RoSH assessment lifecycle: draft, submitted, countersigned, superseded."""

from __future__ import annotations

from ..errors import IllegalTransition
from ..vocabulary import Vocabulary

# --- lifecycle --------------------------------------------------------------------------


class Status(Vocabulary):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    COUNTERSIGNED = "countersigned", "Countersigned"
    SUPERSEDED = "superseded", "Superseded"


STATUS_LABELS = Status.labels()
_MOVES: dict[tuple[str, str], Status] = {
    (Status.DRAFT, "submit"): Status.SUBMITTED,
    (Status.SUBMITTED, "countersign"): Status.COUNTERSIGNED,
    (Status.SUBMITTED, "supersede"): Status.SUPERSEDED,
    (Status.COUNTERSIGNED, "supersede"): Status.SUPERSEDED,
}


_ACTION_WORDS = {"submit": "submitted", "countersign": "countersigned", "supersede": "superseded"}


def transition(status: str, action: str) -> Status:
    try:
        return _MOVES[(status, action)]
    except KeyError:
        label = STATUS_LABELS.get(status, status).lower()
        raise IllegalTransition(
            f"A {label} assessment cannot be {_ACTION_WORDS.get(action, action)}."
        ) from None
