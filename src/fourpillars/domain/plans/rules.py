"""The plan checker's rules, each with a stable code, severity, summary and source, and the
``RULES`` table (errors first, then warnings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..mappa import MappaCategory, MappaLevel, latest_review_date
from ..rosh import RATING_LABELS, SCENARIO_LABELS
from .constants import (
    ERROR,
    INSTRUMENT_NAMES,
    LEGAL_BASIS_TERMS,
    NO_CONTINGENCY_KINDS,
    OFFENDING_KINDS,
    PILLARS,
    RELIABLE_METHODS,
    RESPONSE_TIMES,
    RESTRICTIVE_PILLARS,
    TICK_BOX_POLICY,
    VAGUE_WORDS,
    VICTIM_LIAISON,
    VICTIM_LIAISON_LABEL,
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
    "CATEGORY_3_AT_LEVEL_1",
    ERROR,
    "A category 3 case is managed at level 1",
    "[MAPPA-G] ch.7 [M]; [MAPPA-SCOT]: category 3 cases are managed only at level 2 or 3",
)
def _category_3_at_level_1(c: RuleContext) -> Iterator[Hit]:
    plan = c.plan
    if plan.mappa_category == MappaCategory.OTHER_DANGEROUS and (
        plan.mappa_level == MappaLevel.ORDINARY
    ):
        yield (
            "The case is category 3 and managed at level 1: a category 3 case is registered only "
            "when it needs active multi-agency management, at level 2 or 3. Raise the level, or "
            "end the registration.",
            (),
        )


# The ratings at which a level needs a recorded decision to stand ([MAPPA-G] ch.7: high or very
# high RoSH is a level 2 criterion; level 3 is for senior resources or public confidence).
_LEVEL_NEEDS_DECISION: dict[MappaLevel, tuple[frozenset[str], str]] = {
    MappaLevel.ORDINARY: (
        frozenset({"high", "very_high"}),
        "high or very high RoSH is a level 2 criterion",
    ),
    MappaLevel.SENIOR_MULTI_AGENCY: (
        frozenset({"low"}),
        "level 3 is for cases whose management needs senior representation",
    ),
}


@register_rule(
    "LEVEL_NOT_SUPPORTED_BY_ROSH",
    ERROR,
    "The MAPPA level does not fit the overall RoSH (high or very high at level 1, low at "
    "level 3) and no level decision with a reason is recorded",
    "[MAPPA-G] ch.7 (levels; the lowest level that is defensible; RoSH does not set the level "
    "alone); [KEMSHALL-DD]: decisions are recorded",
)
def _level_not_supported(c: RuleContext) -> Iterator[Hit]:
    plan = c.plan
    level = MappaLevel(plan.mappa_level)
    overall = plan.rosh.overall_community
    if level not in _LEVEL_NEEDS_DECISION or overall is None:
        return
    ratings, why = _LEVEL_NEEDS_DECISION[level]
    if overall not in ratings:
        return
    d = plan.level_decision
    if d is not None and d.level == int(level) and d.reason:
        return  # the recorded decision, with its reason, is what makes the level defensible
    recorded = (
        f" (the recorded level decision is for level {d.level})"
        if d is not None and d.level != int(level)
        else " (the recorded level decision gives no reason)"
        if d is not None
        else ""
    )
    yield (
        f"The case is managed at level {int(level)} but the overall community RoSH is "
        f"{RATING_LABELS[overall].lower()}, and {why}: record the decision on the level with "
        f"its reason{recorded}, or change the level.",
        (),
    )


@register_rule(
    "PLAN_NO_RISK_FACTORS",
    ERROR,
    "The plan names no risk factors",
    "[LOGAN-RF] formulation: the plan answers the risk factors of the assessment; "
    "[KEMSHALL-4P] every risk factor maps to an action",
)
def _plan_no_risk_factors(c: RuleContext) -> Iterator[Hit]:
    if not c.plan.risk_factors:
        yield (
            "The plan names no risk factors: the assessment it responds to must record the "
            "factors the actions manage (a plan with nothing to trace its actions to cannot be "
            "defended).",
            (),
        )


@register_rule(
    "PLAN_NO_SCENARIOS",
    ERROR,
    "The plan names no risk scenarios",
    "[RCPSYCH-RF] scenario planning; [KEMSHALL-4P] contingency planning (a required element)",
)
def _plan_no_scenarios(c: RuleContext) -> Iterator[Hit]:
    if not any(s.kind not in NO_CONTINGENCY_KINDS for s in c.plan.scenarios):
        yield (
            "The plan names no risk scenarios (a most likely or worst case, for example): "
            "record them in the assessment, so each has a contingency.",
            (),
        )


@register_rule(
    "ASSESSMENT_NOT_COUNTERSIGNED",
    ERROR,
    "The assessment the plan responds to needs a countersignature and has none",
    "[KEMSHALL-DD]: staff work within agency policies and procedures; decision 0011 (an "
    "assessment that needs a countersignature)",
)
def _assessment_not_countersigned(c: RuleContext) -> Iterator[Hit]:
    a = c.plan.assessment
    if a is not None and a.countersignature_required and not a.countersigned:
        yield (
            f"Assessment {a.id} needs a manager's countersignature and has none: have it "
            "countersigned before the plan that responds to it is approved.",
            (a.id,),
        )


@register_rule(
    "DUE_OUTSIDE_PLAN",
    ERROR,
    "An action or contingency is due before the plan date or after the review date",
    "[KEMSHALL-4P] SMART actions (realistic, timely); [LOGAN-RF] the plan covers a stated "
    "period and is reviewed",
)
def _due_outside_plan(c: RuleContext) -> Iterator[Hit]:
    plan = c.plan
    dated: list[tuple[str, str, dt.date | None]] = [
        (f"Action {a.id}", a.id, a.due) for a in plan.actions
    ] + [
        (f"Contingency {n + 1} (scenario {ct.scenario})", ct.scenario, ct.due)
        for n, ct in enumerate(plan.contingencies)
    ]
    for what, ref, due in dated:
        if due is None:
            continue
        if due < plan.plan_date:
            yield (
                f"{what} is due on {due.isoformat()}, before the plan date "
                f"{plan.plan_date.isoformat()}: give a date the plan can still meet, or record "
                "it as done.",
                (ref,),
            )
        elif (
            plan.review_date is not None
            and plan.review_date >= plan.plan_date  # otherwise the review rule says it
            and due > plan.review_date
        ):
            yield (
                f"{what} is due on {due.isoformat()}, after the review date "
                f"{plan.review_date.isoformat()}: bring it within the plan, or move it to the "
                "next version after the review.",
                (ref,),
            )


@register_rule(
    "REVIEW_DATE_OUT_OF_INTERVAL",
    ERROR,
    "The review date is missing, before the plan date, or (levels 2 and 3) not within the MAPPA "
    "review interval",
    "[MAPPA-G] ch.13a review intervals [M]/[U]; [LOGAN-RF] review; an error (decision 0012)",
)
def _review_date(c: RuleContext) -> Iterator[Hit]:
    plan, policy = c.plan, c.policy
    level = MappaLevel(plan.mappa_level)
    latest = latest_review_date(plan.plan_date, level, policy)
    if plan.review_date is None:
        every = (
            f"at least every {policy.max_weeks(level)} weeks from the plan date"
            if policy.is_limit(level)
            else f"by default every {policy.max_weeks(level)} weeks from the plan date, under the "
            "lead agency's own procedure"
        )
        yield (
            f"The plan has no review date: set one on or before {latest.isoformat()} (level "
            f"{int(level)}: {every}; policy {policy.version}).",
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
    if policy.is_limit(level) and plan.review_date > latest:
        unconfirmed = "" if policy.confirmed else "; this interval is unconfirmed and may differ"
        yield (
            f"The review date {plan.review_date.isoformat()} is after {latest.isoformat()}, the "
            f"latest for a level {int(level)} case: a review at least every "
            f"{policy.max_weeks(level)} weeks from the plan date "
            f"{plan.plan_date.isoformat()} (policy {policy.version}{unconfirmed}).",
            (),
        )


@register_rule(
    "REVIEW_AFTER_NEXT_MAPPA_REVIEW",
    ERROR,
    "The plan's review date falls after the case's next MAPPA review (levels 2 and 3)",
    "[MAPPA-G] ch.13a: the plan is reviewed at the MAPPA meeting review; [LOGAN-RF] review",
)
def _review_after_next_mappa_review(c: RuleContext) -> Iterator[Hit]:
    plan = c.plan
    due = plan.next_mappa_review
    if (
        due is None
        or plan.review_date is None
        or plan.mappa_level == MappaLevel.ORDINARY
        or plan.review_date <= due
    ):
        return
    yield (
        f"The review date {plan.review_date.isoformat()} is after the case's next MAPPA review "
        f"on {due.isoformat()}: a level {int(plan.mappa_level)} plan is reviewed at the MAPPA "
        "review at the latest.",
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
    # Where the rating sets a response time, a missing time is CONTINGENCY_TOO_SLOW's to say.
    limited = RESPONSE_TIMES.limit(c.plan.rosh.overall_community) is not None
    for n, ct in enumerate(c.plan.contingencies):
        missing = [
            what
            for what, present in (
                ("the warning signs", ct.warning_signs),
                ("the response", ct.response),
                ("the owner agency", ct.owner_agency),
                ("within how many hours", ct.within_hours is not None or limited),
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
    "A restrictive measure does not state why it is proportionate and necessary",
    "[KEMSHALL-4P] defensible principles: proportionate, necessary (at every rating)",
)
def _restrictive_no_proportionality(c: RuleContext) -> Iterator[Hit]:
    overall = c.plan.rosh.overall_community
    rating = f" (overall community rating {RATING_LABELS[overall].lower()})" if overall else ""
    for a in c.plan.actions:
        if a.restrictive and not a.proportionality:
            yield (
                f"Action {a.id} is a restrictive measure with no note of why it is proportionate "
                f"and necessary{rating}: say why this restriction, and no less, is needed.",
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


@register_rule(
    "LEVEL1_REVIEW_AFTER_DEFAULT",
    WARNING,
    "A level 1 plan's review date is after the default interval",
    "[MAPPA-G] ch.7: level 1 cases are reviewed under the lead agency's own procedure; the "
    "interval is a configurable default [U]",
)
def _level1_review_after_default(c: RuleContext) -> Iterator[Hit]:
    plan, policy = c.plan, c.policy
    level = MappaLevel(plan.mappa_level)
    if policy.is_limit(level) or plan.review_date is None:
        return
    latest = latest_review_date(plan.plan_date, level, policy)
    if plan.review_date > latest:
        yield (
            f"The review date {plan.review_date.isoformat()} is after {latest.isoformat()}, "
            f"the default for a level 1 case ({policy.max_weeks(level)} weeks from the plan "
            f"date; policy {policy.version}): check it follows the lead agency's own review "
            "procedure, or bring it forward.",
            (),
        )


@register_rule(
    "ACTION_TICK_BOX",
    WARNING,
    f"An action addresses every risk factor, or more than {TICK_BOX_POLICY.max_share:.0%} of "
    f"them, where there are at least {TICK_BOX_POLICY.min_factors}",
    "[LOGAN-RF] traceable route: links show how an action manages a factor, not a tick in "
    "every box",
)
def _action_tick_box(c: RuleContext) -> Iterator[Hit]:
    risk = {f.id for f in c.plan.risk_factors}
    policy = TICK_BOX_POLICY
    if len(risk) < policy.min_factors:
        return
    for a in c.plan.actions:
        linked = len(risk.intersection(a.addresses))
        if linked == len(risk) or linked / len(risk) > policy.max_share:
            share = "every one" if linked == len(risk) else f"{linked}"
            yield (
                f"Action {a.id} {quote_text(a.text)} addresses {share} of the plan's "
                f"{len(risk)} risk factors: link it only to the factors it manages, and say how "
                f"(policy {policy.version}).",
                (a.id,),
            )


@register_rule(
    "RESTRICTIVE_WRONG_PILLAR",
    WARNING,
    "A restrictive measure is filed outside the monitoring and control or victim safety "
    "planning pillars",
    "[KEMSHALL-4P] the four pillars: restrictions belong to monitoring and control, or to "
    "victim safety planning",
)
def _restrictive_wrong_pillar(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.restrictive and a.pillar not in RESTRICTIVE_PILLARS:
            where = PILLARS.get(a.pillar, a.pillar).lower()
            yield (
                f"Action {a.id} is a restrictive measure filed under {where}: move it to "
                "monitoring and control (or victim safety planning, where it protects a victim), "
                "or untick restrictive if it does not restrict the person.",
                (a.id,),
            )


_LEGAL_BASIS = LEGAL_BASIS_TERMS.matcher()


@register_rule(
    "RESTRICTIVE_LEGAL_BASIS_UNCLEAR",
    WARNING,
    "A restrictive measure's legal basis names no licence condition, order, power or statute",
    "[KEMSHALL-4P] defensible principles: prescribed by law",
)
def _restrictive_legal_basis_unclear(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if a.restrictive and a.legal_basis and not _LEGAL_BASIS.search(a.legal_basis):
            yield (
                f"Action {a.id} gives its legal basis as {quote_text(a.legal_basis)}, which names "
                "no licence condition, order, power or statute: name the one that allows it "
                f"(terms {LEGAL_BASIS_TERMS.version}).",
                (a.id,),
            )


@register_rule(
    "ACTION_NO_NAMED_OWNER",
    WARNING,
    "An action names no person who owns it",
    "[KEMSHALL-4P] SMART actions; [MAPPA-G] process: each action has an owner and a date",
)
def _action_no_named_owner(c: RuleContext) -> Iterator[Hit]:
    for a in c.plan.actions:
        if not a.owner:
            agency = f" at {a.owner_agency}" if a.owner_agency else ""
            yield (
                f"Action {a.id} {quote_text(a.text)} names no person who owns it: name the "
                f"practitioner{agency} who will carry it out.",
                (a.id,),
            )


@register_rule(
    "CONTINGENCY_TOO_SLOW",
    WARNING,
    "A contingency's response time is missing or longer than the overall rating allows",
    "[KEMSHALL-4P] contingency planning (how fast); [ROSH-2020] imminence; the limits are "
    "ours, held as versioned data",
)
def _contingency_too_slow(c: RuleContext) -> Iterator[Hit]:
    overall = c.plan.rosh.overall_community
    limit = RESPONSE_TIMES.limit(overall)
    if limit is None or overall is None:
        return
    rating = RATING_LABELS[overall].lower()
    for n, ct in enumerate(c.plan.contingencies):
        what = f"Contingency {n + 1} (scenario {ct.scenario})"
        if ct.within_hours is None:
            yield (
                f"{what} does not say within how many hours the response comes: at a "
                f"{rating} overall rating it must come within {limit} hours "
                f"({RESPONSE_TIMES.version}).",
                (ct.scenario,),
            )
        elif ct.within_hours > limit:
            yield (
                f"{what} allows {ct.within_hours} hours; at a {rating} overall rating the "
                f"response must come within {limit} hours ({RESPONSE_TIMES.version}).",
                (ct.scenario,),
            )


@register_rule(
    "RELIABLE_METHOD_MISSING",
    WARNING,
    "No reliable assessment method recorded for a kind of offending the case involves",
    "[KEMSHALL-DD]: reliable assessment methods have been used; [LOGAN-RF] empirically based "
    "methods",
)
def _reliable_method_missing(c: RuleContext) -> Iterator[Hit]:
    used = set(c.plan.instruments)
    for kind in c.plan.offending:
        wanted = RELIABLE_METHODS.by_kind.get(kind, ())
        if wanted and not used.intersection(wanted):
            shown = [INSTRUMENT_NAMES.get(w, w) for w in wanted]
            names = f"{', '.join(shown[:-1])} or {shown[-1]}" if len(shown) > 1 else shown[0]
            yield (
                f"The case involves {OFFENDING_KINDS[kind].lower()} but the assessment records "
                f"no result of {names}: score one (a result of not applicable counts), or "
                "acknowledge why none applies.",
                (kind,),
            )


@register_rule(
    "INFORMATION_NOT_RECORDED",
    WARNING,
    "The plan does not record which agencies' information was considered, or the gaps",
    "[KEMSHALL-DD]: information collected and thoroughly evaluated; [LOGAN-RF] best "
    "available information, and what was lacking",
)
def _information_not_recorded(c: RuleContext) -> Iterator[Hit]:
    missing = []
    if not c.plan.information_considered:
        missing.append("which agencies' information was considered")
    if not c.plan.information_gaps:
        missing.append('the gaps in the information (or "none known")')
    if missing:
        yield (f"The plan does not record {names_list(missing)}.", ())


@register_rule(
    "PROTECTIVE_FACTOR_UNUSED",
    WARNING,
    "A protective factor is not built on by any action",
    "[KEMSHALL-4P] principles: balanced (protection with rehabilitation); [LOGAN-RF] actions "
    "build protective factors",
)
def _protective_factor_unused(c: RuleContext) -> Iterator[Hit]:
    for f in c.plan.protective_factors:
        if f.id not in c.addressed:
            yield (
                f"Protective factor {f.id} {quote_text(f.text)} is not built on by any action: "
                "link it to an action that strengthens it.",
                (f.id,),
            )


@register_rule(
    "PLAN_NOT_COMMUNICATED",
    WARNING,
    "The plan is not recorded as sent to an agency that holds actions, or to the victim "
    "liaison officer where there are victims",
    "[KEMSHALL-4P] principles: recorded and communicated; [LOGAN-RF] told the right people",
)
def _plan_not_communicated(c: RuleContext) -> Iterator[Hit]:
    plan = c.plan
    told = {x.to for x in plan.communicated}
    wanted = sorted({a.owner_agency for a in plan.actions if a.owner_agency})
    if c.identified_victims:
        wanted.append(VICTIM_LIAISON)
    for who in wanted:
        if who in told:
            continue
        if who == VICTIM_LIAISON:
            name, why = f"the {VICTIM_LIAISON_LABEL.lower()}", "there are identified victims"
        else:
            name, why = f"agency {who}", "it holds actions in the plan"
        yield (
            f"The plan is not recorded as sent to {name}, and {why}: send it, and record who "
            "received it and when.",
            (who,),
        )


RULES: tuple[Rule, ...] = tuple(RULE_REGISTRY)
RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
