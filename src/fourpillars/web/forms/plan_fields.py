"""The plan builder's fields: the plan document (``services.plans.plan_document``) as GOV.UK
form groups organised by pillar, with the empty rows "Add another" asked for.

Blank rows get the next free identifier now (a5, v2), so the findings panel can link to a
row before it is saved. ``forms/plan.py`` reads the post back into the document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fourpillars.domain import plans as plan_rules
from fourpillars.domain import rosh

from .plan_rows import (
    ActionRow,
    AgencyChoice,
    AgencyField,
    Assessment,
    ContingencyRow,
    PlanForm,
    SimpleRow,
    VictimRow,
)
from .ui import UiField, options

__all__ = ["AgencyChoice", "AgencyField", "Assessment", "PlanForm", "build_form"]


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _list(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = doc.get(key)
    return [r for r in found if isinstance(r, Mapping)] if isinstance(found, list) else []


def _select(name: str, label: str, pairs: Sequence[tuple[str, str]], value: str) -> UiField:
    f = UiField(name, label, "select", options=options(pairs))
    f.choose([value])
    return f


def _checkboxes(name: str, label: str, pairs: Sequence[tuple[str, str]], chosen: Any) -> UiField:
    f = UiField(name, label, "checkboxes", options=options(pairs), small=True)
    f.choose([str(c) for c in chosen] if isinstance(chosen, list) else [])
    return f


def _next_ids(rows: list[Mapping[str, Any]], prefix: str, count: int) -> list[str]:
    own = re.compile(rf"{prefix}([0-9]{{1,4}})")
    used = [int(m.group(1)) for r in rows if (m := own.fullmatch(_text(r, "id")))]
    start = max(used, default=0) + 1
    return [f"{prefix}{start + n}" for n in range(count)]


DATE = "govuk-input--width-10"


def _scenario_words(s: Mapping[str, Any]) -> str:
    """A scenario by its kind and the start of its text (its identifier follows, small)."""
    kind = rosh.SCENARIO_LABELS.get(s["kind"], s["kind"])
    words = str(s.get("text") or s.get("description") or "")[:60]
    return f"{kind}: {words}" if words else kind


RESTRICTIVE = [("true", "This is a restrictive measure")]
RESTRICTIVE_HINT = (
    "It restricts the person: a licence condition, exclusion zone, curfew or monitoring. "
    "Give its legal basis, why it is proportionate and necessary, and when it ends."
)


def _input(p: str, who: str, name: str, label: str, row: Mapping[str, Any], **kw: Any) -> UiField:
    """A field of a row: named by its path, labelled with the row (``Action a2: end``)."""
    kind = kw.pop("kind", "text")
    return UiField(f"{p}.{name}", f"{who}: {label}", kind, _text(row, name), **kw)


class _Builder:
    def __init__(
        self,
        assessment: Assessment,
        agencies: tuple[list[AgencyChoice], list[AgencyChoice]],
        default_agency: str,
    ) -> None:
        self.agencies = agencies
        self.default_agency = default_agency
        self.factor_pairs = [
            (f["id"], f"{f['text'][:80]} ({f['id']})")
            for f in [*assessment.risk_factors, *assessment.protective_factors]
        ]
        self.scenario_pairs = [
            (s["id"], f"{_scenario_words(s)} ({s['id']})") for s in assessment.scenarios
        ]

    def agency(self, name: str, label: str, value: str) -> AgencyField:
        with_access, others = self.agencies
        return AgencyField(name, label, "agency", value, with_access=with_access, others=others)

    def action(
        self, i: int, row: Mapping[str, Any], victims: list[tuple[str, str]], blank: bool
    ) -> ActionRow:
        p, ident, pillar = f"actions.{i}", _text(row, "id"), _text(row, "pillar")
        who = f"Action {ident or i + 1}"
        chosen = ["true"] if row.get("restrictive") is True else []
        owner = _text(row, "owner_agency") or (self.default_agency if blank else "")
        restrictive = _checkboxes(
            f"{p}.restrictive", f"{who}: restrictive measure", RESTRICTIVE, chosen
        )
        restrictive.options[0].hint = RESTRICTIVE_HINT
        return ActionRow(
            number=i + 1,
            ident=ident,
            pillar=pillar,
            blank=blank,
            id_field=UiField(f"{p}.id", "Identifier", "hidden", value=ident),
            pillar_field=_select(f"{p}.pillar", f"{who}: pillar", list(PILLAR_PAIRS), pillar),
            text=_input(
                p,
                who,
                "text",
                "what will be done",
                row,
                kind="textarea",
                rows=2,
                hint="Specific and measurable: what, where, how it is checked.",
            ),
            addresses=_checkboxes(
                f"{p}.addresses",
                f"{who}: risk or protective factors it addresses",
                self.factor_pairs,
                row.get("addresses"),
            ),
            protects=_checkboxes(
                f"{p}.protects", f"{who}: victims it protects", victims, row.get("protects")
            )
            if victims
            else None,
            owner_agency=self.agency(f"{p}.owner_agency", f"{who}: owner agency", owner),
            owner_name=_input(
                p, who, "owner_name", "named owner", row, width="govuk-!-width-two-thirds"
            ),
            frequency=_input(
                p,
                who,
                "frequency",
                "frequency",
                row,
                hint="For example weekly. Give a frequency or a due date.",
                width="govuk-!-width-one-half",
            ),
            due=_input(p, who, "due", "due date", row, kind="date", width=DATE),
            start=_input(p, who, "start", "start", row, kind="date", width=DATE),
            end=_input(p, who, "end", "end date of the measure", row, kind="date", width=DATE),
            restrictive=restrictive,
            legal_basis=_input(
                p,
                who,
                "legal_basis",
                "legal basis",
                row,
                hint="For a restrictive measure: the licence condition, order or power.",
            ),
            proportionality=_input(
                p,
                who,
                "proportionality",
                "why it is proportionate and necessary",
                row,
                kind="textarea",
                rows=2,
            ),
        )

    def victim(self, i: int, row: Mapping[str, Any], blank: bool) -> VictimRow:
        p, ident = f"victims.{i}", _text(row, "id")
        who = f"Victim {ident or i + 1}"
        kinds = list(plan_rules.VICTIM_KINDS.items())
        return VictimRow(
            i + 1,
            ident,
            blank,
            [
                UiField(f"{p}.id", "Identifier", "hidden", value=ident),
                _select(f"{p}.kind", f"{who}: who", kinds, _text(row, "kind")),
                _input(
                    p,
                    who,
                    "text",
                    "description",
                    row,
                    hint="A person, or a group such as the children at a named school.",
                ),
                _input(
                    p, who, "measures", "measures that protect them", row, kind="textarea", rows=2
                ),
            ],
        )

    def contingency(
        self, i: int, row: Mapping[str, Any], anchor: str, blank: bool
    ) -> ContingencyRow:
        p, scenario, who = f"contingencies.{i}", _text(row, "scenario"), f"Contingency {i + 1}"
        return ContingencyRow(
            i + 1,
            scenario,
            anchor,
            blank,
            _select(f"{p}.scenario", f"{who}: scenario", self.scenario_pairs, scenario),
            [
                _input(p, who, "warning_signs", "warning signs", row, kind="textarea", rows=2),
                _input(p, who, "response", "the pre-agreed response", row, kind="textarea", rows=2),
                self.agency(
                    f"{p}.owner_agency", f"{who}: who responds", _text(row, "owner_agency")
                ),
                _input(
                    p,
                    who,
                    "within_hours",
                    "within how many hours",
                    row,
                    width="govuk-input--width-4",
                ),
            ],
        )

    def information(self, i: int, row: Mapping[str, Any], blank: bool) -> SimpleRow:
        p, who = f"information_considered.{i}", f"Information {i + 1}"
        return SimpleRow(
            "information_considered",
            i + 1,
            blank,
            [
                self.agency(f"{p}.agency", f"{who}: agency", _text(row, "agency")),
                _input(
                    p,
                    who,
                    "summary",
                    "what it showed",
                    row,
                    kind="textarea",
                    rows=2,
                    hint="For example: police intelligence on contact with children since release.",
                ),
            ],
        )

    def communication(self, i: int, row: Mapping[str, Any], blank: bool) -> SimpleRow:
        p, who = f"communicated.{i}", f"Sent {i + 1}"
        with_access, others = self.agencies
        pairs = [
            ("", "Choose"),
            (plan_rules.VICTIM_LIAISON, plan_rules.VICTIM_LIAISON_LABEL),
            *[(a.code, a.name) for a in [*with_access, *others]],
        ]
        chosen = _text(row, "to")
        if chosen and chosen not in {code for code, _ in pairs}:
            pairs.append((chosen, f"{chosen} (not a known agency)"))
        return SimpleRow(
            "communicated",
            i + 1,
            blank,
            [
                _select(f"{p}.to", f"{who}: sent to", pairs, chosen),
                _input(p, who, "on", "date sent", row, kind="date", width=DATE),
            ],
        )


PILLAR_PAIRS = tuple(plan_rules.PILLARS.items())
Pillar = tuple[str, str, list[ActionRow], UiField]


def _action_rows(b: _Builder, doc: Mapping[str, Any], blanks: Mapping[str, int]) -> list[ActionRow]:
    """The actions, then the empty rows asked for under each pillar (with the next ids)."""
    actions = _list(doc, "actions")
    victims = [
        (_text(v, "id"), f"{_text(v, 'text')[:60]} ({_text(v, 'id')})")
        for v in _list(doc, "victims")
    ]
    rows = [b.action(i, a, victims, False) for i, a in enumerate(actions)]
    wanted = [p for p in plan_rules.PILLARS for _ in range(blanks.get(f"actions:{p}", 0))]
    for pillar, ident in zip(wanted, _next_ids(actions, "a", len(wanted)), strict=True):
        rows.append(b.action(len(rows), {"id": ident, "pillar": pillar}, victims, True))
    return rows


def _pillars(doc: Mapping[str, Any], rows: list[ActionRow]) -> list[Pillar]:
    found = doc.get("pillar_reasons")
    reasons = found if isinstance(found, Mapping) else {}
    pillars = [
        (
            code,
            label,
            [r for r in rows if r.pillar == code],
            UiField(
                f"pillar_reasons.{code}",
                f"Why no {label.lower()} actions are needed",
                "textarea",
                _text(reasons, code),
                rows=2,
                hint="Only when this pillar has no actions.",
            ),
        )
        for code, label in PILLAR_PAIRS
    ]
    stray = [r for r in rows if r.pillar not in plan_rules.PILLARS]
    if stray:  # a pillar the domain does not know: shown first, so its error can be fixed
        code, label, first, reason = pillars[0]
        pillars[0] = (code, label, [*stray, *first], reason)
    return pillars


def _victim_rows(b: _Builder, doc: Mapping[str, Any], blanks: int) -> list[VictimRow]:
    victims = _list(doc, "victims")
    rows = [b.victim(i, v, False) for i, v in enumerate(victims)]
    for ident in _next_ids(victims, "v", blanks):
        rows.append(b.victim(len(rows), {"id": ident}, True))
    return rows


def _contingency_rows(
    b: _Builder, doc: Mapping[str, Any], assessment: Assessment, blanks: int
) -> list[ContingencyRow]:
    """The contingencies, then one empty row for each risk scenario without one, then the
    empty rows asked for; a scenario's first row is where its findings link."""
    contingencies = _list(doc, "contingencies")
    covered = {_text(c, "scenario") for c in contingencies}
    wanted = [
        *contingencies,
        *[
            {"scenario": s["id"]}
            for s in assessment.scenarios
            if s["id"] not in covered and s["kind"] not in plan_rules.NO_CONTINGENCY_KINDS
        ],
        *[{} for _ in range(blanks)],
    ]
    seen: set[str] = set()
    rows = []
    for i, c in enumerate(wanted):
        scenario = _text(c, "scenario")
        anchor = f"contingency-{scenario}" if scenario and scenario not in seen else ""
        seen.add(scenario)
        rows.append(b.contingency(i, c, anchor, i >= len(contingencies)))
    return rows


def _simple_rows(doc: Mapping[str, Any], key: str, blanks: int, make: Any) -> list[SimpleRow]:
    rows = _list(doc, key)
    return [make(i, r, False) for i, r in enumerate(rows)] + [
        make(len(rows) + n, {}, True) for n in range(blanks)
    ]


def _dates(doc: Mapping[str, Any]) -> list[UiField]:
    return [
        UiField(name, label, "date", _text(doc, name), width=DATE)
        for name, label in (
            ("plan_date", "Date of the plan"),
            ("period_start", "The plan covers the period from"),
            ("period_end", "to"),
            ("review_date", "Review date"),
        )
    ]


def build_form(
    doc: Mapping[str, Any],
    version: int,
    blanks: Mapping[str, int],
    assessment: Assessment,
    agencies: tuple[list[AgencyChoice], list[AgencyChoice]],
    default_agency: str,
) -> PlanForm:
    b = _Builder(assessment, agencies, default_agency)
    pillars = _pillars(doc, _action_rows(b, doc, blanks))
    form = PlanForm(
        version=UiField("version", "Version", "hidden", value=str(version)),
        dates=_dates(doc),
        pillars=pillars,
        victims=_victim_rows(b, doc, blanks.get("victims", 0)),
        contingencies=_contingency_rows(b, doc, assessment, blanks.get("contingencies", 0)),
        information=_simple_rows(
            doc,
            "information_considered",
            blanks.get("information_considered", 0)
            or (0 if _list(doc, "information_considered") else 1),
            b.information,
        ),
        information_gaps=UiField(
            "information_gaps",
            "Gaps in the information",
            "textarea",
            _text(doc, "information_gaps"),
            rows=2,
            hint='What was asked for and not received, or missing. Write "None known" if none.',
        ),
        communicated=_simple_rows(
            doc,
            "communicated",
            blanks.get("communicated", 0) or (0 if _list(doc, "communicated") else 1),
            b.communication,
        ),
    )
    assert form.information_gaps is not None
    form.all_fields = [  # in page order, for the error summary
        *form.dates,
        *[f for _, _, rows, reason in pillars for f in [*_row_fields(rows), reason]],
        *[f for v in form.victims for f in v.fields],
        *[f for c in form.contingencies for f in [c.scenario_field, *c.fields]],
        *[f for r in form.information for f in r.fields],
        form.information_gaps,
        *[f for r in form.communicated for f in r.fields],
    ]
    return form


def _row_fields(rows: list[ActionRow]) -> list[UiField]:
    return [f for r in rows for f in r.fields]
