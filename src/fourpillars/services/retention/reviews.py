"""The co-ordinator's retention reviews ([MOPI-2005]; decision 0030).

A closed case comes up for review when its ``retention_review_due`` date arrives (set when it
closed, moved by each decision to keep it). The area's co-ordinator sees the reviews due in
"Waiting for me" and in their list, reads the case's identity and what it holds, and records
a decision: keep it until a next review, or delete its personal data. A deletion happens in
the decision's own transaction (``erasure.erase_case``, then the person's audit key destroyed),
never half-done, and leaves the review row and an erasure audit row as the stub: the case's
reference, what was deleted by kind and how many, whether the audit trail's sealed values went
with it, when, by whom and why, without the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import retention as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation, Purpose
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.mappa import CaseStatus
from fourpillars.plans.models import Plan
from fourpillars.register.models import Case, RetentionReview
from fourpillars.services import audit
from fourpillars.services.access import allowed, manageable_case, require
from fourpillars.services.retention.erasure import erase_case
from fourpillars.services.retention.policy import retention_policy

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

# What a co-ordinator's reading of a case for its retention review records as its purpose.
PURPOSE = Justification(Purpose.MAPPA_COORDINATION, "retention review")
LIST_MAX = 200


def _due(actor: User, today: dt.date) -> QuerySet[Case]:
    """Closed cases of the co-ordinator's area whose review date has come."""
    return (
        Case.objects.restrict(actor, Permission.MANAGE_CASE)
        .filter(area_id=actor.viewer.area_id or 0, status=CaseStatus.CLOSED.value)
        .filter(retention_review_due__lte=today)
    )


def due_count(actor: User) -> int:
    """How many retention reviews wait for the co-ordinator (0 for anyone else)."""
    if not allowed(actor, Permission.REVIEW_RETENTION):
        return 0
    return _due(actor, timezone.localdate()).count()


@dataclass(frozen=True)
class ReviewList:
    due: list[Case]
    total: int
    recent: list[RetentionReview]


def review_list(*, actor: User) -> ReviewList:
    """The reviews due in the co-ordinator's area, oldest first, and the last decisions
    (deletion stubs among them). Audited; co-ordinators only (Forbidden otherwise)."""
    require(actor, Permission.REVIEW_RETENTION)
    found = _due(actor, timezone.localdate())
    due = list(found.select_related("person").order_by("retention_review_due", "pk")[:LIST_MAX])
    recent = list(
        RetentionReview.objects.filter(area_id=actor.viewer.area_id or 0)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")[:20]
    )
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_retention_reviews",
            target=audit.Target("retention_reviews"),
            justification=PURPOSE,
            record_ids=[c.pk for c in due],
        )
    return ReviewList(due, found.count(), recent)


@dataclass(frozen=True)
class ReviewPage:
    """What the co-ordinator reads to decide: the case and its person's identity, its group,
    when it closed and is due, what it holds, and its earlier reviews."""

    case: Case
    group: rules.ReviewGroup
    policy: rules.RetentionPolicy
    review_years: int
    earliest_deletion: dt.date | None
    holds: dict[str, int]
    reviews: list[RetentionReview]
    today: dt.date


def _reviewable(actor: User, case_id: object, *, for_update: bool) -> Case:
    """The case through the access-scoped query (404 missing or hidden), for its area's
    co-ordinator (403 otherwise)."""
    return manageable_case(
        actor, case_id, for_update=for_update, permission=Permission.REVIEW_RETENTION
    )


def consult(*, actor: User, case_id: object) -> ReviewPage:
    """The review page's facts, audited as a consultation for the retention review."""
    policy = retention_policy()
    with transaction.atomic():
        case = _reviewable(actor, case_id, for_update=False)
        group = rules.review_group(case.category)
        earliest = rules.earliest_deletion(case.closed_on, policy) if case.closed_on else None
        holds = {
            "RoSH assessments": RoshAssessment.objects.filter(case=case).count(),
            "Risk management plans": Plan.objects.filter(case=case).count(),
            "Decisions": case.decisions.count(),
            "Identifiers": case.person.identifiers.count(),
            "Addresses": case.person.addresses.count(),
            "Convictions": case.person.convictions.count(),
        }
        reviews = list(case.retention_reviews.select_related("decided_by").order_by("-pk"))
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_retention_review",
            target=audit.case_target(case),
            justification=PURPOSE,
        )
    years = policy.years(group)
    return ReviewPage(case, group, policy, years, earliest, holds, reviews, timezone.localdate())


def decide(
    *,
    actor: User,
    case_id: object,
    expected_version: int,
    outcome: object,
    reason: object,
    next_review: object = None,
    confirmed: object = False,
) -> RetentionReview:
    """Record the co-ordinator's decision on a closed case: keep it (the next review date
    moves) or delete its personal data (``erasure.erase_case``), in one transaction with the
    review row and the audit row that say what, when, by whom and why. ``expected_version``
    is the case version the co-ordinator reviewed: a decision taken on a stale page (the
    case re-opened, kept by someone else meanwhile) is an edit conflict naming what changed."""
    policy = retention_policy()
    today = timezone.localdate()
    with transaction.atomic():
        case = _reviewable(actor, case_id, for_update=True)
        audit.ensure_version("case", case.pk, case.version, expected_version)
        if case.status != CaseStatus.CLOSED.value or case.closed_on is None:
            raise DomainValidationError.single(
                "outcome", "the case is open: only a closed case is reviewed for retention"
            )
        group = rules.review_group(case.category)
        decided = rules.clean_decision(
            outcome,
            reason,
            next_review,
            confirmed,
            rules.ReviewFacts(case.closed_on, group, today, policy),
        )
        review = RetentionReview(
            case=case,
            case_reference=case.reference,
            area_id=case.area_id,
            outcome=decided.outcome.value,
            reason=decided.reason,
            next_review=decided.next_review,
            review_group=group.value,
            policy_version=policy.version,
            decided_by=actor,
        )
        if decided.outcome is rules.RetentionOutcome.RETAIN:
            return _retain(actor, case, review)
        return _delete(actor, case, review)


def _retain(actor: User, case: Case, review: RetentionReview) -> RetentionReview:
    before = case.retention_review_due
    case.retention_review_due = review.next_review
    case.version += 1
    case.updated_at = timezone.now()
    case.save(update_fields=["retention_review_due", "version", "updated_at"])
    review.save()
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action="retain_case",
        target=audit.case_target(case),
        before={"retention_review_due": before},
        after={
            "retention_review_due": review.next_review,
            "reason": review.reason,
            "review": review.pk,
            "policy": review.policy_version,
            "version": case.version,
        },
    )
    return review


def _delete(actor: User, case: Case, review: RetentionReview) -> RetentionReview:
    """The erasure and its stub: the review row (its case emptied by the deletion) and an
    audit row naming the case by id and reference only. When the person went too, their key is
    destroyed last, under the audit chain's lock the stub's row took: every personal value the
    trail sealed under it becomes unreadable (decision 0031). Rows written before sealing began
    keep theirs; the stub counts them."""
    review.save()
    case_pk, person_pk, reference = case.pk, case.person_id, case.reference
    removed, person_gone = erase_case(case)
    review.case = None  # emptied by the deletion (SET NULL): the stub names it by reference
    in_clear = audit.rows_in_clear(case_id=case_pk, person_id=person_pk)
    review.deleted = {
        "rows": removed,
        "person_deleted": person_gone,
        "audit_key_destroyed": person_gone,
        "audit_rows_in_clear": in_clear,
    }
    review.save(update_fields=["case", "deleted"])
    audit.record(
        actor=actor,
        operation=Operation.ERASURE,
        action="delete_case_personal_data",
        target=audit.Target("case", str(case_pk)),
        record_ids=[case_pk, person_pk],
        after={
            "case": reference,
            "person": person_pk,
            "person_deleted": person_gone,
            "deleted": removed,
            "audit_key_destroyed": person_gone,
            "audit_rows_in_clear": in_clear,
            "reason": review.reason,
            "review": review.pk,
            "policy": review.policy_version,
            "group": review.review_group,
        },
    )
    if person_gone:
        audit.destroy_key(person_pk, review_id=review.pk)
    return review
