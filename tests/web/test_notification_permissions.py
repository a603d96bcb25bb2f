"""Every notification URL (web/urls_notifications.py) as each member of the standard cast and
anonymous: everyone signed in has their own notifications page; marking read works only on
one's own notification (anyone else's is 404 and changes nothing); the header's link counts
the unread ones."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern

from fourpillars.audit.models import AuditEvent
from fourpillars.notifications.models import Notification
from fourpillars.services.reminders import scan_reminders
from fourpillars.web import urls_notifications
from tests.cast import CAST_NAMES, EVERYONE, World
from tests.factories import actions_due
from tests.web.helpers import text

pytestmark = pytest.mark.django_db

URLS = {"notifications", "notification-read", "notifications-read-all"}


def test_every_notification_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_notifications.urlpatterns if isinstance(p, URLPattern)}
    assert names == URLS


@pytest.fixture
def reminded(world: World) -> World:
    """Overdue and due-soon reminders for police-a, the coordinator and housing (an action of
    housing-a on a case housing cannot see)."""
    actions_due(world, "police_case", [-1, 3])
    actions_due(world, "police_case", [2], agency="housing-a")
    scan_reminders()
    return world


@pytest.mark.parametrize("name", EVERYONE)
def test_notification_urls_for(
    reminded: World, client_for: Callable[[str], Client], name: str
) -> None:
    client = client_for(name)
    coordinator_note = Notification.objects.filter(recipient__username="coordinator").first()
    assert coordinator_note is not None
    anonymous = name == "anonymous"
    assert client.get("/notifications/").status_code == (302 if anonymous else 200)
    assert client.get("/notifications/?unread=1&page=x").status_code == (302 if anonymous else 200)
    before = AuditEvent.objects.count()
    others = client.post(f"/notifications/{coordinator_note.pk}/read/")
    assert others.status_code == (302 if anonymous else 302 if name == "coordinator" else 404)
    if name not in ("coordinator",):
        changes = AuditEvent.objects.exclude(action="refused_read")
        assert changes.count() == before  # nothing recorded but the refusal, nothing changed
        assert Notification.objects.get(pk=coordinator_note.pk).read_at is None
        # Another's notification of a case the reader cannot see is a refused read of it.
        refused = AuditEvent.objects.filter(action="refused_read").values_list("case_id")
        hidden = not anonymous and reminded.police_case.pk not in reminded.visible[name]
        assert list(refused) == ([(reminded.police_case.pk,)] if hidden else [])
    assert client.get(f"/notifications/{coordinator_note.pk}/read/").status_code == (
        302 if anonymous else 405
    )
    assert client.post("/notifications/read-all/").status_code == 302
    if not anonymous:
        assert Notification.objects.filter(recipient__username=name, read_at=None).count() == 0


@pytest.mark.parametrize("name", CAST_NAMES)
def test_the_header_counts_unread_notifications(
    reminded: World, client_for: Callable[[str], Client], name: str
) -> None:
    unread = Notification.objects.filter(recipient__username=name, read_at=None).count()
    html = client_for(name).get("/notifications/").content.decode()
    link = re.search(r'data-testid="notifications-link">([^<]+)<', html)
    assert link is not None and link.group(1) == f"Notifications ({unread})"


def test_the_page_shows_only_what_the_reader_may_see(
    reminded: World, client_for: Callable[[str], Client]
) -> None:
    housing = text(client_for("housing").get("/notifications/"))
    case = reminded.police_case
    assert "Northshire Council Housing" in housing
    assert case.reference not in housing and case.person.display_name not in housing
    police = client_for("police")
    shown = text(police.get("/notifications/"))
    assert case.reference in shown and "Overdue action for" in shown
    note = Notification.objects.filter(recipient__username="police").exclude(link="").first()
    assert note is not None
    opened = police.post(f"/notifications/{note.pk}/read/", {"open": "1"})
    assert opened["Location"] == note.link
    back = police.post(f"/notifications/{note.pk}/read/", {"next": "/notifications/?unread=1"})
    assert back["Location"] == "/notifications/?unread=1"
    elsewhere = police.post(f"/notifications/{note.pk}/read/", {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/notifications/"


NASTY = ["", " ", "x" * 30_000, "<script>alert(1)</script>", "١٢٣", "-1", "9" * 40, "null"]


def test_my_actions_and_completion_never_fail_with_a_500(
    reminded: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("police")
    action = Notification.objects.filter(recipient__username="police").exclude(action=None)
    action_id = action.values_list("action_id", flat=True).first()
    for value in NASTY:
        for params in ({"group": value}, {"page": value}, {"group": "done", "page": value}):
            assert client.get("/my-actions/", params).status_code == 200, params
        assert client.get("/notifications/", {"page": value, "unread": value}).status_code == 200
        posted = client.post(f"/actions/{action_id}/complete/", {"what_was_done": value})
        assert posted.status_code in (200, 302), value
        assert "<script>alert(1)</script>" not in posted.content.decode()
