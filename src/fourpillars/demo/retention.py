"""Synthetic closed cases for the retention review (decision 0030), so that area A's
co-ordinator finds reviews waiting in the demo: two cases closed over ten years ago, whose
review is due (and whose personal data may be deleted: the minimum six years have passed), and
one closed three years ago, not due for seven more. No real personal data; a second run adds
nothing.

Each is closed through ``services.cases.change_status`` by its lead, as a user would, which
records the closure decision and starts the retention clock today; then the demo's history
moves the closure back as the years would have (synthetic data only, as the seeded meetings
are moved into the past): the case's start, its closure date and first review, and the
closure decision's date. The audit rows keep the day the demo was seeded.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.domain.decisions import DecisionKind
from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.retention import add_years
from fourpillars.plans.models import Decision
from fourpillars.register.models import Case, RetentionReview
from fourpillars.services import cases as case_services
from fourpillars.services.retention.policy import closing_dates

from .cross_border import PEOPLE

# When each case closed, in years and days before today: the first two are due for review.
CLOSED_AGO = [(10, 45), (11, 120), (3, 0)]
LEADS = {"police-a": "police", "probation-a": "probation"}
REASON = "Synthetic demo text. Licence ended; no further MAPPA management needed."


def _candidates() -> list[Case]:
    """Area A's quiet level 1 cases, oldest first: nothing else the demo seeds (assessments,
    plans, meetings, referrals, shares, notifications) nor a person of the two-node demo."""
    two_node = [p.passport for p in PEOPLE]
    quiet = Case.objects.filter(
        lead_agency__code__in=LEADS,
        status=CaseStatus.ACTIVE.value,
        level=1,
        disposal_date__isnull=False,
        shares=None,
        rosh_assessments=None,
        plans=None,
        decisions=None,
        meetings=None,
        referrals=None,
        transfers=None,
        soa_notifications=None,
        risk_notifications=None,
    ).exclude(person__identifiers__value__in=two_node)
    return list(quiet.select_related("lead_agency", "person").order_by("id"))


def _into_the_past(case: Case, closed_on: dt.date) -> None:
    """The case closed on ``closed_on``: it started before that, after its conviction, and
    its first retention review is counted from then (as closing it that day would have)."""
    assert case.disposal_date is not None
    _, due = closing_dates(case.category, case.person.date_of_birth, closed_on)
    started = max(case.disposal_date, add_years(closed_on, -3))
    Case.objects.filter(pk=case.pk).update(
        start_date=started, closed_on=closed_on, retention_review_due=due
    )
    when = timezone.make_aware(dt.datetime.combine(closed_on, dt.time(11)))
    # Decisions are never edited by users; the demo's synthetic history only dates this one.
    Decision.objects.filter(case=case, kind=DecisionKind.CASE_CLOSURE.value).update(decided_at=when)


def seed_retention(users: dict[str, User]) -> tuple[int, int]:
    """Close the cases ``CLOSED_AGO`` describes; returns how many were closed and how many of
    them are due for review today."""
    if Case.objects.filter(closed_on__isnull=False).exists() or RetentionReview.objects.exists():
        return 0, 0  # seeded before (or real work done)
    today = timezone.localdate()
    candidates = _candidates()
    closed = due = 0
    for years, days in CLOSED_AGO:
        closed_on = add_years(today, -years) - dt.timedelta(days=days)
        case = next(
            (
                c
                for c in candidates
                if c.disposal_date and c.disposal_date <= add_years(closed_on, -1)
            ),
            None,
        )
        if case is None:
            continue
        candidates.remove(case)
        case_services.change_status(
            actor=users[LEADS[case.lead_agency.code]],
            case_id=case.pk,
            status=CaseStatus.CLOSED.value,
            reason=REASON,
        )
        _into_the_past(case, closed_on)
        closed += 1
        due += Case.objects.filter(pk=case.pk, retention_review_due__lte=today).count()
    return closed, due
