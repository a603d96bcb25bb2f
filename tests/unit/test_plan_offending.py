"""Which kinds of offending a case involves, from its category and conviction codes."""

from __future__ import annotations

import pytest

from fourpillars.domain.plans import offending_kinds


@pytest.mark.parametrize(
    ("category", "codes", "kinds"),
    [
        (1, [], ("sexual",)),
        (2, ["1003 00"], ("sexual",)),
        (2, ["100300"], ("sexual",)),
        (2, ["0809 00", "1600 00"], ("violent",)),
        (1, ["0801 00", "1011 00", "0803 00"], ("sexual", "violent")),
        (3, ["1600 00", ""], ()),
        (None, [], ()),
        (4, ["0300 00"], ()),
    ],
)
def test_offending_kinds(category: int | None, codes: list[str], kinds: tuple[str, ...]) -> None:
    assert offending_kinds(category, codes) == kinds
