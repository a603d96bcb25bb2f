"""The RoSH assessment lifecycle: draft, submitted, countersigned, superseded."""

from __future__ import annotations

from enum import StrEnum

from ..errors import IllegalTransition

# --- lifecycle --------------------------------------------------------------------------


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    COUNTERSIGNED = "countersigned"
    SUPERSEDED = "superseded"


STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "countersigned": "Countersigned",
    "superseded": "Superseded",
}
_MOVES = {
    ("draft", "submit"): "submitted",
    ("submitted", "countersign"): "countersigned",
    ("submitted", "supersede"): "superseded",
    ("countersigned", "supersede"): "superseded",
}


_ACTION_WORDS = {"submit": "submitted", "countersign": "countersigned", "supersede": "superseded"}


def transition(status: str, action: str) -> str:
    try:
        return _MOVES[(status, action)]
    except KeyError:
        label = STATUS_LABELS.get(status, status).lower()
        raise IllegalTransition(
            f"A {label} assessment cannot be {_ACTION_WORDS.get(action, action)}."
        ) from None
