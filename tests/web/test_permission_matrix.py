"""Every web URL requested as each member of the standard cast (and anonymous): 200, 302, 403
or 404 exactly as the need-to-know policy says.

The expectations are spelt out as tables in tests/web/matrix.py, not computed by the code
under test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern

from fourpillars.web import urls as web_urls
from tests.cast import CASES, EVERYONE, LEADS, World
from tests.web.matrix import CASE_PARTS, MANAGES, expected_case_status

pytestmark = pytest.mark.django_db

REGISTERS = {"coordinator", "police", "probation", "outsider"}

# URL name -> (kind, builds the path from the world and the case)
CASE_URLS: dict[str, Callable[[World, str], str]] = {
    "case": lambda w, c: f"/cases/{getattr(w, c).pk}/",
    "case-person": lambda w, c: f"/cases/{getattr(w, c).pk}/person/",
    "case-risk": lambda w, c: f"/cases/{getattr(w, c).pk}/risk/",
    "case-plan": lambda w, c: f"/cases/{getattr(w, c).pk}/plan/",
    "case-timeline": lambda w, c: f"/cases/{getattr(w, c).pk}/timeline/",
    "case-sharing": lambda w, c: f"/cases/{getattr(w, c).pk}/sharing/",
    "case-justify": lambda w, c: f"/cases/{getattr(w, c).pk}/justify/",
    "case-edit": lambda w, c: f"/cases/{getattr(w, c).pk}/edit/",
    "case-status": lambda w, c: f"/cases/{getattr(w, c).pk}/status/",
    "case-share": lambda w, c: f"/cases/{getattr(w, c).pk}/share/",
    "person-edit": lambda w, c: f"/cases/{getattr(w, c).pk}/person/edit/",
    "person-name-new": lambda w, c: f"/cases/{getattr(w, c).pk}/person/names/new/",
    "person-identifier-new": lambda w, c: f"/cases/{getattr(w, c).pk}/person/identifiers/new/",
    "person-address-new": lambda w, c: f"/cases/{getattr(w, c).pk}/person/addresses/new/",
    "person-conviction-new": lambda w, c: f"/cases/{getattr(w, c).pk}/person/convictions/new/",
    "case-share-revoke": lambda w, c: f"/cases/{getattr(w, c).pk}/shares/{_share_id(w, c)}/revoke/",
    "person-identifier-remove": lambda w, c: (
        f"/cases/{getattr(w, c).pk}/person/identifiers/{_identifier_id(w, c)}/remove/"
    ),
    "person-address-edit": lambda w, c: (
        f"/cases/{getattr(w, c).pk}/person/addresses/{_address_id(w, c)}/edit/"
    ),
    "person-address-remove": lambda w, c: (
        f"/cases/{getattr(w, c).pk}/person/addresses/{_address_id(w, c)}/remove/"
    ),
    "person-conviction-edit": lambda w, c: (
        f"/cases/{getattr(w, c).pk}/person/convictions/{_conviction_id(w, c)}/edit/"
    ),
    "person-conviction-remove": lambda w, c: (
        f"/cases/{getattr(w, c).pk}/person/convictions/{_conviction_id(w, c)}/remove/"
    ),
}
MANAGE_URLS = set(CASE_URLS) - CASE_PARTS - {"case-justify"}
ROLE_URLS = {
    "audit": ("/audit/", "auditor"),
    "audit-export": ("/audit/export.csv", "auditor"),
    "admin-home": ("/admin-area/", "admin"),
    "admin-user-new": ("/admin-area/users/new/", "admin"),
    "admin-agency-new": ("/admin-area/agencies/new/", "admin"),
    "admin-area-new": ("/admin-area/areas/new/", "admin"),
    "admin-area-intervals": ("/admin-area/areas/A/review-intervals/", "admin"),
}
POST_ONLY = {"logout", "admin-user-active", "token-revoke"}
# One's own account (decision 0028): every signed-in user reaches theirs (recovery codes: only
# right after new ones were made, else back to the account page).
ACCOUNT_URLS = {
    "account": ("/account/", 200),
    "account-password": ("/account/password/", 200),
    "account-two-factor": ("/account/two-factor/", 200),
    "account-recovery-codes": ("/account/recovery-codes/", 302),
}
# The steps after a password: without one just passed, back to signing in, for everyone.
SIGN_IN_STEPS = {"sign-in-code": "/login/code/", "sign-in-set-up": "/login/set-up/"}
# Security keys (decision 0028): one's own only. The sign-in steps and the step that keeps a
# new key are posted by the page's script (GET: 405).
KEY_URLS = {
    "account-security-key-new": "/account/security-keys/new/",
    "account-security-key-added": "/account/security-keys/new/complete/",
    "account-security-key-remove": "/account/security-keys/{id}/remove/",
}
KEY_SIGN_IN_STEPS = {
    "sign-in-key": "/login/security-key/",
    "sign-in-key-complete": "/login/security-key/complete/",
}
# One account, as an administrator sees it (by the housing officer's id).
ADMIN_USER_URLS = {
    "admin-user": "/admin-area/users/{id}/",
    "admin-user-password": "/admin-area/users/{id}/password/",
}


def _share_id(world: World, case_attr: str) -> int:
    from fourpillars.services import cases

    case = getattr(world, case_attr)
    share = case.shares.filter(revoked_at__isnull=True).first()
    if share is None:
        share = cases.share_case(
            actor=world.users[LEADS[case_attr]],
            case_id=case.pk,
            agency="prison-a" if case_attr != "other_area_case" else "probation-b",
            lawful_basis="cja2003_s325_4",
            reason="Matrix",
        )
    return int(share.pk)


def _identifier_id(world: World, case_attr: str) -> int:
    from fourpillars.register.models import Identifier

    case = getattr(world, case_attr)
    ident = Identifier.objects.filter(person_id=case.person_id).first()
    if ident is None:
        ident = Identifier.objects.create(
            person_id=case.person_id, kind="crn", value=f"M{case.pk:06d}"
        )
    return int(ident.pk)


def _address_id(world: World, case_attr: str) -> int:
    from fourpillars.register.models import Address

    case = getattr(world, case_attr)
    address = Address.objects.filter(person_id=case.person_id).first()
    if address is None:
        address = Address.objects.create(person_id=case.person_id, line1="1 Matrix Road")
    return int(address.pk)


def _conviction_id(world: World, case_attr: str) -> int:
    from fourpillars.register.models import Conviction

    case = getattr(world, case_attr)
    conviction = Conviction.objects.filter(person_id=case.person_id).first()
    if conviction is None:
        conviction = Conviction.objects.create(
            person_id=case.person_id, date=dt.date(2015, 3, 2), offence_text="Matrix"
        )
    return int(conviction.pk)


def test_every_web_url_is_in_the_matrix() -> None:
    names = {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern)}
    covered = set(CASE_URLS) | set(ROLE_URLS) | POST_ONLY | {"home", "login", "case-new"}
    covered |= set(ACCOUNT_URLS) | set(SIGN_IN_STEPS) | set(ADMIN_USER_URLS)
    covered |= set(KEY_URLS) | set(KEY_SIGN_IN_STEPS)
    assert names == covered


@pytest.mark.parametrize("name", EVERYONE)
def test_case_urls_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    client = client_for(name)
    failures = []
    for case_attr in CASES:
        for url_name, build in CASE_URLS.items():
            url = build(world, case_attr)
            got = client.get(url).status_code
            want = expected_case_status(world, name, url_name, case_attr)
            if got != want:
                failures.append(f"{url_name} {case_attr}: got {got}, want {want}")
    assert failures == []


@pytest.mark.parametrize("name", EVERYONE)
def test_posts_to_hidden_cases_are_404_and_change_nothing(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    from fourpillars.audit.models import AuditEvent

    client = client_for(name)
    for case_attr in CASES:
        if name != "anonymous" and getattr(world, case_attr).pk in world.visible[name]:
            continue
        urls = {u: CASE_URLS[u](world, case_attr) for u in sorted(MANAGE_URLS)}
        before = AuditEvent.objects.exclude(action="refused_read").count()
        for url_name, url in urls.items():
            got = client.post(url, {"reason": "x"}).status_code
            assert got == (302 if name == "anonymous" else 404), (url_name, case_attr)
        assert AuditEvent.objects.exclude(action="refused_read").count() == before


@pytest.mark.parametrize("name", EVERYONE)
def test_role_and_general_urls_for(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    client = client_for(name)
    anonymous = name == "anonymous"
    assert client.get("/").status_code == (302 if anonymous else 200)
    assert client.get("/login/").status_code in ((200,) if anonymous else (200, 302))
    assert client.get("/cases/new/").status_code == (
        302 if anonymous else 200 if name in REGISTERS else 403
    )
    for url, role in ROLE_URLS.values():
        want = 302 if anonymous else 200 if name == role else 403
        assert client.get(url).status_code == want, url
    user_id = world.users["housing"].pk
    assert client.post(f"/admin-area/users/{user_id}/active/", {"active": "false"}).status_code in (
        (302,) if anonymous or name == "admin" else (403,)
    )
    assert client.post("/logout/").status_code == 302


@pytest.mark.parametrize("name", EVERYONE)
def test_account_urls_for(world: World, client_for: Callable[[str], Client], name: str) -> None:
    from fourpillars.accounts.models import ApiToken
    from fourpillars.services.accounts import issue_token

    client = client_for(name)
    anonymous = name == "anonymous"
    for url, status in ACCOUNT_URLS.values():
        response = client.get(url)
        assert response.status_code == (302 if anonymous else status), url
        if anonymous:
            assert response["Location"].startswith("/login/?next="), url
    for url in SIGN_IN_STEPS.values():
        for response in (client.get(url), client.post(url, {"code": "123456"})):
            assert response.status_code == 302 and response["Location"] == "/login/", url
    housing = world.users["housing"].pk
    for url in ADMIN_USER_URLS.values():
        want = 302 if anonymous else 200 if name == "admin" else 403
        assert client.get(url.format(id=housing)).status_code == want, url
        assert client.get(url.format(id=999999)).status_code == (
            302 if anonymous else 404 if name == "admin" else 403
        ), url
    issue_token(user=world.users["housing"], name="housing's")
    theirs = ApiToken.objects.get(name="housing's")
    got = client.post(f"/tokens/{theirs.pk}/revoke/").status_code
    assert got == (302 if anonymous or name in ("admin", "housing") else 404)
    assert (ApiToken.objects.get(pk=theirs.pk).revoked_at is not None) == (
        name in ("admin", "housing")
    )
    assert client.get(f"/tokens/{theirs.pk}/revoke/").status_code == (302 if anonymous else 405)


@pytest.mark.parametrize("name", EVERYONE)
def test_security_key_urls_for(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    from django_otp_webauthn.models import WebAuthnCredential

    from tests.security_key import add_software_key

    client = client_for(name)
    anonymous = name == "anonymous"
    new, added, remove = KEY_URLS.values()
    got = client.get(new)
    assert got.status_code == (302 if anonymous else 200)
    if anonymous:
        assert got["Location"].startswith("/login/?next=")
    assert client.get(added).status_code == (302 if anonymous else 405)
    assert client.post(added, "{}", content_type="application/json").status_code == (
        302 if anonymous else 422
    )
    # the housing officer's key: theirs to see and remove, a 404 for anyone else
    _, theirs = add_software_key(world.users["housing"])
    owner = name == "housing"
    want = 302 if anonymous else 200 if owner else 404
    assert client.get(remove.format(id=theirs)).status_code == want
    assert client.get(remove.format(id=999999)).status_code == (302 if anonymous else 404)
    assert client.post(remove.format(id=theirs)).status_code == (302 if anonymous or owner else 404)
    assert WebAuthnCredential.objects.filter(pk=theirs).exists() == (not owner)
    if not anonymous and not owner:
        _, own = add_software_key(world.users[name], "Own key")
        assert client.get(remove.format(id=own)).status_code == 200
    # the sign-in steps need a password just passed, whoever asks
    for url in KEY_SIGN_IN_STEPS.values():
        assert client.get(url).status_code == 405
        response = client.post(url)
        assert response.status_code == 302 and response["Location"] == "/login/", url


def test_anonymous_is_sent_to_login_with_next(world: World, client: Client) -> None:
    response = client.get(f"/cases/{world.police_case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    ("name", "case_attr"),
    [("coordinator", "police_case"), ("coordinator", "shared_case"), ("housing", "shared_case")],
)
def test_after_justifying_the_same_urls_open(
    world: World, client_for: Callable[[str], Client], name: str, case_attr: str
) -> None:
    client = client_for(name)
    case = getattr(world, case_attr)
    response = client.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    assert response.status_code == 302
    for url_name in sorted(CASE_PARTS):
        assert client.get(CASE_URLS[url_name](world, case_attr)).status_code == 200, url_name
    for url_name in sorted(MANAGE_URLS):
        want = 200 if case_attr in MANAGES.get(name, set()) else 403
        assert client.get(CASE_URLS[url_name](world, case_attr)).status_code == want, url_name


HOME_VARIANTS = [
    "/",
    "/?scope=all",
    "/?scope=all&tag=no_rosh&tag=plan_not_approved",
    "/?waiting=countersign",
    "/?waiting=approve",
    "/?q=17/05/1980&category=1&category=2",
]


@pytest.mark.parametrize("name", EVERYONE)
def test_the_caseload_home_for(
    world: World, client_for: Callable[[str], Client], name: str
) -> None:
    """Every view of the home answers the cast member and links only cases they may see."""
    import re

    client = client_for(name)
    visible = world.visible[name]
    for url in HOME_VARIANTS:
        response = client.get(url)
        assert response.status_code == (302 if name == "anonymous" else 200), url
        linked = {int(n) for n in re.findall(r'href="/cases/(\d+)/"', response.content.decode())}
        assert linked <= visible, (url, linked - visible)
