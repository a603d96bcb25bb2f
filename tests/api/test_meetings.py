"""Meeting routes: every route against the standard cast (with the chair), bad input on each,
the OpenAPI document, the calendar entry and the minutes PDF, and who reads minutes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fourpillars.meetings.models import Minutes
from tests.api.conftest import ApiClient, errors_by_field, last_event
from tests.cast import EVERYONE, World
from tests.meetings import complete_minutes, held, meeting_data, scheduled

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
PEOPLE = [*EVERYONE, "probation-manager"]
# Who sees the shared case (and so the meeting on it): the policy, spelt out.
SEES = {"coordinator", "probation", "housing", "probation-manager"}
RECORDS = {"coordinator", "probation-manager"}  # the area co-ordinator and the chair
MANAGERS = {"coordinator", "probation", "probation-manager"}  # manage the shared case
J = {"X_Justification": "mappa-coordination"}


def _client(api_for: Api, world: World, name: str) -> ApiClient:
    if name == "probation-manager":
        from fourpillars.services.accounts import issue_token

        return ApiClient(issue_token(user=world.users[name], name="test"))
    return api_for(name)


def _want(name: str, *, allowed: set[str], ok: int) -> int:
    if name == "anonymous":
        return 401
    if name not in SEES:
        return 404
    return ok if name in allowed else 403


def _routes(m: int, c: int, v: int) -> list[tuple[str, str, Any, set[str], int]]:
    base = f"/meetings/{m}/cases/{c}"
    return [
        ("get", f"/meetings/{m}", None, SEES, 200),
        ("get", f"/meetings/{m}/meeting.ics", None, SEES, 200),
        ("get", base, None, SEES, 200),
        ("get", f"/cases/{c}/meetings", None, SEES, 200),
        ("post", f"{base}/contributions", {"text": ""}, SEES, 422),
        ("post", f"/meetings/{m}/invitations", {}, {"coordinator"}, 422),
        ("post", f"/meetings/{m}/attendance", {}, RECORDS, 422),
        ("post", f"/meetings/{m}/cancel", {"reason": ""}, {"coordinator"}, 422),
        ("post", f"/meetings/{m}/grade", {}, {"coordinator"}, 422),
        (
            "put",
            f"{base}/minutes/sections/headings",
            {"version": v, "data": {"bogus": "x"}},
            RECORDS,
            422,
        ),
        ("post", f"{base}/minutes/actions", {"version": v, "data": {}}, RECORDS, 422),
        ("delete", f"{base}/minutes/actions/m99?version={v}", None, RECORDS, 404),
        ("post", f"{base}/minutes/approve", {"version": v}, {"probation-manager"}, 422),
        ("post", f"{base}/minutes/circulate", None, RECORDS, 409),
        (
            "post",
            f"/cases/{c}/next-review",
            {"date": "", "reason": ""},
            MANAGERS,
            422,
        ),
    ]


@pytest.mark.parametrize("name", PEOPLE)
def test_every_meeting_route_for(world: World, api_for: Api, name: str) -> None:
    meeting = held(world)
    case = world.shared_case
    version = Minutes.objects.get(item__meeting=meeting).version
    client = None if name == "anonymous" else _client(api_for, world, name)
    api = client or ApiClient(None)
    failures = []
    for method, url, body, allowed, ok in _routes(meeting.pk, case.pk, version):
        if method == "get":
            got = api.get(url, **J).status_code
        else:
            got = api.send(method, url, body).status_code
        want = _want(name, allowed=allowed, ok=ok)
        if got != want:
            failures.append(f"{method} {url}: got {got}, want {want}")
    for url in ("/meetings/dashboard", "/meetings/quality"):
        want = 401 if name == "anonymous" else 200 if name == "coordinator" else 403
        if (got := api.get(url).status_code) != want:
            failures.append(f"get {url}: got {got}, want {want}")
    user_id = world.users["housing"].pk
    got = api.send("put", f"/admin/users/{user_id}/chair-grade", {"seniority": "x"}).status_code
    want = 401 if name == "anonymous" else 422 if name == "admin" else 403
    if got != want:
        failures.append(f"chair-grade: got {got}, want {want}")
    assert failures == []


def test_scheduling_through_the_api_and_its_errors(world: World, api_for: Api) -> None:
    from tests.meetings import chairs

    chairs(world)
    c = api_for("coordinator")
    bad = c.post(
        "/meetings",
        {
            "kind": "x",
            "starts_at": "soon",
            "cases": [world.shared_case.pk],
            "chair": "nobody",
            "video_link": "ftp://x",
        },
    )
    assert bad.status_code == 422
    assert {"kind", "starts_at", "chair", "video_link"} <= set(errors_by_field(bad))
    assert c.post("/meetings", "not json").status_code == 422
    assert c.post("/meetings", {"cases": [999999]} | meeting_data()).status_code == 404
    made = c.post("/meetings", meeting_data(cases=[world.shared_case.pk]))
    assert made.status_code == 201, made.content
    assert made.json()["cases"][0]["reference"] == world.shared_case.reference
    assert last_event(action="schedule_meeting").operation == "collection"


def test_the_calendar_entry_names_the_case_by_reference_only(world: World, api_for: Api) -> None:
    meeting = scheduled(world, video_link="https://video.example/mappa/1")
    body = api_for("housing").get(f"/meetings/{meeting.pk}/meeting.ics").content.decode()
    assert "BEGIN:VEVENT" in body and world.shared_case.reference in body
    assert "Papadopoulos" not in body and "Παπαδόπουλος" not in body and "Nikos" not in body
    assert "UID:meeting-" in body and "OFFICIAL-SENSITIVE" in body
    assert last_event(action="export_meeting_ics").record_ids == [world.shared_case.pk]


def test_minutes_pdf_only_once_readable(world: World, api_for: Api) -> None:
    meeting = held(world)
    case = world.shared_case
    url = f"/meetings/{meeting.pk}/cases/{case.pk}/minutes.pdf"
    assert api_for("housing").get(url, **J).status_code == 404  # a draft is not theirs
    pdf = api_for("coordinator").get(url, **J)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    version = complete_minutes(world, meeting)
    from fourpillars.services import meetings as svc

    svc.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=case.pk,
        expected_version=version,
    )
    assert api_for("housing").get(url, **J).status_code == 200
    assert api_for("housing").get(url).status_code == 428  # the purpose, on every request
