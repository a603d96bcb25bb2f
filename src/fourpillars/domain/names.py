"""Name normalisation for search that tolerates case, accents, other alphabets and typos.

Every name is folded to lower-case ASCII (anyascii transliterates Cyrillic, Greek and the
rest), split into tokens, and each token also gets a phonetic key (jellyfish's Metaphone), so
"Kowalsky", "KOWALSKI" and "Ковальски" all meet. Candidates are then ranked by rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish
from anyascii import anyascii
from rapidfuzz import fuzz

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['`\u2019\u02bc]")


def fold(text: str) -> str:
    """Lower-case ASCII transliteration with punctuation collapsed to single spaces."""
    ascii_text = anyascii(unicodedata.normalize("NFKC", text)).lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)  # O'Neill -> oneill
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def tokens(text: str) -> list[str]:
    """Distinct folded tokens of two or more characters, in order."""
    seen: list[str] = []
    for tok in fold(text).split():
        if len(tok) >= 2 and tok not in seen:
            seen.append(tok)
    return seen


def phonetic(token: str) -> str:
    """Metaphone key of one folded token (empty for digits-only tokens)."""
    if not token.isalpha():
        return ""
    return str(jellyfish.metaphone(token))[:20]


_SKELETON_MAP = [
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("c", "k"),
    ("q", "k"),
    ("z", "s"),
    ("x", "ks"),
]


def skeleton(token: str) -> str:
    """Consonant skeleton: first letter, then consonants with vowels (and y) dropped and
    doubles collapsed, so "Gagys"/"Gagis" and "Doumas"/"Doymas" (Greek transliterations) meet."""
    if not token.isalpha():
        return ""
    t = token.lower()
    for a, b in _SKELETON_MAP:
        t = t.replace(a, b)
    out = [t[0]]
    for ch in t[1:]:
        if ch in "aeiouyhj":
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)[:20]


def search_keys(token: str) -> list[str]:
    """The index keys of one folded token: itself, its 4-letter prefix, its Metaphone key and
    its consonant skeleton, each tagged so that they never collide. A query token matches a
    stored name when they share any key; one indexed column answers that in one lookup."""
    keys = [f"t:{token[:60]}", f"x:{token[:4]}"]
    for tag, value in (("p", phonetic(token)), ("s", skeleton(token))):
        if value:
            keys.append(f"{tag}:{value}")
    return keys


def name_keys(full_names: list[str]) -> set[str]:
    """Every search key of every token of a person's names."""
    return {key for full in full_names for tok in tokens(full) for key in search_keys(tok)}


def search_text(full_names: list[str]) -> str:
    """All names' folded tokens, one name per line: what search ranks candidates against."""
    return "\n".join(" ".join(tokens(full)) for full in full_names)


def best_name_score(query_tokens: list[str], text: str) -> float:
    """The best ``token_score`` of the query against any one name in a ``search_text``."""
    return max((token_score(query_tokens, line.split()) for line in text.splitlines()), default=0.0)


def token_score(query_tokens: list[str], candidate_tokens: list[str]) -> float:
    """0-100: each query token's best Levenshtein ratio among the candidate's tokens, averaged."""
    if not query_tokens or not candidate_tokens:
        return 0.0
    best = [max(float(fuzz.ratio(q, c)) for c in candidate_tokens) for q in query_tokens]
    return sum(best) / len(best)
