"""The bench's plan fixtures: the plan page and plan API answer in as many queries for a plan
of 200 actions as for a plan of 1 (an aim of docs/decisions/0009)."""

from __future__ import annotations

import pytest
from bench import fixtures
from bench.world import ensure_world

from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_plan_query_counts_do_not_grow_with_the_plan() -> None:
    world = ensure_world(PASSWORD)
    small, large = fixtures.small_and_large_case(world.users["police"])
    creds = fixtures.credentials(world.users)
    counts = fixtures.plan_query_counts(creds, world.users, small, large)
    for kind in ("plan_page", "api_plan"):
        assert counts[kind]["small"]["status"] == 200, kind
        assert counts[kind]["large"]["status"] == 200, kind
        assert counts[kind]["small"]["queries"] == counts[kind]["large"]["queries"], kind
    assert large.plans.get().actions.count() == 200
    # Made once: a second call reuses the plans.
    fixtures.plan_query_counts(creds, world.users, small, large)
    assert large.plans.count() == 1
