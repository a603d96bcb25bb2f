"""Meeting quality: the MAPPA meeting audit form (the 2012 guidance's MAPPA L [C]).

Each item is graded 4 Excellent, 3 Satisfactory, 2 Unsatisfactory, 1 Poor; referral
timeliness has its own scale. Versioned data: a grade keeps the form version it was given on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import Collector
from ..text import LONG_TEXT_MAX, clean_text

SCALE: dict[int, str] = {4: "Excellent", 3: "Satisfactory", 2: "Unsatisfactory", 1: "Poor"}
TIMELINESS: dict[int, str] = {
    4: "Very timely",
    3: "Should have been more than a week earlier",
    2: "Should have been more than a month earlier",
    1: "Should have been more than three months earlier",
}


@dataclass(frozen=True)
class AuditItem:
    slug: str
    text: str
    scale: Mapping[int, str]


@dataclass(frozen=True)
class AuditForm:
    version: str
    items: tuple[AuditItem, ...]

    def slugs(self) -> list[str]:
        return [i.slug for i in self.items]


AUDIT_FORM = AuditForm(
    version="mappa-l-2012.1",
    items=(
        AuditItem("clear_concise", "Minutes are clear and concise", SCALE),
        AuditItem("category", "MAPPA category identified", SCALE),
        AuditItem("level", "MAPPA level recorded", SCALE),
        AuditItem("lead_plan", "Lead agency's initial risk management plan", SCALE),
        AuditItem("agenda", "Agenda followed", SCALE),
        AuditItem("information", "Information exchanged and considered", SCALE),
        AuditItem("diversity", "Diversity considered", SCALE),
        AuditItem("risk", "Risk properly addressed", SCALE),
        AuditItem("disclosure", "Disclosure considered", SCALE),
        AuditItem("timeliness", "Timeliness of the referral", TIMELINESS),
    ),
)
AUDIT_FORMS = {AUDIT_FORM.version: AUDIT_FORM}


@dataclass(frozen=True)
class Grades:
    scores: dict[str, int]
    note: str


def clean_grades(raw: Mapping[str, object], form: AuditForm = AUDIT_FORM) -> Grades:
    """Every item graded with a whole number 1 to 4; unknown items refused."""
    errors = Collector()
    scores_in = raw.get("scores")
    scores: dict[str, int] = {}
    if not isinstance(scores_in, Mapping):
        errors.add("scores", "must be an object of item: grade 1 to 4")
        scores_in = {}
    for key in scores_in:
        if key not in form.slugs():
            errors.add(f"scores.{str(key)[:30]}", "is not an item of the audit form")
    for item in form.items:
        value = scores_in.get(item.slug)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value not in item.scale:
            errors.add(f"scores.{item.slug}", "choose a grade from 1 to 4")
            continue
        scores[item.slug] = value
    note = clean_text(raw.get("note"), "note", errors, max_length=LONG_TEXT_MAX, multiline=True)
    errors.raise_if_any()
    return Grades(scores, note)


def average(scores: Iterable[int]) -> float | None:
    """The mean grade, to one decimal place (None with no grades)."""
    values = list(scores)
    return round(sum(values) / len(values), 1) if values else None


@dataclass(frozen=True)
class RollUp:
    """Grades for one group (an area, a chair): meetings graded, the mean, the mean per item."""

    key: str
    label: str
    meetings: int
    mean: float | None
    per_item: dict[str, float | None]


def roll_up(
    rows: Iterable[tuple[str, str, Mapping[str, int]]], form: AuditForm = AUDIT_FORM
) -> list[RollUp]:
    """Group (key, label, scores) rows, one per graded meeting, into a roll-up per key."""
    groups: dict[str, tuple[str, list[Mapping[str, int]]]] = {}
    for key, label, scores in rows:
        groups.setdefault(key, (label, []))[1].append(scores)
    out = []
    for key, (label, graded) in sorted(groups.items(), key=lambda kv: kv[1][0]):
        per_item = {i.slug: average(g[i.slug] for g in graded if i.slug in g) for i in form.items}
        out.append(
            RollUp(
                key, label, len(graded), average(v for g in graded for v in g.values()), per_item
            )
        )
    return out
