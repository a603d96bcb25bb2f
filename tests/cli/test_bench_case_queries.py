"""The bench's case fixtures: every part of the case page answers in as many queries for a case
with many records as for a case with few (an aim of docs/decisions/0009)."""

from __future__ import annotations

import pytest
from bench import fixtures
from bench.world import ensure_world

from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_every_part_of_the_case_page_is_counted_and_does_not_grow() -> None:
    world = ensure_world(PASSWORD)
    small, large = fixtures.small_and_large_case(world.users["police"])
    creds = fixtures.credentials(world.users)
    counts = fixtures.query_counts(creds, world.users, {"small": small, "large": large})
    assert set(counts) == {"case_page", "api_detail", *fixtures.CASE_PARTS}
    for kind, per_case in counts.items():
        assert per_case["small"]["status"] == per_case["large"]["status"] == 200, kind
        assert per_case["small"]["queries"] == per_case["large"]["queries"], kind
