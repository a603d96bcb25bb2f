"""Labels and tag colours for risk management plans and decisions (plain strings, never
marked safe: templates escape them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fourpillars.domain import decisions, rosh
from fourpillars.domain import plans as plan_rules
from fourpillars.web import plain
from fourpillars.web.templatetags.links import path_to

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


@register.simple_tag(takes_context=True)
def completion_form(context: template.Context, action: Any, next_url: str) -> SafeString:
    """The "Mark as done" form of one action in a work list (a GOV.UK details element holding
    a textarea and a button). Built here rather than from template nodes: a list shows 25 of
    them, and as nodes they were half the page's rendering."""
    ident, pk = action.ident, action.pk
    field = f"what-was-done-{pk}"
    return format_html(
        '<details class="govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0">'
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        "Mark {} as done</span></summary>"
        '<div class="govuk-details__text">'
        '<form method="post" action="{}" novalidate>'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<div class="govuk-form-group">'
        '<label class="govuk-label govuk-label--s" for="{}">What was done for {}</label>'
        '<div id="{}-hint" class="govuk-hint">Say what was done and when, so others can rely '
        "on it.</div>"
        '<textarea class="govuk-textarea" id="{}" name="what_was_done" rows="2" '
        'aria-describedby="{}-hint"></textarea></div>'
        '<button type="submit" class="govuk-button govuk-!-margin-bottom-0" '
        'data-module="govuk-button">Mark as done</button></form>'
        '<p class="govuk-body-s govuk-!-margin-top-2"><a class="govuk-link" href="{}#action-{}">'
        'Other changes of status<span class="govuk-visually-hidden"> of {}</span></a> are on '
        "the plan.</p></div></details>",
        ident,
        path_to("action-complete", pk),
        get_token(context["request"]),
        next_url,
        field,
        ident,
        field,
        field,
        field,
        path_to("plan", action.plan_id),
        ident,
        ident,
    )
