"""Free-text limits and checks shared by every field that a person types."""

from __future__ import annotations

import re
import unicodedata

from .errors import Collector

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 10_000
NAME_MAX = 100

_FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
# Bidirectional overrides and isolates can make a name display as something else ("Trojan
# Source"); right-to-left scripts themselves are fine and are kept.
# In ASCII the only forbidden characters are the C0 controls and DEL (category Cc).
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_CONTROL_ML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI_CONTROLS = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def clean_text(
    value: object,
    field: str,
    errors: Collector,
    *,
    required: bool = False,
    max_length: int = SHORT_TEXT_MAX,
    multiline: bool = False,
) -> str:
    """Normalise to NFC, strip, refuse control characters and oversized input.

    Scripts, accents, right-to-left text, combining marks and emoji are all kept: names come
    from many alphabets. HTML is kept as typed and escaped on output, never stripped silently.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(field, "must be text")
        return ""
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        errors.add(field, "is required")
        return ""
    if len(text) > max_length:
        errors.add(field, f"must be at most {max_length} characters (got {len(text)})")
        return text[:max_length]
    if text.isascii() and not (_ASCII_CONTROL_ML if multiline else _ASCII_CONTROL).search(text):
        return text  # the common case, without a per-character Unicode lookup
    for ch in text:
        if multiline and ch in "\n\r\t":
            continue
        if ch in _BIDI_CONTROLS:
            errors.add(field, f"contains a bidirectional control character (U+{ord(ch):04X})")
            break
        if unicodedata.category(ch) in _FORBIDDEN_CATEGORIES:
            errors.add(field, f"contains a control or unassigned character (U+{ord(ch):04X})")
            break
    return text


NUL = "\x00"
NUL_MESSAGE = "must not contain a NUL character (U+0000)"
NUL_PATHS_MAX = 20


def nul_paths(value: object, path: str = "") -> list[str]:
    """Where a request's values carry a NUL character, as dotted paths (``case.lead_agency``,
    ``person.names.0.family_name``; a key that holds one is named itself, without it).

    PostgreSQL text cannot hold NUL at all and SQLite would store it silently, so the one rule
    on both databases is that no value anywhere may carry one: every request is refused before
    it reaches a form, a schema or a query, naming the field (at most ``NUL_PATHS_MAX``)."""
    found: list[str] = []
    _walk(value, path, found)
    return found[:NUL_PATHS_MAX]


def _walk(value: object, path: str, found: list[str]) -> None:
    if len(found) >= NUL_PATHS_MAX:
        return
    if isinstance(value, str):
        if NUL in value:
            found.append(path or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            child = f"{path}.{name.replace(NUL, '')}" if path else name.replace(NUL, "")
            if NUL in name:
                found.append(child or '""')
            _walk(item, child, found)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _walk(item, f"{path}.{index}" if path else str(index), found)
