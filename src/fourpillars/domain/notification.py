"""Sexual Offences Act 2003 notification periods for category 1 ([SOA-2003] s.82 [C]).

The period depends on the disposal. For an offender under 18 only the 10-, 7-, 5- and 2-year
periods are halved (s.82(2)); the length of a conditional discharge is not. Indefinite periods
can be reviewed after 15 years (adults) or 8 years (juveniles) under the 2012 remedial order
([SOA-2003]).

A changed rule is a new ``RULES_VERSION``; a case keeps the version its period was worked out
under.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from .errors import Collector

# 2026.1: the conditional discharge period is no longer halved for under-18s (s.82(2)).
RULES_VERSION = "soa-2003-s82-2026.1"


class Disposal(StrEnum):
    """What the court (or police, for a caution) imposed for the qualifying offence."""

    CUSTODY = "custody"
    LIFE_OR_INDETERMINATE = "life_or_indeterminate"  # life, IPP, indefinite sentence
    HOSPITAL_ORDER_RESTRICTED = "hospital_order_restricted"
    HOSPITAL_ORDER = "hospital_order"
    CAUTION = "caution"
    CONDITIONAL_DISCHARGE = "conditional_discharge"
    OTHER = "other"


DISPOSAL_LABELS: dict[Disposal, str] = {
    Disposal.CUSTODY: "Custodial sentence (give its length in months)",
    Disposal.LIFE_OR_INDETERMINATE: "Life, IPP or other indeterminate sentence",
    Disposal.HOSPITAL_ORDER_RESTRICTED: "Hospital order with a restriction order",
    Disposal.HOSPITAL_ORDER: "Hospital order without restriction",
    Disposal.CAUTION: "Caution",
    Disposal.CONDITIONAL_DISCHARGE: "Conditional discharge (give its length in months)",
    Disposal.OTHER: "Any other disposal (e.g. community order)",
}


@dataclass(frozen=True)
class NotificationPeriod:
    """The result: indefinite, or a length in months with its end date; and why."""

    indefinite: bool
    months: int | None
    start: dt.date
    end: dt.date | None
    review_after_years: int | None
    explanation: str
    version: str = RULES_VERSION

    def describe(self) -> str:
        if self.indefinite:
            return f"Indefinite (review possible after {self.review_after_years} years)"
        assert self.months is not None
        years, months = divmod(self.months, 12)
        parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
        if months:
            parts.append(f"{months} month{'s' if months != 1 else ''}")
        return " ".join(parts) or "0 months"


def _months_in(value: object, maximum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= maximum


def notification_period(
    disposal: str,
    start: dt.date,
    *,
    under_18: bool,
    custody_months: int | None = None,
    discharge_months: int | None = None,
) -> NotificationPeriod:
    """SOA 2003 s.82 table: >=30 months custody indefinite; >6 to <30 months 10 years;
    <=6 months or unrestricted hospital order 7 years; caution 2 years; conditional discharge
    its length; any other 5 years. Under 18 at conviction, the 10-, 7-, 5- and 2-year periods
    are halved (s.82(2)); a conditional discharge keeps its length."""
    errors = Collector()
    try:
        kind = Disposal(disposal)
    except ValueError:
        errors.add(
            "disposal",
            f"unknown disposal {disposal!r}; choose one of " + ", ".join(d.value for d in Disposal),
        )
        errors.raise_if_any()
        raise AssertionError("unreachable") from None
    if kind is Disposal.CUSTODY and not _months_in(custody_months, 1200):
        errors.add("custody_months", "give the custodial term in whole months (1 to 1200)")
    if kind is Disposal.CONDITIONAL_DISCHARGE and not _months_in(discharge_months, 36):
        errors.add("discharge_months", "give the length of the discharge in months (1 to 36)")
    errors.raise_if_any()

    review = 8 if under_18 else 15
    if (
        kind is Disposal.LIFE_OR_INDETERMINATE
        or kind is Disposal.HOSPITAL_ORDER_RESTRICTED
        or (kind is Disposal.CUSTODY and custody_months is not None and custody_months >= 30)
    ):
        return NotificationPeriod(
            True,
            None,
            start,
            None,
            review,
            "30 months' custody or more, life, IPP or restricted hospital "
            "order: indefinite notification",
        )
    if kind is Disposal.CUSTODY:
        assert custody_months is not None
        months, why = (
            (120, "custody over 6 and under 30 months: 10 years")
            if custody_months > 6
            else (84, "custody of 6 months or less: 7 years")
        )
    elif kind is Disposal.HOSPITAL_ORDER:
        months, why = 84, "hospital order without restriction: 7 years"
    elif kind is Disposal.CAUTION:
        months, why = 24, "caution: 2 years"
    elif kind is Disposal.CONDITIONAL_DISCHARGE:
        assert discharge_months is not None
        months, why = discharge_months, "conditional discharge: the length of the discharge"
    else:
        months, why = 60, "any other disposal: 5 years"
    if under_18 and kind is Disposal.CONDITIONAL_DISCHARGE:
        why += " (not halved for an offender under 18: s.82(2) halves only the fixed periods)"
    elif under_18:
        # The fixed periods are whole years; half of 7 years is 3 years 6 months.
        months, why = months // 2, why + ", halved because under 18 at conviction"
    end = start + relativedelta(months=months)
    return NotificationPeriod(False, months, start, end, None, why)
