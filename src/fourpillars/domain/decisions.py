"""Defensible decisions ([KEMSHALL-DD]; [KEMSHALL-4P]: recorded and communicated).

A decision records what was decided, the options considered, the rationale, the evidence it
rests on, who decided and who dissented and why. Decisions are never edited: a correction is a
new decision referring to the old one. At plan approval the approver answers each of
Kemshall's defensibility criteria with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import Collector
from .text import LONG_TEXT_MAX, SHORT_TEXT_MAX, clean_text
from .vocabulary import Vocabulary

# [KEMSHALL-DD] [M]: the list is widely reproduced; its wording was not re-read in the source.
DEFENSIBILITY_CRITERIA: tuple[tuple[str, str], ...] = (
    ("reasonable_steps", "All reasonable steps have been taken"),
    ("reliable_methods", "Reliable assessment methods have been used"),
    ("information_evaluated", "Information has been collected and thoroughly evaluated"),
    ("recorded", "The decision is recorded (and will be carried out)"),
    ("policy_followed", "Agency policies and procedures have been followed"),
    ("investigative_proactive", "Practitioners and managers were investigative and proactive"),
)
CRITERIA_VERSION = "kemshall-defensibility.1 [M]"


class DecisionKind(Vocabulary):
    """What a recorded decision is about ([KEMSHALL-DD])."""

    LEVEL = "level", "MAPPA level set or changed"
    PLAN_APPROVAL = "plan_approval", "Risk management plan approved"
    SCREENING_EXEMPTION = (
        "screening_exemption",
        "Full analysis not done although screening called for it",
    )
    # Recorded under the earlier RoSH rules only (decision 0011): kept so those records read.
    INSTRUMENT_OVERRIDE = (
        "instrument_override",
        "Rating differed from the instruments (earlier rules)",
    )
    WARNING_ACKNOWLEDGED = "warning_acknowledged", "Plan warning acknowledged"
    CASE_CLOSURE = "case_closure", "Case closed"
    DISCLOSURE = "disclosure", "Disclosure"
    OTHER = "other", "Other decision"


KINDS: dict[str, str] = DecisionKind.labels()
MAX_ITEMS = 50


@dataclass(frozen=True)
class Evidence:
    type: str  # rosh_assessment, plan, instrument_result, document, level_decision ...
    id: str
    label: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"type": self.type, "id": self.id, "label": self.label}


@dataclass
class DecisionInput:
    kind: str
    summary: str
    rationale: str
    options: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    dissent: list[dict[str, str]] = field(default_factory=list)
    defensibility: dict[str, str] = field(default_factory=dict)
    refers_to: int | None = None


def clean_defensibility(
    raw: object, errors: Collector, prefix: str = "defensibility"
) -> dict[str, str]:
    """Every criterion answered with a note (a plan approval needs all six)."""
    if not isinstance(raw, Mapping):
        errors.add(prefix, "answer each defensibility criterion with a note")
        return {}
    known = dict(DEFENSIBILITY_CRITERIA)
    for key in raw:
        if key not in known:
            errors.add(f"{prefix}.{str(key)[:40] or '(empty)'}", "is not a defensibility criterion")
    out: dict[str, str] = {}
    for code, label in DEFENSIBILITY_CRITERIA:
        note = clean_text(
            raw.get(code), f"{prefix}.{code}", errors, max_length=LONG_TEXT_MAX, multiline=True
        )
        if not note:
            errors.add(f"{prefix}.{code}", f"write a note: {label.lower()}")
        out[code] = note
    return out


def _text_list(raw: object, name: str, errors: Collector) -> list[str]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
        errors.add(name, f"must be a list of at most {MAX_ITEMS} texts")
        return []
    return [
        clean_text(v, f"{name}.{i}", errors, required=True, max_length=SHORT_TEXT_MAX * 5)
        for i, v in enumerate(raw)
    ]


def clean_decision(data: object, *, needs_defensibility: bool = False) -> DecisionInput:
    errors = Collector()
    if not isinstance(data, Mapping):
        errors.add("decision", "must be an object")
        errors.raise_if_any()
        raise AssertionError  # unreachable
    allowed = {
        "kind",
        "summary",
        "rationale",
        "options",
        "evidence",
        "dissent",
        "defensibility",
        "refers_to",
    }
    for key in data:
        if key not in allowed:
            errors.add(str(key)[:40] or "(empty)", "is not a field of a decision")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        errors.add("kind", f"must be one of: {', '.join(KINDS)}")
    summary = clean_text(
        data.get("summary"),
        "summary",
        errors,
        required=True,
        max_length=LONG_TEXT_MAX,
        multiline=True,
    )
    rationale = clean_text(
        data.get("rationale"),
        "rationale",
        errors,
        required=True,
        max_length=LONG_TEXT_MAX,
        multiline=True,
    )
    options = _text_list(data.get("options"), "options", errors)
    evidence: list[Evidence] = []
    raw_ev = data.get("evidence") or []
    if not isinstance(raw_ev, list) or len(raw_ev) > MAX_ITEMS:
        errors.add("evidence", f"must be a list of at most {MAX_ITEMS} references")
        raw_ev = []
    for i, ev in enumerate(raw_ev):
        if not isinstance(ev, Mapping):
            errors.add(f"evidence.{i}", "must be an object with type, id and label")
            continue
        etype = clean_text(ev.get("type"), f"evidence.{i}.type", errors, required=True)
        eid = clean_text(str(ev.get("id") or ""), f"evidence.{i}.id", errors, required=True)
        label = clean_text(ev.get("label"), f"evidence.{i}.label", errors)
        evidence.append(Evidence(etype, eid, label))
    dissent: list[dict[str, str]] = []
    raw_d = data.get("dissent") or []
    if not isinstance(raw_d, list) or len(raw_d) > MAX_ITEMS:
        errors.add("dissent", f"must be a list of at most {MAX_ITEMS} entries")
        raw_d = []
    for i, d in enumerate(raw_d):
        if not isinstance(d, Mapping):
            errors.add(f"dissent.{i}", "must be an object with who and reason")
            continue
        who = clean_text(d.get("who"), f"dissent.{i}.who", errors, required=True)
        reason = clean_text(
            d.get("reason"),
            f"dissent.{i}.reason",
            errors,
            required=True,
            max_length=LONG_TEXT_MAX,
            multiline=True,
        )
        dissent.append({"who": who, "reason": reason})
    defensibility: dict[str, str] = {}
    if needs_defensibility or data.get("defensibility") not in (None, {}):
        defensibility = clean_defensibility(data.get("defensibility"), errors)
    refers_to = data.get("refers_to")
    if refers_to is not None and (isinstance(refers_to, bool) or not isinstance(refers_to, int)):
        errors.add("refers_to", "must be the id of an earlier decision")
        refers_to = None
    errors.raise_if_any()
    return DecisionInput(
        str(kind), summary, rationale, options, evidence, dissent, defensibility, refers_to
    )


def describe(d: DecisionInput) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "summary": d.summary,
        "rationale": d.rationale,
        "options": d.options,
        "evidence": [e.as_dict() for e in d.evidence],
        "dissent": d.dissent,
        "defensibility": d.defensibility,
        "refers_to": d.refers_to,
    }
