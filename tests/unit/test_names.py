"""Name folding and matching: case, accents, other alphabets and small spelling differences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fourpillars.domain.names import (
    best_name_score,
    fold,
    phonetic,
    search_text,
    skeleton,
    tokens,
)


def test_fold_removes_case_accents_and_transliterates_other_scripts() -> None:
    assert fold("ŁUKASZ Żółć") == "lukasz zolc"
    assert fold("Андонов") == "andonov"
    assert tokens("O'Neill Smith-Jones") == ["oneill", "smith", "jones"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gagys", "Gagis"),
        ("Doumas", "Δουμάς"),
        ("Kowalski", "Kowalsky"),
        ("Jenkins", "Jenkens"),
        ("Papadopoulos", "Παπαδόπουλος"),
    ],
)
def test_spelling_variants_share_a_search_key(a: str, b: str) -> None:
    ta, tb = tokens(a)[0], tokens(b)[0]
    assert ta == tb or phonetic(ta) == phonetic(tb) or skeleton(ta) == skeleton(tb)


@given(st.text(max_size=40))
def test_folding_never_fails_and_yields_ascii(text: str) -> None:
    assert fold(text).isascii()
    for tok in tokens(text):
        assert len(tok) >= 2 and skeleton(tok) == skeleton(tok)


def test_best_name_score_takes_the_best_single_name() -> None:
    text = search_text(["Jan Kowalski", "Jan Nowak"])
    assert best_name_score(["nowak", "jan"], text) == 100
    assert best_name_score(["kowalski", "nowak"], text) < 100
