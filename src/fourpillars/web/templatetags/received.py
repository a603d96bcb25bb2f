"""Received information on screens (decision 0023): countries by name, purposes in words (codes
in this node's language: ``exchange_tags.code_label``, the one filter for them)."""

from __future__ import annotations

from django import template

from fourpillars.domain import received as rules
from fourpillars.domain.exchange import codes

register = template.Library()


@register.filter
def country(code: object) -> str:
    return codes.country_name(str(code or ""))


@register.filter
def sent_for(purpose: object) -> str:
    """The purpose received data were sent for, in words."""
    return rules.SENT_FOR_LABELS.get(str(purpose or ""), str(purpose or ""))


@register.filter
def shown_for(purpose: object) -> str:
    """For which purposes they may be read here, in words."""
    found = rules.shown_for(str(purpose or ""))
    return "; ".join(found) if found else "nobody here (for the person only)"


@register.filter
def identifier_label(kind: object) -> str:
    from fourpillars.domain.identifiers import IdentifierKind

    return IdentifierKind.labels().get(str(kind or ""), str(kind or ""))


@register.filter
def answer_label(kind: object) -> str:
    """How a record request was answered, in words."""
    return rules.AnswerKind.labels().get(str(kind or ""), str(kind or ""))


@register.filter
def risk_category(code: object) -> str:
    from fourpillars.domain.exchange.content import RiskCategory

    return RiskCategory.labels().get(str(code or ""), str(code or ""))


@register.filter
def rating(code: object) -> str:
    from fourpillars.domain.rosh.ratings import RATING_LABELS

    return RATING_LABELS.get(str(code or ""), str(code or ""))
