"""The RoSH assessment form: the document (``services.assessments.as_document``) as form
fields and back, with repeatable rows that work without JavaScript.

Field names are the document's dotted paths (``summary.who_at_risk``,
``risk_factors.0.evidence``), so the domain's errors land on the field they name. Nothing is
checked here: ``domain.rosh.clean_assessment`` checks everything and names every problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from fourpillars.domain import rosh

from .ui import UiField, options

MAX_ROWS = rosh.MAX_FACTORS + 5  # beyond this a post is refused by the domain anyway
MAX_BLANK = 10
SECTION_LABELS = {
    "ratings": "Ratings",
    "ratings.community": "Ratings in the community",
    "ratings.custody": "Ratings in custody",
    "screening": "Screening",
    "screening.triggers": "Screening triggers",
    "screening.full_analysis": "Full analysis",
    "screening.exemption_reason": "Reason for not doing the full analysis",
    "in_custody": "In custody",
    "summary": "Summary questions",
    "risk_factors": "Risk factors",
    "protective_factors": "Protective factors",
    "scenarios": "Scenarios",
}
FACTOR_COLUMNS = ("text", "evidence", "source_agency")
SCENARIO_COLUMNS = (
    "kind",
    "description",
    "victims",
    "harm",
    "likelihood",
    "imminence",
    "warning_signs",
)
ROW_SECTIONS = {
    "risk_factors": ("rf", FACTOR_COLUMNS),
    "protective_factors": ("pf", FACTOR_COLUMNS),
    "scenarios": ("sc", SCENARIO_COLUMNS),
}


# --- POST -> document ------------------------------------------------------------------


def _number(raw: str) -> int | str | None:
    raw = raw.strip()
    if not raw:
        return None
    return int(raw) if re.fullmatch(r"[0-9]{1,6}", raw) else raw


def _yes_no(raw: str) -> bool | str | None:
    """ "yes" and "no" as booleans, nothing as None; anything else is passed on for the domain
    to refuse, naming the field."""
    raw = raw.strip()
    return {"yes": True, "no": False, "": None}.get(raw, raw)


def _rows(post: QueryDict, section: str) -> list[dict[str, str]]:
    """The section's rows in page order; blank rows (every column empty) are left out, and
    new rows get the next free identifier so they never collide with kept ones."""
    prefix, columns = ROW_SECTIONS[section]
    indexes = sorted(
        {
            int(m.group(1))
            for key in post
            if (m := re.fullmatch(rf"{section}\.([0-9]{{1,4}})\.\w+", key))
        }
    )[:MAX_ROWS]
    rows = []
    for i in indexes:
        row = {c: post.get(f"{section}.{i}.{c}", "") for c in columns}
        if not any(v.strip() for v in row.values()):
            continue
        row["id"] = post.get(f"{section}.{i}.id", "").strip()
        rows.append(row)
    own = re.compile(rf"{prefix}([0-9]{{1,4}})")
    used = [int(m.group(1)) for r in rows if (m := own.fullmatch(r["id"]))]
    next_number = max(used, default=0) + 1
    for row in rows:
        if not row["id"]:
            row["id"] = f"{prefix}{next_number}"
            next_number += 1
    return rows


def document_from_post(post: QueryDict) -> dict[str, Any]:
    """The assessment document as the form posted it (the shape ``save_draft`` takes)."""
    ratings: dict[str, dict[str, str | None]] = {}
    for setting, groups in rosh.RISK_GROUPS.items():
        chosen = {g: (post.get(f"ratings.{setting}.{g}") or None) for g, _ in groups}
        if any(chosen.values()) or setting == "community":
            ratings[setting] = chosen
    if not any(ratings["community"].values()):
        del ratings["community"]
    triggers = post.getlist("screening.triggers") + post.getlist("screening.behaviour_triggers")
    return {
        "assessment_date": post.get("assessment_date", "").strip() or None,
        "in_custody": _yes_no(post.get("in_custody", "")),
        "screening": {
            "triggers": triggers[:60],
            "sentence_months": _number(post.get("screening.sentence_months", "")),
            "full_analysis": _yes_no(post.get("screening.full_analysis", "")),
            "exemption_reason": post.get("screening.exemption_reason", ""),
        },
        "ratings": ratings,
        "summary": {k: post.get(f"summary.{k}", "") for k, _, _ in rosh.SUMMARY_QUESTIONS},
        "formulation": post.get("formulation", ""),
        "judgement_reason": post.get("judgement_reason", ""),
        **{section: _rows(post, section) for section in ROW_SECTIONS},
    }


def blank_rows(post: QueryDict | None, adding: str = "") -> dict[str, int]:
    """How many empty rows to show per section: the ones left empty in the post (at least
    one), and one more in the section whose "Add another" button was pressed."""
    out = {}
    for section, (_, columns) in ROW_SECTIONS.items():
        empty = 0
        if post is not None:
            indexes = {
                m.group(1)
                for key in post
                if (m := re.fullmatch(rf"{section}\.([0-9]{{1,4}})\.\w+", key))
            }
            empty = sum(
                1
                for i in indexes
                if not any(post.get(f"{section}.{i}.{c}", "").strip() for c in columns)
            )
        n = empty + 1 if section == adding else max(empty, 1)
        out[section] = min(n, MAX_BLANK)
    return out


# --- document -> fields ------------------------------------------------------------------


@dataclass
class Row:
    number: int
    ident: str
    fields: list[UiField]
    blank: bool


@dataclass
class AssessmentForm:
    version: UiField
    date: UiField
    offence_triggers: UiField
    behaviour_triggers: UiField
    sentence_months: UiField
    full_analysis: UiField
    exemption_reason: UiField
    in_custody: UiField
    ratings: list[tuple[str, list[UiField]]]
    summary: list[UiField]
    formulation: UiField
    judgement_reason: UiField
    rows: dict[str, list[Row]]
    blanks: dict[str, int]
    all_fields: list[UiField] = field(default_factory=list)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(doc: Mapping[str, Any], key: str) -> str:
    value = doc.get(key)
    return "" if value is None else str(value)


def _choice(value: object) -> str:
    return {True: "yes", False: "no"}.get(value, "") if isinstance(value, bool) else ""


def _radios(name: str, label: str, pairs: list[tuple[str, str]], value: str, **kw: Any) -> UiField:
    f = UiField(name, label, "radios", options=options(pairs), **kw)
    f.choose([value])
    return f


def _checkboxes(name: str, label: str, pairs: list[tuple[str, str]], values: list[str]) -> UiField:
    f = UiField(name, label, "checkboxes", options=options(pairs), small=True)
    f.choose(values)
    return f


def _rating_fields(ratings: Mapping[str, Any]) -> list[tuple[str, list[UiField]]]:
    pairs = [*rosh.RATING_LABELS.items(), ("", "Not rated yet")]
    out = []
    for setting, groups in rosh.RISK_GROUPS.items():
        chosen = _mapping(ratings.get(setting))
        fields = []
        for group, label in groups:
            f = _radios(
                f"ratings.{setting}.{group}",
                f"Risk to {label.lower()} ({rosh.SETTING_LABELS[setting].lower()})",
                pairs,
                str(chosen.get(group) or ""),
                small=True,
            )
            for option in f.options:
                option.hint = rosh.RATING_DEFINITIONS.get(option.value, "")
            fields.append(f)
        out.append((rosh.SETTING_LABELS[setting], fields))
    return out


def _factor_fields(section: str, i: int, row: Mapping[str, Any], what: str) -> list[UiField]:
    n = i + 1
    return [
        UiField(f"{section}.{i}.id", "Identifier", "hidden", value=_text(row, "id")),
        UiField(f"{section}.{i}.text", f"{what} {n}", value=_text(row, "text")),
        UiField(
            f"{section}.{i}.evidence",
            f"{what} {n}: evidence",
            "textarea",
            value=_text(row, "evidence"),
            rows=3,
        ),
        UiField(
            f"{section}.{i}.source_agency",
            f"{what} {n}: source agency",
            value=_text(row, "source_agency"),
            hint="The agency the information came from.",
            width="govuk-!-width-one-half",
        ),
    ]


def _scenario_fields(i: int, row: Mapping[str, Any]) -> list[UiField]:
    n = i + 1
    kind = UiField(
        f"scenarios.{i}.kind",
        f"Scenario {n}: kind",
        "select",
        options=options(list(rosh.SCENARIO_LABELS.items())),
    )
    kind.choose([_text(row, "kind")])
    likelihood = [(v, v.capitalize()) for v in rosh.LIKELIHOODS] + [("", "Not set")]
    imminence = [*rosh.IMMINENCE_LABELS.items(), ("", "Not set")]
    p = f"scenarios.{i}"
    return [
        UiField(f"{p}.id", "Identifier", "hidden", value=_text(row, "id")),
        kind,
        UiField(
            f"{p}.description", f"Scenario {n}: what happens", "textarea", _text(row, "description")
        ),
        UiField(f"{p}.victims", f"Scenario {n}: who would be harmed", value=_text(row, "victims")),
        UiField(f"{p}.harm", f"Scenario {n}: the harm", "textarea", _text(row, "harm"), rows=2),
        _radios(
            f"{p}.likelihood",
            f"Scenario {n}: likelihood",
            likelihood,
            _text(row, "likelihood"),
            inline=True,
            small=True,
        ),
        _radios(
            f"{p}.imminence",
            f"Scenario {n}: imminence",
            imminence,
            _text(row, "imminence"),
            inline=True,
            small=True,
        ),
        UiField(
            f"{p}.warning_signs",
            f"Scenario {n}: warning signs",
            "textarea",
            _text(row, "warning_signs"),
            rows=2,
        ),
    ]


def _section_rows(doc: Mapping[str, Any], section: str, blanks: int) -> list[Row]:
    found = doc.get(section)
    existing: list[Any] = found if isinstance(found, list) else []
    what = {"risk_factors": "Risk factor", "protective_factors": "Protective factor"}
    rows = []
    for i in range(len(existing) + blanks):
        row = existing[i] if i < len(existing) and isinstance(existing[i], Mapping) else {}
        fields = (
            _scenario_fields(i, row)
            if section == "scenarios"
            else _factor_fields(section, i, row, what[section])
        )
        rows.append(Row(i + 1, _text(row, "id"), fields, i >= len(existing)))
    return rows


def build_form(doc: Mapping[str, Any], version: int, blanks: dict[str, int]) -> AssessmentForm:
    screening = _mapping(doc.get("screening"))
    chosen = [str(t) for t in screening.get("triggers") or [] if isinstance(t, str)]
    summary = _mapping(doc.get("summary"))
    ratings = _mapping(doc.get("ratings"))
    behaviour = [(c, label) for c, label in rosh.BEHAVIOUR_TRIGGERS]
    form = AssessmentForm(
        version=UiField("version", "Version", "hidden", value=str(version)),
        date=UiField(
            "assessment_date",
            "Date of the assessment",
            "date",
            _text(doc, "assessment_date"),
            hint="The date the assessment was made; not in the future.",
            width="govuk-input--width-10",
        ),
        offence_triggers=_checkboxes(
            "screening.triggers", "Offences", list(rosh.OFFENCE_TRIGGERS), chosen
        ),
        behaviour_triggers=_checkboxes(
            "screening.behaviour_triggers", "Behaviour and sentence", behaviour, chosen
        ),
        sentence_months=UiField(
            "screening.sentence_months",
            "Length of the current sentence, in months",
            value=_text(screening, "sentence_months"),
            hint=f"Whole months. {rosh.LONG_SENTENCE_MONTHS} months or more is a trigger.",
            width="govuk-input--width-4",
        ),
        full_analysis=_radios(
            "screening.full_analysis",
            "Will you do the full analysis?",
            [
                ("", "As screening says"),
                ("yes", "Yes, do the full analysis"),
                (
                    "no",
                    "No: an exemption (give the reason; a manager must countersign)",
                ),
            ],
            _choice(screening.get("full_analysis")),
            small=True,
        ),
        exemption_reason=UiField(
            "screening.exemption_reason",
            "Reason for not doing the full analysis",
            "textarea",
            _text(screening, "exemption_reason"),
            hint="Only when screening calls for a full analysis and you decide not to do one.",
            rows=3,
        ),
        in_custody=_radios(
            "in_custody",
            "Is the person in custody?",
            [("no", "No"), ("yes", "Yes")],
            _choice(doc.get("in_custody")) or "no",
            inline=True,
            small=True,
            hint=rosh.CUSTODY_RATED_AS,
        ),
        ratings=_rating_fields(ratings),
        summary=[
            UiField(f"summary.{key}", f"{code} {question}", "textarea", _text(summary, key))
            for key, code, question in rosh.SUMMARY_QUESTIONS
        ],
        formulation=UiField(
            "formulation",
            "Formulation",
            "textarea",
            _text(doc, "formulation"),
            hint="Why this person has offended, what drives the risk and what holds it back, "
            "in your own words.",
            rows=6,
        ),
        judgement_reason=UiField(
            "judgement_reason",
            "How the evidence informs your ratings",
            "textarea",
            _text(doc, "judgement_reason"),
            hint="What led you to these ratings, including how any predictor scores shown "
            "beside them were weighed: a predictor describes a group, not this person.",
        ),
        rows={s: _section_rows(doc, s, blanks.get(s, 1)) for s in ROW_SECTIONS},
        blanks=blanks,
    )
    form.all_fields = [
        form.date,
        form.offence_triggers,
        form.behaviour_triggers,
        form.sentence_months,
        form.full_analysis,
        form.exemption_reason,
        form.in_custody,
        *[f for _, fields in form.ratings for f in fields],
        *form.summary,
        form.formulation,
        *[f for s in ROW_SECTIONS for row in form.rows[s] for f in row.fields],
        form.judgement_reason,
    ]
    return form


# --- one repeating item (its own page) ---------------------------------------------------


def item_from_post(post: QueryDict, section: str, index: int) -> dict[str, str] | None:
    """The one item an item page posts (``risk_factors.2.text`` ...), or None when every column
    was left empty."""
    _, columns = ROW_SECTIONS[section]
    row = {c: post.get(f"{section}.{index}.{c}", "") for c in columns}
    if not any(v.strip() for v in row.values()):
        return None
    row["id"] = post.get(f"{section}.{index}.id", "").strip()
    return row


def place_item(
    rows: list[dict[str, Any]], section: str, index: int, item: dict[str, str] | None
) -> list[dict[str, Any]]:
    """The section's rows with ``item`` at ``index`` (a new one at the end, with the next free
    identifier); ``None`` removes the row at ``index``."""
    prefix, _ = ROW_SECTIONS[section]
    out = [dict(r) for r in rows]
    if item is None:
        return [r for i, r in enumerate(out) if i != index]
    if index < len(out):
        out[index] = {**item, "id": item.get("id") or str(out[index].get("id") or "")}
    else:
        out.append(dict(item))
    own = re.compile(rf"{prefix}([0-9]{{1,4}})")
    used = [int(m.group(1)) for r in out if (m := own.fullmatch(str(r.get("id") or "")))]
    for r in out:
        if not r.get("id"):
            r["id"] = f"{prefix}{max(used, default=0) + 1}"
            used.append(max(used, default=0) + 1)
    return out
