"""The plan document: the frozen dataclasses :func:`parse_plan` returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..mappa import MappaLevel
from ..rosh import highest


@dataclass(frozen=True)
class Factor:
    id: str
    text: str


@dataclass(frozen=True)
class Scenario:
    id: str
    kind: str
    text: str = ""


@dataclass(frozen=True)
class Victim:
    id: str
    kind: str
    text: str
    measures: str | None = None  # free-text summary of what protects them, where recorded


@dataclass(frozen=True)
class Action:
    id: str
    pillar: str
    text: str
    owner_agency: str | None = None
    addresses: tuple[str, ...] = ()
    frequency: str | None = None
    due: dt.date | None = None
    restrictive: bool = False
    protects: tuple[str, ...] = ()
    owner: str | None = None  # the named person
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    status_reason: str | None = None
    legal_basis: str | None = None
    proportionality: str | None = None


@dataclass(frozen=True)
class Contingency:
    scenario: str
    warning_signs: str = ""
    response: str = ""
    owner_agency: str | None = None
    within_hours: int | None = None
    due: dt.date | None = None  # by when the pre-agreed arrangement is in place, where set


@dataclass(frozen=True)
class AssessmentRef:
    id: str
    status: str  # current | superseded
    countersignature_required: bool | None = None  # None: not said (an older document)
    countersigned: bool | None = None


@dataclass(frozen=True)
class LevelDecisionRef:
    """The recorded decision on the MAPPA level the case is managed at, with its reason."""

    level: int
    reason: str | None = None
    decided_on: dt.date | None = None


@dataclass(frozen=True)
class InformationItem:
    """Information an agency gave that the plan considered ([KEMSHALL-DD] information
    collected and evaluated)."""

    agency: str
    summary: str = ""


@dataclass(frozen=True)
class Communication:
    """Who the plan was sent to (an agency code, or ``victim_liaison``) and when."""

    to: str
    on: dt.date | None = None


@dataclass(frozen=True)
class Acknowledgement:
    """A kept warning: its code, the identifiers it concerns, and why it is accepted."""

    code: str
    refs: tuple[str, ...]
    reason: str
    by: str | None = None  # who acknowledged it, where the plan records that

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return (self.code, frozenset(self.refs))


@dataclass(frozen=True)
class Rosh:
    """RoSH ratings the plan responds to: community groups all rated, custody optional."""

    community: Mapping[str, str]
    custody: Mapping[str, str | None] | None = None

    @property
    def overall_community(self) -> str | None:
        return highest(self.community.values())


@dataclass(frozen=True)
class PlanDocument:
    plan_date: dt.date
    review_date: dt.date | None  # missing: an error finding, not a malformed document
    mappa_level: MappaLevel
    rosh: Rosh
    risk_factors: tuple[Factor, ...] = ()
    protective_factors: tuple[Factor, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    victims: tuple[Victim, ...] = ()
    agencies_with_access: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    pillar_reasons: Mapping[str, str | None] = field(default_factory=dict)
    contingencies: tuple[Contingency, ...] = ()
    assessment: AssessmentRef | None = None
    acknowledgements: tuple[Acknowledgement, ...] = ()
    period_start: dt.date | None = None  # the stated period the plan covers
    period_end: dt.date | None = None
    # Optional since plan-checks-2026.2: an older document without them reads the same.
    mappa_category: int | None = None
    level_decision: LevelDecisionRef | None = None
    next_mappa_review: dt.date | None = None  # the case's next MAPPA review
    offending: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()  # codes of the instruments with a result
    information_considered: tuple[InformationItem, ...] = ()
    information_gaps: str | None = None
    communicated: tuple[Communication, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The document as JSON-ready data; ``parse_plan(doc.as_dict()) == doc``."""

        def day(d: dt.date | None) -> str | None:
            return None if d is None else d.isoformat()

        rosh: dict[str, Any] = {"community": dict(self.rosh.community)}
        if self.rosh.custody is not None:
            rosh["custody"] = dict(self.rosh.custody)
        out: dict[str, Any] = {
            "plan_date": day(self.plan_date),
            "review_date": day(self.review_date),
            "period_start": day(self.period_start),
            "period_end": day(self.period_end),
            "mappa_level": int(self.mappa_level),
            "rosh": rosh,
            "risk_factors": [{"id": f.id, "text": f.text} for f in self.risk_factors],
            "protective_factors": [{"id": f.id, "text": f.text} for f in self.protective_factors],
            "scenarios": [{"id": s.id, "kind": s.kind, "text": s.text} for s in self.scenarios],
            "victims": [
                {"id": v.id, "kind": v.kind, "text": v.text, "measures": v.measures}
                for v in self.victims
            ],
            "agencies_with_access": list(self.agencies_with_access),
            "actions": [
                {
                    "id": a.id,
                    "pillar": a.pillar,
                    "text": a.text,
                    "owner_agency": a.owner_agency,
                    "owner": a.owner,
                    "addresses": list(a.addresses),
                    "frequency": a.frequency,
                    "due": day(a.due),
                    "start": day(a.start),
                    "end": day(a.end),
                    "restrictive": a.restrictive,
                    "protects": list(a.protects),
                    "status": a.status,
                    "status_reason": a.status_reason,
                    "legal_basis": a.legal_basis,
                    "proportionality": a.proportionality,
                }
                for a in self.actions
            ],
            "pillar_reasons": dict(self.pillar_reasons),
            "contingencies": [
                {
                    "scenario": c.scenario,
                    "warning_signs": c.warning_signs,
                    "response": c.response,
                    "owner_agency": c.owner_agency,
                    "within_hours": c.within_hours,
                    "due": day(c.due),
                }
                for c in self.contingencies
            ],
            "acknowledgements": [
                {"code": k.code, "refs": list(k.refs), "reason": k.reason, "by": k.by}
                for k in self.acknowledgements
            ],
        }
        if self.assessment is not None:
            a = self.assessment
            out["assessment"] = {
                "id": a.id,
                "status": a.status,
                "countersignature_required": a.countersignature_required,
                "countersigned": a.countersigned,
            }
        d = self.level_decision
        out.update(
            {
                "mappa_category": self.mappa_category,
                "level_decision": None
                if d is None
                else {"level": d.level, "reason": d.reason, "decided_on": day(d.decided_on)},
                "next_mappa_review": day(self.next_mappa_review),
                "offending": list(self.offending),
                "instruments": list(self.instruments),
                "information_considered": [
                    {"agency": i.agency, "summary": i.summary} for i in self.information_considered
                ],
                "information_gaps": self.information_gaps,
                "communicated": [{"to": c.to, "on": day(c.on)} for c in self.communicated],
            }
        )
        return out


# --- reading ------------------------------------------------------------------------------
