"""Every API route that names a record of a case or a person (decision 0028, refused reads): a
user who may not see the record gets the same 404 as for a record that does not exist, and
exactly one refused consultation names the hidden case (or person); a missing record writes
none. The records and the route tables are in tests/hidden_records.py."""

from __future__ import annotations

from typing import Any

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.services.accounts import issue_token
from tests.api.conftest import ApiClient
from tests.cast import World
from tests.hidden_records import (
    API_NOT_CASE_RECORDS,
    ASKER,
    KINDS,
    Kind,
    api_kind,
    api_routes,
    body_for,
    fill,
)

pytestmark = pytest.mark.django_db


def _refused() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="refused_read").order_by("seq"))


def _ask(client: ApiClient, method: str, route: str, values: dict[str, object]) -> Any:
    """The route asked, a write with a body the service accepts."""
    path = fill(route, values)
    if method == "get":
        return client.get(path)
    return client.send(method, path, body_for(method, route))


def _names(row: AuditEvent, kind: Kind) -> bool:
    if kind.case is not None:
        return (row.target_type, row.case_id, row.channel) == ("case", kind.case, "api")
    return (row.target_type, row.person_id, row.case_id) == ("person", kind.person, None)


def _routes(kind_name: str) -> list[tuple[str, str]]:
    """The (method, path) of every route that names a record of this kind."""
    return [
        (method, path)
        for path, methods in sorted(api_routes().items())
        if path not in API_NOT_CASE_RECORDS and api_kind(path) == kind_name
        for method in methods
    ]


def test_every_api_route_with_a_record_in_it_is_in_the_tables() -> None:
    routes = api_routes()
    unknown = [p for p in routes if p not in API_NOT_CASE_RECORDS and api_kind(p) is None]
    assert unknown == []
    assert set(API_NOT_CASE_RECORDS) <= set(routes)


@pytest.mark.parametrize("kind_name", [k for k in sorted(KINDS) if k != "share"])
def test_a_hidden_record_is_a_404_like_a_missing_one_and_one_refused_read(
    world: World, kind_name: str
) -> None:
    kind = KINDS[kind_name](world)
    client = ApiClient(issue_token(user=world.users[ASKER]))
    routes = _routes(kind_name)
    assert routes
    failures = []
    for method, path in routes:
        before = len(_refused())
        hidden = _ask(client, method, path, kind.values)
        rows = _refused()[before:]
        missing = _ask(client, method, path, kind.missing)
        if hidden.status_code != 404 or missing.status_code != 404:
            failures.append(
                f"{method} {path}: {hidden.status_code} and {missing.status_code}, want 404"
            )
        elif hidden.content != missing.content:
            failures.append(f"{method} {path}: the 404 differs from a missing record's")
        if len(rows) != 1 or not _names(rows[0], kind):
            got = [(r.target_type, r.target_id) for r in rows]
            failures.append(f"{method} {path}: refused rows {got}")
        if len(_refused()) != before + len(rows):
            failures.append(f"{method} {path}: the missing record wrote a refusal")
    assert failures == []
