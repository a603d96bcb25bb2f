"""Labels and tag colours for risk management plans and decisions (plain strings, never
marked safe: templates escape them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from fourpillars.domain import decisions, rosh
from fourpillars.domain import plans as plan_rules
from fourpillars.web import plain

register = template.Library()

PLAN_STATUS_TAGS: dict[str, str] = {
    plan_rules.PlanStatus.DRAFT: "govuk-tag--grey",
    plan_rules.PlanStatus.ACTIVE: "govuk-tag--green",
    plan_rules.PlanStatus.SUPERSEDED: "govuk-tag--grey",
}
PLAN_STATUS_LABELS = plan_rules.PlanStatus.labels()
ACTION_STATUS_TAGS: dict[str, str] = {
    plan_rules.ActionStatus.PLANNED: "govuk-tag--blue",
    plan_rules.ActionStatus.IN_PROGRESS: "govuk-tag--yellow",
    plan_rules.ActionStatus.DONE: "govuk-tag--green",
    plan_rules.ActionStatus.NOT_DONE: "govuk-tag--red",
}
FIELD_LABELS = {
    "period_start": "Period from",
    "period_end": "Period to",
    "plan_date": "Date of the plan",
    "review_date": "Review date",
    "pillar_reasons": "Reasons for pillars without actions",
    "victims": "Victims",
    "contingencies": "Contingencies",
    "information_considered": "Information considered",
    "information_gaps": "Gaps in the information",
    "communicated": "Who the plan was sent to",
    "agency": "Agency",
    "summary": "What it showed",
    "to": "Sent to",
    "on": "Date sent",
    "pillar": "Pillar",
    "text": "What will be done",
    "owner_agency": "Owner agency",
    "owner_name": "Named owner",
    "frequency": "Frequency",
    "due": "Due date",
    "start": "Start",
    "end": "End",
    "restrictive": "Restrictive",
    "legal_basis": "Legal basis",
    "proportionality": "Proportionality",
    "addresses": "Addresses",
    "protects": "Protects",
    "status": "Status",
}
SHOW_MAX = 300


@register.filter
def plan_status_label(value: object) -> str:
    return PLAN_STATUS_LABELS.get(str(value or ""), str(value or ""))


@register.filter
def plan_status_tag(value: object) -> str:
    return PLAN_STATUS_TAGS.get(str(value or ""), "govuk-tag--grey")


@register.filter
def pillar_label(value: object) -> str:
    return plan_rules.PILLARS.get(str(value or ""), str(value or "") or "No pillar")


@register.filter
def victim_kind_label(value: object) -> str:
    return plan_rules.VICTIM_KINDS.get(str(value or ""), str(value or ""))


@register.filter
def action_status_label(value: object) -> str:
    return plan_rules.ACTION_STATUSES.get(str(value or ""), str(value or ""))


@register.filter
def action_status_tag(value: object) -> str:
    return ACTION_STATUS_TAGS.get(str(value or ""), "govuk-tag--grey")


@register.filter
def decision_kind_label(value: object) -> str:
    return decisions.KINDS.get(str(value or ""), str(value or ""))


@register.filter
def criterion_label(value: object) -> str:
    return dict(decisions.DEFENSIBILITY_CRITERIA).get(str(value or ""), str(value or ""))


@register.filter
def scenario_kind(value: object) -> str:
    return rosh.SCENARIO_LABELS.get(str(value or ""), str(value or ""))


@register.filter
def plan_field_label(value: object) -> str:
    text = str(value or "")
    return FIELD_LABELS.get(text, text.replace("_", " ").capitalize())


@register.filter
def get_item(mapping: object, key: object) -> Any:
    return mapping.get(str(key), "") if isinstance(mapping, Mapping) else ""


def _short(text: str) -> str:
    return text if len(text) <= SHOW_MAX else text[: SHOW_MAX - 1] + "…"


@register.filter
def plan_value(value: object, names: Any = None) -> str:
    """A stored value in plain words for the comparison of two versions: lists of rows by
    their identifiers and text, mappings as ``key: value`` pairs, agencies by name (from
    ``names``, services.accounts.Names), codes by label, long text shortened."""
    if value is None or value == "" or value == [] or value == {}:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        if "id" in value or "scenario" in value:
            head = str(value.get("id") or value.get("scenario"))
            body = value.get("text") or value.get("response") or ""
            return _short(f"{head}: {body}" if body else head)
        parts = [
            f"{plan_rules.PILLARS.get(str(k)) or plan_field_label(k)}: {plan_value(v, names)}"
            for k, v in value.items()
            if v not in ("", None)
        ]
        return _short("; ".join(parts)) or "(none)"
    if isinstance(value, list):
        return _short("; ".join(plan_value(v, names) for v in value))
    if isinstance(value, str):
        return _short(plain.label(value, getattr(names, "agencies", None)))
    return _short(str(value))


@register.filter
def finding_title(code: object) -> str:
    """What a plan checker's rule checks, in words (its code is small print)."""
    return plain.finding_title(code)
