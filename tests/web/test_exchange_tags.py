"""Showing exchanged codes in the node's language, their fallback marked, and the channel
guide partial that composing screens include."""

from __future__ import annotations

import pytest
from django.template import Context, Template


def render(source: str, **context: object) -> str:
    return Template("{% load exchange_tags %}" + source).render(Context(context))


def test_code_label_in_the_nodes_language_marks_an_unverified_translation(settings) -> None:
    settings.FOURPILLARS_NODE_COUNTRY = "NL"
    assert render("{{ c|code_label }}", c="1001 00") == (
        '<span lang="nl">Verkrachting</span> <strong class="govuk-tag govuk-tag--grey">'
        "Unverified translation</strong>"
    )


def test_code_label_falls_back_to_the_code_and_english_and_says_so(settings) -> None:
    settings.FOURPILLARS_NODE_COUNTRY = "LV"
    html = render("{{ c|code_label }}", c="1005 00")
    assert html == (
        '<span lang="en">1005 00: Indecent exposure</span> '
        '<span class="govuk-body-s govuk-!-colour-secondary">(no Latvian label; English shown)'
        "</span>"
    )


def test_code_label_in_english_and_in_a_language_asked_for(settings) -> None:
    settings.FOURPILLARS_NODE_COUNTRY = "GB"
    assert render("{{ c|code_label }}", c="3014") == (
        '<span lang="en">Ban on working or carrying on an activity with minors</span>'
    )
    assert "Aizliegums" in render('{{ c|code_label:"lv" }}', c="3014")
    assert render("{{ c|code_label }}", c="") == ""
    assert "(unknown code)" in render("{{ c|code_label }}", c="<b>9999</b>")
    assert "<b>" not in render("{{ c|code_label }}", c="<b>9999</b>")


@pytest.mark.parametrize(
    "situation",
    ["conviction_to_share", "person_travelling", "person_wanted", "measure_to_transfer"],
)
def test_the_channel_guide_partial_renders_in_plain_words(settings, situation: str) -> None:
    settings.FOURPILLARS_NODE_COUNTRY = "GB"
    html = render("{% channel_guide s d peers %}", s=situation, d="NL", peers=["NL", "LV"])
    assert 'data-testid="channel-guide"' in html
    assert "Netherlands" in html
    assert "[C]" not in html and "[M]" not in html and "[U]" not in html  # tags in words


def test_the_channel_guide_shows_why_sis_is_not_available_from_the_uk(settings) -> None:
    settings.FOURPILLARS_NODE_COUNTRY = "GB"
    html = render("{% channel_guide 'person_travelling' 'NL' %}")
    sis = html.split('data-testid="channel-sis_article_36"')[1].split('govuk-summary-card"')[0]
    assert "Not available" in sis
    assert "United Kingdom (the sending state) does not take part" in sis
    assert "Regulation (EU) 2018/1862, Article 36" in sis
    assert "Not yet checked against the source" in sis


class StoredMessage:
    def __init__(self, type: str, payload: object) -> None:
        self.type = type
        self.payload = payload


def test_a_stored_message_shows_its_content_in_the_nodes_language(settings) -> None:
    from tests.domain.exchange.payloads import payload

    settings.FOURPILLARS_NODE_COUNTRY = "NL"
    html = render(
        '{% include "exchange/_content.html" with rows=m|payload_rows %}',
        m=StoredMessage("risk_notification", payload("risk_notification")),
    )
    assert 'data-testid="message-content"' in html
    assert "Aanranding van een minderjarige" in html and "Unverified translation" in html
    assert "Amsterdam" in html and "10 December 2026" in html


def test_a_stored_message_that_no_longer_parses_says_so(settings) -> None:
    html = render(
        '{% include "exchange/_content.html" with rows=m|payload_rows %}',
        m=StoredMessage("delay_notice", {"reason": "x"}),
    )
    assert "Cannot be shown: payload.expected_date: is required" in html
