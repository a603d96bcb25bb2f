"""Labels and tag colours for Risk of Serious Harm values (plain strings, never marked safe)."""

from __future__ import annotations

from django import template

from fourpillars.domain import rosh
from fourpillars.domain.instruments import REGISTRY
from fourpillars.domain.instruments.base import NOT_APPLICABLE, NOT_APPLICABLE_LABEL, Confidence

register = template.Library()

RATING_TAGS = {
    "low": "govuk-tag--green",
    "medium": "govuk-tag--yellow",
    "high": "govuk-tag--orange",
    "very_high": "govuk-tag--red",
}
STATUS_TAGS: dict[str, str] = {
    rosh.Status.DRAFT: "govuk-tag--grey",
    rosh.Status.SUBMITTED: "govuk-tag--blue",
    rosh.Status.COUNTERSIGNED: "govuk-tag--green",
    rosh.Status.SUPERSEDED: "govuk-tag--grey",
}

CONFIDENCE_LABELS: dict[str, str] = {
    Confidence.CONFIRMED: "Confirmed in the source",
    Confidence.STANDARD: "Standard knowledge, not re-read in the source",
    Confidence.UNCONFIRMED: "Unconfirmed",
}
CONFIDENCE_TAGS: dict[str, str] = {
    Confidence.CONFIRMED: "govuk-tag--green",
    Confidence.STANDARD: "govuk-tag--yellow",
    Confidence.UNCONFIRMED: "govuk-tag--red",
}


@register.filter
def confidence_label(value: object) -> str:
    """How sure we are of an instrument's figures, in words (docs/sources.md)."""
    return CONFIDENCE_LABELS.get(str(value or ""), "Unconfirmed")


@register.filter
def confidence_tag(value: object) -> str:
    return CONFIDENCE_TAGS.get(str(value or ""), "govuk-tag--red")


@register.filter
def rating_label(value: object) -> str:
    return rosh.RATING_LABELS.get(str(value or ""), "Not rated")


@register.filter
def rating_tag(value: object) -> str:
    return RATING_TAGS.get(str(value or ""), "govuk-tag--grey")


@register.filter
def status_label(value: object) -> str:
    return rosh.STATUS_LABELS.get(str(value or ""), str(value or ""))


@register.filter
def status_tag(value: object) -> str:
    return STATUS_TAGS.get(str(value or ""), "govuk-tag--grey")


@register.filter
def scenario_label(value: object) -> str:
    return rosh.SCENARIO_LABELS.get(str(value or ""), str(value or "") or "Kind not set")


@register.filter
def imminence_label(value: object) -> str:
    return rosh.IMMINENCE_LABELS.get(str(value or ""), "Not set")


@register.filter
def instrument_name(code: object) -> str:
    """An instrument's short name (RSR, OSP/DC ...) or its definition's name; never a code."""
    text = str(code or "")
    if text in rosh.PREDICTOR_NAMES:
        return rosh.PREDICTOR_NAMES[text]
    found = REGISTRY.get(text)
    return found.definition.name if found else text


BAND_WORDS = {**rosh.RATING_LABELS, "not_applicable": "Not applicable", "standard": "Standard"}


@register.filter
def band_label(value: object) -> str:
    """A band in words: Low, Very high, Not applicable; other bands (Static-99R's) as given."""
    text = str(value or "")
    return BAND_WORDS.get(text, text) or "No band"


@register.filter
def band_text(value: object) -> str:
    """A stored band as shown: its code, but ``not_applicable`` reads "Not applicable" and an
    empty band "none"."""
    code = str(value or "")
    if not code:
        return "none"
    return NOT_APPLICABLE_LABEL if code == NOT_APPLICABLE else code


@register.filter
def percent(value: object) -> str:
    """A probability (0-1) as a percentage with one decimal."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value * 100:.1f} %"
    return ""


@register.filter
def number(value: object) -> str:
    """A score or a term: whole numbers without a decimal point, others to 6 decimals (the
    stored result keeps every digit)."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0")
    return "" if value is None else str(value)


@register.filter
def rating_rows(ratings: object) -> list[tuple[str, list[tuple[str, str]]]]:
    """(setting label, [(group label, rating code)]) for each setting with any rating."""
    given = ratings if isinstance(ratings, dict) else {}
    out = []
    for setting, groups in rosh.RISK_GROUPS.items():
        chosen = given.get(setting)
        if isinstance(chosen, dict) and any(chosen.values()):
            rows = [(label, str(chosen.get(code) or "")) for code, label in groups]
            out.append((rosh.SETTING_LABELS[setting], rows))
    return out
