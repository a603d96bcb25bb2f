"""Stored vocabularies: statuses and kinds, each defined once with the words a page shows.

A vocabulary is a ``StrEnum`` whose values are exactly what the database, the API and the
messages hold, so members compare, hash and serialise as those strings; each member also
carries a plain-words ``label`` for display. Models build their ``choices`` from it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Vocabulary(StrEnum):
    """A ``StrEnum`` whose members are written ``NAME = "stored value", "Label"``."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs in definition order, as a model field's ``choices``."""
        return [(m.value, m.label) for m in cls]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Label by stored value, for looking up a plain string read from storage."""
        return {m.value: m.label for m in cls}
