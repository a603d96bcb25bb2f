"""RoSH screening ([OASYS-ROSH]): the offence and behaviour triggers, the predictor thresholds
of the screening policy, the ECRIS codes that suggest a trigger, and whether a full analysis is
required."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import Collector
from .policy import DEFAULT_SCREENING_POLICY, PredictorResult, PredictorTrigger, ScreeningPolicy

# --- screening ([OASYS-ROSH] screening triggers [C]) ------------------------------------

OFFENCE_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("homicide", "Murder, attempted murder, threat or conspiracy to murder, manslaughter"),
    ("wounding_gbh", "Wounding or grievous bodily harm (OAPA 1861 ss.18/20)"),
    ("sexual_child", "Sexual offence against a child, or any other offence against a child"),
    ("sexual_adult", "Rape or serious sexual offence against an adult"),
    ("aggravated_burglary", "Aggravated burglary"),
    ("arson", "Arson, or criminal damage with intent to endanger life"),
    ("kidnap", "Kidnapping or false imprisonment"),
    ("firearm_intent", "Possession of a firearm with intent"),
    ("racially_aggravated", "Racially motivated or aggravated offence"),
    ("robbery", "Robbery"),
    ("weapons", "Offensive weapons offence"),
    (
        "other_serious",
        "Other equally serious offence (blackmail, harassment, stalking, child abuse images, "
        "child neglect, abduction)",
    ),
)
BEHAVIOUR_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("assault_threats", "Assaults or threats on staff or others"),
    ("partner_family_violence", "Violence to a partner or family member"),
    ("medication_noncompliance", "Serious offence while not complying with medication"),
    ("long_sentence", "Sentence of 4 years or more"),
    ("hate_behaviour", "Hate-based behaviour"),
    ("previous_high", "Previously assessed as high risk of serious harm"),
    ("life_ipp", "Life or IPP sentence"),
)
TRIGGER_LABELS: dict[str, str] = dict(OFFENCE_TRIGGERS + BEHAVIOUR_TRIGGERS)
LONG_SENTENCE_MONTHS = 48  # [OASYS-ROSH]: a sentence of 4 years or more

# ECRIS common categories ([DEC-2009-316] Annex A) that, on a conviction in the register,
# point to a screening trigger. A suggestion to confirm, not a decision: the practitioner sees why.
ECRIS_TRIGGER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("0101", "homicide"),  # genocide
    ("0102", "homicide"),  # crimes against humanity
    ("0103", "homicide"),  # war crimes
    ("0801", "homicide"),  # intentional killing
    ("0802", "homicide"),  # aggravated intentional killing
    ("0803", "homicide"),  # unintentional killing
    ("0809", "wounding_gbh"),  # grievous bodily injury
    ("0814", "wounding_gbh"),  # torture
    ("1001", "sexual_adult"),  # rape
    ("1002", "sexual_adult"),  # aggravated rape
    ("1003", "sexual_adult"),  # sexual assault
    ("1008", "sexual_child"),  # sexual exploitation of children
    ("1009", "other_serious"),  # indecent images of minors (child abuse images)
    ("1010", "sexual_child"),  # rape of a minor
    ("1011", "sexual_child"),  # sexual assault of a minor
    ("0406", "sexual_child"),  # trafficking for sexual exploitation of a minor
    ("0900", "kidnap"),  # offences against personal liberty (kidnapping, hostage taking)
    ("0500", "weapons"),  # weapons, firearms, explosives
)
ECRIS_TRIGGER_VERSION = "ecris-triggers-2026.1 (our mapping, unconfirmed)"


def triggers_for_ecris(code: str) -> str | None:
    """The screening trigger a conviction's ECRIS code points to, if any."""
    digits = re.sub(r"\D", "", code or "")[:4]
    for prefix, trigger in ECRIS_TRIGGER_PREFIXES:
        if digits.startswith(prefix):
            return trigger
    return None


@dataclass(frozen=True)
class Screening:
    triggers: tuple[str, ...]  # register and behaviour triggers, in form order
    sentence_months: int | None
    full_analysis_required: bool
    reasons: tuple[str, ...]  # one plain sentence per trigger, predictors last
    predictors: tuple[PredictorTrigger, ...] = ()
    policy_version: str = DEFAULT_SCREENING_POLICY.version


def screen(
    triggers: Iterable[str],
    sentence_months: int | None = None,
    predictors: Iterable[PredictorResult] = (),
    policy: ScreeningPolicy = DEFAULT_SCREENING_POLICY,
) -> Screening:
    """Decide whether a full analysis is required, and say which triggers applied: the
    offence and behaviour triggers, and the predictor results at or above the policy's
    thresholds."""
    chosen = set(triggers)
    errors = Collector()
    for t in sorted(chosen):
        if t not in TRIGGER_LABELS:
            errors.add("screening.triggers", f"{t[:40]!r} is not a screening trigger")
    if sentence_months is not None and (
        isinstance(sentence_months, bool) or not isinstance(sentence_months, int)
    ):
        errors.add("screening.sentence_months", "must be a whole number of months")
        sentence_months = None
    elif sentence_months is not None and not 0 <= sentence_months <= 2400:
        errors.add("screening.sentence_months", "must be between 0 and 2400 months")
        sentence_months = None
    errors.raise_if_any()
    if sentence_months is not None and sentence_months >= LONG_SENTENCE_MONTHS:
        chosen.add("long_sentence")
    ordered = tuple(code for code, _ in OFFENCE_TRIGGERS + BEHAVIOUR_TRIGGERS if code in chosen)
    reasons = tuple(TRIGGER_LABELS[c] for c in ordered)
    if sentence_months is not None and "long_sentence" in chosen:
        reasons = tuple(
            f"{r} ({sentence_months} months)" if c == "long_sentence" else r
            for c, r in zip(ordered, reasons, strict=True)
        )
    hits = policy.triggers(predictors)
    reasons += tuple(h.reason for h in hits)
    return Screening(
        ordered, sentence_months, bool(ordered) or bool(hits), reasons, hits, policy.version
    )
