"""What is in force on a case, copied onto the case row by the writes that bring it into force:
the overall community RoSH of the current assessment and the active plan's review date.

A read model for the caseload (its tags, figures and sorting read plain columns instead of a
subquery per case). Only the services that make an assessment current or approve a plan call
these, inside their transaction; the copy never bumps the case's ``version`` (it is not an
edit of the case, and must not conflict with one).
"""

from __future__ import annotations

import datetime as dt

from fourpillars.domain import rosh
from fourpillars.register.models import Case


def rosh_in_force(case_id: int, overall: str) -> None:
    """The case's current assessment now rates the community ``overall`` ("" if none)."""
    rank = rosh.RATING_ORDER.get(overall, -1)
    Case.objects.filter(pk=case_id).update(rosh_overall=overall, rosh_rank=rank)


def plan_in_force(case_id: int, review_date: dt.date | None) -> None:
    """The case's active plan, just approved, is to be reviewed by ``review_date``."""
    Case.objects.filter(pk=case_id).update(has_active_plan=True, plan_review_date=review_date)
