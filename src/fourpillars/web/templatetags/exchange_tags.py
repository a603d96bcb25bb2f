"""Showing exchanged codes and the channel guide on screens.

``{{ code|code_label }}`` shows an offence or penalty code in this node's language
(``FOURPILLARS_NODE_COUNTRY``'s first official language), or in the language given
(``{{ code|code_label:"lv" }}``); a translation not yet checked is marked "Unverified
translation", and where there is none the code and its English label are shown with a note.

``{% include "exchange/_content.html" with rows=message|payload_rows %}`` shows a message's
content in plain words (``domain/exchange/describe.py``).

``{% channel_guide situation destination %}`` renders ``exchange/_channel_guide.html``: which
channels apply to the situation towards the destination country, from this node.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange import channels, codes, content, describe

register = template.Library()

TAG_WORDS: dict[str, tuple[str, str]] = {
    "[C]": ("Confirmed in the source", "govuk-tag--green"),
    "[M]": ("Not yet checked against the source", "govuk-tag--yellow"),
    "[U]": ("Unconfirmed: check before relying on it", "govuk-tag--orange"),
}


def node_language() -> str:
    return codes.node_language(getattr(settings, "FOURPILLARS_NODE_COUNTRY", "GB"))


@register.filter
def code_label(code: object, language: str = "") -> SafeString:
    """An offence or penalty code in words, its language and fallback marked."""
    if code in (None, ""):
        return SafeString("")
    found = codes.label(str(code), language or node_language())
    if found.fell_back and (language or node_language()) != codes.ENGLISH:
        wanted = codes.language_name(language or node_language())
        return format_html(
            '<span lang="en">{}</span> <span class="govuk-body-s govuk-!-colour-secondary">'
            "(no {} label; English shown)</span>",
            found.text,
            wanted,
        )
    if not found.verified:
        return format_html(
            '<span lang="{}">{}</span> <strong class="govuk-tag govuk-tag--grey">'
            "Unverified translation</strong>",
            found.language,
            found.text,
        )
    return format_html('<span lang="{}">{}</span>', found.language, found.text)


@register.filter
def content_rows(value: object, language: str = "") -> tuple[describe.Row, ...]:
    """Parsed content (``content.parse_payload``) as labelled rows in this node's language;
    for ``exchange/_content.html``. A payload that cannot be parsed shows no rows."""
    if value is None or not hasattr(value, "TYPE"):
        return ()
    return describe.describe(value, language or node_language())


@register.filter
def payload_rows(message: object, language: str = "") -> tuple[describe.Row, ...]:
    """A stored message's payload (anything with ``type`` and ``payload``) as rows; one that
    no longer parses (an old table version) shows a single row saying so."""
    try:
        parsed = content.parse_payload(
            getattr(message, "type", ""), getattr(message, "payload", {})
        )
    except DomainValidationError as exc:
        return (describe.Row("Content", f"Cannot be shown: {exc.summary()[:300]}"),)
    return describe.describe(parsed, language or node_language())


@register.filter
def confidence_words(tag: str) -> str:
    return TAG_WORDS.get(tag, ("Unconfirmed", ""))[0]


@register.filter
def confidence_class(tag: str) -> str:
    return TAG_WORDS.get(tag, ("", "govuk-tag--grey"))[1]


@register.filter
def country_name(code: str) -> str:
    return codes.country_name(code)


@register.inclusion_tag("exchange/_channel_guide.html")
def channel_guide(
    situation: str, destination: str, peers: Iterable[str] | None = None
) -> dict[str, Any]:
    """The channel guide for ``situation`` towards ``destination`` from this node; ``peers``
    (countries of active peer nodes) when the caller knows them."""
    origin = getattr(settings, "FOURPILLARS_NODE_COUNTRY", "GB")
    return {
        "situation": channels.Situation(situation),
        "destination": destination,
        "advice": channels.guide(
            situation,
            destination,
            origin_country=origin,
            peers=frozenset(peers) if peers is not None else None,
        ),
        "version": channels.GUIDE_VERSION,
    }
