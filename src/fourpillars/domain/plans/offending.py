"""Which kinds of offending a case involves, from what the register holds: the MAPPA category
and the ECRIS common categories of the person's convictions ([DEC-2009-316] Annex A; the
08xx and 10xx sub-codes are [M]).

- category 1 (registered sexual offender) and any conviction coded 10xx: sexual offending;
- any conviction coded 08xx (crimes against the person): violent offending.

Domestic abuse is not recorded in the register (no ECRIS category says it), so it is never
derived here: a plan document given to ``check-plan`` or ``POST /api/v1/plan-checks`` may
still say it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..mappa import MappaCategory
from .constants import OffendingKind

SEXUAL_PREFIX = "10"
VIOLENT_PREFIX = "08"


def offending_kinds(category: int | None, ecris_codes: Iterable[str]) -> tuple[str, ...]:
    """The kinds, in the vocabulary's order, without repeats."""
    prefixes = {"".join(code.split())[:2] for code in ecris_codes if code}
    found: set[str] = set()
    if category == MappaCategory.REGISTERED_SEXUAL_OFFENDER or SEXUAL_PREFIX in prefixes:
        found.add(OffendingKind.SEXUAL)
    if VIOLENT_PREFIX in prefixes:
        found.add(OffendingKind.VIOLENT)
    return tuple(k.value for k in OffendingKind if k in found)
