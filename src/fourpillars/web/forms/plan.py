"""The plan builder's post read back into the plan document, with repeatable rows that work
without JavaScript (``forms/plan_fields.py`` builds the fields).

Field names are the document's dotted paths (``actions.2.addresses``, ``victims.0.kind``),
so the errors ``save_plan`` names land on the field they name. Nothing is judged here: the
domain reads the document strictly, and the quality rules report findings, not form errors
(an owner agency without access to the case is a finding).
"""

from __future__ import annotations

import re
from typing import Any

from django.http import QueryDict

from fourpillars.domain import plans as plan_rules

MAX_ROWS = 300  # per section; beyond this a post is refused by the domain anyway
MAX_BLANK = 10
ACTION_TEXTS = (
    "text",
    "owner_name",
    "frequency",
    "due",
    "start",
    "end",
    "legal_basis",
    "proportionality",
)
VICTIM_TEXTS = ("kind", "text", "measures")
CONTINGENCY_TEXTS = ("warning_signs", "response", "owner_agency", "within_hours")
DATES = ("plan_date", "period_start", "period_end", "review_date")
INFORMATION_TEXTS = ("agency", "summary")
COMMUNICATED_TEXTS = ("to", "on")
SECTION_LABELS = {
    "actions": "Actions",
    "victims": "Victims",
    "contingencies": "Contingencies",
    "information_considered": "Information considered",
    "information_gaps": "Gaps in the information",
    "communicated": "Who the plan was sent to",
    "pillar_reasons": "Reasons for pillars without actions",
    "findings": "Quality check",
}


# --- POST -> document ------------------------------------------------------------------


def _indexes(post: QueryDict, section: str) -> list[int]:
    pattern = re.compile(rf"{section}\.([0-9]{{1,4}})\.\w+")
    return sorted({int(m.group(1)) for key in post if (m := pattern.fullmatch(key))})[:MAX_ROWS]


def _value(post: QueryDict, key: str) -> str:
    return post.get(key, "").strip()


def _or_none(raw: str) -> str | None:
    return raw or None


def _hours(raw: str) -> int | str | None:
    """A whole number of hours as a number; anything else as typed, for the domain to name."""
    if not raw:
        return None
    return int(raw) if re.fullmatch(r"[0-9]{1,6}", raw) else raw


def _ids(rows: list[dict[str, Any]], prefix: str) -> None:
    """New rows get the next free identifier so they never collide with kept ones."""
    own = re.compile(rf"{prefix}([0-9]{{1,4}})")
    used = [int(m.group(1)) for r in rows if (m := own.fullmatch(str(r.get("id") or "")))]
    following = max(used, default=0) + 1
    for row in rows:
        if not row.get("id"):
            row["id"] = f"{prefix}{following}"
            following += 1


def _action_blank(post: QueryDict, p: str) -> bool:
    """Nothing typed or chosen (the pillar and the owner agency are only defaults)."""
    return not (
        any(_value(post, f"{p}.{c}") for c in ACTION_TEXTS)
        or post.getlist(f"{p}.addresses")
        or post.getlist(f"{p}.protects")
        or post.get(f"{p}.restrictive")
    )


def _action_rows(post: QueryDict) -> list[dict[str, Any]]:
    rows = []
    for i in _indexes(post, "actions"):
        p = f"actions.{i}"
        if post.get(f"{p}.remove") or _action_blank(post, p):
            continue
        rows.append(
            {
                "id": _value(post, f"{p}.id"),
                "pillar": _value(post, f"{p}.pillar"),
                "text": _value(post, f"{p}.text"),
                "owner_agency": _or_none(_value(post, f"{p}.owner_agency")),
                "owner_name": _value(post, f"{p}.owner_name"),
                "frequency": _or_none(_value(post, f"{p}.frequency")),
                "due": _or_none(_value(post, f"{p}.due")),
                "start": _or_none(_value(post, f"{p}.start")),
                "end": _or_none(_value(post, f"{p}.end")),
                "restrictive": bool(post.get(f"{p}.restrictive")),
                "legal_basis": _value(post, f"{p}.legal_basis"),
                "proportionality": _value(post, f"{p}.proportionality"),
                "addresses": post.getlist(f"{p}.addresses")[:MAX_ROWS],
                "protects": post.getlist(f"{p}.protects")[:MAX_ROWS],
            }
        )
    _ids(rows, "a")
    return rows


def _victim_rows(post: QueryDict) -> list[dict[str, Any]]:
    rows = []
    for i in _indexes(post, "victims"):
        p = f"victims.{i}"
        texts = {c: _value(post, f"{p}.{c}") for c in VICTIM_TEXTS}
        if post.get(f"{p}.remove") or not any(texts.values()):
            continue
        rows.append({"id": _value(post, f"{p}.id"), **texts})
    _ids(rows, "v")
    return rows


def _contingency_rows(post: QueryDict) -> list[dict[str, Any]]:
    rows = []
    for i in _indexes(post, "contingencies"):
        p = f"contingencies.{i}"
        texts = {c: _value(post, f"{p}.{c}") for c in CONTINGENCY_TEXTS}
        if post.get(f"{p}.remove") or not any(texts.values()):
            continue
        rows.append(
            {
                "scenario": _value(post, f"{p}.scenario"),
                "warning_signs": texts["warning_signs"],
                "response": texts["response"],
                "owner_agency": _or_none(texts["owner_agency"]),
                "within_hours": _hours(texts["within_hours"]),
            }
        )
    return rows


def _simple_rows(post: QueryDict, section: str, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of a few texts (information considered; who received the plan); empty ones and
    those marked for removal are left out."""
    rows = []
    for i in _indexes(post, section):
        p = f"{section}.{i}"
        texts = {c: _value(post, f"{p}.{c}") for c in names}
        if post.get(f"{p}.remove") or not any(texts.values()):
            continue
        rows.append({c: _or_none(v) for c, v in texts.items()})
    return rows


def document_from_post(post: QueryDict) -> dict[str, Any]:
    """The editable part of the plan as the form posted it (the shape ``save_plan`` takes)."""
    information = _simple_rows(post, "information_considered", INFORMATION_TEXTS)
    for row in information:
        row["summary"] = row["summary"] or ""
    return {
        **{d: _or_none(_value(post, d)) for d in DATES},
        "pillar_reasons": {
            p: _or_none(_value(post, f"pillar_reasons.{p}")) for p in plan_rules.PILLARS
        },
        "victims": _victim_rows(post),
        "contingencies": _contingency_rows(post),
        "actions": _action_rows(post),
        "information_considered": information,
        "information_gaps": _or_none(_value(post, "information_gaps")),
        "communicated": _simple_rows(post, "communicated", COMMUNICATED_TEXTS),
    }


def blank_rows(post: QueryDict | None, adding: str = "") -> dict[str, int]:
    """How many empty rows to show: per pillar for actions (``actions:<pillar>``), and for
    victims and contingencies; the ones left empty in the post and one more where "Add
    another" was pressed."""
    out: dict[str, int] = {f"actions:{p}": 0 for p in plan_rules.PILLARS}
    out.update({"victims": 0, "contingencies": 0, "information_considered": 0, "communicated": 0})
    if post is not None:
        for i in _indexes(post, "actions"):
            p = f"actions.{i}"
            key = f"actions:{_value(post, f'{p}.pillar')}"
            if key in out and not post.get(f"{p}.remove") and _action_blank(post, p):
                out[key] += 1
        for i in _indexes(post, "victims"):
            p = f"victims.{i}"
            if not post.get(f"{p}.remove") and not any(
                _value(post, f"{p}.{c}") for c in VICTIM_TEXTS
            ):
                out["victims"] += 1
        for i in _indexes(post, "contingencies"):
            p = f"contingencies.{i}"
            texts = [_value(post, f"{p}.{c}") for c in CONTINGENCY_TEXTS]
            if not post.get(f"{p}.remove") and not any(texts) and not _value(post, f"{p}.scenario"):
                out["contingencies"] += 1  # per-scenario rows come back by themselves
        for section, names in (
            ("information_considered", INFORMATION_TEXTS),
            ("communicated", COMMUNICATED_TEXTS),
        ):
            for i in _indexes(post, section):
                p = f"{section}.{i}"
                if not post.get(f"{p}.remove") and not any(_value(post, f"{p}.{c}") for c in names):
                    out[section] += 1
    if adding in out:
        out[adding] += 1
    return {k: min(v, MAX_BLANK) for k, v in out.items()}


# --- one repeating item (its own page) ---------------------------------------------------

ITEM_PREFIXES = {"actions": "a", "victims": "v", "contingencies": ""}


def item_from_post(post: QueryDict, section: str) -> dict[str, Any] | None:
    """The one action, victim or contingency an item page posts, or None when nothing was
    typed."""
    read = {
        "actions": _action_rows,
        "victims": _victim_rows,
        "contingencies": _contingency_rows,
    }[section]
    rows = read(post)
    return rows[0] if rows else None


def next_ident(rows: list[dict[str, Any]], section: str) -> str:
    """The identifier a new item gets (a5, v2): one more than the highest used."""
    prefix = ITEM_PREFIXES[section]
    if not prefix:
        return ""
    own = re.compile(rf"{prefix}([0-9]{{1,4}})")
    used = [int(m.group(1)) for r in rows if (m := own.fullmatch(str(r.get("id") or "")))]
    return f"{prefix}{max(used, default=0) + 1}"


def place_item(
    rows: list[dict[str, Any]], index: int, item: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The rows with ``item`` at ``index`` (a new one at the end); None removes that row."""
    out = [dict(r) for r in rows]
    if item is None:
        return [r for i, r in enumerate(out) if i != index]
    if index < len(out):
        out[index] = item
    else:
        out.append(item)
    return out
