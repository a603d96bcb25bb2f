"""Risk of Serious Harm (RoSH) assessment rules (REFERENCE 3, 1.3).

Pure rules only: the screening triggers, the rating scale and the overall rating, the shape
of a full analysis (summary questions R10.1-R10.5, formulation, scenarios, risk and
protective factors), how a professional rating compares with what the instruments suggest,
the assessment lifecycle, and the MAPPA level indicated by the ratings.

The content of an assessment is a professional assessment, not a fact (DPA 2018 s.38(2));
``ASSESSMENT_LABEL`` is shown wherever it is displayed or exported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import Collector, DomainValidationError, IllegalTransition
from .text import LONG_TEXT_MAX, SHORT_TEXT_MAX, clean_text

ASSESSMENT_LABEL = (
    "Professional assessment (DPA 2018 s.38(2)): this is an opinion formed by practitioners "
    "on the evidence available, not a statement of fact."
)

RULES_VERSION = "rosh-2020.1"  # HMPPS RoSH guidance 2020 as modelled here


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
# Our words for the four levels (REFERENCE 3.2; High and Very High confirmed in 0a).
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
    """The overall rating is the highest across groups (REFERENCE 3.2 [M])."""
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
    "custody": (
        ("prisoners", "Prisoners"),
        ("staff", "Staff"),
        ("known_adult", "Known adult"),
    ),
}

# R10.1-R10.5 (REFERENCE 3.3), in our words.
SUMMARY_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("who_at_risk", "R10.1", "Who is at risk?"),
    ("nature", "R10.2", "What is the nature of the risk?"),
    ("when_greatest", "R10.3", "When is the risk likely to be greatest?"),
    ("increases", "R10.4", "What circumstances are likely to increase the risk?"),
    ("reduces", "R10.5", "What factors are likely to reduce the risk?"),
)


class ScenarioKind(StrEnum):
    MOST_LIKELY = "most_likely"
    WORST_CASE = "worst_case"
    TWIST = "twist"
    IMPROVEMENT = "improvement"


SCENARIO_LABELS: dict[str, str] = {
    "most_likely": "Most likely (repeat)",
    "worst_case": "Worst case (escalation)",
    "twist": "Twist (different victim or context)",
    "improvement": "Improvement (best case)",
}
LIKELIHOODS = ("low", "medium", "high")
IMMINENCE = ("not_imminent", "could_happen_any_time", "imminent")
IMMINENCE_LABELS = {
    "not_imminent": "Not imminent",
    "could_happen_any_time": "Could happen at any time",
    "imminent": "Imminent",
}


# --- screening (REFERENCE 3.2 "RoSH screening triggers") --------------------------------

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
LONG_SENTENCE_MONTHS = 48  # REFERENCE 3.2 / fact 20: >= 4 years

# ECRIS common categories (REFERENCE 6.3) that, on a conviction in the register, point to a
# screening trigger. A suggestion to confirm, not a decision: the practitioner sees why.
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
    triggers: tuple[str, ...]
    sentence_months: int | None
    full_analysis_required: bool
    reasons: tuple[str, ...]


def screen(triggers: Iterable[str], sentence_months: int | None = None) -> Screening:
    """Decide whether a full analysis is required, and say which triggers applied."""
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
    return Screening(ordered, sentence_months, bool(ordered), reasons)


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


@dataclass(frozen=True)
class InstrumentBand:
    instrument: str
    band: str | None


@dataclass(frozen=True)
class Departure:
    indicated: str | None  # highest rating the instruments indicate, None when none do
    indicated_by: tuple[str, ...]  # instrument codes that indicate it
    overall: str | None
    direction: str  # "none", "raised", "lowered"
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
            "none",
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
            "none",
            False,
            False,
            f"The overall rating matches what {names} indicates.",
        )
    if diff > 0:
        return Departure(
            indicated,
            tuple(by),
            overall,
            "raised",
            True,
            False,
            f"The overall rating ({RATING_LABELS[overall]}) is above what {names} indicates "
            f"({RATING_LABELS[indicated]}): professional judgement raised it; record why.",
        )
    return Departure(
        indicated,
        tuple(by),
        overall,
        "lowered",
        True,
        True,
        f"The overall rating ({RATING_LABELS[overall]}) is below what {names} indicates "
        f"({RATING_LABELS[indicated]}): record why; a manager must countersign.",
    )


# --- the assessment document -------------------------------------------------------------

MAX_FACTORS = 100
MAX_SCENARIOS = 20
_IDENT = re.compile(r"^[a-z]{2}[0-9]{1,4}$")


@dataclass(frozen=True)
class FactorInput:
    ident: str  # stable within the assessment line: rf1, pf2 ...
    text: str
    evidence: str
    source_agency: str  # an agency kind or name, free text


@dataclass(frozen=True)
class ScenarioInput:
    ident: str
    kind: str
    description: str
    victims: str
    harm: str
    likelihood: str
    imminence: str
    warning_signs: str


@dataclass
class AssessmentInput:
    """A RoSH assessment as typed by practitioners; drafts may be incomplete."""

    assessment_date: dt.date | None = None
    screening_triggers: tuple[str, ...] = ()
    sentence_months: int | None = None
    ratings: dict[str, dict[str, str | None]] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    formulation: str = ""
    judgement_reason: str = ""
    risk_factors: list[FactorInput] = field(default_factory=list)
    protective_factors: list[FactorInput] = field(default_factory=list)
    scenarios: list[ScenarioInput] = field(default_factory=list)

    @property
    def overall(self) -> str | None:
        return highest(v for group in self.ratings.values() for v in group.values())

    def screening(self) -> Screening:
        return screen(self.screening_triggers, self.sentence_months)


DOCUMENT_FIELDS = (
    "assessment_date",
    "screening",
    "ratings",
    "summary",
    "formulation",
    "judgement_reason",
    "risk_factors",
    "protective_factors",
    "scenarios",
)


def _text(errors: Collector, value: object, name: str, long: bool = True) -> str:
    return clean_text(
        value, name, errors, max_length=LONG_TEXT_MAX if long else SHORT_TEXT_MAX, multiline=long
    )


def _factors(errors: Collector, raw: object, name: str, prefix: str) -> list[FactorInput]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.add(name, "must be a list")
        return []
    if len(raw) > MAX_FACTORS:
        errors.add(name, f"at most {MAX_FACTORS} items")
        return []
    out: list[FactorInput] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"{name}.{i}"
        if not isinstance(item, Mapping):
            errors.add(where, "must be an object")
            continue
        ident = item.get("id")
        if ident in (None, ""):
            ident = f"{prefix}{i + 1}"
        if not isinstance(ident, str) or not _IDENT.match(ident) or not ident.startswith(prefix):
            errors.add(f"{where}.id", f"must look like {prefix}1, {prefix}2 ...")
            continue
        if ident in seen:
            errors.add(f"{where}.id", f"{ident} is used twice")
            continue
        seen.add(ident)
        text = clean_text(
            item.get("text"), f"{where}.text", errors, required=True, max_length=SHORT_TEXT_MAX * 5
        )
        evidence = _text(errors, item.get("evidence"), f"{where}.evidence")
        source = _text(errors, item.get("source_agency"), f"{where}.source_agency", long=False)
        out.append(FactorInput(ident, text, evidence, source))
    return out


def _scenarios(errors: Collector, raw: object) -> list[ScenarioInput]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.add("scenarios", "must be a list")
        return []
    if len(raw) > MAX_SCENARIOS:
        errors.add("scenarios", f"at most {MAX_SCENARIOS} scenarios")
        return []
    out: list[ScenarioInput] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"scenarios.{i}"
        if not isinstance(item, Mapping):
            errors.add(where, "must be an object")
            continue
        ident = item.get("id") or f"sc{i + 1}"
        if not isinstance(ident, str) or not _IDENT.match(ident) or not ident.startswith("sc"):
            errors.add(f"{where}.id", "must look like sc1, sc2 ...")
            continue
        if ident in seen:
            errors.add(f"{where}.id", f"{ident} is used twice")
            continue
        seen.add(ident)
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in SCENARIO_LABELS:
            errors.add(f"{where}.kind", f"must be one of: {', '.join(SCENARIO_LABELS)}")
            kind = ""
        likelihood = item.get("likelihood") or ""
        if likelihood and likelihood not in LIKELIHOODS:
            errors.add(f"{where}.likelihood", f"must be one of: {', '.join(LIKELIHOODS)}")
        imminence = item.get("imminence") or ""
        if imminence and imminence not in IMMINENCE:
            errors.add(f"{where}.imminence", f"must be one of: {', '.join(IMMINENCE)}")
        out.append(
            ScenarioInput(
                ident,
                str(kind),
                _text(errors, item.get("description"), f"{where}.description"),
                _text(errors, item.get("victims"), f"{where}.victims"),
                _text(errors, item.get("harm"), f"{where}.harm"),
                str(likelihood) if isinstance(likelihood, str) else "",
                str(imminence) if isinstance(imminence, str) else "",
                _text(errors, item.get("warning_signs"), f"{where}.warning_signs"),
            )
        )
    return out


def clean_assessment(data: object, today: dt.date) -> AssessmentInput:
    """Check the types and values of a (possibly partial) assessment; every field named."""
    if not isinstance(data, Mapping):
        raise DomainValidationError.single("assessment", "must be an object")
    errors = Collector()
    for key in data:
        if key not in DOCUMENT_FIELDS:
            errors.add(str(key)[:60] or '""', "is not a field of a RoSH assessment")
    out = AssessmentInput()
    raw_date = data.get("assessment_date")
    if raw_date not in (None, ""):
        try:
            out.assessment_date = dt.date.fromisoformat(str(raw_date))
        except ValueError:
            errors.add("assessment_date", "must be a date written YYYY-MM-DD")
        else:
            if out.assessment_date > today:
                errors.add("assessment_date", "cannot be in the future")
    screening = data.get("screening") or {}
    if not isinstance(screening, Mapping):
        errors.add("screening", "must be an object")
        screening = {}
    triggers = screening.get("triggers") or []
    if not isinstance(triggers, list) or not all(isinstance(t, str) for t in triggers):
        errors.add("screening.triggers", "must be a list of trigger codes")
        triggers = []
    sentence = screening.get("sentence_months")
    try:
        result = screen(triggers, sentence if sentence not in ("",) else None)
        out.screening_triggers = tuple(
            t for t in result.triggers if t != "long_sentence" or "long_sentence" in triggers
        )
        out.sentence_months = result.sentence_months
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    ratings = data.get("ratings") or {}
    if not isinstance(ratings, Mapping):
        errors.add("ratings", "must be an object")
        ratings = {}
    for setting, groups in ratings.items():
        if setting not in RISK_GROUPS:
            errors.add(f"ratings.{str(setting)[:30]}", "must be community or custody")
            continue
        if not isinstance(groups, Mapping):
            errors.add(f"ratings.{setting}", "must be an object")
            continue
        known = dict(RISK_GROUPS[setting])
        clean: dict[str, str | None] = {}
        for group, value in groups.items():
            if group not in known:
                errors.add(
                    f"ratings.{setting}.{str(group)[:30]}",
                    f"is not a risk group in {setting}: {', '.join(known)}",
                )
            elif value in (None, ""):
                clean[group] = None
            elif not isinstance(value, str) or value not in RATING_ORDER:
                errors.add(
                    f"ratings.{setting}.{group}", f"must be one of: {', '.join(RATING_ORDER)}"
                )
            else:
                clean[group] = str(value)
        out.ratings[setting] = clean
    summary = data.get("summary") or {}
    if not isinstance(summary, Mapping):
        errors.add("summary", "must be an object")
        summary = {}
    keys = {k for k, _, _ in SUMMARY_QUESTIONS}
    for k, v in summary.items():
        if k not in keys:
            errors.add(f"summary.{str(k)[:30]}", f"is not a summary question: {', '.join(keys)}")
        else:
            out.summary[k] = _text(errors, v, f"summary.{k}")
    out.formulation = _text(errors, data.get("formulation"), "formulation")
    out.judgement_reason = _text(errors, data.get("judgement_reason"), "judgement_reason")
    out.risk_factors = _factors(errors, data.get("risk_factors"), "risk_factors", "rf")
    out.protective_factors = _factors(
        errors, data.get("protective_factors"), "protective_factors", "pf"
    )
    out.scenarios = _scenarios(errors, data.get("scenarios"))
    errors.raise_if_any()
    return out


def submission_problems(doc: AssessmentInput, departure: Departure) -> list[tuple[str, str]]:
    """What stops a draft being submitted: (field, message) pairs, empty when complete."""
    problems: list[tuple[str, str]] = []
    if doc.assessment_date is None:
        problems.append(("assessment_date", "is required to submit"))
    screening = doc.screening()
    community = doc.ratings.get("community", {})
    if screening.full_analysis_required or community:
        for group, label in RISK_GROUPS["community"]:
            if not community.get(group):
                problems.append(
                    (
                        f"ratings.community.{group}",
                        f"rate the risk to {label.lower()} in the community",
                    )
                )
    if not screening.full_analysis_required and not community:
        # Screening found no trigger: a rating of the community groups is still expected.
        problems.append(
            (
                "ratings.community",
                "rate each community group (screening found "
                "no trigger, so low ratings are acceptable)",
            )
        )
    if screening.full_analysis_required:
        for key, code, question in SUMMARY_QUESTIONS:
            if not doc.summary.get(key):
                problems.append((f"summary.{key}", f"answer {code}: {question}"))
        if not doc.formulation:
            problems.append(("formulation", "write the formulation (full analysis required)"))
        kinds = {s.kind for s in doc.scenarios}
        for kind in (ScenarioKind.MOST_LIKELY, ScenarioKind.WORST_CASE):
            if kind.value not in kinds:
                problems.append(
                    ("scenarios", f"add a {SCENARIO_LABELS[kind.value].lower()} scenario")
                )
        if not doc.risk_factors:
            problems.append(("risk_factors", "list at least one risk factor with its evidence"))
    for i, s in enumerate(doc.scenarios):
        if not s.description:
            problems.append((f"scenarios.{i}.description", "describe the scenario"))
    for i, f in enumerate(doc.risk_factors):
        if not f.evidence:
            problems.append((f"risk_factors.{i}.evidence", f"give the evidence for {f.ident}"))
    if departure.needs_reason and not doc.judgement_reason:
        problems.append(("judgement_reason", departure.explanation))
    return problems


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


# --- MAPPA level indicated (REFERENCE 1.3, fact 13) ---------------------------------------


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
