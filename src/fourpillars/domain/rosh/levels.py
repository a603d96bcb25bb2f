"""The MAPPA level indicated by the overall RoSH rating and the level criteria ([MAPPA-G] ch.7:
level 2 [C]; level 3 (a) [C], (b) wording [M])."""

from __future__ import annotations

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
    version: str = "mappa-levels-2019.1"

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
    """Which MAPPA level the ratings and the level criteria indicate, and why.

    Cases are managed at the lowest level that still gives a defensible plan; RoSH alone does
    not set the level. A person decides; this only explains the indication.
    """
    unknown = [k for k in flags if k not in dict(LEVEL_FLAGS)]
    if unknown:
        raise DomainValidationError.single(f"flags.{unknown[0][:30]}", "is not a level criterion")
    high = overall in ("high", "very_high")
    reasons: list[str] = []
    rating = RATING_LABELS.get(overall or "", "not rated")
    if not flags.get("adds_value"):
        reasons.append(
            "Level 1: multi-agency meetings would not add value, so the lead agency "
            f"manages the case (overall RoSH {rating})."
        )
        if high:
            reasons.append(
                "Check this: a high or very high RoSH usually means meetings add "
                "value (level 2 criterion a)."
            )
        return LevelIndication(1, tuple(reasons))
    level2: list[str] = []
    if high:
        level2.append(f"(a) overall RoSH is {rating}")
    if flags.get("exceptional_coordination"):
        level2.append("(b) exceptionally, a lower risk needs active co-ordination")
    if flags.get("step_down_from_3"):
        level2.append("(c) stepping down from level 3")
    if not level2:
        reasons.append(
            f"Level 1: meetings would add value but no level 2 criterion applies "
            f"(overall RoSH {rating}, no exceptional co-ordination, no step-down)."
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
