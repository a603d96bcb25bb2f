"""Every plan, action and decision URL requested as each member of the standard cast and
anonymous, with the expectations of tests/web/test_permission_matrix.py:
reading a plan is like reading its case (404 hidden, purpose first outside the lead agency);
changing one is like changing the case (403 for those who may only read it); an action is
progressed by its owner agency or the case's managers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern

from fourpillars.audit.models import AuditEvent
from fourpillars.services import plans as svc
from fourpillars.web import urls_plans
from tests.cast import CASES, EVERYONE, World
from tests.factories import active_plan_and_draft
from tests.web.matrix import AUTHORS, MANAGES, expected_case_status

pytestmark = pytest.mark.django_db

Build = Callable[[World, str], str]


def _active(path: str) -> Build:
    return lambda w, c: f"/plans/{active_plan_and_draft(w, c)[0].pk}/{path}"


def _draft(path: str) -> Build:
    return lambda w, c: f"/plans/{active_plan_and_draft(w, c)[1].pk}/{path}"


def _case(path: str) -> Build:
    return lambda w, c: f"/cases/{getattr(w, c).pk}/{path}"


def _action(w: World, c: str) -> str:
    return f"/actions/{active_plan_and_draft(w, c)[0].actions.get(ident='a1').pk}/status/"


def _complete(w: World, c: str) -> str:
    return f"/actions/{active_plan_and_draft(w, c)[0].actions.get(ident='a1').pk}/complete/"


# Reading: the policy of the case page ("case" in the matrix).
READ_URLS: dict[str, Build] = {
    "case-plans": _case("plans/"),
    "case-decisions": _case("decisions/"),
    "plan": _active(""),
    "plan-pdf": _active("plan.pdf"),
    "plan-compare": lambda w, c: (
        f"/plans/{active_plan_and_draft(w, c)[0].pk}/compare/{active_plan_and_draft(w, c)[1].pk}/"
    ),
}
# Changing: the policy of the case's edit forms.
MANAGE_URLS: dict[str, Build] = {
    "plan-edit": _draft("edit/"),
    "plan-section": _draft("edit/period/"),
    "plan-item": _draft("edit/actions/0/"),
    "plan-item-remove": _draft("edit/actions/0/remove/"),
    "plan-approve": _draft("approve/"),
    "decision-new": _case("decisions/new/"),
}
# POST only; an empty post changes nothing (the open draft is returned, a version-less save
# is a conflict, a status is required).
POST_URLS: dict[str, Build] = {
    "plan-start": _case("plans/new/"),
    "plan-autosave": _draft("autosave/"),
    "action-status": _action,
    "action-complete": _complete,
}
MANAGER_POST_STATUS = {
    "plan-start": 302,
    "plan-autosave": 200,
    "action-status": 200,
    "action-complete": 200,  # nothing said: the form again, with the error
}
GENERAL_URLS = {"my-actions": "/my-actions/"}


def test_every_plan_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_plans.urlpatterns if isinstance(p, URLPattern)}
    covered = set(READ_URLS) | set(MANAGE_URLS) | set(POST_URLS) | set(GENERAL_URLS)
    assert names == covered


def _want_post(world: World, name: str, url_name: str, case_attr: str) -> int:
    if name == "anonymous":
        return 302
    if getattr(world, case_attr).pk not in world.visible[name]:
        return 404
    return MANAGER_POST_STATUS[url_name] if case_attr in MANAGES.get(name, set()) else 403


@pytest.mark.parametrize("name", EVERYONE)
def test_plan_urls_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        for url_name, build in {**READ_URLS, **MANAGE_URLS}.items():
            got = client.get(build(world, case_attr)).status_code
            want = expected_case_status(
                world, name, "case" if url_name in READ_URLS else url_name, case_attr
            )
            if got != want:
                failures.append(f"{url_name} {case_attr}: got {got}, want {want}")
    for url_name, url in GENERAL_URLS.items():
        got = client.get(url).status_code
        if got != (302 if name == "anonymous" else 200):
            failures.append(f"{url_name}: got {got}")
    assert failures == []


@pytest.mark.parametrize("name", EVERYONE)
def test_plan_posts_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    """Hidden: 404 and nothing recorded; visible but not theirs: 403; theirs: done."""
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        urls = {u: build(world, case_attr) for u, build in {**POST_URLS, **MANAGE_URLS}.items()}
        hidden = name == "anonymous" or getattr(world, case_attr).pk not in world.visible[name]
        manages = case_attr in MANAGES.get(name, set())
        before = AuditEvent.objects.exclude(action="refused_read").count()
        for url_name, url in urls.items():
            if name != "anonymous" and url_name in POST_URLS:
                assert client.get(url).status_code == 405, url_name
            got = client.post(url, {}).status_code
            if url_name in POST_URLS:
                want = {_want_post(world, name, url_name, case_attr)}
            elif name == "anonymous":
                want = {302}
            elif url_name == "plan-approve" and case_attr in AUTHORS.get(name, set()):
                want = {403}  # its author: a second person approves
            else:
                want = {404} if hidden else {200, 302} if manages else {403}
            if got not in want:
                failures.append(f"POST {url_name} {case_attr}: got {got}, want {want}")
        if hidden or not manages:
            assert AuditEvent.objects.exclude(action="refused_read").count() == before, case_attr
    assert failures == []


@pytest.mark.parametrize(
    ("name", "case_attr"),
    [("coordinator", "police_case"), ("coordinator", "shared_case"), ("housing", "shared_case")],
)
def test_after_justifying_the_plan_urls_open(
    world: World, client_for: Callable[[str], Client], name: str, case_attr: str
) -> None:
    client = client_for(name)
    case = getattr(world, case_attr)
    client.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    for url_name, build in READ_URLS.items():
        assert client.get(build(world, case_attr)).status_code == 200, url_name
    for url_name, build in MANAGE_URLS.items():
        want = 200 if case_attr in MANAGES.get(name, set()) else 403
        assert client.get(build(world, case_attr)).status_code == want, url_name


def test_the_purpose_is_asked_then_the_plan_opens(world: World, client_for) -> None:
    client = client_for("housing")
    url = _active("")(world, "shared_case")
    response = client.get(url)
    case = world.shared_case.pk
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case}/justify/?next={url}"
    answer = client.post(response["Location"], {"purpose": "safeguarding", "next": url})
    assert answer["Location"] == url
    assert client.get(url).status_code == 200
    row = AuditEvent.objects.filter(action="view_plan").latest("seq")
    assert row.purpose == "safeguarding" and row.case_id == case


def test_an_owner_agency_outside_the_lead_progresses_its_action(world: World, client_for) -> None:
    """Housing cannot change the shared case, but can progress an action housing owns."""
    active, _ = active_plan_and_draft(world, "shared_case")
    action = active.actions.get(ident="a2")
    action.owner_agency = world.users["housing"].agency
    action.save()
    client = client_for("housing")
    done = client.post(f"/actions/{action.pk}/status/", {"status": "in_progress"})
    assert done.status_code == 302
    assert [a.ident for a in svc.my_actions(world.users["housing"])] == ["a2"]
    other = active.actions.get(ident="a1")
    assert client.post(f"/actions/{other.pk}/status/", {"status": "done"}).status_code == 403


def test_comparing_plans_of_two_cases_is_404(world: World, client_for) -> None:
    police, _ = active_plan_and_draft(world, "police_case")
    shared, _ = active_plan_and_draft(world, "shared_case")
    client = client_for("coordinator")
    for case in (world.police_case, world.shared_case):
        client.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    assert client.get(f"/plans/{police.pk}/compare/{shared.pk}/").status_code == 404
