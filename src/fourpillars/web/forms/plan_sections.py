"""The plan builder as a task list: its sections, the part of the plan document each posts, its
status from the plan checker's findings, its saved items (victims, actions by pillar,
contingencies) as summary cards, and the check answers part of the approval page.

A section's status: nothing entered is "Not yet started"; entered with an error the checker
names for the section left is "In progress"; entered with none is "Completed" (warnings are
answered with a reason at approval). The pillar reasons cannot start before there are actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from fourpillars.domain import plans as plan_rules
from fourpillars.domain import rosh

from .tasklist import Answers, Card, Row, Status, Task, filled, status_of


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    keys: tuple[str, ...]
    hint: str = ""
    item: str = ""  # repeating items: what one is called

    @property
    def rows(self) -> bool:
        return bool(self.item)


SECTIONS = (
    Section(
        "period",
        "Period and review date",
        ("plan_date", "period_start", "period_end", "review_date"),
    ),
    Section(
        "information",
        "Information considered, gaps and who received the plan",
        ("information_considered", "information_gaps", "communicated"),
    ),
    Section("victims", "Victims and potential victims", ("victims",), item="victim"),
    Section(
        "actions",
        "Actions by pillar",
        ("actions",),
        "Supervision; monitoring and control; interventions and treatment; victim safety.",
        item="action",
    ),
    Section(
        "contingencies",
        "Contingencies",
        ("contingencies",),
        "For each risk scenario: warning signs and the pre-agreed response.",
        item="contingency",
    ),
    Section("pillar_reasons", "Reasons for pillars without actions", ("pillar_reasons",)),
)
BY_SLUG = {s.slug: s for s in SECTIONS}

# Which section a finding of the checker asks to change (the rest concern the case or its
# assessment, and are shown with the findings).
FINDING_SECTIONS: dict[str, str] = {
    **dict.fromkeys(("REVIEW_DATE_OUT_OF_INTERVAL", "REVIEW_AFTER_NEXT_MAPPA_REVIEW"), "period"),
    "LEVEL1_REVIEW_AFTER_DEFAULT": "period",
    "INFORMATION_NOT_RECORDED": "information",
    "PLAN_NOT_COMMUNICATED": "information",
    "PILLAR_EMPTY": "pillar_reasons",
    **dict.fromkeys(
        (
            "SCENARIO_NO_CONTINGENCY",
            "CONTINGENCY_UNKNOWN_SCENARIO",
            "CONTINGENCY_OWNER_NO_ACCESS",
            "CONTINGENCY_INCOMPLETE",
            "CONTINGENCY_TOO_SLOW",
        ),
        "contingencies",
    ),
    **dict.fromkeys(
        (
            "RF_UNADDRESSED",
            "ACTION_UNKNOWN_FACTOR",
            "VICTIM_SAFETY_MISSING",
            "ACTION_UNKNOWN_VICTIM",
            "ACTION_OWNER_NO_ACCESS",
            "DUE_OUTSIDE_PLAN",
            "ACTION_NOT_TRACED",
            "VICTIM_UNPROTECTED",
            "ACTION_NO_TIMING",
            "RESTRICTIVE_NO_LEGAL_BASIS",
            "RESTRICTIVE_NO_PROPORTIONALITY",
            "RESTRICTIVE_NO_END",
            "ACTION_TEXT_VAGUE",
            "ACTION_NOT_DONE_NO_REASON",
            "ACTION_TICK_BOX",
            "RESTRICTIVE_WRONG_PILLAR",
            "RESTRICTIVE_LEGAL_BASIS_UNCLEAR",
            "ACTION_NO_NAMED_OWNER",
            "PROTECTIVE_FACTOR_UNUSED",
        ),
        "actions",
    ),
}


def part(doc: Mapping[str, Any], section: Section) -> dict[str, Any]:
    return {key: doc.get(key) for key in section.keys}


def section_url(plan_id: int, slug: str) -> str:
    return reverse("plan-section", args=[plan_id, slug])


OLD_ANCHORS = {  # anchors of the former one-page builder -> the section they are in now
    "dates": "period",
    "plan_date": "period",
    "period_start": "period",
    "period_end": "period",
    "review_date": "period",
    "communicated": "information",
    "information_considered": "information",
    "information_gaps": "information",
    "victim": "victims",
    "action": "actions",
    "pillar": "actions",
    "contingency": "contingencies",
}


def old_anchors(plan_id: int) -> dict[str, str]:
    """Where the anchors of the former one-page builder now are (``#pillar-supervision``,
    ``#action-a2``, ``#section-communicated`` ...)."""
    out = {s.slug: section_url(plan_id, s.slug) for s in SECTIONS}
    out.update({key: section_url(plan_id, slug) for key, slug in OLD_ANCHORS.items()})
    return out


def item_url(plan_id: int, slug: str, index: int, remove: bool = False) -> str:
    return reverse("plan-item-remove" if remove else "plan-item", args=[plan_id, slug, index])


def _list(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = doc.get(key)
    return [r for r in found if isinstance(r, Mapping)] if isinstance(found, list) else []


def _counts(findings: Sequence[Any]) -> tuple[dict[str, int], dict[str, int]]:
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for f in findings:
        slug = FINDING_SECTIONS.get(f.code, "")
        bucket = errors if f.severity == plan_rules.ERROR else warnings
        bucket[slug] = bucket.get(slug, 0) + 1
    return errors, warnings


def _hint(section: Section, errors: int, warnings: int) -> str:
    found = []
    if errors:
        found.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        found.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{section.hint} Quality check: {', '.join(found)}.".strip() if found else section.hint


def tasks(plan_id: int, doc: Mapping[str, Any], findings: Sequence[Any]) -> list[Task]:
    """Every section with its status (from the document and the checker's findings)."""
    errors, warnings = _counts(findings)
    actions = _list(doc, "actions")
    used = {str(a.get("pillar")) for a in actions}
    out = []
    for s in SECTIONS:
        started = any(filled(doc.get(k)) for k in s.keys)
        problems = errors.get(s.slug, 0)
        if s.slug == "pillar_reasons":
            problems += warnings.get(s.slug, 0)  # a pillar without actions needs its reason
            if not actions:
                status = Status.CANNOT_START
            elif set(plan_rules.PILLARS) <= used:
                status = Status.COMPLETED
            else:
                status = status_of(started or not problems, problems)
        else:
            status = status_of(started, problems)
        hint = _hint(s, errors.get(s.slug, 0), warnings.get(s.slug, 0))
        out.append(Task(s.slug, s.title, section_url(plan_id, s.slug), status, hint))
    return out


# --- saved items as cards ----------------------------------------------------------------


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _date(raw: object) -> str:
    try:
        return dt.date.fromisoformat(str(raw)).strftime("%-d %B %Y")
    except ValueError:
        return ""


@dataclass(frozen=True)
class Names:
    """Plain words for what the plan's items refer to: agencies, factors, victims, scenarios."""

    agencies: Mapping[str, str]
    items: Mapping[str, str]  # rf1, pf1, v1, sc1 -> their text

    def agency(self, code: str) -> str:
        if code == plan_rules.VICTIM_LIAISON:
            return plan_rules.VICTIM_LIAISON_LABEL
        return self.agencies.get(code, code) if code else "Not given"

    def listed(self, idents: object) -> str:
        given = idents if isinstance(idents, list) else []
        shown = [f"{self.items.get(i, i)} ({i})" for i in given if isinstance(i, str)]
        return "\n".join(shown) or "None"


def names_of(doc: Mapping[str, Any], agencies: Mapping[str, str]) -> Names:
    items: dict[str, str] = {}
    for key in ("risk_factors", "protective_factors", "victims"):
        for r in _list(doc, key):
            items[_text(r, "id")] = _text(r, "text")[:80]
    for s in _list(doc, "scenarios"):
        kind = rosh.SCENARIO_LABELS.get(_text(s, "kind"), _text(s, "kind"))
        description = (_text(s, "text") or _text(s, "description"))[:60]
        items[_text(s, "id")] = f"{kind}: {description}" if description else kind
    return Names(agencies, items)


def _when(row: Mapping[str, Any]) -> str:
    parts = []
    if row.get("frequency"):
        parts.append(_text(row, "frequency"))
    if row.get("due"):
        parts.append(f"by {_date(row.get('due'))}")
    if row.get("start"):
        parts.append(f"from {_date(row.get('start'))}")
    return "; ".join(parts) or "Not said"


def _action_rows(row: Mapping[str, Any], names: Names, with_victims: bool) -> list[Row]:
    owner = names.agency(_text(row, "owner_agency"))
    if row.get("owner_name"):
        owner = f"{owner}: {_text(row, 'owner_name')}"
    rows = [
        Row("Pillar", plan_rules.PILLARS.get(_text(row, "pillar"), _text(row, "pillar"))),
        Row("Addresses", names.listed(row.get("addresses"))),
    ]
    if with_victims or row.get("protects"):
        rows.append(Row("Protects", names.listed(row.get("protects"))))
    rows += [Row("Owner", owner), Row("When", _when(row))]
    if row.get("restrictive") is True:
        rows.append(
            Row(
                "Restrictive measure",
                f"Legal basis: {_text(row, 'legal_basis') or 'not stated'}\n"
                f"Why proportionate: {_text(row, 'proportionality') or 'not stated'}\n"
                f"Ends: {_date(row.get('end')) or 'not stated'}",
            )
        )
    else:
        rows.append(Row("Restrictive measure", "No"))
    return rows


def _card(plan_id: int, slug: str, i: int, links: bool, **kw: Any) -> Card:
    return Card(
        change=item_url(plan_id, slug, i) if links else "",
        remove=item_url(plan_id, slug, i, remove=True) if links else "",
        **kw,
    )


def action_cards(
    plan_id: int, doc: Mapping[str, Any], names: Names, *, links: bool = True
) -> list[tuple[str, str, list[Card]]]:
    """The actions by pillar: (pillar code, its label, its cards)."""
    with_victims = bool(_list(doc, "victims"))
    by_pillar: dict[str, list[Card]] = {code: [] for code in plan_rules.PILLARS}
    for i, row in enumerate(_list(doc, "actions")):
        ident = _text(row, "id")
        card = _card(
            plan_id,
            "actions",
            i,
            links,
            title=_text(row, "text")[:120] or "No text",
            ref=ident,
            anchor=f"action-{ident}",
            rows=_action_rows(row, names, with_victims),
            what=f"action {ident}",
        )
        by_pillar.setdefault(_text(row, "pillar"), []).append(card)
    return [(code, plan_rules.PILLARS.get(code, code), cards) for code, cards in by_pillar.items()]


def victim_cards(plan_id: int, doc: Mapping[str, Any], *, links: bool = True) -> list[Card]:
    out = []
    for i, row in enumerate(_list(doc, "victims")):
        ident = _text(row, "id")
        kind = plan_rules.VICTIM_KINDS.get(_text(row, "kind"), _text(row, "kind"))
        out.append(
            _card(
                plan_id,
                "victims",
                i,
                links,
                title=_text(row, "text")[:120] or kind or "Victim",
                ref=ident,
                anchor=f"victim-{ident}",
                rows=[
                    Row("Who", kind or "Not given"),
                    Row("Measures that protect them", _text(row, "measures") or "Not given"),
                ],
                what=f"victim {ident}",
            )
        )
    return out


def contingency_cards(
    plan_id: int, doc: Mapping[str, Any], names: Names, *, links: bool = True
) -> list[Card]:
    out = []
    seen: set[str] = set()
    for i, row in enumerate(_list(doc, "contingencies")):
        scenario = _text(row, "scenario")
        hours = row.get("within_hours")
        out.append(
            _card(
                plan_id,
                "contingencies",
                i,
                links,
                title=f"If: {names.items.get(scenario, scenario) or 'no scenario chosen'}",
                ref=scenario,
                anchor=f"contingency-{scenario}" if scenario not in seen else f"contingency-{i}",
                rows=[
                    Row("Warning signs", _text(row, "warning_signs") or "Not given"),
                    Row("The pre-agreed response", _text(row, "response") or "Not given"),
                    Row("Who responds", names.agency(_text(row, "owner_agency"))),
                    Row("Within", f"{hours} hours" if hours not in (None, "") else "Not given"),
                ],
                what=f"contingency {i + 1}",
            )
        )
        seen.add(scenario)
    return out


def uncovered_scenarios(doc: Mapping[str, Any], names: Names) -> list[tuple[str, str]]:
    """Risk scenarios of the assessment with no contingency yet: (id, plain words)."""
    covered = {_text(c, "scenario") for c in _list(doc, "contingencies")}
    return [
        (_text(s, "id"), names.items.get(_text(s, "id"), ""))
        for s in _list(doc, "scenarios")
        if _text(s, "id") not in covered and _text(s, "kind") not in plan_rules.NO_CONTINGENCY_KINDS
    ]


# --- check answers (the approval page) ----------------------------------------------------


def answers(plan_id: int, doc: Mapping[str, Any], names: Names) -> list[Answers]:
    """Every section of the plan as summary lists and cards, each with its Change link."""

    def url(slug: str) -> str:
        return section_url(plan_id, slug)

    dates = [
        Row(label, _date(doc.get(key)) or "Not given", url("period"))
        for key, label in (
            ("plan_date", "Date of the plan"),
            ("period_start", "The plan covers the period from"),
            ("period_end", "to"),
            ("review_date", "Review date"),
        )
    ]
    information = [
        Row(f"Information from {names.agency(_text(r, 'agency'))}", _text(r, "summary") or "—")
        for r in _list(doc, "information_considered")
    ] or [Row("Information considered", "None recorded")]
    information.append(Row("Gaps in the information", _text(doc, "information_gaps") or "None"))
    sent = [
        Row(f"Sent to {names.agency(_text(r, 'to'))}", _date(r.get("on")) or "Date not given")
        for r in _list(doc, "communicated")
    ] or [Row("Who received the plan", "Nobody recorded")]
    information = [Row(r.key, r.value, url("information")) for r in [*information, *sent]]
    pillar_cards = action_cards(plan_id, doc, names, links=False)
    reasons = doc.get("pillar_reasons") or {}
    out = [
        Answers("period", BY_SLUG["period"].title, url("period"), dates),
        Answers("information", BY_SLUG["information"].title, url("information"), information),
        Answers(
            "victims",
            BY_SLUG["victims"].title,
            url("victims"),
            cards=victim_cards(plan_id, doc, links=False),
            empty="No victims recorded.",
        ),
    ]
    for code, label, cards in pillar_cards:
        out.append(
            Answers(
                f"pillar-{code}",
                f"Actions: {label}",
                url("actions"),
                cards=cards,
                empty=f"No {label.lower()} actions.",
            )
        )
    out.append(
        Answers(
            "contingencies",
            BY_SLUG["contingencies"].title,
            url("contingencies"),
            cards=contingency_cards(plan_id, doc, names, links=False),
            empty="No contingencies recorded.",
        )
    )
    out.append(
        Answers(
            "pillar_reasons",
            BY_SLUG["pillar_reasons"].title,
            url("pillar_reasons"),
            [
                Row(label, str(reasons.get(code) or ""), url("pillar_reasons"))
                for code, label in plan_rules.PILLARS.items()
                if reasons.get(code)
            ],
            empty="None given.",
        )
    )
    return out
