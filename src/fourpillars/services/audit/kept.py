"""Figures kept until the record changes: a count over a whole caseload or work list is read
again only when a change has been recorded since (``changes_recorded``: every change writes its
audit row in its own transaction, and the chain's head counts them) or ``KEPT_SECONDS`` pass
(time alone moves a few figures: an action falling due, a meeting starting, a review falling
overdue). Never for the rows a page shows, which are always read (decision 0024).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache

from .trail import changes_recorded

T = TypeVar("T")

KEPT_SECONDS = 60
_MISSING = object()


def kept(name: str, count: Callable[[], T]) -> T:
    """``count()``, kept under ``name`` until anything in the record changes or
    ``KEPT_SECONDS`` pass."""
    moment = int(time.time()) // KEPT_SECONDS
    key = f"fourpillars:{name}:{changes_recorded()}:{moment}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = count()
        cache.set(key, found, KEPT_SECONDS * 2)
    return cast("T", found)
