"""The API's "my actions" (paged, by group, with the count of each), completing an action,
and the caller's own notifications, as every member of the standard cast; bad input is 422
naming the field."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.notifications.models import Notification
from fourpillars.plans.models import Action
from fourpillars.services.reminders import scan_reminders
from tests.api.conftest import ApiClient, errors_by_field, last_event
from tests.cast import EVERYONE, World
from tests.factories import actions_due

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def test_my_actions_pages_by_group_with_counts(world: World, api_for: Api) -> None:
    actions_due(world, "police_case", [-2, -1, 3, 40, None])
    c = api_for("police")
    body = c.get("/me/actions", {"group": "overdue", "page_size": 1}).json()
    assert body["counts"] == {"overdue": 2, "due_soon": 1, "later": 6, "done": 0}
    assert (body["count"], body["page"], body["page_size"], body["group"]) == (2, 1, 1, "overdue")
    item = body["items"][0]
    assert item["case_reference"] == world.police_case.reference
    assert item["person"] == world.police_case.person.display_name
    assert item["owner"] == "Northshire Police" and item["what_was_done"] == ""
    second = c.get("/me/actions", {"group": "overdue", "page_size": 1, "page": 2}).json()
    assert second["items"][0]["action_id"] != item["action_id"]
    everything = c.get("/me/actions").json()
    assert everything["group"] is None and everything["count"] == 9
    assert last_event(action="list_my_actions").query == "group=open page=1"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"group": "sideways"}, "group"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page": "x"}, "page"),
    ],
)
def test_my_actions_refuses_bad_input_naming_the_field(
    world: World, api_for: Api, params: dict[str, str], field: str
) -> None:
    response = api_for("police").get("/me/actions", params)
    assert response.status_code == 422
    assert field in errors_by_field(response)


def test_completing_an_action_through_the_api(world: World, api_for: Api) -> None:
    (a,) = actions_due(world, "police_case", [2])
    c = api_for("police")
    for bad in ({}, {"what_was_done": ""}, {"what_was_done": 7}, {"what_was_done": "x" * 20_001}):
        refused = c.post(f"/actions/{a.pk}/complete", bad)
        assert refused.status_code == 422, bad
        assert list(errors_by_field(refused)) == ["what_was_done"]
    assert c.post(f"/actions/{a.pk}/complete", "not json").status_code == 422
    done = c.post(f"/actions/{a.pk}/complete", {"what_was_done": "Visited on Monday"})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "done" and body["what_was_done"] == "Visited on Monday"
    assert body["completed_by"] == "police" and body["completed_at"]
    assert c.get("/me/actions", {"group": "done"}).json()["count"] == 1


@pytest.mark.parametrize("name", EVERYONE)
def test_completion_for_the_cast(world: World, api_for: Api, name: str) -> None:
    """police-a owns the action on its own case: its members and the area co-ordinator (who
    manages the case) complete it; others who cannot see the case get 404."""
    (a,) = actions_due(world, "police_case", [2])
    response = api_for(name).post(f"/actions/{a.pk}/complete", {"what_was_done": "Done"})
    want = {"anonymous": 401, "police": 200, "coordinator": 200}.get(name, 404)
    assert response.status_code == want, response.content
    assert Action.objects.get(pk=a.pk).status == ("done" if want == 200 else "planned")


@pytest.mark.parametrize("name", EVERYONE)
def test_notification_routes_for_the_cast(world: World, api_for: Api, name: str) -> None:
    actions_due(world, "police_case", [-1])
    scan_reminders()
    c = api_for(name)
    listed = c.get("/me/notifications")
    if name == "anonymous":
        assert listed.status_code == 401
        assert c.post("/me/notifications/read-all").status_code == 401
        return
    mine = Notification.objects.filter(recipient__username=name)
    body = listed.json()
    assert listed.status_code == 200 and body["count"] == mine.count() == body["unread"]
    assert {n["id"] for n in body["items"]} == set(mine.values_list("pk", flat=True))
    coordinator_note = Notification.objects.filter(recipient__username="coordinator").first()
    assert coordinator_note is not None
    read = c.post(f"/me/notifications/{coordinator_note.pk}/read")
    assert read.status_code == (200 if name == "coordinator" else 404)
    assert c.post("/me/notifications/nonsense/read").status_code == 404
    everything = c.post("/me/notifications/read-all")
    assert everything.status_code == 200
    assert c.get("/me/notifications", {"unread": "true"}).json()["count"] == 0


def test_notifications_refuse_bad_paging_naming_the_field(world: World, api_for: Api) -> None:
    response = api_for("police").get("/me/notifications", {"page_size": "0"})
    assert response.status_code == 422 and "page_size" in errors_by_field(response)
