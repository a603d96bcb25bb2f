"""Running the checker: :func:`check`, matching acknowledgements (:func:`acknowledged`,
:class:`Readiness`), and the JSON answers :func:`report` and :func:`rules_table`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..mappa import DEFAULT_REVIEW_POLICY, ReviewPolicy
from .constants import ERROR, RULES_VERSION, WARNING
from .document import Acknowledgement, PlanDocument
from .registry import Finding, rule_context
from .rules import RULES


def check(plan: PlanDocument, *, policy: ReviewPolicy = DEFAULT_REVIEW_POLICY) -> list[Finding]:
    """Every finding of every rule: errors first, then warnings, each in document order."""
    c = rule_context(plan, policy)
    return [
        Finding(rule.code, rule.severity, message, refs, rule.source)
        for rule in RULES
        for message, refs in rule.check(c)
    ]


# --- acknowledgements ---------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """Which findings stop approval: every error, and every warning not acknowledged."""

    errors: tuple[Finding, ...]
    acknowledged: tuple[tuple[Finding, Acknowledgement], ...]
    unacknowledged: tuple[Finding, ...]  # warnings still needing an acknowledgement
    unused: tuple[Acknowledgement, ...]  # kept, but matching no current warning

    @property
    def approvable(self) -> bool:
        return not self.errors and not self.unacknowledged


def acknowledged(
    findings: Iterable[Finding], acknowledgements: Iterable[Acknowledgement]
) -> Readiness:
    """Match acknowledgements to warnings by code and the set of refs; errors never match."""
    by_key: dict[tuple[str, frozenset[str]], Acknowledgement] = {}
    for ack in acknowledgements:
        by_key.setdefault(ack.key, ack)
    errors: list[Finding] = []
    done: list[tuple[Finding, Acknowledgement]] = []
    pending: list[Finding] = []
    used: set[tuple[str, frozenset[str]]] = set()
    for f in findings:
        if f.severity == ERROR:
            errors.append(f)
            continue
        match = by_key.get(f.key)
        if match is None:
            pending.append(f)
        else:
            done.append((f, match))
            used.add(f.key)
    unused = tuple(a for k, a in by_key.items() if k not in used)
    return Readiness(tuple(errors), tuple(done), tuple(pending), unused)


def report(plan: PlanDocument, *, policy: ReviewPolicy = DEFAULT_REVIEW_POLICY) -> dict[str, Any]:
    """The JSON answer of ``fourpillars check-plan`` and ``POST /api/v1/plan-checks``."""
    findings = check(plan, policy=policy)
    ready = acknowledged(findings, plan.acknowledgements)
    acked = {f.key for f, _ in ready.acknowledged}
    return {
        "findings": [
            {**f.as_dict(), "acknowledged": f.severity == WARNING and f.key in acked}
            for f in findings
        ],
        "errors": len(ready.errors),
        "warnings": len(findings) - len(ready.errors),
        "unacknowledged_warnings": len(ready.unacknowledged),
        "unused_acknowledgements": [
            {"code": a.code, "refs": list(a.refs), "reason": a.reason, "by": a.by}
            for a in ready.unused
        ],
        "approvable": ready.approvable,
        "rules_version": RULES_VERSION,
        "review_policy": policy.version,
    }


def rules_table(policy: ReviewPolicy = DEFAULT_REVIEW_POLICY) -> dict[str, Any]:
    """The rules as data, for the API and the plan page."""
    return {
        "rules_version": RULES_VERSION,
        "review_policy": {
            "version": policy.version,
            "confirmed": policy.confirmed,
            "max_weeks_by_level": {str(k): v for k, v in sorted(policy.weeks.items())},
        },
        "count": len(RULES),
        "items": [r.as_dict() for r in RULES],
    }
