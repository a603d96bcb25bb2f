"""RoSH policy held as versioned data (decision 0011): which predictor results trigger a full
analysis at screening, and which assessments need a manager's countersignature before they
come into force.

A predictor describes a group, not this person, and none of them measures serious harm or its
imminence ([ROSH-2020]; [OGRS3-2009]): a band never *indicates* a RoSH rating. Predictors
inform screening (a result at or above the threshold means the full analysis is done) and are
shown beside the ratings as evidence. Both policies are unconfirmed [M]: an area changes them
by publishing a new version; a stored assessment keeps the versions it was judged under.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .ratings import RATING_LABELS, RATING_ORDER

# Bands of the predictors, lowest first; a band outside this order (e.g. "not applicable",
# Static-99R's roman numerals, DASH's "standard") never reaches a threshold.
PREDICTOR_BAND_ORDER: dict[str, int] = {"low": 0, "medium": 1, "high": 2, "very_high": 3}
PREDICTOR_NAMES: dict[str, str] = {
    "rsr": "RSR",
    "osp-dc": "OSP/DC",
    "osp-iic": "OSP/IIC",
    "ogrs3": "OGRS3",
}


@dataclass(frozen=True)
class PredictorResult:
    """The latest result of one instrument on the assessment: its code and band."""

    instrument: str
    band: str | None


@dataclass(frozen=True)
class PredictorTrigger:
    instrument: str
    band: str
    threshold: str

    @property
    def reason(self) -> str:
        name = PREDICTOR_NAMES.get(self.instrument, self.instrument.upper())
        band = RATING_LABELS.get(self.band, self.band).lower()
        threshold = RATING_LABELS.get(self.threshold, self.threshold).lower()
        return (
            f"{name} is {band}, at or above the screening threshold ({threshold} or above): "
            "a full analysis is needed"
        )


@dataclass(frozen=True)
class ScreeningPolicy:
    """Predictor thresholds that trigger a full analysis, per instrument code."""

    version: str
    thresholds: Mapping[str, str]
    confirmed: bool = False

    def triggers(self, results: Iterable[PredictorResult]) -> tuple[PredictorTrigger, ...]:
        """Which results are at or above their instrument's threshold, in policy order."""
        by_code = {r.instrument: r.band for r in results}
        out: list[PredictorTrigger] = []
        for code, threshold in self.thresholds.items():
            band = by_code.get(code)
            if band is None or band not in PREDICTOR_BAND_ORDER:
                continue
            if PREDICTOR_BAND_ORDER[band] >= PREDICTOR_BAND_ORDER[threshold]:
                out.append(PredictorTrigger(code, band, threshold))
        return tuple(out)


# RSR medium or above, or OSP/DC or OSP/IIC medium or above, triggers a full analysis [M].
DEFAULT_SCREENING_POLICY = ScreeningPolicy(
    version="rosh-screening-2026.1 [M]",
    thresholds={"rsr": "medium", "osp-dc": "medium", "osp-iic": "medium"},
)


@dataclass(frozen=True)
class CountersignaturePolicy:
    """When an assessment needs a manager's countersignature before it comes into force."""

    version: str
    ratings: frozenset[str]  # overall ratings (in either setting) that need one
    exemption: bool = True  # a full analysis not done although screening triggered one
    in_training: bool = True  # an author marked as in training
    confirmed: bool = False

    def reasons(
        self, overall: Iterable[str | None], *, exempted: bool, author_in_training: bool
    ) -> tuple[str, ...]:
        """Plain-English reasons a countersignature is needed; empty when none is."""
        out: list[str] = []
        rated = [r for r in overall if r is not None]
        needing = sorted({r for r in rated if r in self.ratings}, key=RATING_ORDER.__getitem__)
        if needing:
            words = " and ".join(RATING_LABELS[r].lower() for r in needing)
            out.append(f"an overall rating of {words} needs a manager's countersignature")
        if self.exemption and exempted:
            out.append(
                "the full analysis was not done although screening called for one "
                "(an exemption needs a manager's countersignature)"
            )
        if self.in_training and author_in_training:
            out.append("the author is in training")
        return tuple(out)


# An overall High or Very High rating, an exemption from the full analysis, or an author marked
# as in training need a manager's countersignature [M].
DEFAULT_COUNTERSIGNATURE_POLICY = CountersignaturePolicy(
    version="rosh-countersignature-2026.1 [M]",
    ratings=frozenset({"high", "very_high"}),
)
