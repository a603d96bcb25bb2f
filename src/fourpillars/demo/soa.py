"""Synthetic demo SOA 2003 notifications and a proposed risk notification (decision 0022),
made through the services as the police offender manager would: for a few of police-a's
category 1 cases the initial and the latest annual notification; one case whose annual
notification is missed (the caseload's "Notification missed"); and one person notifying a trip
to the Netherlands, which proposes a risk notification submitted for a manager's decision. No
real personal data; a second run adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.domain.mappa import CaseStatus
from fourpillars.register.models import Case
from fourpillars.services.soa import proposals, records
from fourpillars.soa.models import Notification, RiskNotification


def _note(actor: User, case: Case, kind: str, day: dt.date) -> None:
    records.record_notification(
        actor=actor, case_id=case.pk, data={"kind": kind, "notified_on": day.isoformat()}
    )


def seed_notifications(users: dict[str, User]) -> int:
    """Notifications on up to four of police-a's category 1 cases; returns how many cases."""
    if Notification.objects.exists():
        return 0  # seeded before (or real work done)
    police = users["police"]
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(
            lead_agency__code="police-a",
            category=1,
            status=CaseStatus.ACTIVE.value,
            disposal_date__isnull=False,
        ).order_by("id")[:4]
    )
    for i, case in enumerate(cases):
        assert case.disposal_date is not None
        _note(police, case, "initial", min(case.disposal_date + dt.timedelta(days=2), today))
        if i == 1:
            continue  # the annual notification is missed
        _note(police, case, "annual", today - dt.timedelta(days=30 + 40 * i))
    if cases:
        departs = today + dt.timedelta(days=12)
        records.record_notification(
            actor=police,
            case_id=cases[0].pk,
            data={
                "kind": "travel",
                "notified_on": today.isoformat(),
                "departs": departs.isoformat(),
                "returns": (departs + dt.timedelta(days=6)).isoformat(),
                "destinations": ["NL"],
                "addresses_abroad": "Synthetic demo text. Hotel near Amsterdam Centraal",
                "travel_means": "rail",
            },
        )
        for p in RiskNotification.objects.filter(case=cases[0]):
            proposals.submit(actor=police, proposal_id=p.pk)
    return len(cases)
