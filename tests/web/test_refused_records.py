"""Every web URL that names a record of a case or a person (decision 0028, refused reads): asked
for by a user who may not see the record, it answers the same 404 as for a record that does
not exist, and writes exactly one refused consultation naming the hidden case (or person); a
missing record writes none. The records and the URL tables are in tests/hidden_records.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fourpillars.audit.models import AuditEvent
from tests.cast import World
from tests.hidden_records import (
    ASKER,
    KINDS,
    NOT_CASE_RECORDS,
    Kind,
    fill,
    web_kind,
    web_routes,
)

pytestmark = pytest.mark.django_db


def _urls(kind_name: str) -> dict[str, str]:
    """The web URLs that name a record of this kind, by name."""
    return {
        name: route
        for name, route in web_routes().items()
        if name not in NOT_CASE_RECORDS and web_kind(name, route) == kind_name
    }


# The person is asked for by itself through the API only (the web asks for it through a case).
WEB_KINDS = sorted(k for k in KINDS if k != "person")


def _refused() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="refused_read").order_by("seq"))


def _ask(client: Client, url: str) -> Any:
    """GET the URL, or POST an empty form where only a POST is answered."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _page(response: Any) -> str:
    """The page without its per-render CSRF token (the sign-out form's)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _names(row: AuditEvent, kind: Kind) -> bool:
    if kind.case is not None:
        return (row.target_type, row.case_id) == ("case", kind.case)
    return (row.target_type, row.person_id, row.case_id) == ("person", kind.person, None)


def test_every_web_url_with_a_record_in_it_is_in_the_tables() -> None:
    routes = web_routes()
    unknown = [n for n, r in routes.items() if n not in NOT_CASE_RECORDS and web_kind(n, r) is None]
    assert unknown == []
    assert set(NOT_CASE_RECORDS) <= set(routes)
    kinds = {web_kind(n, r) for n, r in routes.items()} - {None}
    assert kinds <= set(KINDS)


def test_each_kind_of_record_is_named_by_some_web_url() -> None:
    assert all(_urls(k) for k in WEB_KINDS)


@pytest.mark.parametrize("kind_name", WEB_KINDS)
def test_a_hidden_record_is_a_404_like_a_missing_one_and_one_refused_read(
    world: World, client_for: Callable[[str], Client], kind_name: str
) -> None:
    kind = KINDS[kind_name](world)
    client = client_for(ASKER)
    failures = []
    for name, route in sorted(_urls(kind_name).items()):
        before = len(_refused())
        hidden = _ask(client, "/" + fill(route, kind.values))
        rows = _refused()[before:]
        missing = _ask(client, "/" + fill(route, kind.missing))
        if hidden.status_code != 404 or missing.status_code != 404:
            failures.append(f"{name}: {hidden.status_code} and {missing.status_code}, want 404")
        elif _page(hidden) != _page(missing):
            failures.append(f"{name}: the 404 differs from a missing record's")
        if len(rows) != 1 or not _names(rows[0], kind):
            failures.append(f"{name}: refused rows {[(r.target_type, r.target_id) for r in rows]}")
        if len(_refused()) != before + len(rows):
            failures.append(f"{name}: the missing record wrote a refusal")
    assert failures == []


def test_opening_a_hidden_case_by_its_reference_is_one_refused_read(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for(ASKER)
    hidden = client.get(f"/emergency-access/open/?reference={world.other_area_case.reference}")
    [row] = _refused()
    assert (row.target_type, row.case_id) == ("case", world.other_area_case.pk)
    missing = client.get("/emergency-access/open/?reference=FP-Z-000999")
    assert hidden.status_code == missing.status_code == 404 and _page(hidden) == _page(missing)
    assert len(_refused()) == 1
