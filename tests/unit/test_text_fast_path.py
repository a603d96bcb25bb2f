"""clean_text's ASCII fast path refuses exactly what the per-character check refuses."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.errors import Collector
from fourpillars.domain.text import clean_text


@pytest.mark.parametrize("multiline", [False, True])
@pytest.mark.parametrize("code", range(128))
def test_every_ascii_character(code: int, multiline: bool) -> None:
    ch = chr(code)
    errors = Collector()
    clean_text(f"a{ch}b", "f", errors, multiline=multiline)
    allowed = unicodedata.category(ch) != "Cc" or (multiline and ch in "\n\r\t")
    assert (errors.errors == []) == allowed, repr(ch)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60), st.booleans())
def test_ascii_text_is_kept_or_refused_like_any_text(text: str, multiline: bool) -> None:
    errors = Collector()
    out = clean_text(text, "f", errors, max_length=10_000, multiline=multiline)
    bad = [
        c
        for c in text.strip()
        if unicodedata.category(c) == "Cc" and not (multiline and c in "\n\r\t")
    ]
    assert bool(errors.errors) == bool(bad)
    if not bad:
        assert out == text.strip()
