"""Pagination shared by every list in the API: every list is paged, none answers unbounded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ninja.params.functions import Query

from fourpillars.services.paging import PAGE_SIZE_MAX, Page

T = TypeVar("T")
PAGE_MAX = 100_000


def page_param() -> Any:
    return Query(1, ge=1, le=PAGE_MAX, description="Page number, from 1")


def size_param(default: int = 20) -> Any:
    return Query(default, ge=1, le=PAGE_SIZE_MAX, description="Items per page")


def envelope(page: Page[T], show: Callable[[T], object]) -> dict[str, object]:
    """``{"items", "count", "page", "page_size"}``: the one list shape of the API."""
    return {
        "items": [show(item) for item in page.items],
        "count": page.total,
        "page": page.page,
        "page_size": page.page_size,
    }


def slice_of(items: Sequence[T], page: int, page_size: int) -> Page[T]:
    """Paginate a short in-memory list (reference data) the same way as a query."""
    start = (page - 1) * page_size
    return Page(list(items[start : start + page_size]), len(items), page, page_size)
