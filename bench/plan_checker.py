"""Plan checker time (aim: docs/decisions/0009): ``domain.plans.check`` on a generated plan of 200
actions and 50 risk factors (with protective factors, scenarios, victims and contingencies),
one thread of the bench process. Aim: under 5 ms a check (judged on the p95).

Each check is timed alone (``perf_counter`` around one call), many times. The baseline runs in
the same process, interleaved round by round with the checker so a burst of other work hits
both: a bare loop over the actions that finds the risk factors no action addresses (the least
any traceability check must do; no messages, no other rule). ``parse_plan`` on the same
document is timed too, for information (reading the JSON is not part of the aim).

Pure: needs no database, so ``python -m bench --plan-checker-only`` runs it alone.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fourpillars.domain import plans

AIM_MS = 5.0
ACTIONS = 200
RISK_FACTORS = 50
PROTECTIVE_FACTORS = 10
SCENARIOS = 8
VICTIMS = 10
REPETITIONS = 2000
ROUNDS = 4
PARSE_REPETITIONS = 50

Say = Callable[[str], None]
Doc = dict[str, Any]
AGENCIES = ("police", "probation", "la_social_care", "nhs_trust")


def generated_plan(actions: int = ACTIONS, risk_factors: int = RISK_FACTORS, seed: int = 1) -> Doc:
    """A plan document of that size, the same for the same seed. Mostly sound, with a few
    findings of several kinds (an uncovered factor, actions without timing, an agency without
    access, a vague action, an open-ended restriction) so messages are built too."""
    rng = random.Random(seed)
    pillar_codes = list(plans.PILLARS)
    rf = [f"rf{i}" for i in range(1, risk_factors + 1)]
    pf = [f"pf{i}" for i in range(1, PROTECTIVE_FACTORS + 1)]
    victims = [f"v{i}" for i in range(1, VICTIMS + 1)]
    covered = rf[:-1]  # the last risk factor stays uncovered: one RF_UNADDRESSED
    items: list[Doc] = []
    for n in range(actions):
        restrictive = n % 7 == 0
        links = [covered[n % len(covered)], *rng.sample(rf + pf, k=rng.randint(0, 2))]
        items.append(
            {
                "id": f"a{n + 1}",
                "pillar": pillar_codes[n % len(pillar_codes)],
                "text": f"Action {n + 1}: contact, check and record as agreed at the meeting",
                "owner_agency": "housing" if n == 17 else AGENCIES[n % len(AGENCIES)],
                "owner": f"Officer {n % 23}",
                "addresses": [x for x in dict.fromkeys(links) if x != rf[-1]],
                "frequency": None if n % 11 == 0 else rng.choice(["weekly", "monthly"]),
                "due": "2027-01-15" if n % 3 == 0 else None,
                "start": "2026-11-26",
                "end": None if n == 14 else "2027-05-26",
                "restrictive": restrictive,
                "legal_basis": "Licence condition" if restrictive else None,
                "protects": [victims[n % len(victims)]] if n % 4 == 3 else [],
                "status": rng.choice(list(plans.ACTION_STATUSES)[:3]),
            }
        )
    items[5]["text"] = "Monitor"
    kinds = ["most_likely", "worst_case", "twist", "improvement"]
    scenario_ids = [f"sc{i}" for i in range(1, SCENARIOS + 1)]
    return {
        "plan_date": "2026-11-26",
        "review_date": "2027-02-01",
        "mappa_level": 2,
        "rosh": {
            "community": {
                "children": "high",
                "public": "medium",
                "known_adult": "high",
                "staff": "low",
            }
        },
        "risk_factors": [{"id": i, "text": f"Risk factor {i} from the assessment"} for i in rf],
        "protective_factors": [{"id": i, "text": f"Protective factor {i}"} for i in pf],
        "scenarios": [
            {"id": s, "kind": kinds[n % len(kinds)], "text": f"Scenario {s}"}
            for n, s in enumerate(scenario_ids)
        ],
        "victims": [{"id": v, "kind": "known_adult", "text": f"Victim {v}"} for v in victims],
        "agencies_with_access": list(AGENCIES),
        "actions": items,
        "pillar_reasons": {},
        "contingencies": [
            {
                "scenario": s,
                "warning_signs": "Missed appointments; contact with the victim",
                "response": "Police visit and an urgent MAPPA meeting",
                "owner_agency": "police",
                "within_hours": 24,
            }
            for s in scenario_ids
        ],
        "assessment": {"id": "1", "status": "current"},
        "acknowledgements": [
            {"code": "ACTION_NO_TIMING", "refs": ["a1"], "reason": "Ongoing, no set frequency"}
        ],
    }


def bare_traceability(plan: plans.PlanDocument) -> list[str]:
    """The baseline: risk factors no action addresses, and nothing else."""
    addressed: set[str] = set()
    for action in plan.actions:
        addressed.update(action.addresses)
    return [f.id for f in plan.risk_factors if f.id not in addressed]


@dataclass
class Timing:
    samples_ms: list[float] = field(default_factory=list)

    def percentile(self, p: float) -> float | None:
        if not self.samples_ms:
            return None
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples_ms) if self.samples_ms else None

    def summary(self) -> dict[str, Any]:
        def ms(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "count": len(self.samples_ms),
            "median_ms": ms(self.median),
            "p95_ms": ms(self.percentile(95)),
            "max_ms": ms(max(self.samples_ms, default=None)),
        }


def _time(call: Callable[[], object], times: int, into: Timing) -> None:
    clock = time.perf_counter
    for _ in range(times):
        started = clock()
        call()
        into.samples_ms.append((clock() - started) * 1000)


@dataclass
class PlanCheckerFigures:
    actions: int
    risk_factors: int
    findings: dict[str, int]
    check: Timing
    baseline: Timing
    parse: Timing
    aim_ms: float = AIM_MS

    @property
    def ratio(self) -> float | None:
        """Median check time / median bare traceability loop time."""
        full, bare = self.check.median, self.baseline.median
        return None if full is None or not bare else full / bare

    @property
    def verdict(self) -> str:
        p95 = self.check.percentile(95)
        if p95 is None:
            return "NO DATA"
        return "PASS" if p95 < self.aim_ms else "FAIL"

    def summary(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "thread": "one thread of the bench process (one core at a time)",
            "plan": {
                "actions": self.actions,
                "risk_factors": self.risk_factors,
                "protective_factors": PROTECTIVE_FACTORS,
                "scenarios": SCENARIOS,
                "victims": VICTIMS,
            },
            "findings": dict(self.findings),
            "check": self.check.summary(),
            "baseline": self.baseline.summary(),
            "baseline_is": "a bare loop over the actions finding the risk factors none addresses",
            "check_to_baseline_ratio": None if ratio is None else round(ratio, 1),
            "parse": self.parse.summary(),
            "aim_ms": self.aim_ms,
            "verdict": self.verdict,
        }


def run(
    repetitions: int = REPETITIONS,
    seed: int = 1,
    say: Say | None = None,
    *,
    actions: int = ACTIONS,
    risk_factors: int = RISK_FACTORS,
) -> PlanCheckerFigures:
    """Time ``check`` ``repetitions`` times, interleaved with the baseline over ROUNDS."""
    doc = generated_plan(actions, risk_factors, seed)
    plan = plans.parse_plan(doc)
    found = plans.check(plan)
    counts: dict[str, int] = {}
    for f in found:
        counts[f.code] = counts.get(f.code, 0) + 1
    for _ in range(10):  # warm: first-call costs
        plans.check(plan)
        bare_traceability(plan)
    figures = PlanCheckerFigures(actions, risk_factors, counts, Timing(), Timing(), Timing())
    per_round = max(1, repetitions // ROUNDS)
    for _ in range(ROUNDS):
        _time(lambda: plans.check(plan), per_round, figures.check)
        _time(lambda: bare_traceability(plan), per_round, figures.baseline)
    _time(lambda: plans.parse_plan(doc), max(1, min(PARSE_REPETITIONS, repetitions)), figures.parse)
    if say:
        for line in lines(figures.summary()):
            say(line)
    return figures


def lines(summary: dict[str, Any]) -> list[str]:
    """The bench table's lines for the plan checker."""

    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f} ms"

    plan, check, bare, parse = (
        summary["plan"],
        summary["check"],
        summary["baseline"],
        summary["parse"],
    )
    ratio = summary["check_to_baseline_ratio"]
    found = ", ".join(f"{code} {n}" for code, n in summary["findings"].items()) or "none"
    return [
        f"Plan checker (domain.plans.check), {summary['thread']}: a plan of {plan['actions']} "
        f"actions, {plan['risk_factors']} risk factors, {plan['protective_factors']} protective "
        f"factors, {plan['scenarios']} scenarios, {plan['victims']} victims; "
        f"{check['count']:,} checks:",
        f"  check: median {ms(check['median_ms'])}, p95 {ms(check['p95_ms'])}, "
        f"max {ms(check['max_ms'])}; aim p95 < {summary['aim_ms']:g} ms: {summary['verdict']}",
        f"  baseline ({summary['baseline_is']}): median {ms(bare['median_ms'])}; "
        f"check / baseline = {'-' if ratio is None else f'{ratio:,.1f}'}",
        f"  parse_plan on the same document (for information): median {ms(parse['median_ms'])}",
        f"  findings in the generated plan: {found}",
    ]
