"""What the register's other readers take from received convictions (decision 0023): the
matched, standing convictions of a person that may serve risk management (their purpose
allows it: ``domain.received.may_consult``), as the predictors' register facts read them."""

from __future__ import annotations

import datetime as dt

from fourpillars.domain import received as rules
from fourpillars.domain.audit import Purpose
from fourpillars.received.models import ForeignConviction


def usable_foreign_convictions(person_id: int) -> list[tuple[dt.date, str]]:
    """(date, ECRIS code) of each matched conviction from abroad, not withdrawn or deleted,
    sent for a purpose compatible with risk management, oldest first."""
    rows = ForeignConviction.objects.filter(
        person_id=person_id,
        status=rules.MatchStatus.MATCHED.value,
        withdrawn_at__isnull=True,
        deleted=False,
        date__isnull=False,
    ).order_by("date", "pk")
    return [
        (row.date, row.ecris_code)
        for row in rows
        if row.date is not None and rules.may_consult(row.purpose, Purpose.RISK_MANAGEMENT)
    ]
