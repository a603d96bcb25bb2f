"""Instrument forms generated from an instrument's definition (``domain.instruments``).

``instrument_specs`` says which inputs an instrument takes; this module turns posted text into
the JSON types the scorer expects (leaving anything it cannot read as typed, so the scorer
names the problem) and values into the fields the form shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from .instrument_specs import Spec, specs_for
from .ui import UiField, options

__all__ = ["Spec", "specs_for"]


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
