"""Form fields built from data (RoSH assessments, instruments) rather than Django forms.

The RoSH form and the instrument forms are shaped by domain data (risk groups, summary
questions, an instrument's items), and every check lives in the domain, which names fields by
dotted path (``summary.who_at_risk``, ``items.hostility.rating``). These small classes carry
what a GOV.UK form group needs (id, label, hint, value, error) so one template renders them,
and map the domain's field paths to element ids for the error summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from fourpillars.domain.errors import FieldError
from fourpillars.web.errors import SummaryItem

from .dates import HINT as DATE_HINT
from .dates import Box, DateParts, date_boxes, first_box, parse_carried
from .messages import Kind, govuk_message

CHOICE_KINDS = {"radios", "select", "checkboxes"}

TOP = "main-content"


def dom_id(path: str) -> str:
    """The element id of a dotted field path (ids with dots are awkward in CSS selectors)."""
    return path.replace(".", "-")


@dataclass
class Option:
    value: str
    label: str
    hint: str = ""
    checked: bool = False
    id: str = ""


@dataclass
class UiField:
    """One GOV.UK form group. ``kind``: text, date, number, textarea, radios, checkboxes,
    select or hidden. For radios and checkboxes the first option's id is the field id, so an
    error summary link lands on it."""

    name: str
    label: str
    kind: str = "text"
    value: str = ""
    options: list[Option] = field(default_factory=list)
    hint: str = ""
    source: str = ""  # where a pre-filled value came from
    error: str = ""
    width: str = ""  # a GOV.UK width class for inputs
    inline: bool = False  # radios side by side
    small: bool = False  # small legend / label
    rows: int = 4
    htmx_live: bool = False

    @property
    def id(self) -> str:
        return dom_id(self.name)

    @property
    def described_by(self) -> str:
        parts = []
        if self.hint or self.source:
            parts.append(f"{self.id}-hint")
        if self.error:
            parts.append(f"{self.id}-error")
        return " ".join(parts)

    @property
    def date_boxes(self) -> list[Box]:
        """A date's day, month and year boxes (``<name>-day`` ...), showing what was typed."""
        return date_boxes(self.id, self.name, DateParts.of(self.value), self.label, self.error)

    @property
    def date_hint(self) -> str:
        return " ".join(t for t in (self.hint, DATE_HINT) if t)

    @property
    def legend_class(self) -> str:
        return "" if self.small else "govuk-fieldset__legend--s"

    @property
    def anchor(self) -> str:
        """Where an error summary link lands: a date's first wrong box, else the field."""
        return first_box(self.date_boxes) if self.kind == "date" else self.id

    def choose(self, values: Iterable[str]) -> None:
        """Mark the options whose value is in ``values`` and number their ids."""
        wanted = set(values)
        for i, option in enumerate(self.options):
            option.id = self.id if i == 0 else f"{self.id}-{i + 1}"
            option.checked = option.value in wanted


def options(pairs: Sequence[tuple[str, str]], hints: dict[str, str] | None = None) -> list[Option]:
    hints = hints or {}
    return [Option(str(v), str(label), hints.get(str(v), "")) for v, label in pairs]


@dataclass
class Problems:
    """Domain field errors attached to the fields they name, and the error summary."""

    summary: list[SummaryItem] = field(default_factory=list)
    general: list[str] = field(default_factory=list)  # errors no field on the page can show


def attach_errors(
    errors: Sequence[FieldError],
    fields: Sequence[UiField],
    section_labels: dict[str, str] | None = None,
) -> Problems:
    """Put each error on the field it names (or the first field under the path it names) and
    list it in the summary, in page order; an error no field can show goes to the top."""
    fields = [f for f in fields if f.kind != "hidden"]
    by_id = {f.id: f for f in fields}
    order = {f.id: i for i, f in enumerate(fields)}
    section_labels = section_labels or {}
    found: list[tuple[int, SummaryItem]] = []
    problems = Problems()
    for err in errors:
        path = err.field.lstrip(".")
        target = _field_for(path, fields, by_id)
        label = section_labels.get(path) or (target.label if target else path.replace("_", " "))
        text = _message(err, path, label, target)
        if target is None:
            problems.general.append(text)
            found.append((-1, SummaryItem(f"#{TOP}", text)))
            continue
        target.error = f"{target.error} {text}".strip() if target.error else text
        found.append((order[target.id], SummaryItem(f"#{target.anchor}", text)))
    problems.summary = [item for _, item in sorted(found, key=lambda pair: pair[0])]
    return problems


def _message(err: FieldError, path: str, label: str, target: UiField | None) -> str:
    """The GOV.UK wording of a domain error; a date the user typed that is not a real date
    gets the date input's own message ("... must be a real date")."""
    if target is not None and target.kind == "date" and target.value and target.id == dom_id(path):
        parsed = parse_carried(target.label, target.value)
        if parsed.error:
            return parsed.error
    kind: Kind = "choice" if target and target.kind in CHOICE_KINDS else "text"
    return govuk_message(path, label, err.message, kind=kind)


def _field_for(path: str, fields: Sequence[UiField], by_id: dict[str, UiField]) -> UiField | None:
    """The field a path names, else the first field under it, else under its parent path."""
    while path:
        wanted = dom_id(path)
        found = by_id.get(wanted) or next(
            (f for f in fields if f.id.startswith(wanted + "-")), None
        )
        if found is not None:
            return found
        path = path.rpartition(".")[0]
    return None
