"""Reminders of plan actions, delivered exactly once (decision 0017)."""

from __future__ import annotations

from .scan import ScanResult, candidates, reminder_policy, scan_reminders

__all__ = ["ScanResult", "candidates", "reminder_policy", "scan_reminders"]
