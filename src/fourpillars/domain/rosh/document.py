"""The RoSH assessment document: the shape of a (possibly partial) assessment, checking
typed input field by field, and what stops a draft being submitted."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import Collector, DomainValidationError
from ..text import LONG_TEXT_MAX, SHORT_TEXT_MAX, clean_text
from .policy import DEFAULT_SCREENING_POLICY, PredictorResult, ScreeningPolicy
from .ratings import (
    IMMINENCE,
    LIKELIHOODS,
    RATING_ORDER,
    RISK_GROUPS,
    SCENARIO_LABELS,
    SUMMARY_QUESTIONS,
    ScenarioKind,
    highest,
)
from .screening import Screening, screen

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
    # None: as screening says; False where screening calls for one: an exemption, which needs
    # a reason and a manager's countersignature; True: done although not required.
    full_analysis: bool | None = None
    exemption_reason: str = ""
    in_custody: bool = False  # then custody groups are rated too ([PC-36-2006])
    ratings: dict[str, dict[str, str | None]] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    formulation: str = ""
    judgement_reason: str = ""
    risk_factors: list[FactorInput] = field(default_factory=list)
    protective_factors: list[FactorInput] = field(default_factory=list)
    scenarios: list[ScenarioInput] = field(default_factory=list)

    @property
    def overall(self) -> str | None:
        """The overall community rating: the one MAPPA levels read ([MAPPA-G] ch.7)."""
        return highest(self.ratings.get("community", {}).values())

    @property
    def overall_custody(self) -> str | None:
        return highest(self.ratings.get("custody", {}).values())

    def screening(
        self,
        predictors: tuple[PredictorResult, ...] = (),
        policy: ScreeningPolicy = DEFAULT_SCREENING_POLICY,
    ) -> Screening:
        return screen(self.screening_triggers, self.sentence_months, predictors, policy)

    def exempted(self, screening: Screening) -> bool:
        """Screening calls for a full analysis and the author chose not to do one."""
        return screening.full_analysis_required and self.full_analysis is False

    def full_analysis_done(self, screening: Screening) -> bool:
        if self.full_analysis is None:
            return screening.full_analysis_required
        return self.full_analysis


DOCUMENT_FIELDS = (
    "assessment_date",
    "in_custody",
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
    for key in screening:
        if key not in ("triggers", "sentence_months", "full_analysis", "exemption_reason"):
            errors.add(f"screening.{str(key)[:30]}", "is not a field of the screening")
    full = screening.get("full_analysis")
    if full not in (None, "") and not isinstance(full, bool):
        errors.add("screening.full_analysis", "must be true or false")
    elif isinstance(full, bool):
        out.full_analysis = full
    out.exemption_reason = _text(
        errors, screening.get("exemption_reason"), "screening.exemption_reason"
    )
    custody = data.get("in_custody")
    if custody not in (None, "") and not isinstance(custody, bool):
        errors.add("in_custody", "must be true or false")
    else:
        out.in_custody = bool(custody)
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


def submission_problems(doc: AssessmentInput, screening: Screening) -> list[tuple[str, str]]:
    """What stops a draft being submitted: (field, message) pairs, empty when complete.

    ``screening`` is the draft's screening with its predictor results (the service reads them).
    Every community group is rated, in custody as if release were imminent; a person in custody
    also has every custody group rated. A full analysis is done when screening calls for one,
    unless the author records an exemption with its reason.
    """
    problems: list[tuple[str, str]] = []
    if doc.assessment_date is None:
        problems.append(("assessment_date", "is required to submit"))
    settings = ["community", "custody"] if doc.in_custody or doc.ratings.get("custody") else []
    for setting in settings or ["community"]:
        given = doc.ratings.get(setting, {})
        where = "in the community" if setting == "community" else "in custody"
        if setting == "community" and doc.in_custody:
            where = "in the community, as if release were imminent"
        for group, label in RISK_GROUPS[setting]:
            if not given.get(group):
                problems.append(
                    (f"ratings.{setting}.{group}", f"rate the risk to {label.lower()} {where}")
                )
    if doc.exempted(screening) and not doc.exemption_reason:
        problems.append(
            (
                "screening.exemption_reason",
                "give the reason for not doing the full analysis that screening calls for "
                "(a manager must countersign the exemption)",
            )
        )
    if doc.full_analysis_done(screening):
        for key, code, question in SUMMARY_QUESTIONS:
            if not doc.summary.get(key):
                problems.append((f"summary.{key}", f"answer {code}: {question}"))
        if not doc.formulation:
            problems.append(("formulation", "write the formulation (full analysis required)"))
        kinds = {s.kind for s in doc.scenarios}
        for kind in (ScenarioKind.MOST_LIKELY, ScenarioKind.WORST_CASE):
            if kind.value not in kinds:
                problems.append(("scenarios", f"add a {kind.label.lower()} scenario"))
        if not doc.risk_factors:
            problems.append(("risk_factors", "list at least one risk factor with its evidence"))
    for i, sc in enumerate(doc.scenarios):
        if not sc.description:
            problems.append((f"scenarios.{i}.description", "describe the scenario"))
    for i, f in enumerate(doc.risk_factors):
        if not f.evidence:
            problems.append((f"risk_factors.{i}.evidence", f"give the evidence for {f.ident}"))
    return problems
