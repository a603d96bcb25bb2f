"""Retention reviews of closed cases ([MOPI-2005]; decision 0030), for the area's co-ordinator.

- ``GET /retention-reviews``: closed cases of the caller's area whose review is due, oldest
  first; ``GET /retention-reviews/decisions``: the area's recent decisions, deletion stubs
  among them.
- ``GET /cases/{case_id}/retention-review``: what the co-ordinator reads to decide (identity,
  group, when it closed and fell due, the earliest deletion, what it holds, earlier reviews)
  and the case ``version`` to decide on.
- ``POST /cases/{case_id}/retention-review``: keep the record until a next review, or delete
  its personal data (``confirmed``), with the reason and the ``version`` read: a stale one is
  409 naming what changed. A deletion answers its stub: the reference, what went and how many,
  when, by whom and why, without the data; the case is then 404 like any missing case.

Every route calls ``services.retention.reviews`` (the screens' service): 404 for a case the
caller cannot see, 403 for anyone but its area's co-ordinator, 422 naming the field, every read
and decision audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from fourpillars.domain.retention import RetentionOutcome, add_years
from fourpillars.register.models import Case, RetentionReview
from fourpillars.services.retention import reviews

from .auth import actor
from .inputs import In
from .paging import envelope, page_param, size_param, slice_of
from .schemas import ConflictOut, ErrorOut, PageMeta, Ref, ValidationErrorOut

router = Router(tags=["retention reviews"])
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
READ_ERRORS: dict[int, Any] = {**LIST_ERRORS, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: ConflictOut}


class RetentionDecisionIn(In):
    version: int = Field(description="The case version you reviewed (GET .../retention-review)")
    outcome: str = Field(description="retain (keep until a next review) or delete")
    reason: str = Field(
        description="Why the record is still needed, or no longer needed for a policing "
        "purpose. Kept after a deletion: do not name the person"
    )
    next_review: str | None = Field(
        None,
        description="YYYY-MM-DD, to keep the record: after today and within the review "
        "period (`next_review_latest`)",
    )
    confirmed: bool = Field(
        False, description="true to delete: the personal data is deleted for good"
    )


class RetentionDueOut(Schema):
    case_id: int
    case_reference: str
    version: int
    name: str
    date_of_birth: dt.date | None
    category: int
    level: int
    closed_on: dt.date | None
    retention_review_due: dt.date


class RetentionDuePageOut(PageMeta):
    items: list[RetentionDueOut]


class ErasedOut(Schema):
    rows: dict[str, int] = Field(description="How many rows of each kind were deleted")
    person_deleted: bool = Field(description="False when another case still holds the person")
    audit_key_destroyed: bool = Field(
        False,
        description=(
            "True when the person's audit key was destroyed with them: the personal values "
            "earlier audit rows sealed under it can no longer be read (decision 0031)"
        ),
    )
    audit_rows_in_clear: int = Field(
        0,
        description=(
            "Audit rows about the case or person written before values were sealed, which "
            "still hold them in clear (decision 0031)"
        ),
    )


class RetentionDecisionOut(Schema):
    id: int
    case_id: int | None = Field(description="Empty once the case was deleted")
    case_reference: str
    outcome: str
    outcome_label: str
    reason: str
    next_review: dt.date | None
    review_group: str
    policy_version: str
    decided_by: str
    decided_at: dt.datetime
    deleted: ErasedOut | None = Field(description="What a deletion removed (the stub)")


class RetentionDecisionPageOut(PageMeta):
    items: list[RetentionDecisionOut]


class ReviewedCaseOut(Schema):
    id: int
    reference: str
    version: int
    status: str
    category: int
    level: int
    lead_agency: Ref
    area: Ref
    name: str
    date_of_birth: dt.date | None
    closed_on: dt.date | None
    retention_review_due: dt.date | None


class RetentionReviewOut(Schema):
    case: ReviewedCaseOut
    review_group: Ref
    policy_version: str
    review_years: int
    minimum_years: int
    deemed_age: int
    earliest_deletion: dt.date | None = Field(description="Empty while the case is open")
    next_review_latest: dt.date = Field(description="The latest next review a keep may set")
    holds: dict[str, int] = Field(description="What the record holds, by kind")
    reviews: list[RetentionDecisionOut] = Field(description="Earlier reviews, newest first")


def due_out(case: Case) -> dict[str, object]:
    assert case.retention_review_due is not None  # listed because it is due
    return {
        "case_id": case.pk,
        "case_reference": case.reference,
        "version": case.version,
        "name": case.person.display_name,
        "date_of_birth": case.person.date_of_birth,
        "category": case.category,
        "level": case.level,
        "closed_on": case.closed_on,
        "retention_review_due": case.retention_review_due,
    }


def decision_out(review: RetentionReview) -> dict[str, object]:
    deleted = review.deleted if review.outcome == RetentionOutcome.DELETE.value else None
    return {
        "id": review.pk,
        "case_id": review.case_id,
        "case_reference": review.case_reference,
        "outcome": review.outcome,
        "outcome_label": review.get_outcome_display(),
        "reason": review.reason,
        "next_review": review.next_review,
        "review_group": review.review_group,
        "policy_version": review.policy_version,
        "decided_by": review.decided_by.get_username(),
        "decided_at": review.decided_at,
        "deleted": deleted,
    }


def review_out(page: reviews.ReviewPage) -> dict[str, object]:
    case = page.case
    return {
        "case": {
            "id": case.pk,
            "reference": case.reference,
            "version": case.version,
            "status": case.status,
            "category": case.category,
            "level": case.level,
            "lead_agency": {"code": case.lead_agency.code, "name": case.lead_agency.name},
            "area": {"code": case.area.code, "name": case.area.name},
            "name": case.person.display_name,
            "date_of_birth": case.person.date_of_birth,
            "closed_on": case.closed_on,
            "retention_review_due": case.retention_review_due,
        },
        "review_group": {"code": page.group.value, "name": page.group.label},
        "policy_version": page.policy.version,
        "review_years": page.review_years,
        "minimum_years": page.policy.minimum_years,
        "deemed_age": page.policy.deemed_age,
        "earliest_deletion": page.earliest_deletion,
        "next_review_latest": add_years(page.today, page.review_years),
        "holds": page.holds,
        "reviews": [decision_out(r) for r in page.reviews],
    }


@router.get("/retention-reviews", response={200: RetentionDuePageOut, **LIST_ERRORS})
def reviews_due(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """Closed cases of your area whose retention review is due, the longest due first (the
    oldest 200). Co-ordinators only; audited."""
    found = reviews.review_list(actor=actor(request))
    return envelope(slice_of(found.due, page, page_size), due_out)


@router.get("/retention-reviews/decisions", response={200: RetentionDecisionPageOut, **LIST_ERRORS})
def recent_decisions(
    request: HttpRequest, page: int = page_param(), page_size: int = size_param()
) -> dict[str, object]:
    """Your area's last 20 retention decisions, newest first: records kept, and the stubs of
    deleted ones. Co-ordinators only; audited."""
    found = reviews.review_list(actor=actor(request))
    return envelope(slice_of(found.recent, page, page_size), decision_out)


@router.get("/cases/{case_id}/retention-review", response={200: RetentionReviewOut, **READ_ERRORS})
def read_review(request: HttpRequest, case_id: str) -> dict[str, object]:
    """What to decide on: identity, review group, closure and due dates, the earliest
    deletion, what the record holds, earlier reviews, and the case `version`. Audited."""
    return review_out(reviews.consult(actor=actor(request), case_id=case_id))


@router.post(
    "/cases/{case_id}/retention-review", response={201: RetentionDecisionOut, **WRITE_ERRORS}
)
def decide(request: HttpRequest, case_id: str, payload: RetentionDecisionIn) -> Status[object]:
    """Record the decision on a closed case: `retain` with `next_review`, or `delete` with
    `confirmed: true` (not before the minimum period after closure). A deletion removes the
    case and everything on it, and the person unless another case holds them, in one
    transaction; the answer is the stub that stays."""
    done = reviews.decide(
        actor=actor(request),
        case_id=case_id,
        expected_version=payload.version,
        outcome=payload.outcome,
        reason=payload.reason,
        next_review=payload.next_review,
        confirmed=payload.confirmed,
    )
    return Status(201, decision_out(done))
