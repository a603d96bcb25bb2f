"""Users, agencies, areas and API tokens (administration)."""

from __future__ import annotations

from .changes import (
    create_user,
    set_user_active,
    create_agency,
    create_area,
    set_review_intervals,
    issue_token,
)

__all__ = [
    "create_agency",
    "create_area",
    "create_user",
    "issue_token",
    "set_review_intervals",
    "set_user_active",
]
