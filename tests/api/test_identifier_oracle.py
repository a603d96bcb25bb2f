"""The API tells an outsider nothing about an identifier held on a hidden case (decision
0030): registering a person or adding an identifier answers the same status and the same body
shape whether or not a hidden case holds it; the co-ordinators get the task, the attempt is
audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.referrals.models import DuplicateFlag
from tests.api.conftest import ApiClient, pnc
from tests.cast import World, case_data, person_data

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def _shape(value: Any) -> Any:
    """The body's keys and value types, recursively (ids and values left out)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(v) for v in value[:1]]
    return type(value).__name__


def test_registering_answers_the_same_whether_a_hidden_case_holds_the_identifier(
    world: World, api_for: Api
) -> None:
    held = [{"kind": "pnc", "value": pnc("2001", "0012345")}]
    fresh = [{"kind": "pnc", "value": pnc("2002", "0054321")}]
    outsider = api_for("outsider")
    assert (
        outsider.post(
            "/cases",
            {"person": person_data("Held", identifiers=held), "case": case_data("police-b")},
        ).status_code
        == 201
    )
    police = api_for("police")
    one = police.post(
        "/cases", {"person": person_data("Nowak", identifiers=held), "case": case_data("police-a")}
    )
    two = police.post(
        "/cases", {"person": person_data("Lis", identifiers=fresh), "case": case_data("police-a")}
    )
    assert one.status_code == two.status_code == 201
    assert _shape(one.json()) == _shape(two.json())
    assert "Held" not in one.content.decode() and "FP-B" not in one.content.decode()
    assert DuplicateFlag.objects.count() == 1
    assert AuditEvent.objects.filter(action="identifier_held_elsewhere").count() == 1


def test_adding_an_identifier_answers_the_same_whether_a_hidden_case_holds_it(
    world: World, api_for: Api
) -> None:
    held = {"kind": "crn", "value": "X123456"}
    api_for("outsider").post(f"/persons/{world.other_area_case.person_id}/identifiers", held)
    police = api_for("police")
    pid = world.police_case.person_id
    one = police.post(f"/persons/{pid}/identifiers", held)
    two = police.post(f"/persons/{pid}/identifiers", {"kind": "crn", "value": "Y654321"})
    assert one.status_code == two.status_code == 201
    assert _shape(one.json()) == _shape(two.json())
    assert one.json()["identifier"]["value"] == "X123456"
    assert DuplicateFlag.objects.count() == 1
    row = AuditEvent.objects.get(action="identifier_held_elsewhere")
    assert row.channel == "api" and row.actor_username == "police"
