"""The MAPPA level indicated by the overall community RoSH rating and the level criteria
([MAPPA-G] ch.7: level 2 [C]; level 3 (a) [C], (b) wording [M]), and the one sentence that sets
the recorded level beside the indication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import DomainValidationError
from .ratings import RATING_LABELS

# --- MAPPA level indicated ([MAPPA-G] ch.7) -----------------------------------------------


@dataclass(frozen=True)
class LevelIndication:
    level: int
    reasons: tuple[str, ...]
    version: str = "mappa-levels-2026.1"

    def as_dict(self) -> dict[str, Any]:
        return {"level": self.level, "reasons": list(self.reasons), "version": self.version}


LEVEL_FLAGS: tuple[tuple[str, str], ...] = (
    ("adds_value", "Formal multi-agency meetings would add value to the lead agency's management"),
    (
        "exceptional_coordination",
        "Exceptionally, a lower risk needs active multi-agency co-ordination of interventions",
    ),
    ("step_down_from_3", "Previously level 3 and no longer needs level 3"),
    ("senior_resources", "Significant resources must be committed at short notice"),
    (
        "public_confidence",
        "High likelihood of media scrutiny or public interest; public "
        "confidence must be maintained",
    ),
)


def indicate_level(overall: str | None, flags: Mapping[str, bool]) -> LevelIndication:
    """Which MAPPA level the overall community rating and the level criteria indicate, and why.

    ``overall`` is the overall community rating ([MAPPA-G] ch.7 speaks of management in the
    community; a custody case is rated as if release were imminent). Cases are managed at the
    lowest level that still gives a defensible plan; RoSH alone does not set the level. A
    person decides; this only explains the indication.
    """
    unknown = [k for k in flags if k not in dict(LEVEL_FLAGS)]
    if unknown:
        raise DomainValidationError.single(f"flags.{unknown[0][:30]}", "is not a level criterion")
    high = overall in ("high", "very_high")
    reasons: list[str] = []
    rating = RATING_LABELS.get(overall or "", "not rated").lower()
    if not flags.get("adds_value"):
        reasons.append(
            "Level 1: multi-agency meetings would not add value, so the lead agency "
            f"manages the case (overall RoSH {rating})."
        )
        if high:
            reasons.append(
                "Check this: a high or very high community RoSH meets level 2 criterion (a) "
                "if meetings would add value."
            )
        return LevelIndication(1, tuple(reasons))
    level2: list[str] = []
    if high:
        level2.append(f"(a) the overall community RoSH is {rating}")
    if flags.get("exceptional_coordination"):
        level2.append("(b) exceptionally, a lower risk needs active co-ordination")
    if flags.get("step_down_from_3"):
        level2.append("(c) stepping down from level 3")
    if not level2:
        reasons.append(
            f"Level 1: meetings would add value but no level 2 criterion applies "
            f"(overall community RoSH {rating}, no exceptional co-ordination, no step-down)."
        )
        return LevelIndication(1, tuple(reasons))
    reasons.append("Level 2 criteria met: meetings add value and " + "; ".join(level2) + ".")
    senior: list[str] = []
    if flags.get("senior_resources"):
        senior.append("(a) significant resources at short notice")
    if flags.get("public_confidence"):
        senior.append("(b) high likelihood of media scrutiny or public interest")
    if senior and not flags.get("step_down_from_3"):
        reasons.append(
            "Level 3: senior representation is needed because " + "; ".join(senior) + "."
        )
        return LevelIndication(3, tuple(reasons))
    return LevelIndication(2, tuple(reasons))


@dataclass(frozen=True)
class LevelStatement:
    """The recorded level beside what the criteria indicate, in one sentence, and whether a
    person needs to act on a difference."""

    sentence: str
    needs_action: bool


def level_statement(
    recorded: int,
    overall: str | None,
    decision: tuple[int, Mapping[str, bool], dt.date] | None,
) -> LevelStatement:
    """One sentence: the recorded level, what the criteria indicate, and what to do about a
    difference. ``overall`` is the overall community rating; ``decision`` the latest level
    decision (the level it chose, the criteria it recorded, its date), if any.

    Without a recorded decision the criteria have not been weighed, so nothing is indicated;
    a difference explained by a decision with its reason needs nothing more.
    """
    rating = RATING_LABELS.get(overall or "", "not rated").lower()
    if decision is None:
        hint = ""
        if recorded == 1 and overall in ("high", "very_high"):
            hint = f" (a {rating} community RoSH meets level 2 criterion (a) if meetings add value)"
        return LevelStatement(
            f"Recorded at level {recorded}; no level decision has weighed the level criteria yet "
            f"(overall community RoSH {rating}): record a level decision with its reason to "
            f"confirm or change the level{hint}.",
            True,
        )
    decided, flags, on = decision
    indicated = indicate_level(overall, flags).level
    when = f"{on.day} {on:%B %Y}"
    if decided != recorded:
        return LevelStatement(
            f"Recorded at level {recorded}, but the latest level decision ({when}) chose level "
            f"{decided}: record a new level decision, or correct the level.",
            True,
        )
    if indicated == recorded:
        return LevelStatement(
            f"Recorded at level {recorded}, which the level criteria weighed on {when} indicate "
            f"(overall community RoSH {rating}).",
            False,
        )
    return LevelStatement(
        f"Recorded at level {recorded} by the decision of {when}, although the level criteria "
        f"indicate level {indicated} (overall community RoSH {rating}); the decision records "
        "why.",
        False,
    )
