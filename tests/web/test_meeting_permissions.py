"""Every meeting URL requested as each member of the standard cast, the chair and anonymous:
the co-ordinator's screens (403 for others), a meeting and its cases (404 unless one of its
cases is visible), minutes in draft (the co-ordinator's and the chair's only), and the case
page's Meetings part (read like the case page; moving a review like its edit forms)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern

from fourpillars.audit.models import AuditEvent
from fourpillars.web import urls_meetings
from tests.cast import CASES, EVERYONE, PASSWORD, World
from tests.meetings import held
from tests.web.matrix import expected_case_status

pytestmark = pytest.mark.django_db
PEOPLE = [*EVERYONE, "probation-manager"]
SEES = {"coordinator", "probation", "housing", "probation-manager"}  # the shared case
RECORDS = {"coordinator", "probation-manager"}  # the co-ordinator and the chair
INVITED = SEES  # probation-a and housing-a invited; the co-ordinator records what is said
COORDINATOR = {"coordinator"}

# URL name -> (path under the meeting, who may open it, status for a visible refusal)
MEETING_URLS: dict[str, tuple[str, set[str], int]] = {
    "meeting": ("", SEES, 403),
    "meeting-ics": ("meeting.ics", SEES, 403),
    "meeting-invite": ("invite/", COORDINATOR, 403),
    "meeting-attendance": ("attendance/", RECORDS, 403),
    "meeting-cancel": ("cancel/", COORDINATOR, 403),
    "meeting-grade": ("grade/", COORDINATOR, 403),
    "meeting-item": ("cases/{c}/", SEES, 403),
    "meeting-contribute": ("cases/{c}/contribute/", INVITED, 403),
    "minutes-action-new": ("cases/{c}/minutes/actions/new/", RECORDS, 403),
    "minutes-check": ("cases/{c}/minutes/check/", RECORDS, 403),
    "minutes-circulate": ("cases/{c}/minutes/circulate/", RECORDS, 403),
    # A draft is read only by those who record or approve it: 404 to the rest.
    "minutes-pdf": ("cases/{c}/minutes.pdf", RECORDS, 404),
    "minutes-section": ("cases/{c}/minutes/headings/", RECORDS, 403),
}
ROLE_URLS = {
    "meetings-dashboard": "/meetings/",
    "meetings-quality": "/meetings/quality/",
    "meeting-new": "/meetings/new/",
}
POST_ONLY = {"minutes-action-remove"}
CASE_URLS = {"case-meetings": "meetings/", "case-next-review": "next-review/"}


def test_every_meeting_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_meetings.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(MEETING_URLS) | set(ROLE_URLS) | POST_ONLY | set(CASE_URLS)


def _client(world: World, name: str) -> Client:
    client = Client()
    if name != "anonymous":
        assert client.login(username=name, password=PASSWORD)
    return client


@pytest.mark.parametrize("name", PEOPLE)
def test_meeting_urls_for(world: World, name: str) -> None:
    meeting = held(world)
    case = world.shared_case
    client = _client(world, name)
    if name in SEES:
        client.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    failures = []
    for url_name, (path, allowed, refused) in MEETING_URLS.items():
        url = f"/meetings/{meeting.pk}/" + path.format(c=case.pk)
        want = (
            302
            if name == "anonymous"
            else 404
            if name not in SEES
            else 200
            if name in allowed
            else refused
        )
        got = client.get(url).status_code
        if got != want:
            failures.append(f"{url_name}: got {got}, want {want}")
    for url_name, url in ROLE_URLS.items():
        want = 302 if name == "anonymous" else 200 if name in COORDINATOR else 403
        if (got := client.get(url).status_code) != want:
            failures.append(f"{url_name}: got {got}, want {want}")
    remove = f"/meetings/{meeting.pk}/cases/{case.pk}/minutes/actions/m1/remove/"
    assert client.get(remove).status_code in (302, 405)
    assert failures == []


@pytest.mark.parametrize("name", EVERYONE)
def test_case_meeting_urls_for(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        case = getattr(world, case_attr)
        for url_name, path in CASE_URLS.items():
            as_matrix = "case" if url_name == "case-meetings" else url_name
            want = expected_case_status(world, name, as_matrix, case_attr)
            got = client.get(f"/cases/{case.pk}/{path}").status_code
            if got != want:
                failures.append(f"{url_name} {case_attr}: got {got}, want {want}")
    assert failures == []


@pytest.mark.parametrize("name", ["police", "outsider", "auditor", "admin", "anonymous"])
def test_posts_to_a_hidden_meeting_change_nothing(world: World, name: str) -> None:
    meeting = held(world)
    case = world.shared_case
    client = _client(world, name)
    before = AuditEvent.objects.exclude(action="refused_read").count()
    for path, _, _ in MEETING_URLS.values():
        url = f"/meetings/{meeting.pk}/" + path.format(c=case.pk)
        got = client.post(url, {"reason": "x", "text": "x"}).status_code
        assert got in ((302,) if name == "anonymous" else (404, 405)), (url, got)
    assert AuditEvent.objects.exclude(action="refused_read").count() == before
