"""Users, agencies, areas and API tokens (administration)."""

from __future__ import annotations

from .changes import (
    create_agency,
    create_area,
    create_user,
    issue_token,
    set_review_intervals,
    set_user_active,
)

__all__ = [
    "create_agency",
    "create_area",
    "create_user",
    "issue_token",
    "set_review_intervals",
    "set_user_active",
]
