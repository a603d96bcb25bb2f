"""The channel guide: which channels apply to each situation, on what basis, and where a
channel is not available between two states, why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange import channels
from fourpillars.domain.exchange.channels import Situation, guide
from fourpillars.domain.exchange.envelope import MessageType

SOURCES = Path(__file__).resolve().parents[3] / "docs" / "sources.md"


def by_channel(advice: list[channels.ChannelAdvice]) -> dict[str, channels.ChannelAdvice]:
    return {a.channel: a for a in advice}


def test_a_conviction_to_share_goes_by_ecris() -> None:
    advice = by_channel(guide(Situation.CONVICTION_TO_SHARE, "LV", origin_country="NL"))
    assert list(advice) == ["ecris", "risk_notification"]
    ecris = advice["ecris"]
    assert ecris.available and ecris.tag == "[C]"
    assert "FD-2009-315" in ecris.sources
    assert MessageType.CONVICTION_NEW in ecris.message_types and ecris.sent_from_here
    assert any("nationality" in c for c in ecris.conditions)


def test_a_person_travelling_from_the_uk_cannot_use_sis() -> None:
    advice = by_channel(
        guide("person_travelling", "NL", origin_country="GB", peers=frozenset({"NL", "LV"}))
    )
    assert set(advice) == {
        "risk_notification",
        "sis_article_36",
        "interpol_green_notice",
        "interpol_diffusion",
        "bilateral_liaison",
    }
    sis = advice["sis_article_36"]
    assert not sis.available
    assert sis.why_not == "United Kingdom (the sending state) does not take part"
    assert "2018/1862" in sis.legal_basis and sis.sources == ("SIS-2018-1862",)
    assert advice["risk_notification"].available  # the Netherlands is a peer node
    assert advice["interpol_green_notice"].available
    assert not advice["interpol_green_notice"].sent_from_here


def test_sis_between_two_member_states_and_norway() -> None:
    assert by_channel(guide("person_travelling", "LV", origin_country="NL"))[
        "sis_article_36"
    ].available
    assert by_channel(guide("person_travelling", "NO", origin_country="NL"))[
        "sis_article_36"
    ].available
    assert not by_channel(guide("person_travelling", "US", origin_country="NL"))[
        "sis_article_36"
    ].available


def test_a_risk_notification_needs_the_destination_to_be_a_peer() -> None:
    advice = by_channel(
        guide("person_travelling", "PL", origin_country="GB", peers=frozenset({"NL", "LV"}))
    )
    assert advice["risk_notification"].why_not == "Poland is not a peer node"
    # Peers unknown: shown as available, the compose screen checks the peer itself.
    assert by_channel(guide("person_travelling", "PL"))["risk_notification"].available


def test_a_person_wanted_lists_europol_within_its_mandate() -> None:
    advice = by_channel(guide("person_wanted", "LV", origin_country="NL"))
    europol = advice["europol_siena"]
    assert europol.available
    assert any("mandate" in c for c in europol.conditions)
    assert not by_channel(guide("person_wanted", "LV", origin_country="GB"))[
        "europol_siena"
    ].available


def test_a_measure_to_transfer_goes_by_fd_2008_947_between_member_states() -> None:
    advice = by_channel(guide("measure_to_transfer", "LV", origin_country="NL"))
    fd = advice["fd_2008_947"]
    assert fd.available and "FD-2008-947" in fd.sources
    assert fd.message_types == (
        MessageType.SUPERVISION_TRANSFER_REQUEST,
        MessageType.SUPERVISION_TRANSFER_RESPONSE,
    )
    from_uk = by_channel(guide("measure_to_transfer", "LV", origin_country="GB"))
    assert not from_uk["fd_2008_947"].available


@pytest.mark.parametrize("situation", list(Situation))
def test_every_item_carries_a_tag_basis_and_defined_sources(situation: Situation) -> None:
    defined = set(re.findall(r"^### \[([A-Z0-9-]+)\] ", SOURCES.read_text(), re.MULTILINE))
    for advice in guide(situation, "NL"):
        assert advice.tag in ("[C]", "[M]", "[U]")
        assert advice.legal_basis and advice.what and advice.conditions
        assert set(advice.sources) <= defined, advice.sources


def test_bad_arguments_are_refused_naming_the_field() -> None:
    with pytest.raises(DomainValidationError) as caught:
        guide("a person lost", "NL")
    assert caught.value.errors[0].field == "situation"
    with pytest.raises(DomainValidationError) as caught:
        guide("person_wanted", "Narnia")
    assert caught.value.errors[0].field == "destination_country"


def test_situation_for_a_message_being_composed() -> None:
    assert channels.situation_for("risk_notification") is Situation.PERSON_TRAVELLING
    assert channels.situation_for("conviction_update") is Situation.CONVICTION_TO_SHARE
    assert channels.situation_for("supervision_transfer_request") is Situation.MEASURE_TO_TRANSFER
    assert channels.situation_for("acknowledgement") is None
    assert channels.GUIDE_VERSION == "channel-guide-2026.1"
