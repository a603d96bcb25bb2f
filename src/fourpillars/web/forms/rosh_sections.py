"""The RoSH draft as a task list: its sections, the part of the document each one posts, the
fields it shows, its status, its saved items as summary cards, and the check answers page.

A section's status comes from the document and from ``domain.rosh.submission_problems`` (the
problems whose field path falls in the section): nothing entered is "Not yet started", entered
with a problem left is "In progress", entered with none is "Completed". How the evidence informs
the ratings cannot start before the ratings are complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from fourpillars.domain import rosh

from .rosh import ROW_SECTIONS, AssessmentForm
from .tasklist import Answers, Card, Row, Status, Task, filled, status_of
from .ui import UiField


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    keys: tuple[str, ...]  # the document keys the section's page posts
    hint: str = ""
    item: str = ""  # repeating items: what one is called ("risk factor")

    @property
    def rows(self) -> bool:
        return bool(self.item)


SECTIONS = (
    Section(
        "screening",
        "Date, custody and screening",
        ("assessment_date", "in_custody", "screening"),
        "Including whether the full analysis is done, and the reason if not.",
    ),
    Section("ratings", "Ratings in the community and in custody", ("ratings",)),
    Section("summary", "Summary questions and formulation", ("summary", "formulation")),
    Section("risk_factors", "Risk factors", ("risk_factors",), item="risk factor"),
    Section(
        "protective_factors",
        "Protective factors",
        ("protective_factors",),
        "Optional.",
        item="protective factor",
    ),
    Section("scenarios", "Scenarios", ("scenarios",), item="scenario"),
    Section("instruments", "Instruments", (), "Optional: predictors and structured tools."),
    Section("judgement", "How the evidence informs the ratings", ("judgement_reason",)),
)
BY_SLUG = {s.slug: s for s in SECTIONS}
KEY_SECTION = {key: s.slug for s in SECTIONS for key in s.keys}


def section_of(field_path: str) -> str:
    return KEY_SECTION.get(field_path.partition(".")[0], "")


def part(doc: Mapping[str, Any], section: Section) -> dict[str, Any]:
    """The part of a document a section posts (the shape ``save_draft`` merges)."""
    return {key: doc.get(key) for key in section.keys}


def section_fields(form: AssessmentForm, slug: str) -> list[UiField]:
    """The fields a section's page shows, in page order."""
    if slug == "screening":
        return [
            form.date,
            form.in_custody,
            form.offence_triggers,
            form.behaviour_triggers,
            form.sentence_months,
            form.full_analysis,
            form.exemption_reason,
        ]
    if slug == "ratings":
        return [f for _, fields in form.ratings for f in fields]
    if slug == "summary":
        return [*form.summary, form.formulation]
    if slug == "judgement":
        return [form.judgement_reason]
    return []


def tasks(
    assessment_id: int, doc: Mapping[str, Any], problems: Sequence[tuple[str, str]], results: int
) -> list[Task]:
    """Every section with its status and its page."""
    counts: dict[str, int] = {}
    for path, _ in problems:
        slug = section_of(path)
        counts[slug] = counts.get(slug, 0) + 1
    statuses: dict[str, Status] = {}
    for s in SECTIONS:
        if s.slug == "instruments":
            statuses[s.slug] = Status.COMPLETED if results else Status.NOT_STARTED
            continue
        started = any(filled(doc.get(k)) for k in s.keys)
        if s.slug == "screening":  # triggers from the register are filled in at the start
            screening = doc.get("screening") or {}
            started = filled(
                [doc.get("assessment_date"), doc.get("in_custody")]
                + [v for k, v in screening.items() if k != "triggers"]
            )
        statuses[s.slug] = status_of(started, counts.get(s.slug, 0))
    if statuses["ratings"] != Status.COMPLETED and statuses["judgement"] == Status.NOT_STARTED:
        statuses["judgement"] = Status.CANNOT_START
    return [
        Task(s.slug, s.title, section_url(assessment_id, s.slug), statuses[s.slug], s.hint)
        for s in SECTIONS
    ]


def old_anchors(assessment_id: int) -> dict[str, str]:
    """Where the anchors of the former one-page form now are (``#scenarios``,
    ``#section-ratings``, ``#summary-nature`` ...): the first part of the anchor names the
    section page, which the task list opens."""
    out = {s.slug: section_url(assessment_id, s.slug) for s in SECTIONS}
    out.update({key: section_url(assessment_id, slug) for key, slug in KEY_SECTION.items()})
    return out


def section_url(assessment_id: int, slug: str) -> str:
    if slug == "instruments":
        return reverse("assessment-instruments", args=[assessment_id])
    return reverse("assessment-section", args=[assessment_id, slug])


def item_url(assessment_id: int, slug: str, index: int, remove: bool = False) -> str:
    name = "assessment-item-remove" if remove else "assessment-item"
    return reverse(name, args=[assessment_id, slug, index])


# --- saved items as cards ----------------------------------------------------------------


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _factor_rows(row: Mapping[str, Any]) -> list[Row]:
    return [
        Row("Evidence", _text(row, "evidence") or "Not given"),
        Row("Source agency", _text(row, "source_agency") or "Not given"),
    ]


def _scenario_rows(row: Mapping[str, Any]) -> list[Row]:
    likelihood = _text(row, "likelihood")
    return [
        Row("What happens", _text(row, "description") or "Not described"),
        Row("Who would be harmed", _text(row, "victims") or "Not given"),
        Row("The harm", _text(row, "harm") or "Not given"),
        Row("Likelihood", likelihood.capitalize() if likelihood else "Not set"),
        Row(
            "Imminence",
            rosh.IMMINENCE_LABELS.get(_text(row, "imminence"), "") or "Not set",
        ),
        Row("Warning signs", _text(row, "warning_signs") or "Not given"),
    ]


def _title(slug: str, row: Mapping[str, Any]) -> str:
    if slug == "scenarios":
        kind = rosh.SCENARIO_LABELS.get(_text(row, "kind"), "Scenario")
        description = _text(row, "description")
        return f"{kind}: {description[:80]}" if description else kind
    return _text(row, "text")[:120] or "No text"


def cards(
    assessment_id: int, doc: Mapping[str, Any], slug: str, *, links: bool = True
) -> list[Card]:
    """The section's saved items, by their text first, the identifier in small print."""
    section = BY_SLUG[slug]
    found = doc.get(slug)
    rows: list[Any] = found if isinstance(found, list) else []
    make: Callable[[Mapping[str, Any]], list[Row]] = (
        _scenario_rows if slug == "scenarios" else _factor_rows
    )
    out = []
    for i, row in enumerate(r for r in rows if isinstance(r, Mapping)):
        ident = _text(row, "id")
        out.append(
            Card(
                title=_title(slug, row),
                ref=ident,
                anchor=f"{slug}-{i}",
                rows=make(row),
                change=item_url(assessment_id, slug, i) if links else "",
                remove=item_url(assessment_id, slug, i, remove=True) if links else "",
                what=f"{section.item} {ident}".strip(),
            )
        )
    return out


# --- check your answers ------------------------------------------------------------------


def _yes_no(value: object, yes: str, no: str, unset: str) -> str:
    return yes if value is True else no if value is False else unset


def answers(
    assessment_id: int,
    doc: Mapping[str, Any],
    *,
    screening_reasons: Sequence[str],
    results: Sequence[str],
    countersignature: Sequence[str],
) -> list[Answers]:
    """Every section of the draft as summary lists, each with its Change link."""

    def url(slug: str) -> str:
        return section_url(assessment_id, slug)

    screening = doc.get("screening") or {}
    triggers = [rosh.TRIGGER_LABELS.get(t, t) for t in screening.get("triggers") or []]
    months = screening.get("sentence_months")
    out = [
        Answers(
            "screening",
            BY_SLUG["screening"].title,
            url("screening"),
            [
                Row("Date of the assessment", _date(doc.get("assessment_date")), url("screening")),
                Row(
                    "In custody",
                    _yes_no(doc.get("in_custody"), "Yes", "No", "Not answered"),
                    url("screening"),
                ),
                Row("Screening triggers", "\n".join(triggers) or "None", url("screening")),
                Row(
                    "Length of the current sentence",
                    f"{months} months" if months is not None else "Not given",
                    url("screening"),
                ),
                Row(
                    "Screening result",
                    "A full analysis is called for, because:\n" + "\n".join(screening_reasons)
                    if screening_reasons
                    else "A full analysis is not required",
                    url("screening"),
                ),
                Row(
                    "Full analysis",
                    _yes_no(
                        screening.get("full_analysis"),
                        "Yes, the full analysis is done",
                        "No: an exemption",
                        "As screening says",
                    ),
                    url("screening"),
                ),
            ],
        )
    ]
    if screening.get("full_analysis") is False or screening.get("exemption_reason"):
        out[0].rows.append(
            Row(
                "Reason for not doing the full analysis",
                str(screening.get("exemption_reason") or "Not given"),
                url("screening"),
            )
        )
    out.append(Answers("ratings", BY_SLUG["ratings"].title, url("ratings"), _ratings(doc, url)))
    summary = doc.get("summary") or {}
    out.append(
        Answers(
            "summary",
            BY_SLUG["summary"].title,
            url("summary"),
            [
                *[
                    Row(
                        f"{code} {question}",
                        str(summary.get(key) or "Not answered"),
                        url("summary"),
                    )
                    for key, code, question in rosh.SUMMARY_QUESTIONS
                ],
                Row("Formulation", str(doc.get("formulation") or "Not written"), url("summary")),
            ],
        )
    )
    for slug in ROW_SECTIONS:
        s = BY_SLUG[slug]
        out.append(
            Answers(
                slug,
                s.title,
                url(slug),
                cards=cards(assessment_id, doc, slug, links=False),
                empty=f"No {s.item}s.",
            )
        )
    out.append(
        Answers(
            "instruments",
            "Instruments",
            url("instruments"),
            [Row("Result", r, url("instruments")) for r in results],
            empty="No instrument scored.",
        )
    )
    out.append(
        Answers(
            "judgement",
            BY_SLUG["judgement"].title,
            url("judgement"),
            [
                Row(
                    "How the evidence informs the ratings",
                    str(doc.get("judgement_reason") or "Not written"),
                    url("judgement"),
                ),
                Row(
                    "Countersignature",
                    "A manager must countersign, because:\n" + "\n".join(countersignature)
                    if countersignature
                    else "Not needed: it comes into force when submitted",
                ),
            ],
        )
    )
    return out


def _date(raw: object) -> str:
    try:
        return dt.date.fromisoformat(str(raw)).strftime("%-d %B %Y")
    except ValueError:
        return "Not given"


def _ratings(doc: Mapping[str, Any], url: Callable[[str], str]) -> list[Row]:
    ratings = doc.get("ratings") or {}
    rows = []
    for setting, groups in rosh.RISK_GROUPS.items():
        chosen = ratings.get(setting) or {}
        if setting == "custody" and not doc.get("in_custody") and not filled(chosen):
            continue
        where = rosh.SETTING_LABELS[setting].lower()
        for group, label in groups:
            value = rosh.RATING_LABELS.get(str(chosen.get(group) or ""), "Not rated yet")
            rows.append(Row(f"Risk to {label.lower()} ({where})", value, url("ratings")))
        rated = [str(v) for v in chosen.values() if v in rosh.RATING_ORDER]
        if rated:
            top = max(rated, key=lambda r: rosh.RATING_ORDER[r])
            rows.append(Row(f"Overall rating {where}", rosh.RATING_LABELS[top], url("ratings")))
    return rows
