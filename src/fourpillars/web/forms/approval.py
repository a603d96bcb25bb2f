"""The approval form: a reason for each warning, a note for each of Kemshall's defensibility
criteria, the rationale, the options considered and any dissent ([KEMSHALL-DD]; decision 0012).

Field names are the paths ``services.plans.approve`` names in its errors
(``acknowledgements.0.reason``, ``defensibility.reasonable_steps``, ``dissent.1.who``).
Warnings are matched to reasons by their code and identifiers, so a reason stays with its
warning when the list of warnings changes between showing the form and posting it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from fourpillars.domain import decisions

from .ui import UiField

MAX_ROWS = 50
MAX_BLANK = 10
Key = tuple[str, tuple[str, ...]]


def key_of(code: str, refs: Sequence[str]) -> Key:
    return (code, tuple(sorted(refs)))


def _indexes(post: QueryDict, section: str) -> list[int]:
    pattern = re.compile(rf"{section}\.([0-9]{{1,4}})(\.\w+)?")
    return sorted({int(m.group(1)) for k in post if (m := pattern.fullmatch(k))})[:MAX_ROWS]


def rows_from_post(post: QueryDict, section: str, columns: Sequence[str]) -> list[dict[str, str]]:
    """Repeatable rows in page order, blank ones left out (a row of one column posts
    ``section.N``, others ``section.N.column``)."""
    out = []
    for i in _indexes(post, section):
        if columns:
            row = {c: post.get(f"{section}.{i}.{c}", "").strip() for c in columns}
        else:
            row = {"": post.get(f"{section}.{i}", "").strip()}
        if any(row.values()):
            out.append(row)
    return out


def blank_count(post: QueryDict | None, section: str, columns: Sequence[str], add: bool) -> int:
    """Empty rows to show: those left empty in the post (at least one), one more on "Add"."""
    empty = 0
    if post is not None:
        for i in _indexes(post, section):
            names = [f"{section}.{i}.{c}" for c in columns] if columns else [f"{section}.{i}"]
            empty += not any(post.get(n, "").strip() for n in names)
    return min(max(empty, 1) + (1 if add else 0), MAX_BLANK)


def approval_from_post(post: QueryDict) -> dict[str, Any]:
    """What ``approve`` takes, as posted."""
    acks = []
    for i in _indexes(post, "acknowledgements"):
        p = f"acknowledgements.{i}"
        acks.append(
            {
                "code": post.get(f"{p}.code", ""),
                "refs": post.get(f"{p}.refs", "").split()[:200],
                "reason": post.get(f"{p}.reason", ""),
            }
        )
    return {
        "acknowledgements": acks,
        "defensibility": {
            code: post.get(f"defensibility.{code}", "")
            for code, _ in decisions.DEFENSIBILITY_CRITERIA
        },
        "rationale": post.get("rationale", ""),
        "options": [r[""] for r in rows_from_post(post, "options", ())],
        "dissent": rows_from_post(post, "dissent", ("who", "reason")),
    }


@dataclass
class WarningRow:
    finding: Any  # a FindingView
    code: UiField
    refs: UiField
    reason: UiField


@dataclass
class ApprovalForm:
    version: UiField
    warnings: list[WarningRow]
    defensibility: list[UiField]
    rationale: UiField
    options: list[UiField]
    dissent: list[tuple[UiField, UiField]]
    all_fields: list[UiField] = field(default_factory=list)


def option_fields(values: Sequence[str], blanks: int, name: str = "options") -> list[UiField]:
    return [
        UiField(f"{name}.{i}", f"Option {i + 1} considered", value=v)
        for i, v in enumerate([*values, *[""] * blanks])
    ]


def dissent_fields(rows: Sequence[Mapping[str, str]], blanks: int) -> list[tuple[UiField, UiField]]:
    out = []
    for i, row in enumerate([*rows, *[{}] * blanks]):
        out.append(
            (
                UiField(
                    f"dissent.{i}.who",
                    f"Dissent {i + 1}: who",
                    value=row.get("who", ""),
                    hint="A person, or an agency.",
                    width="govuk-!-width-two-thirds",
                ),
                UiField(
                    f"dissent.{i}.reason",
                    f"Dissent {i + 1}: why they disagree",
                    "textarea",
                    row.get("reason", ""),
                    rows=2,
                ),
            )
        )
    return out


def build_approval(
    warnings: Sequence[Any], data: Mapping[str, Any], version: int, blanks: Mapping[str, int]
) -> ApprovalForm:
    given = {
        key_of(str(a.get("code")), [str(r) for r in a.get("refs") or []]): str(a.get("reason"))
        for a in data.get("acknowledgements") or []
    }
    rows = []
    for i, w in enumerate(warnings):
        refs = [r.ident for r in w.refs]
        named = ", ".join(r.label for r in w.refs)
        p = f"acknowledgements.{i}"
        rows.append(
            WarningRow(
                w,
                UiField(f"{p}.code", "Code", "hidden", value=w.code),
                UiField(f"{p}.refs", "Identifiers", "hidden", value=" ".join(refs)),
                UiField(
                    f"{p}.reason",
                    f"Why this warning is accepted: {w.title}{' (' + named + ')' if named else ''}",
                    "textarea",
                    given.get(key_of(w.code, refs), ""),
                    hint=w.message,
                    rows=2,
                ),
            )
        )
    notes = data.get("defensibility") or {}
    form = ApprovalForm(
        version=UiField("version", "Version", "hidden", value=str(version)),
        warnings=rows,
        defensibility=[
            UiField(f"defensibility.{code}", label, "textarea", str(notes.get(code) or ""), rows=2)
            for code, label in decisions.DEFENSIBILITY_CRITERIA
        ],
        rationale=UiField(
            "rationale",
            "Why this plan is the right one",
            "textarea",
            str(data.get("rationale") or ""),
            hint="The reasoning a reviewer, a court or an inspector would need.",
        ),
        options=option_fields(list(data.get("options") or []), blanks.get("options", 1)),
        dissent=dissent_fields(list(data.get("dissent") or []), blanks.get("dissent", 1)),
    )
    form.all_fields = [
        *[r.reason for r in rows],
        *form.defensibility,
        form.rationale,
        *form.options,
        *[f for pair in form.dissent for f in pair],
    ]
    return form
