"""The inputs of each instrument as form specifications, read from its definition.

Flat items become one input each, named by the path the scorer reads; DASH questions go under
``answers``; each item of a structured professional judgement guide becomes a rating, its
evidence and its flags under ``items.<code>``. Inputs a scorer reads that its definition does
not list as items (an assessment date, a final judgement) are declared in ``EXTRAS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fourpillars.domain.instruments.base import Definition, Item, Kind
from fourpillars.domain.instruments.firearms_data import SentenceKind


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
        choices=tuple(SentenceKind.choices()),
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


CONFIDENCE_TAG = re.compile(r"\s*\[(?:C|M|U|M/U)\]")


def _choices(item: Item) -> tuple[tuple[tuple[str, str], ...], bool]:
    """(value, label) per answer; labels read from a help text that spells each one out
    ("0 = violence; 1 = robbery" or "code: Label; ..."), in which case the hint is spent."""
    spelt = {
        k: CONFIDENCE_TAG.sub("", v).strip().rstrip(".")  # the tag is in the About details
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
