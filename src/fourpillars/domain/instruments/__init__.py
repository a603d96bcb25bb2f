"""Risk assessment instruments: definitions as versioned data, pure scoring functions.

``REGISTRY`` maps an instrument code (``ogrs3``, ``osp-dc`` ...) to its :class:`Instrument`;
:func:`score` is the one entry point the CLI, the API and the services use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import DomainValidationError
from .base import Definition, Instrument, ScoreResult
from .registry import REGISTRY

__all__ = ["REGISTRY", "Definition", "Instrument", "ScoreResult", "definitions", "score"]


def score(code: str, payload: Mapping[str, Any]) -> ScoreResult:
    """Score ``payload`` with instrument ``code``; unknown codes and bad input name the field."""
    instrument = REGISTRY.get(code)
    if instrument is None:
        raise DomainValidationError.single(
            "instrument", f"{code[:40]!r} is not an instrument; known: {', '.join(REGISTRY)}"
        )
    return instrument.score(payload)


def definitions() -> list[Definition]:
    return [i.definition for i in REGISTRY.values()]
