"""Two people editing the same record: the second save gets 409 naming what changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.conftest import ApiClient
from tests.cast import World

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def test_second_case_edit_gets_409_naming_the_changed_field(world: World, api_for: Api) -> None:
    police, coordinator = api_for("police"), api_for("coordinator")
    url = f"/cases/{world.police_case.pk}"
    loaded = police.get(url).json()["version"]
    assert coordinator.get(url, X_Justification="mappa-coordination").json()["version"] == loaded
    first = police.patch(url, {"version": loaded, "level": 2})
    assert first.status_code == 200
    second = coordinator.patch(url, {"version": loaded, "category": 2})
    assert second.status_code == 409
    body = second.json()
    assert "level" in body["changed_fields"]
    assert body["current_version"] == loaded + 1
    assert "level" in body["detail"] and "not saved" in body["detail"]
    now = police.get(url).json()
    assert (now["level"], now["category"], now["version"]) == (2, 1, loaded + 1)


def test_second_person_edit_gets_409_naming_the_changed_field(world: World, api_for: Api) -> None:
    police, coordinator = api_for("police"), api_for("coordinator")
    pid = world.police_case.person_id
    loaded = police.get(f"/cases/{world.police_case.pk}").json()["person"]["version"]
    assert police.patch(f"/persons/{pid}", {"version": loaded, "sex": "other"}).status_code == 200
    late = coordinator.patch(f"/persons/{pid}", {"version": loaded, "date_of_birth": "1981-01-01"})
    assert late.status_code == 409
    assert late.json()["changed_fields"] == ["sex"]
    assert late.json()["current_version"] == loaded + 1


def test_stale_version_after_an_addition_is_a_conflict(world: World, api_for: Api) -> None:
    police = api_for("police")
    pid = world.police_case.person_id
    loaded = police.get(f"/cases/{world.police_case.pk}").json()["person"]["version"]
    police.post(f"/persons/{pid}/names", {"family_name": "Kowal"})
    stale = police.patch(f"/persons/{pid}", {"version": loaded, "sex": "other"})
    assert stale.status_code == 409
    fresh = police.patch(f"/persons/{pid}", {"version": loaded + 1, "sex": "other"})
    assert fresh.status_code == 200
