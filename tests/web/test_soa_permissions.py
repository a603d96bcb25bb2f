"""Every SOA notification, risk notification and supervision transfer URL (decision 0022)
requested as each member of the standard cast and anonymous, with expectations spelt out here
from the policy:

- the Notifications part and reading a risk notification or transfer are like reading its
  case (404 hidden, the purpose first outside the lead agency);
- recording, the release-and-residence form and composing a transfer are for the case's
  managers (403 for other readers);
- deciding is for a manager or the co-ordinator who did not write it (the leads wrote them,
  so of the cast only the co-ordinator may decide, on area A's cases); everyone else's posts
  change nothing;
- withdrawing one approved is for the same people as deciding: the co-ordinator on area A's
  cases; everyone else is refused (404 hidden, 403 seen) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern

from fourpillars.audit.models import AuditEvent
from fourpillars.exchange.models import Message
from fourpillars.soa.models import RiskNotification
from fourpillars.web import urls_soa
from tests.cast import CASES, EVERYONE, World
from tests.factories import manager_of
from tests.soa_world import Abroad, abroad, approved, with_peer
from tests.web.matrix import JUSTIFY, MANAGES

pytestmark = pytest.mark.django_db

Build = Callable[[World, Abroad, str], str]
GET_URLS: dict[str, Build] = {
    "case-notifications": lambda w, a, c: f"/cases/{getattr(w, c).pk}/notifications/",
    "case-notification-new": lambda w, a, c: f"/cases/{getattr(w, c).pk}/notifications/new/",
    "case-notification-circumstances": lambda w, a, c: (
        f"/cases/{getattr(w, c).pk}/notifications/circumstances/"
    ),
    "case-supervision-transfer": lambda w, a, c: f"/cases/{getattr(w, c).pk}/supervision-transfer/",
    "risk-notification": lambda w, a, c: f"/risk-notifications/{a.proposals[c].pk}/",
    "supervision-transfer": lambda w, a, c: f"/supervision-transfers/{a.transfers[c].pk}/",
}
POST_ONLY: dict[str, Build] = {
    "risk-notification-review": lambda w, a, c: f"/risk-notifications/{a.proposals[c].pk}/review/",
    "risk-notification-submit": lambda w, a, c: f"/risk-notifications/{a.proposals[c].pk}/submit/",
    "risk-notification-approve": lambda w, a, c: (
        f"/risk-notifications/{a.proposals[c].pk}/approve/"
    ),
    "risk-notification-decline": lambda w, a, c: (
        f"/risk-notifications/{a.proposals[c].pk}/decline/"
    ),
    "risk-notification-withdraw": lambda w, a, c: (
        f"/risk-notifications/{a.proposals[c].pk}/withdraw/"
    ),
    "supervision-transfer-approve": lambda w, a, c: (
        f"/supervision-transfers/{a.transfers[c].pk}/approve/"
    ),
    "supervision-transfer-decline": lambda w, a, c: (
        f"/supervision-transfers/{a.transfers[c].pk}/decline/"
    ),
}
VISIBLE = {
    "coordinator": {"police_case", "shared_case"},
    "police": {"police_case"},
    "probation": {"shared_case"},
    "housing": {"shared_case"},
    "outsider": {"other_area_case"},
}
READS = {"case-notifications", "risk-notification", "supervision-transfer"}
DECIDES = {"coordinator": {"police_case", "shared_case"}}


@pytest.fixture
def moves(world: World, settings: Any, tmp_path: Path) -> Abroad:
    with_peer(settings, tmp_path)
    return abroad(world)


def expected(name: str, url_name: str, case_attr: str) -> int:
    if name == "anonymous":
        return 302
    if case_attr not in VISIBLE.get(name, set()):
        return 404
    justify = 302 if case_attr in JUSTIFY.get(name, set()) else 200
    if url_name in READS:
        return justify
    return justify if case_attr in MANAGES.get(name, set()) else 403


def test_every_soa_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_soa.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(GET_URLS) | set(POST_ONLY)


@pytest.mark.parametrize("name", EVERYONE)
def test_soa_urls_for(
    world: World, moves: Abroad, client_for: Callable[[str], Client], name: str
) -> None:
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        for url_name, build in GET_URLS.items():
            got = client.get(build(world, moves, case_attr)).status_code
            want = expected(name, url_name, case_attr)
            if got != want:
                failures.append(f"{url_name} {case_attr}: got {got}, want {want}")
        for url_name, build in POST_ONLY.items():
            got = client.get(build(world, moves, case_attr)).status_code
            if got != (302 if name == "anonymous" else 405):
                failures.append(f"GET {url_name} {case_attr}: got {got}")
    assert failures == []


@pytest.mark.parametrize("name", EVERYONE)
def test_decisions_by_those_who_may_not_change_nothing(
    world: World, moves: Abroad, client_for: Callable[[str], Client], name: str
) -> None:
    """Approving or declining as anyone but a second person who may decide: 404 (hidden) or
    403, no audit row and no message; the authors (the leads) are refused too."""
    client = client_for(name)
    before = AuditEvent.objects.exclude(action="refused_read").count()
    data = {
        "lawful_basis": "dpa2018_s73_adequacy",
        "necessity": "n",
        "proportionality": "p",
        "reason": "r",
    }
    for case_attr in CASES:
        if case_attr in DECIDES.get(name, set()):
            continue
        for url_name in (
            "risk-notification-approve",
            "risk-notification-decline",
            "supervision-transfer-approve",
            "supervision-transfer-decline",
        ):
            got = client.post(POST_ONLY[url_name](world, moves, case_attr), data).status_code
            ok = (302,) if name == "anonymous" else (403, 404)
            assert got in ok, (url_name, case_attr, got)
    assert AuditEvent.objects.exclude(action="refused_read").count() == before
    assert not Message.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_withdrawal_as_each_member_of_the_cast(
    world: World, settings: Any, tmp_path: Path, client_for: Callable[[str], Client], name: str
) -> None:
    """One approved risk notification per case (France: no node), withdrawn by whoever may:
    the co-ordinator on area A's cases (302 back to the page, withdrawn); the leads who wrote
    them, the case's readers and everyone else refused (403 seen, 404 hidden), changing
    nothing; anonymous sent to sign in."""
    with_peer(settings, tmp_path)
    deciders = {
        "police_case": world.users["coordinator"],
        "shared_case": world.users["coordinator"],
    }
    deciders["other_area_case"] = manager_of(world.users["outsider"])
    made = {c: approved(world, c, deciders[c]) for c in CASES}
    before = AuditEvent.objects.filter(action="withdraw_risk_notification").count()
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        url = f"/risk-notifications/{made[case_attr].pk}/withdraw/"
        got = client.post(url, {"reason": "The trip was cancelled"})
        if name == "anonymous":
            want = 302
        elif case_attr not in VISIBLE.get(name, set()):
            want = 404
        elif case_attr in DECIDES.get(name, set()):
            want = 302
        else:
            want = 403
        if got.status_code != want:
            failures.append(f"{case_attr}: got {got.status_code}, want {want}")
        if name == "anonymous" and "/login/" not in got["Location"]:
            failures.append(f"{case_attr}: anonymous not sent to sign in")
        status = RiskNotification.objects.get(pk=made[case_attr].pk).status
        withdrawn = case_attr in DECIDES.get(name, set())
        if (status == "withdrawn") is not withdrawn:
            failures.append(f"{case_attr}: {status}")
    assert failures == []
    done = AuditEvent.objects.filter(action="withdraw_risk_notification").count() - before
    assert done == len(DECIDES.get(name, set()))
    assert not Message.objects.exists()
