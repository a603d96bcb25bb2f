"""What the rules share: :class:`Finding`, :class:`Rule`, the per-check context and the
register the ``@register_rule`` decorator fills, in the order the rules are defined."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..mappa import ReviewPolicy
from ..rosh import RATING_LABELS, RATING_ORDER, RISK_GROUPS
from .constants import IDENTIFIED_VICTIM_KINDS, VICTIM_GROUPS
from .document import PlanDocument


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "error" | "warning"
    message: str  # plain English, naming the identifiers
    refs: tuple[str, ...]
    source: str

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return (self.code, frozenset(self.refs))

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "refs": list(self.refs),
            "source": self.source,
        }


@dataclass
class RuleContext:
    """Indexes built once per check, so every rule is one pass over one list."""

    plan: PlanDocument
    policy: ReviewPolicy
    factor_ids: set[str]
    victim_ids: set[str]
    scenario_ids: set[str]
    access: set[str]
    addressed: set[str]
    protected: set[str]
    pillars_used: set[str]
    covered_scenarios: set[str]
    victim_safety_needed_because: list[str]
    identified_victims: list[str]


def rule_context(plan: PlanDocument, policy: ReviewPolicy) -> RuleContext:
    addressed: set[str] = set()
    protected: set[str] = set()
    pillars: set[str] = set()
    for action in plan.actions:
        addressed.update(action.addresses)
        protected.update(action.protects)
        pillars.add(action.pillar)
    identified = [v.id for v in plan.victims if v.kind in IDENTIFIED_VICTIM_KINDS]
    because: list[str] = []
    if identified:
        because.append(f"victims are identified ({', '.join(identified)})")
    settings: list[tuple[str, Mapping[str, str | None]]] = [("community", plan.rosh.community)]
    if plan.rosh.custody is not None:
        settings.append(("custody", plan.rosh.custody))
    for setting, groups in settings:
        for group in VICTIM_GROUPS:
            rating = groups.get(group)
            if rating is not None and RATING_ORDER[rating] >= RATING_ORDER["medium"]:
                label = dict(RISK_GROUPS[setting])[group].lower()
                where = "in the community" if setting == "community" else "in custody"
                because.append(
                    f"the risk to {label} {where} is rated {RATING_LABELS[rating].lower()}"
                )
    return RuleContext(
        plan=plan,
        policy=policy,
        factor_ids={f.id for f in (*plan.risk_factors, *plan.protective_factors)},
        victim_ids={v.id for v in plan.victims},
        scenario_ids={s.id for s in plan.scenarios},
        access=set(plan.agencies_with_access),
        addressed=addressed,
        protected=protected,
        pillars_used=pillars,
        covered_scenarios={c.scenario for c in plan.contingencies},
        victim_safety_needed_because=because,
        identified_victims=identified,
    )


Hit = tuple[str, tuple[str, ...]]  # (message, refs)
RuleCheck = Callable[[RuleContext], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    summary: str
    source: str
    check: RuleCheck = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "summary": self.summary,
            "source": self.source,
        }


RULE_REGISTRY: list[Rule] = []


def register_rule(
    code: str, severity: str, summary: str, source: str
) -> Callable[[RuleCheck], RuleCheck]:
    def register(check: RuleCheck) -> RuleCheck:
        RULE_REGISTRY.append(Rule(code, severity, summary, source, check))
        return check

    return register


def quote_text(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return f'"{one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"}"'


def names_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
