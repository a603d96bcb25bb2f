"""The risk management plan section and the decisions timeline of the case page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fourpillars.register.models import Case, CaseShare
from fourpillars.services import plans as services


def plan_section(case: Case, shares: Sequence[CaseShare]) -> dict[str, Any]:
    """The active plan, the open draft and the latest decisions (five queries whatever the
    data size; see ``services.plans.case_plans``)."""
    return {"plans": services.case_plans(case, shares)}
