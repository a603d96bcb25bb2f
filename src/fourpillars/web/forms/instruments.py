"""Instrument forms generated from an instrument's definition (``domain.instruments``).

Flat items become one field each, named by the input path the scorer reads; DASH questions
go under ``answers``; each item of a structured professional judgement guide becomes a rating,
its evidence and its flags under ``items.<code>``. Inputs an instrument reads that its
definition does not list as items (an assessment date, a final judgement) are declared in
``EXTRAS``. The form turns posted text into the JSON types the scorer expects and leaves
anything it cannot read as typed, so the scorer names the problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from fourpillars.domain.instruments.base import Definition, Item, Kind

from .ui import UiField, options


@dataclass(frozen=True)
class Spec:
    """One input of an instrument. ``convert``: str, int, number, bool, list or flags (each
    ticked value sets ``<parent>.<value>: true``); ``kind`` is the widget (``rows``: a list
    of objects, one fieldset per row, ``columns`` giving the fields of a row)."""

    path: str
    label: str
    kind: str = "text"
    convert: str = "str"
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    section: str = ""
    columns: tuple[Spec, ...] = ()
    rows: int = 0


LEVELS = (("low", "Low"), ("moderate", "Moderate"), ("high", "High"))
YES_NO = (("yes", "Yes"), ("no", "No"))
START, END = "Assessment", "Final judgement"
ASSESSMENT_DATE = Spec(
    "assessment_date",
    "Assessment date",
    "date",
    hint="The date the answers describe.",
    section=START,
)
DASH_EXTRAS = (
    ASSESSMENT_DATE,
    Spec(
        "incidents_last_12_months",
        "Incidents reported in the last 12 months",
        convert="int",
        hint="Whole number, 0 or more.",
        section=START,
    ),
    Spec(
        "last_marac_referral_date",
        "Date of the last MARAC referral, if any",
        "date",
        section=START,
    ),
    Spec(
        "professional_judgement",
        "Do you judge the case high risk whatever the count?",
        "radios",
        "bool",
        YES_NO,
        "Professional judgement can raise a case to high risk, never lower it.",
        END,
    ),
    Spec("judgement_reason", "Reasons for that judgement", "textarea", section=END),
)
REASONS = Spec(
    "final_judgement.reasons", "Reasons for the final judgement", "textarea", section=END
)
EXTRAS: dict[str, tuple[Spec, ...]] = {
    "dash": DASH_EXTRAS,
    "dash-safelives": DASH_EXTRAS,
    "sara": (
        ASSESSMENT_DATE,
        Spec(
            "final_judgement.risk_to_partner",
            "Risk to a partner",
            "radios",
            choices=LEVELS,
            section=END,
        ),
        Spec(
            "final_judgement.risk_to_others",
            "Risk to others",
            "radios",
            choices=LEVELS,
            section=END,
        ),
        REASONS,
    ),
    "saprof": (
        ASSESSMENT_DATE,
        Spec(
            "final_judgement.protection",
            "Level of protection",
            "radios",
            choices=LEVELS,
            section=END,
        ),
        REASONS,
    ),
    "stable-2007": (
        ASSESSMENT_DATE,
        Spec("child_victims", "Any child victims?", "radios", choices=YES_NO, section=START),
    ),
    "acute-2007": (ASSESSMENT_DATE,),
    "firearms-suitability": (ASSESSMENT_DATE,),
    "parole-review": (ASSESSMENT_DATE,),
}
SENTENCE_COLUMNS = (
    Spec(
        "kind",
        "Kind of sentence",
        "radios",
        choices=(("custody", "Custody"), ("suspended", "Suspended")),
    ),
    Spec("length_months", "Length in months", convert="int"),
    Spec("sentence_date", "Date of sentence", "date"),
    Spec("release_date", "Release date (custody only)", "date"),
)
LIST_ITEMS = {("firearms-suitability", "medical.conditions")}
ROW_ITEMS = {
    ("firearms-suitability", "sentences"): (
        SENTENCE_COLUMNS,
        3,
        "One row per custodial or suspended sentence; leave spare rows empty.",
    )
}


# --- definition -> specs ---------------------------------------------------------------


def _choices(item: Item) -> tuple[tuple[tuple[str, str], ...], bool]:
    """(value, label) per answer; labels read from a help text that spells each one out
    ("0 = violence; 1 = robbery" or "code: Label; ..."), in which case the hint is spent."""
    spelt = {
        k: v.strip().rstrip(".")
        for k, v in re.findall(r"(?:^|;)\s*([\w-]+)\s*(?:=|:)\s*([^;]+)", item.help)
    }
    if item.answers and all(a in spelt for a in item.answers):
        return tuple((a, spelt[a]) for a in item.answers), True
    words = {"true": "Yes", "false": "No"}
    return tuple((a, words.get(a, a.replace("_", " ").capitalize())) for a in item.answers), False


def _flat(d: Definition, item: Item, path: str, label: str) -> Spec:
    if (d.code, item.code) in ROW_ITEMS:
        columns, rows, hint = ROW_ITEMS[(d.code, item.code)]
        return Spec(
            path,
            label,
            "rows",
            hint=hint,
            section=item.section or label,
            columns=columns,
            rows=rows,
        )
    if item.answers:
        choices, spent = _choices(item)
        hint = "" if spent else item.help
        if (d.code, item.code) in LIST_ITEMS:
            return Spec(path, label, "checkboxes", "list", choices, hint, item.section)
        convert = (
            "int"
            if all(a.isdigit() for a in item.answers)
            else "bool"
            if set(item.answers) == {"true", "false"}
            else "str"
        )
        kind = "select" if len(choices) > 8 else "radios"
        return Spec(path, label, kind, convert, choices, hint, item.section)
    text = item.help
    if text.startswith("YYYY-MM-DD"):
        return Spec(path, label, "date", hint=text, section=item.section)
    if "whole number" in text.lower():
        return Spec(path, label, convert="int", hint=text, section=item.section)
    if "fractions allowed" in text or "number" in text.lower():
        return Spec(path, label, "number", "number", hint=text, section=item.section)
    if d.kind in (Kind.STRUCTURED, Kind.SPJ) or "text" in text.lower():
        return Spec(path, label, "textarea", hint=text, section=item.section)
    return Spec(path, label, hint=text, section=item.section)


def _spj(item: Item) -> list[Spec]:
    flags = re.search(r"Flags: ([\w, ]+)\.", item.help)
    hint = re.sub(r"\s*Flags: [\w, ]+\.", "", item.help)
    base = f"items.{item.code}"
    out = [
        Spec(
            f"{base}.rating",
            item.label,
            "radios",
            "int",
            tuple((a, a) for a in item.answers),
            hint,
            item.section,
        ),
        Spec(f"{base}.evidence", f"{item.label}: evidence", "textarea", section=item.section),
    ]
    if flags:
        names = [f.strip() for f in flags.group(1).split(",") if f.strip()]
        out.append(
            Spec(
                f"{base}.flags",
                f"{item.label}: flags",
                "checkboxes",
                "flags",
                tuple((n, n.capitalize()) for n in names),
                section=item.section,
            )
        )
    return out


def specs_for(d: Definition) -> list[Spec]:
    extras = EXTRAS.get(d.code, ())
    specs = [s for s in extras if s.section == START]
    for item in d.items:
        if d.kind == Kind.SPJ:
            specs.extend(_spj(item))
        elif d.kind == Kind.CHECKLIST:
            specs.append(_flat(d, item, f"answers.{item.code}", item.label))
        else:
            specs.append(_flat(d, item, item.code, item.label))
    specs.extend(s for s in extras if s.section != START)
    return specs


# --- POST -> payload --------------------------------------------------------------------


def _convert(spec: Spec, raw: str) -> Any:
    value = raw if spec.kind == "textarea" else raw.strip()
    if spec.convert == "int" and re.fullmatch(r"-?[0-9]{1,9}", value):
        return int(value)
    if spec.convert == "number" and re.fullmatch(r"-?[0-9]{1,9}(\.[0-9]{1,6})?", value):
        return float(value) if "." in value else int(value)
    if spec.convert == "bool" and value in ("true", "false", "yes", "no"):
        return value in ("true", "yes")
    return value


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        nested = target.setdefault(part, {})
        if not isinstance(nested, dict):
            return
        target = nested
    target[last] = value


def payload_from_post(specs: Sequence[Spec], post: QueryDict) -> dict[str, Any]:
    """The scorer's JSON object as the form posted it; empty fields are left out."""
    payload: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "rows":
            _put(payload, spec.path, _rows(spec, post))
        elif spec.convert == "list":
            _put(payload, spec.path, [v for v in post.getlist(spec.path) if v][:50])
        elif spec.convert == "flags":
            parent = spec.path.rpartition(".")[0]
            for value in post.getlist(spec.path)[:10]:
                if any(value == c for c, _ in spec.choices):
                    _put(payload, f"{parent}.{value}", True)
        elif (raw := post.get(spec.path, "")).strip():
            _put(payload, spec.path, _convert(spec, raw))
    return payload


def _rows(spec: Spec, post: QueryDict) -> list[dict[str, Any]]:
    out = []
    for i in range(_row_count(spec, post)):
        row = {}
        for column in spec.columns:
            raw = post.get(f"{spec.path}.{i}.{column.path}", "")
            if raw.strip():
                row[column.path] = _convert(column, raw)
        if row:
            out.append(row)
    return out


def _row_count(spec: Spec, post: Mapping[str, Any]) -> int:
    posted = [
        int(m.group(1))
        for key in post
        if (m := re.fullmatch(rf"{re.escape(spec.path)}\.([0-9]{{1,3}})\.\w+", key))
    ]
    return min(max([spec.rows, *(n + 1 for n in posted)]), 100)


# --- values -> fields -------------------------------------------------------------------


def _get(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _as_text(spec: Spec, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = ("true", "false") if any(c == "true" for c, _ in spec.choices) else ("yes", "no")
        return yes if value else no
    return str(value)


def state_from_payload(specs: Sequence[Spec], payload: Mapping[str, Any]) -> dict[str, Any]:
    """Form values (text, or a list of ticked values) from a JSON payload (pre-filled inputs
    or a stored result's inputs)."""
    state: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "rows":
            rows = _get(payload, spec.path)
            for i, row in enumerate(rows if isinstance(rows, list) else []):
                for column in spec.columns:
                    state[f"{spec.path}.{i}.{column.path}"] = _as_text(
                        column, _get(row, column.path) if isinstance(row, Mapping) else None
                    )
        elif spec.convert == "list":
            value = _get(payload, spec.path)
            state[spec.path] = [str(v) for v in value] if isinstance(value, list) else []
        elif spec.convert == "flags":
            parent = _get(payload, spec.path.rpartition(".")[0])
            state[spec.path] = [c for c, _ in spec.choices if _get(parent or {}, c) is True]
        else:
            state[spec.path] = _as_text(spec, _get(payload, spec.path))
    return state


def initial_state(
    specs: Sequence[Spec], inputs: Mapping[str, Any], today: dt.date
) -> dict[str, Any]:
    """The form's first values: the pre-filled inputs, and today as the assessment date."""
    state = state_from_payload(specs, inputs)
    if any(s.path == "assessment_date" for s in specs) and not state.get("assessment_date"):
        state["assessment_date"] = today.isoformat()
    return state


def state_from_post(post: QueryDict) -> dict[str, Any]:
    return {k: post.getlist(k) if len(post.getlist(k)) > 1 else post.get(k, "") for k in post}


@dataclass
class Section:
    title: str
    fields: list[UiField] = field(default_factory=list)
    hint: str = ""


def _field(spec: Spec, name: str, label: str, state: Mapping[str, Any]) -> UiField:
    raw = state.get(name, [] if spec.kind == "checkboxes" else "")
    if spec.kind in ("radios", "checkboxes", "select"):
        f = UiField(
            name,
            label,
            spec.kind,
            options=options(spec.choices),
            hint=spec.hint,
            small=True,
            inline=len(spec.choices) <= 3 and spec.kind == "radios",
        )
        f.choose(raw if isinstance(raw, list) else [str(raw)])
        return f
    width = {"date": "govuk-input--width-10", "number": "govuk-input--width-5"}.get(spec.kind, "")
    if spec.convert == "int":
        width = "govuk-input--width-5"
    kind = "number" if spec.convert == "int" else spec.kind
    value = raw[0] if isinstance(raw, list) and raw else raw
    return UiField(name, label, kind, str(value or ""), hint=spec.hint, width=width, small=True)


def build_sections(
    specs: Sequence[Spec], state: Mapping[str, Any], sources: Mapping[str, str]
) -> list[Section]:
    """The form's sections in order, each field showing its value and, for pre-filled ones,
    where the register's value came from."""
    sections: list[Section] = []
    for spec in specs:
        title = spec.section or ""
        if not sections or sections[-1].title != title:
            sections.append(Section(title))
        if spec.kind == "rows":
            sections[-1].hint = spec.hint
            for i in range(_row_count(spec, state)):
                for column in spec.columns:
                    name = f"{spec.path}.{i}.{column.path}"
                    label = f"{spec.label} {i + 1}: {column.label.lower()}"
                    sections[-1].fields.append(_field(column, name, label, state))
            continue
        f = _field(spec, spec.path, spec.label, state)
        f.source = sources.get(spec.path, "")
        sections[-1].fields.append(f)
    return sections
