"""The risk management plan section and the decisions timeline of the case page (decision
0012)."""

from __future__ import annotations

from typing import Any

from fourpillars.register.models import Case
from fourpillars.services import plans as services


def plan_section(case: Case) -> dict[str, Any]:
    """The active plan, the open draft and the latest decisions (four queries whatever the
    data size; see ``services.plans.case_plans``)."""
    return {"plans": services.case_plans(case)}
