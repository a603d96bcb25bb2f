"""The Risk of Serious Harm section of the case page (decision 0011)."""

from __future__ import annotations

from typing import Any

from fourpillars.domain import rosh
from fourpillars.register.models import Case
from fourpillars.services import assessments as services
from fourpillars.web.charts import build_chart


def case_section(case: Case, opened: services.OpenAssessments | None = None) -> dict[str, Any]:
    """The case page's RoSH section (three queries whatever the data size; two when the
    open assessments are already read)."""
    summary = services.case_rosh(case, opened)
    current = summary.current
    decision = summary.decision
    overall = current.overall if current else None
    weighed = None
    if decision is not None:
        flags = decision.flags if isinstance(decision.flags, dict) else {}
        weighed = (decision.decided_level, flags, decision.decided_at.date())
    return {
        "rosh": summary,
        "rosh_chart": build_chart(summary.history),
        "level_statement": rosh.level_statement(case.level, overall or None, weighed),
        "rosh_label": rosh.ASSESSMENT_LABEL,
    }
