"""Sealed audit values (decision 0031): the envelope, its binding to row, field and person, and
the words shown once the key is gone. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from fourpillars.domain import sealing

KEY = bytes(range(32))
AAD = sealing.associated_data(7, "before", 42)


def test_a_sealed_value_opens_with_its_key_and_place() -> None:
    value = {"name": "Zoë Ωmega", "dob": "1980-05-17", "ids": [1, 2]}
    envelope = sealing.seal(value, key=KEY, key_id=3, aad=AAD)
    assert "Zoë" not in str(envelope.stored()) and "1980" not in str(envelope.stored())
    assert sealing.open_envelope(envelope, key=KEY, aad=AAD) == value


@pytest.mark.parametrize(
    "aad",
    [
        sealing.associated_data(8, "before", 42),  # another row
        sealing.associated_data(7, "after", 42),  # another field
        sealing.associated_data(7, "before", 43),  # another person
    ],
)
def test_a_sealed_value_does_not_open_anywhere_else(aad: bytes) -> None:
    envelope = sealing.seal("text", key=KEY, key_id=3, aad=AAD)
    with pytest.raises(sealing.SealError):
        sealing.open_envelope(envelope, key=KEY, aad=aad)


def test_an_altered_or_wrongly_keyed_value_does_not_open() -> None:
    envelope = sealing.seal("text", key=KEY, key_id=3, aad=AAD)
    other = "B" if envelope.data[0] == "A" else "A"
    flipped = sealing.Envelope(3, envelope.nonce, other + envelope.data[1:])
    with pytest.raises(sealing.SealError):
        sealing.open_envelope(flipped, key=KEY, aad=AAD)
    with pytest.raises(sealing.SealError):
        sealing.open_envelope(envelope, key=sealing.new_key(), aad=AAD)


def test_two_seals_of_one_value_differ() -> None:
    """A random nonce per value: equal values are not seen to be equal."""
    first = sealing.seal("same", key=KEY, key_id=3, aad=AAD)
    second = sealing.seal("same", key=KEY, key_id=3, aad=AAD)
    assert first.data != second.data and first.nonce != second.nonce


def test_envelopes_are_told_from_clear_values() -> None:
    envelope = sealing.seal({"a": 1}, key=KEY, key_id=3, aad=AAD)
    assert sealing.envelope_of(envelope.stored()) == envelope
    assert sealing.envelope_of({"sealed": 1, "key": 3}) == sealing.erased(3)
    for clear in (None, "text", [1], {"a": 1}, {"sealed": 2, "key": 3}, {"sealed": 1}):
        assert sealing.envelope_of(clear) is None
    assert sealing.envelope_of({"sealed": 1, "key": 3, "name": "x"}) is None


def test_a_sealed_text_field_is_the_envelopes_json() -> None:
    envelope = sealing.seal("mappa-coordination; asked", key=KEY, key_id=3, aad=AAD)
    text = sealing.envelope_text(envelope)
    assert sealing.envelope_of_text(text) == envelope
    assert sealing.envelope_of_text(sealing.envelope_text(sealing.erased(3))) == sealing.erased(3)
    for clear in ("", "risk-management", 'safeguarding; {"data": 1}', '{"data": broken'):
        assert sealing.envelope_of_text(clear) is None


def test_the_removal_reads_in_plain_words_with_the_decisions_date() -> None:
    assert sealing.removed_text(dt.date(2026, 3, 4)) == (
        "Removed: personal data erased under the retention decision of 4 March 2026"
    )
    assert sealing.removed_text(None) == (
        "Removed: personal data erased under a retention decision"
    )
    assert len(sealing.new_key()) == 32
