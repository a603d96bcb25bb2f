"""Record ids as the received-information services take them from a URL or a body."""

from __future__ import annotations

from fourpillars.services.errors import NotFound

PK_MAX = 2**63 - 1


def pk(raw: object) -> int:
    """A primary key, or NotFound (anything else names no record)."""
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < value <= PK_MAX:
        raise NotFound()
    return value
