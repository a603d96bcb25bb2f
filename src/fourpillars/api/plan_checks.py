"""Plan quality checks on a plan given as a document (decision 0012, "The checker").

- ``POST /plan-checks``: the body is a plan document (``domain.plans``); the answer is the
  same JSON as ``fourpillars check-plan`` (``findings`` with code, severity, message, refs,
  source and whether a kept acknowledgement covers it; counts; ``approvable``). Always 200 when
  the document is readable, whatever it finds; 422 naming each bad field when it is not.
- ``GET /plan-checks/rules``: every rule (code, severity, summary, source) and the review
  interval policy the review-date rule uses.

Any authenticated user may call both: the check reads no record, stores nothing and writes no
audit row. The document is the caller's own, checked in memory and forgotten when the answer
is sent, so there is no consultation of a case (DPA 2018 s.62 logs consultations of records
held) and nothing to retain; the same reasoning as ``POST /instruments/{code}/score``
(decision 0011). Checking a *stored* plan goes through the plan routes, which are scoped to
the cases the user may see and audited there.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Body

from fourpillars.domain import plans

from .schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["plans"])
PLAN_BODY = Body(..., description="A plan document (see GET /plan-checks/rules for the rules)")


@router.get("/plan-checks/rules", response={200: dict[str, Any], 401: ErrorOut})
def list_plan_rules(request: HttpRequest) -> dict[str, Any]:
    """Every checker rule with its stable code, severity, summary and source."""
    return plans.rules_table()


@router.post("/plan-checks", response={200: dict[str, Any], 401: ErrorOut, 422: ValidationErrorOut})
def check_plan(request: HttpRequest, payload: dict[str, Any] = PLAN_BODY) -> dict[str, Any]:
    """Check a plan document: `findings` [{`code`, `severity` (error | warning), `message`,
    `refs`, `source`, `acknowledged`}], `errors`, `warnings`, `unacknowledged_warnings`,
    `unused_acknowledgements`, `approvable`, `rules_version`, `review_policy`."""
    return plans.report(plans.parse_plan(payload))
