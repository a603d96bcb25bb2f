"""Every referral, transfer and possible-duplicate URL (decision 0018) requested as each member
of the standard cast and anonymous, with expectations spelt out here from the policy:

- referring and reading a referral are like reading its case (404 hidden, the purpose first
  outside the lead agency); screening is the area co-ordinator's (403 for other readers);
- asking for a transfer is for the case's managers; a transfer is read by whoever sees its case
  and by the receiving area's co-ordinator, who alone decides it;
- a possible duplicate exists only for the two areas' co-ordinators (404 for everyone else);
- the queues are the co-ordinator's (403 for everyone else); "mine" lists are everyone's.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern

from fourpillars.audit.models import AuditEvent
from fourpillars.web import urls_referrals
from tests.cast import CASES, EVERYONE, World
from tests.moves import Moves, between_areas
from tests.web.matrix import JUSTIFY, MANAGES

pytestmark = pytest.mark.django_db

Build = Callable[[World, Moves, str], str]
CASE_URLS: dict[str, Build] = {
    "case-refer": lambda w, m, c: f"/cases/{getattr(w, c).pk}/refer/",
    "case-refer-check": lambda w, m, c: f"/cases/{getattr(w, c).pk}/refer/check/",
    "referral": lambda w, m, c: f"/referrals/{m.referrals[c].pk}/",
    "referral-pdf": lambda w, m, c: f"/referrals/{m.referrals[c].pk}/mappa-a.pdf",
    "referral-screen": lambda w, m, c: f"/referrals/{m.referrals[c].pk}/screen/",
    "case-transfer": lambda w, m, c: f"/cases/{getattr(w, c).pk}/transfer/",
    "transfer": lambda w, m, c: f"/transfers/{m.transfers[c].pk}/",
    "transfer-decide": lambda w, m, c: f"/transfers/{m.transfers[c].pk}/decide/",
    "transfer-withdraw": lambda w, m, c: f"/transfers/{m.transfers[c].pk}/withdraw/",
}
DUPLICATE_URLS = {
    "duplicate": "/duplicates/{}/",
    "duplicate-resolve": "/duplicates/{}/resolve/",
}
QUEUES = {
    "referral-queue": "/referrals/",
    "transfer-queue": "/transfers/",
    "duplicate-queue": "/duplicates/",
}
MINE = {"referral-mine": "/referrals/mine/", "transfer-mine": "/transfers/mine/"}
POST_ONLY = {
    "referral-read": "/referrals/{}/read/",
    "transfer-read": "/transfers/{}/read/",
}
VISIBLE = {
    "coordinator": {"police_case", "shared_case"},
    "police": {"police_case"},
    "probation": {"shared_case"},
    "housing": {"shared_case"},
    "outsider": {"other_area_case"},
}
# The receiving area's co-ordinator sees the transfer, not the case (until accepted).
RECEIVES = {"coordinator": {"other_area_case"}}
SCREENS = {"coordinator": {"police_case", "shared_case"}}


def expected(name: str, url_name: str, case_attr: str) -> int:
    if name == "anonymous":
        return 302
    sees_case = case_attr in VISIBLE.get(name, set())
    receives = case_attr in RECEIVES.get(name, set())
    justify = 302 if case_attr in JUSTIFY.get(name, set()) else 200
    if url_name.startswith("transfer"):
        if not (sees_case or receives):
            return 404
        if url_name == "transfer":
            return justify if sees_case else 200
        if url_name == "transfer-decide":
            return 200 if receives else 403
        return justify if case_attr in MANAGES.get(name, set()) else 403  # withdraw
    if not sees_case:
        return 404
    if url_name == "referral-screen":
        return justify if case_attr in SCREENS.get(name, set()) else 403
    if url_name == "case-transfer":
        return justify if case_attr in MANAGES.get(name, set()) else 403
    if url_name == "case-refer-check" and justify == 200:
        return 302  # nothing to check yet: back to the questions
    return justify


def test_every_referral_url_is_in_the_matrix() -> None:
    names = {p.name for p in urls_referrals.urlpatterns if isinstance(p, URLPattern)}
    covered = set(CASE_URLS) | set(DUPLICATE_URLS) | set(QUEUES) | set(MINE) | set(POST_ONLY)
    assert names == covered


@pytest.mark.parametrize("name", EVERYONE)
def test_referral_and_transfer_urls_for(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    moves = between_areas(world)
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        for url_name, build in CASE_URLS.items():
            got = client.get(build(world, moves, case_attr)).status_code
            want = expected(name, url_name, case_attr)
            if got != want:
                failures.append(f"{url_name} {case_attr}: got {got}, want {want}")
    for url_name, url in DUPLICATE_URLS.items():
        got = client.get(url.format(moves.duplicate.pk)).status_code
        want = 302 if name == "anonymous" else 200 if name == "coordinator" else 404
        if got != want:
            failures.append(f"{url_name}: got {got}, want {want}")
    for url_name, url in QUEUES.items():
        got = client.get(url).status_code
        want = 302 if name == "anonymous" else 200 if name == "coordinator" else 403
        if got != want:
            failures.append(f"{url_name}: got {got}, want {want}")
    for url_name, url in MINE.items():
        got = client.get(url).status_code
        if got != (302 if name == "anonymous" else 200):
            failures.append(f"{url_name}: got {got}")
    assert failures == []


@pytest.mark.parametrize("name", EVERYONE)
def test_posts_by_those_who_may_not_change_nothing(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    """Screening, deciding, withdrawing and resolving as anyone without the permission: 404
    (hidden) or 403, and no audit row; reading an outcome that is not yours: the same."""
    moves = between_areas(world)
    client = client_for(name)
    before = AuditEvent.objects.exclude(action="refused_read").count()
    for case_attr in CASES:
        referral, transfer = moves.referrals[case_attr], moves.transfers[case_attr]
        posts = {
            "referral-screen": (f"/referrals/{referral.pk}/screen/", SCREENS),
            "transfer-decide": (f"/transfers/{transfer.pk}/decide/", RECEIVES),
            "transfer-withdraw": (f"/transfers/{transfer.pk}/withdraw/", MANAGES),
        }
        for url_name, (url, allowed) in posts.items():
            if case_attr in allowed.get(name, set()):
                continue
            got = client.post(url, {"outcome": "x", "reason": ""}).status_code
            assert got in ((302,) if name == "anonymous" else (403, 404)), (url_name, case_attr)
        for url in POST_ONLY.values():
            got = client.post(url.format(referral.pk if "referral" in url else transfer.pk))
            assert got.status_code in (302, 403, 404), url
    if name != "coordinator":
        got = client.post(f"/duplicates/{moves.duplicate.pk}/resolve/", {"outcome": "x"})
        assert got.status_code == (302 if name == "anonymous" else 404)
    assert AuditEvent.objects.exclude(action="refused_read").count() == before


@pytest.mark.parametrize("name", EVERYONE)
def test_the_queues_are_offered_to_whoever_may_use_them(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    page = client_for(name).get("/").content.decode()
    for url in QUEUES.values():
        assert (f'href="{url}"' in page) is (name == "coordinator"), url
    for url in MINE.values():
        works = name not in ("anonymous", "auditor", "admin")
        assert (f'href="{url}"' in page) is works, url
