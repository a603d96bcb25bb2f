"""Security keys and passkeys on the web (decision 0028): adding one from "Your account" (named,
listed with when added and last used, removed after a confirmation), and using one at sign-in
after the password instead of a code; the script's JSON steps and the pages without the
script; each use audited as the sign-in's factor, each refusal counted like a wrong code.
The key is a software one (tests/security_key.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from fourpillars.accounts.models import User
from fourpillars.audit.models import AuditEvent
from tests.cast import PASSWORD, World
from tests.security_key import ORIGIN, SoftwareKey, add_software_key
from tests.web.helpers import text

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
HERE = {"HTTP_HOST": "localhost:8000"}  # the address keys work at (FOURPILLARS_WEBAUTHN_ORIGINS)
LIMIT = 10


def _rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def _json_post(client: Client, url: str, body: object) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **JSON)


def _add(client: Client, key: SoftwareKey, name: str = "Blue key") -> Any:
    begun = client.post("/account/security-keys/new/", {"name": name}, **JSON)
    assert begun.status_code == 200, begun.content
    return _json_post(
        client, "/account/security-keys/new/complete/", key.created(begun.json()["options"])
    )


@pytest.fixture
def two_factors(settings, world: World) -> User:  # type: ignore[no-untyped-def]
    """Two factors required; the housing officer not exempt and holding a key."""
    settings.FOURPILLARS_TWO_FACTOR = True
    housing = world.users["housing"]
    housing.two_factor_exempt = False
    housing.save(update_fields=["two_factor_exempt"])
    return housing


def _password(client: Client, username: str = "housing", next_url: str = "") -> None:
    url = f"/login/?next={next_url}" if next_url else "/login/"
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/login/code/"


def _use_key(client: Client, key: SoftwareKey) -> Any:
    begun = client.post("/login/security-key/", **JSON)
    assert begun.status_code == 200, begun.content
    return _json_post(
        client, "/login/security-key/complete/", key.asserted(begun.json()["options"])
    )


# Adding and removing ------------------------------------------------------------------------


def test_a_user_adds_a_key_sees_its_recovery_codes_and_the_key_listed(client_for, world) -> None:  # type: ignore[no-untyped-def]
    client = client_for("housing")
    page = client.get("/account/security-keys/new/", **HERE)
    assert page.status_code == 200
    assert "Add a security key or passkey" in text(page)
    assert 'data-fp-security-key="add"' in page.content.decode()
    assert "build/security-keys.js" in page.content.decode()
    done = _add(client, SoftwareKey())
    assert done.status_code == 200 and done.json() == {"redirect": "/account/recovery-codes/"}
    codes = client.get("/account/recovery-codes/")
    assert codes.status_code == 200 and "Your recovery codes" in text(codes)
    assert "Security key or passkey “Blue key” added" in text(codes)
    account = text(client.get("/account/"))
    assert "Blue key" in account and "Not used yet" in account
    assert _rows("add_security_key")[0].actor_id == world.users["housing"].pk
    # a second key goes straight back to the account page
    assert _add(client, SoftwareKey(), "Work laptop").json() == {"redirect": "/account/"}


def test_a_name_problem_is_answered_as_json_naming_the_field(client_for, world) -> None:  # type: ignore[no-untyped-def]
    client = client_for("housing")
    for name, message in [
        ("", "Enter a name for the security key or passkey"),
        ("x" * 51, "Name of the security key or passkey must be 50 characters or fewer"),
    ]:
        response = client.post("/account/security-keys/new/", {"name": name}, **JSON)
        assert response.status_code == 422
        assert response.json() == {
            "errors": [{"field": "name", "href": "#id_name", "message": message}]
        }
    assert "fp_key_adding" not in client.session


def test_a_refused_key_is_answered_as_json_and_nothing_saved(client_for, world) -> None:  # type: ignore[no-untyped-def]
    client = client_for("housing")
    response = _add(client, SoftwareKey(origin="https://register.example.org"))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "security_key",
            "href": "#add-security-key",
            "message": "Security key or passkey was not accepted: try again",
        }
    ]
    assert not WebAuthnCredential.objects.exists()
    # the challenge was used: the right answer to it is refused now too
    again = _json_post(client, "/account/security-keys/new/complete/", {"id": "x"})
    assert again.status_code == 422 and "page had expired" in again.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]", b'"text"', b"null", b"\xff\xfe", b'{"response": 5}']
)
def test_any_answer_the_server_cannot_read_is_refused_cleanly(client_for, world, body) -> None:  # type: ignore[no-untyped-def]
    client = client_for("housing")
    client.post("/account/security-keys/new/", {"name": "Blue key"}, **JSON)
    response = client.post(
        "/account/security-keys/new/complete/", body, content_type="application/json", **JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "security_key"
    assert not WebAuthnCredential.objects.exists()


def test_without_the_script_the_page_says_keys_need_javascript(client_for, world) -> None:  # type: ignore[no-untyped-def]
    client = client_for("housing")
    page = client.post("/account/security-keys/new/", {"name": "Blue key"}, **HERE)
    assert page.status_code == 200
    assert "security keys and passkeys need JavaScript" in text(page)
    assert "govuk-error-summary" in page.content.decode()


def test_at_another_address_the_page_sends_the_user_to_the_right_one(client_for, world) -> None:  # type: ignore[no-untyped-def]
    page = client_for("housing").get("/account/security-keys/new/", HTTP_HOST="127.0.0.1:8000")
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        'data-testid="keys-elsewhere"' in body
        and f'href="{ORIGIN}/account/security-keys/new/"' in body
    )
    assert "data-fp-security-key" not in body and "security-keys.js" not in body


def test_a_user_removes_a_key_after_confirming(client_for, world) -> None:  # type: ignore[no-untyped-def]
    housing = world.users["housing"]
    _, key_id = add_software_key(housing, "Blue key")
    client = client_for("housing")
    confirm = client.get(f"/account/security-keys/{key_id}/remove/")
    assert confirm.status_code == 200
    assert "Are you sure you want to remove “ Blue key ”?" in text(confirm)
    assert WebAuthnCredential.objects.filter(pk=key_id).exists()  # nothing removed by a GET
    done = client.post(f"/account/security-keys/{key_id}/remove/")
    assert done.status_code == 302 and done["Location"] == "/account/"
    assert "Security key or passkey “Blue key” removed" in text(client.get("/account/"))
    assert not WebAuthnCredential.objects.exists()
    assert _rows("remove_security_key")[0].actor_id == housing.pk


# Signing in ---------------------------------------------------------------------------------


def test_a_key_in_place_of_a_code_signs_in_and_is_audited(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    key, key_id = add_software_key(two_factors)
    _password(client, next_url="/account/")
    page = client.get("/login/code/", **HERE)
    assert page.status_code == 200
    assert "Use your security key or passkey" in text(page)
    assert "Enter one of your recovery codes" in text(page)  # no app: recovery codes only
    assert client.get("/").status_code == 302  # nobody signed in yet
    done = _use_key(client, key)
    assert done.status_code == 200 and done.json() == {"redirect": "/account/"}
    assert client.get("/").status_code == 200
    [row] = _rows("sign_in")
    assert row.actor_id == two_factors.pk
    assert row.after == {"address": "127.0.0.1", "factor": "security_key", "security_key": key_id}
    used = WebAuthnCredential.objects.get(pk=key_id)
    assert used.last_used_at is not None and used.sign_count == 1
    assert "Not used yet" not in text(client.get("/account/"))


def test_a_refused_key_at_sign_in_counts_towards_the_lockout(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    add_software_key(two_factors)
    stranger = SoftwareKey()  # never added to the account
    _password(client)
    for n in range(LIMIT):
        response = _use_key(client, stranger)
        if n < LIMIT - 1:
            assert response.status_code == 422, n
            assert response.json()["errors"][0]["href"] == "#use-security-key"
    assert response.status_code == 429  # the failure that locks is answered as the lock
    failed = _rows("sign_in_failed")
    assert [r.after["step"] for r in failed] == ["security_key"] * LIMIT
    assert len(_rows("lock_out")) == 1
    locked = client.post("/login/security-key/", **JSON)
    assert locked.status_code == 429 and "try again in 15 minutes" in locked.json()["detail"]
    assert not _rows("sign_in") and client.get("/").status_code == 302


def test_the_challenge_is_answered_once(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    key, _ = add_software_key(two_factors)
    _password(client)
    begun = client.post("/login/security-key/", **JSON).json()["options"]
    answer = key.asserted(begun)
    assert _json_post(client, "/login/security-key/complete/", answer).status_code == 200
    client.post("/logout/")
    _password(client)
    replayed = _json_post(client, "/login/security-key/complete/", answer)
    assert replayed.status_code == 422 and client.get("/").status_code == 302


def test_without_a_password_first_the_key_steps_send_back_to_sign_in(client, world) -> None:  # type: ignore[no-untyped-def]
    for url in ("/login/security-key/", "/login/security-key/complete/"):
        response = client.post(url, **JSON)
        assert response.status_code == 400 and response.json() == {"redirect": "/login/"}
        plain = client.post(url)
        assert plain.status_code == 302 and plain["Location"] == "/login/"
        assert client.get(url).status_code == 405


def test_without_the_script_the_code_page_says_keys_need_javascript(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    add_software_key(two_factors)
    _password(client)
    page = client.post("/login/security-key/", **HERE)
    assert page.status_code == 200
    assert "security keys and passkeys need JavaScript" in text(page)
    assert 'href="#use-security-key"' in page.content.decode()  # in the error summary


def test_a_user_with_a_key_may_still_type_a_recovery_code(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    add_software_key(two_factors)  # brought ten recovery codes
    code = StaticToken.objects.filter(device__user=two_factors).first()
    _password(client)
    done = client.post("/login/code/", {"code": code.token})
    assert done.status_code == 302 and client.get("/").status_code == 200
    assert _rows("sign_in")[0].after["factor"] == "recovery_code"


def test_an_administrator_sees_how_many_keys_and_a_reset_can_remove_them(client_for, world) -> None:  # type: ignore[no-untyped-def]
    housing = world.users["housing"]
    add_software_key(housing, "Blue key")
    add_software_key(housing, "Work laptop")
    admin = client_for("admin")
    page = text(admin.get(f"/admin-area/users/{housing.pk}/"))
    assert "Security codes 2 security keys or passkeys" in page
    done = admin.post(
        f"/admin-area/users/{housing.pk}/password/",
        {"password": "a fresh temporary passphrase 42", "two_factor": "remove"},
    )
    assert done.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=housing).exists()
    assert "Security codes Password alone (demo account)" in text(
        admin.get(f"/admin-area/users/{housing.pk}/")
    )
