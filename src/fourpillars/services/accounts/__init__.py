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
from .names import Names, agency_names, full_names, names_for

__all__ = [
    "Names",
    "agency_names",
    "create_agency",
    "create_area",
    "create_user",
    "full_names",
    "issue_token",
    "names_for",
    "set_review_intervals",
    "set_user_active",
]
