"""Words and colours for the caseload's tags (plain strings, never marked safe)."""

from __future__ import annotations

from django import template

from fourpillars.services.cases.caseload import TAGS

register = template.Library()

TAG_CLASSES = {
    "review_overdue": "govuk-tag--red",
    "no_rosh": "govuk-tag--grey",
    "plan_not_approved": "govuk-tag--orange",
    "notification_ending": "govuk-tag--purple",
    "notification_missed": "govuk-tag--red",
}


@register.filter
def caseload_tag_label(value: object) -> str:
    """A tag's words, as the figures and the filter name it."""
    found = TAGS.get(str(value or ""))
    return found[0] if found else str(value or "")


@register.filter
def caseload_tag_class(value: object) -> str:
    return TAG_CLASSES.get(str(value or ""), "govuk-tag--grey")
