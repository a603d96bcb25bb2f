"""The record of significant decisions on a case, with their rationale."""

from __future__ import annotations

from .changes import (
    decisions_for,
    record_decision,
    record_system_decision,
    save_decision,
)

__all__ = [
    "decisions_for",
    "record_decision",
    "record_system_decision",
    "save_decision",
]
