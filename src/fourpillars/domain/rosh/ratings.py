"""RoSH rating scale and vocabulary: the four levels, their labels and definitions
([PC-36-2006]), the overall rating (the highest), the risk groups per setting
([MOJ-NDELIUS]), the summary questions R10.1-R10.5 ([OASYS-ROSH]) and the scenario kinds,
likelihoods and imminence ([RCPSYCH-RF] [M]).

The content of an assessment is a professional assessment, not a fact (DPA 2018 s.38(2));
``ASSESSMENT_LABEL`` is shown wherever it is displayed or exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from ..vocabulary import Vocabulary

ASSESSMENT_LABEL = (
    "Professional assessment (DPA 2018 s.38(2)): this is an opinion formed by practitioners "
    "on the evidence available, not a statement of fact."
)

# [ROSH-2020] as modelled here. 2026.1: the custody groups add children and public; the overall
# community and custody ratings are reported separately; predictor bands no longer indicate a
# rating (decision 0011). Assessments keep the version they were made under.
RULES_VERSION = "rosh-2026.1"


class Rating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


RATING_ORDER: dict[str, int] = {r.value: i for i, r in enumerate(Rating)}
RATING_LABELS: dict[str, str] = {
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "very_high": "Very high",
}
# Our words for the four levels ([PC-36-2006]; High and Very High [C] in [MOJ-RISK-UI]).
RATING_DEFINITIONS: dict[str, str] = {
    "low": "Current evidence does not show a likelihood of causing serious harm.",
    "medium": (
        "Identifiable indicators of serious harm; could cause serious harm but is unlikely "
        "to unless circumstances change."
    ),
    "high": (
        "Identifiable indicators of serious harm; the harmful event could happen at any time "
        "and the impact would be serious."
    ),
    "very_high": (
        "Imminent risk: the harmful event is more likely than not to happen imminently, and "
        "the impact would be serious."
    ),
}


def highest(ratings: Iterable[str | None]) -> str | None:
    """The overall rating of a setting is the highest across its groups ([MOJ-NDELIUS] [M])."""
    best: str | None = None
    for r in ratings:
        if r is not None and (best is None or RATING_ORDER[r] > RATING_ORDER[best]):
            best = r
    return best


class Setting(StrEnum):
    COMMUNITY = "community"
    CUSTODY = "custody"


RISK_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "community": (
        ("children", "Children"),
        ("public", "Public"),
        ("known_adult", "Known adult"),
        ("staff", "Staff"),
    ),
    # [MOJ-NDELIUS]: prisoners, staff and known adult, and optionally public and children;
    # all five are rated here, so a risk to visiting children or the public is never left out.
    "custody": (
        ("children", "Children"),
        ("public", "Public"),
        ("known_adult", "Known adult"),
        ("staff", "Staff"),
        ("prisoners", "Prisoners"),
    ),
}
SETTING_LABELS: dict[str, str] = {
    "community": "In the community",
    "custody": "In custody",
}
# [PC-36-2006]: a person in custody is assessed as if release could be imminent.
CUSTODY_RATED_AS = (
    "In custody, the community ratings are made as if release were imminent, and the custody "
    "ratings describe the risk while detained."
)


def overall_by_setting(ratings: Mapping[str, Mapping[str, str | None]]) -> dict[str, str | None]:
    """The overall rating of each setting, reported separately: the community overall is the
    one MAPPA levels read; the custody overall describes the risk while detained."""
    return {setting: highest((ratings.get(setting) or {}).values()) for setting in RISK_GROUPS}


# R10.1-R10.5 ([OASYS-ROSH] [C]), in our words.
SUMMARY_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("who_at_risk", "R10.1", "Who is at risk?"),
    ("nature", "R10.2", "What is the nature of the risk?"),
    ("when_greatest", "R10.3", "When is the risk likely to be greatest?"),
    ("increases", "R10.4", "What circumstances are likely to increase the risk?"),
    ("reduces", "R10.5", "What factors are likely to reduce the risk?"),
)


class ScenarioKind(Vocabulary):
    MOST_LIKELY = "most_likely", "Most likely (repeat)"
    WORST_CASE = "worst_case", "Worst case (escalation)"
    TWIST = "twist", "Twist (different victim or context)"
    IMPROVEMENT = "improvement", "Improvement (best case)"


SCENARIO_LABELS: dict[str, str] = ScenarioKind.labels()


class FactorKind(Vocabulary):
    """Risk and protective factors of a full analysis ([OASYS-ROSH] R10); plans cite both."""

    RISK = "risk", "Risk"
    PROTECTIVE = "protective", "Protective"


LIKELIHOODS = ("low", "medium", "high")
IMMINENCE = ("not_imminent", "could_happen_any_time", "imminent")
IMMINENCE_LABELS = {
    "not_imminent": "Not imminent",
    "could_happen_any_time": "Could happen at any time",
    "imminent": "Imminent",
}
