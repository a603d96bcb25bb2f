"""Placeholder: filled in by the instrument work (issue 3)."""

from __future__ import annotations

from .base import Instrument

INSTRUMENTS: tuple[Instrument, ...] = ()
