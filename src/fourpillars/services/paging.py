"""A page of a longer list, as the JSON API returns every list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

PAGE_SIZE_MAX = 100

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


def bounds(page: int, page_size: int) -> tuple[int, int]:
    """The page number (from 1) and size (1 to ``PAGE_SIZE_MAX``) actually served."""
    return max(1, page), max(1, min(page_size, PAGE_SIZE_MAX))


def offset(page: int, page_size: int) -> int:
    return (page - 1) * page_size
