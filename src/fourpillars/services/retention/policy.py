"""The retention policy in force (``FOURPILLARS_RETENTION_*``; decision 0030)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fourpillars.domain import retention as rules


def retention_policy() -> rules.RetentionPolicy:
    """The versioned policy the settings name, with any local override of the years between
    reviews (every group) or of the minimum time a closed case is kept; an override shows in
    the version, as an area's review intervals do."""
    version = str(settings.FOURPILLARS_RETENTION_POLICY)
    try:
        policy = rules.RETENTION_POLICIES[version]
    except KeyError:
        known = ", ".join(sorted(rules.RETENTION_POLICIES))
        raise ImproperlyConfigured(
            f"FOURPILLARS_RETENTION_POLICY={version!r} names no retention policy (known: {known})"
        ) from None
    years = int(settings.FOURPILLARS_RETENTION_REVIEW_YEARS)
    minimum = int(settings.FOURPILLARS_RETENTION_MINIMUM_YEARS)
    if not (years or minimum):
        return policy
    return dataclasses.replace(
        policy,
        version=f"{policy.version}; local override",
        review_years={g: years or n for g, n in policy.review_years.items()},
        minimum_years=minimum or policy.minimum_years,
    )


def closing_dates(
    category: int, date_of_birth: dt.date | None, closed_on: dt.date
) -> tuple[dt.date, dt.date]:
    """A case closing on ``closed_on``: that day, and its first retention review."""
    policy = retention_policy()
    group = rules.review_group(category)
    return closed_on, rules.first_review(closed_on, group, policy, date_of_birth)
