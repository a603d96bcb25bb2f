"""What the actuarial instruments indicate, and how a professional RoSH rating departs from
it (decision 0011)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..vocabulary import Vocabulary
from .ratings import RATING_LABELS, RATING_ORDER

# --- instruments -> indicated rating -----------------------------------------------------
#
# An actuarial band is not a RoSH rating. To make departures explicit we read each band as
# the rating it *indicates* (our convention, versioned data; decision 0011). A professional
# rating below the highest indicated one is "lowered below an actuarial band" and needs a
# manager's countersignature; any difference needs a recorded reason.

INDICATION_VERSION = "indication-2026.1"
BAND_INDICATES: dict[str, dict[str, str]] = {
    "ogrs3": {"low": "low", "medium": "medium", "high": "high", "very_high": "very_high"},
    "osp-dc": {"low": "low", "medium": "medium", "high": "high", "very_high": "very_high"},
    "osp-iic": {"low": "low", "medium": "medium", "high": "high", "very_high": "very_high"},
    "rm2000-s": {"low": "low", "medium": "medium", "high": "high", "very_high": "very_high"},
    "rm2000-v": {"low": "low", "medium": "medium", "high": "high", "very_high": "very_high"},
    "rm2000-c": {"low": "low", "medium": "medium", "high": "high", "very_high": "very_high"},
    "static-99r": {"I": "low", "II": "low", "III": "medium", "IVa": "high", "IVb": "very_high"},
    "dash": {"standard": "low", "medium": "medium", "high": "high"},
    "dash-safelives": {"standard": "low", "medium": "medium", "high": "high"},
}


class DepartureDirection(Vocabulary):
    """How the overall rating departs from what the instruments indicate (decision 0011)."""

    NONE = "none", "No departure"
    RAISED = "raised", "Raised above what the instruments indicate"
    LOWERED = "lowered", "Lowered below what the instruments indicate"


@dataclass(frozen=True)
class InstrumentBand:
    instrument: str
    band: str | None


@dataclass(frozen=True)
class Departure:
    indicated: str | None  # highest rating the instruments indicate, None when none do
    indicated_by: tuple[str, ...]  # instrument codes that indicate it
    overall: str | None
    direction: DepartureDirection
    needs_reason: bool
    needs_countersignature: bool
    explanation: str


def compare_with_instruments(overall: str | None, results: Sequence[InstrumentBand]) -> Departure:
    indicated: str | None = None
    by: list[str] = []
    for r in results:
        rating = BAND_INDICATES.get(r.instrument, {}).get(r.band or "")
        if rating is None:
            continue
        if indicated is None or RATING_ORDER[rating] > RATING_ORDER[indicated]:
            indicated, by = rating, [r.instrument]
        elif rating == indicated:
            by.append(r.instrument)
    if indicated is None or overall is None:
        return Departure(
            indicated,
            tuple(by),
            overall,
            DepartureDirection.NONE,
            False,
            False,
            "No instrument result indicates a rating."
            if indicated is None
            else "No overall rating yet.",
        )
    diff = RATING_ORDER[overall] - RATING_ORDER[indicated]
    names = ", ".join(by)
    if diff == 0:
        return Departure(
            indicated,
            tuple(by),
            overall,
            DepartureDirection.NONE,
            False,
            False,
            f"The overall rating matches what {names} indicates.",
        )
    if diff > 0:
        return Departure(
            indicated,
            tuple(by),
            overall,
            DepartureDirection.RAISED,
            True,
            False,
            f"The overall rating ({RATING_LABELS[overall]}) is above what {names} indicates "
            f"({RATING_LABELS[indicated]}): professional judgement raised it; record why.",
        )
    return Departure(
        indicated,
        tuple(by),
        overall,
        DepartureDirection.LOWERED,
        True,
        True,
        f"The overall rating ({RATING_LABELS[overall]}) is below what {names} indicates "
        f"({RATING_LABELS[indicated]}): record why; a manager must countersign.",
    )
