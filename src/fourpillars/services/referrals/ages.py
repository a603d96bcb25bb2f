"""How long a referral has waited for screening, against the local target (decision 0018).

The target is local policy [M], set by ``FOURPILLARS_REFERRAL_TARGET_DAYS`` and
``FOURPILLARS_REFERRAL_WORKING_DAYS``; working days leave out weekends and the bank holidays
of England and Wales (the ``holidays`` package's calendar for England, whose bank holidays
Wales shares).
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays
from django.conf import settings
from django.utils import timezone

from fourpillars.domain import referrals as rules
from fourpillars.referrals.models import Referral


def screening_target() -> rules.ScreeningTarget:
    """The target in force (the settings; the domain's default when they are not set)."""
    days = int(getattr(settings, "FOURPILLARS_REFERRAL_TARGET_DAYS", rules.DEFAULT_TARGET.days))
    working = bool(getattr(settings, "FOURPILLARS_REFERRAL_WORKING_DAYS", True))
    return rules.ScreeningTarget(days=days, working_days=working)


@functools.cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]))


def bank_holidays(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """England and Wales bank holidays from the year of ``start`` to the year after ``end``."""
    found: frozenset[dt.date] = frozenset()
    for year in range(start.year, end.year + 2):
        found |= _bank_holidays(year)
    return found


def age_of(
    referral: Referral,
    today: dt.date | None = None,
    target: rules.ScreeningTarget | None = None,
) -> rules.Age:
    """How long ``referral`` has waited (until it was screened, if it was), against the
    target: overdue once the due date has passed unscreened (screened late, once screened)."""
    target = target or screening_target()
    referred = timezone.localdate(referral.referred_at)
    until = today or timezone.localdate()
    if referral.screened_at is not None:
        until = timezone.localdate(referral.screened_at)
    return rules.referral_age(referred, until, target, bank_holidays(referred, until))
