"""The plan checker's rules, each with a stable code, severity, summary and source, and the
``RULES`` table (errors first, then warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from ..mappa import latest_review_date
from ..rosh import SCENARIO_LABELS
from .constants import (
    ERROR,
    NO_CONTINGENCY_KINDS,
    PILLARS,
    VAGUE_WORDS,
    VICTIM_SAFETY,
    WARNING,
    ActionStatus,
    AssessmentStanding,
)
from .registry import RULE_REGISTRY, Hit, Rule, RuleContext, names_list, quote_text, register_rule

# Errors first: they block approval. Within a severity, a fixed order, so findings are always
# listed alike.


@register_rule(
    "ASSESSMENT_SUPERSEDED",
    ERROR,
    "The plan responds to a superseded assessment",
    "[KEMSHALL-4P]: each strategy is matched to the findings of the current assessment",
)
def _assessment_superseded(c: RuleContext) -> Iterator[Hit]:
    a = c.plan.assessment
    if a is not None and a.status == AssessmentStanding.SUPERSEDED:
        yield (
            f"The plan responds to assessment {a.id}, which has been superseded: base the plan "
            "on the current assessment and check its risk factors, scenarios and victims again.",
            (a.id,),
        )


@register_rule(
    "RF_UNADDRESSED",
    ERROR,
    "A risk factor is not addressed by any action",
    "[LOGAN-RF] traceable route; [KEMSHALL-4P] [M]: every risk factor maps to at least one "
    "action; an error (decision 0012)",
)
def _rf_unaddressed(c: RuleContext) -> Iterator[Hit]:
    for f in c.plan.risk_factors:
        if f.id not in c.addressed:
            yield (
                f"Risk factor {f.id} {quote_text(f.text)} is not addressed by any action: link it "
                "to an action under one or more pillars, or add one.",
                (f.id,),
            )


@register_rule(
    "ACTION_UNKNOWN_FACTOR",
    ERROR,
    "An action addresses a factor the plan does not hold",
    "[LOGAN-RF] traceable route: links point to the assessment's factors",
)
def _action_unknown_factor(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        unknown = [r for r in a.addresses if r not in c.factor_ids]
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            yield (
                f"Action {a.id} addresses {names_list(unknown)}, which {verb} not among the plan's "
                "risk or protective factors (removed from the assessment, or mistyped): "
                "link the action to a factor the assessment holds.",
                (a.id, *unknown),
            )


@register_rule(
    "VICTIM_SAFETY_MISSING",
    ERROR,
    "No victim safety actions although victims are identified or the risk to children or a "
    "known adult is medium or more",
    "[KEMSHALL-4P] victim safety planning pillar; principles: protective",
)
def _victim_safety_missing(c: RuleContext) -> Iterator[Hit]:
    if VICTIM_SAFETY in c.pillars_used or not c.victim_safety_needed_because:
        return
    yield (
        "There are no victim safety planning actions, but "
        f"{names_list(c.victim_safety_needed_because)}"
        ": add actions that protect them (a recorded reason for leaving the pillar empty does "
        "not replace them here).",
        (VICTIM_SAFETY, *c.identified_victims),
    )


@register_rule(
    "ACTION_UNKNOWN_VICTIM",
    ERROR,
    "An action protects a victim the plan does not hold",
    "[KEMSHALL-4P] victim safety planning: measures protect the plan's identified victims",
)
def _action_unknown_victim(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        unknown = [r for r in a.protects if r not in c.victim_ids]
        if unknown:
            verb = "is" if len(unknown) == 1 else "are"
            yield (
                f"Action {a.id} protects {names_list(unknown)}, which {verb} not among the plan's "
                "victims: add the victim or correct the link.",
                (a.id, *unknown),
            )


@register_rule(
    "SCENARIO_NO_CONTINGENCY",
    ERROR,
    "A risk scenario has no contingency",
    "[KEMSHALL-4P] contingency planning (a required element); [RCPSYCH-RF] scenario "
    "planning; an error (decision 0012)",
)
def _scenario_no_contingency(c: RuleContext) -> Iterator[Hit]:
    for s in c.plan.scenarios:
        if s.kind not in NO_CONTINGENCY_KINDS and s.id not in c.covered_scenarios:
            kind = SCENARIO_LABELS[s.kind].lower()
            yield (
                f"Scenario {s.id} ({kind}) has no contingency: record its warning signs and "
                "the pre-agreed response (who does what, within how many hours).",
                (s.id,),
            )


@register_rule(
    "CONTINGENCY_UNKNOWN_SCENARIO",
    ERROR,
    "A contingency refers to a scenario the plan does not hold",
    "[KEMSHALL-4P] contingency planning: one for each scenario of the assessment",
)
def _contingency_unknown_scenario(c: RuleContext) -> Iterator[Hit]:
    for n, ct in enumerate(c.plan.contingencies):
        if ct.scenario not in c.scenario_ids:
            yield (
                f"Contingency {n + 1} is for scenario {ct.scenario}, which is not among the "
                "plan's scenarios (removed from the assessment, or mistyped): link it to a "
                "current scenario.",
                (ct.scenario,),
            )


@register_rule(
    "ACTION_OWNER_NO_ACCESS",
    ERROR,
    "An action has no owner agency, or one that does not hold access to the case",
    "[CJA-2003] s.325 (the MAPPA agencies), s.325(4) (sharing); [MAPPA-G] ch.9: only an "
    "agency holding access to the case can carry out an action",
)
def _action_owner_no_access(c: RuleContext) -> Iterator[Hit]:
    holding = names_list(sorted(c.access)) or "none"
    for a in c.plan.actions:
        if a.owner_agency is None:
            yield (
                f"Action {a.id} has no owner agency: name the agency that will carry it out.",
                (a.id,),
            )
        elif a.owner_agency not in c.access:
            yield (
                f"Action {a.id} is owned by {a.owner_agency}, which does not hold access to the "
                f"case (holding access: {holding}): share the case with {a.owner_agency} or give "
                "the action to an agency that holds access.",
                (a.id,),
            )


@register_rule(
    "CONTINGENCY_OWNER_NO_ACCESS",
    ERROR,
    "A contingency is owned by an agency that does not hold access to the case",
    "[KEMSHALL-4P] contingency planning (who does what); [CJA-2003] s.325(4) (sharing)",
)
def _contingency_owner_no_access(c: RuleContext) -> Iterator[Hit]:
    holding = names_list(sorted(c.access)) or "none"
    for n, ct in enumerate(c.plan.contingencies):
        if ct.owner_agency is not None and ct.owner_agency not in c.access:
            yield (
                f"Contingency {n + 1} (scenario {ct.scenario}) is owned by {ct.owner_agency}, "
                f"which does not hold access to the case (holding access: {holding}).",
                (ct.scenario,),
            )


@register_rule(
    "REVIEW_DATE_OUT_OF_INTERVAL",
    ERROR,
    "The review date is missing, or not within the review interval for the case's MAPPA level",
    "[MAPPA-G] ch.13a review intervals [M]/[U]; [LOGAN-RF] review; an error (decision 0012)",
)
def _review_date(c: RuleContext) -> Iterator[Hit]:
    plan, policy = c.plan, c.policy
    latest = latest_review_date(plan.plan_date, plan.mappa_level, policy)
    if plan.review_date is None:
        yield (
            f"The plan has no review date: set one on or before {latest.isoformat()} (level "
            f"{int(plan.mappa_level)}: at least every {policy.max_weeks(plan.mappa_level)} weeks "
            f"from the plan date; policy {policy.version}).",
            (),
        )
        return
    if plan.review_date < plan.plan_date:
        yield (
            f"The review date {plan.review_date.isoformat()} is before the plan date "
            f"{plan.plan_date.isoformat()}.",
            (),
        )
        return
    if plan.review_date > latest:
        unconfirmed = "" if policy.confirmed else "; this interval is unconfirmed and may differ"
        yield (
            f"The review date {plan.review_date.isoformat()} is after {latest.isoformat()}, the "
            f"latest for a level {int(plan.mappa_level)} case: a review at least every "
            f"{policy.max_weeks(plan.mappa_level)} weeks from the plan date "
            f"{plan.plan_date.isoformat()} (policy {policy.version}{unconfirmed}).",
            (),
        )


@register_rule(
    "ACTION_NOT_TRACED",
    WARNING,
    "An action addresses no risk or protective factor",
    "[LOGAN-RF] traceable route: every action points back to a risk factor or a "
    "protective factor it builds",
)
def _action_not_traced(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if not a.addresses:
            yield (
                f"Action {a.id} {quote_text(a.text)} does not address any risk or protective "
                "factor: "
                "link it to the factor it manages or builds.",
                (a.id,),
            )


@register_rule(
    "PILLAR_EMPTY",
    WARNING,
    "A pillar has no actions and no recorded reason why none is needed",
    "[KEMSHALL-4P] the four pillars",
)
def _pillar_empty(c: RuleContext) -> Iterator[Hit]:
    for pillar, label in PILLARS.items():
        if pillar in c.pillars_used or c.plan.pillar_reasons.get(pillar):
            continue
        if pillar == VICTIM_SAFETY and c.victim_safety_needed_because:
            continue  # VICTIM_SAFETY_MISSING, an error, says it
        yield (
            f"The {label.lower()} pillar has no actions: add actions, or record why none is "
            "needed.",
            (pillar,),
        )


@register_rule(
    "VICTIM_UNPROTECTED",
    WARNING,
    "A victim is not protected by any action",
    "[KEMSHALL-4P] victim safety planning; principles: protective",
)
def _victim_unprotected(c: RuleContext) -> Iterator[Hit]:
    for v in c.plan.victims:
        if v.id not in c.protected:
            yield (
                f"Victim {v.id} {quote_text(v.text)} is not protected by any action: name the "
                "measures that protect them (an action's protects list).",
                (v.id,),
            )


@register_rule(
    "CONTINGENCY_INCOMPLETE",
    WARNING,
    "A contingency does not say its warning signs, response, owner agency or time",
    "[KEMSHALL-4P] contingency planning: warning signs and the pre-agreed response (who does "
    "what, and how fast)",
)
def _contingency_incomplete(c: RuleContext) -> Iterator[Hit]:
    for n, ct in enumerate(c.plan.contingencies):
        missing = [
            what
            for what, present in (
                ("the warning signs", ct.warning_signs),
                ("the response", ct.response),
                ("the owner agency", ct.owner_agency),
                ("within how many hours", ct.within_hours is not None),
            )
            if not present
        ]
        if missing:
            yield (
                f"Contingency {n + 1} (scenario {ct.scenario}) does not say {names_list(missing)}.",
                (ct.scenario,),
            )


@register_rule(
    "ACTION_NO_TIMING",
    WARNING,
    "An action has neither a frequency nor a due date",
    "[KEMSHALL-4P] SMART actions (measurable, timely)",
)
def _action_no_timing(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if not a.frequency and a.due is None:
            yield (
                f"Action {a.id} {quote_text(a.text)} has neither a frequency nor a due date: "
                "say how often or by when.",
                (a.id,),
            )


@register_rule(
    "RESTRICTIVE_NO_LEGAL_BASIS",
    WARNING,
    "A restrictive measure does not state its legal basis",
    "[KEMSHALL-4P] defensible principles: prescribed by law",
)
def _restrictive_no_legal_basis(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.restrictive and not a.legal_basis:
            yield (
                f"Action {a.id} is a restrictive measure with no legal basis: name the licence "
                "condition, order or power that allows it.",
                (a.id,),
            )


@register_rule(
    "RESTRICTIVE_NO_PROPORTIONALITY",
    WARNING,
    "A restrictive measure on a low overall rating does not state why it is proportionate",
    "[KEMSHALL-4P] defensible principles: proportionate, necessary",
)
def _restrictive_no_proportionality(c: RuleContext) -> Iterator[Hit]:
    if c.plan.rosh.overall_community != "low":
        return
    for a in c.plan.actions:
        if a.restrictive and not a.proportionality:
            yield (
                f"Action {a.id} is a restrictive measure, and the overall community rating is "
                "low: say why it is proportionate and necessary.",
                (a.id,),
            )


@register_rule(
    "RESTRICTIVE_NO_END",
    WARNING,
    "A restrictive measure has no end date",
    "[KEMSHALL-4P] defensible principles: proportionate; SMART (timely)",
)
def _restrictive_no_end(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.restrictive and a.end is None:
            yield (
                f"Action {a.id} is a restrictive measure with no end date: say until when it "
                "applies, so it is reviewed rather than left running.",
                (a.id,),
            )


@register_rule(
    "ACTION_TEXT_VAGUE",
    WARNING,
    f"An action is described in fewer than {VAGUE_WORDS} words",
    "[KEMSHALL-4P] SMART actions (specific, measurable)",
)
def _action_text_vague(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if len(a.text.split()) < VAGUE_WORDS:
            yield (
                f"Action {a.id} says only {quote_text(a.text)}: say what will be done, by whom and "
                "how it will be checked.",
                (a.id,),
            )


@register_rule(
    "ACTION_NOT_DONE_NO_REASON",
    WARNING,
    "An action marked not done does not say why",
    "[KEMSHALL-DD]: decisions are recorded (an action not done says why; decision 0012)",
)
def _action_not_done_no_reason(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.status == ActionStatus.NOT_DONE and not a.status_reason:
            yield (f"Action {a.id} is marked not done with no reason: say why.", (a.id,))


RULES: tuple[Rule, ...] = tuple(RULE_REGISTRY)
RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
