"""Accounts (decision 0028): deactivating a user ends every session of theirs for good; users
change their own password (other sessions end); an administrator resets one and the user must
choose a new one before anything else; the password policy refuses "aaaaaaaaaaaa"; tokens are
listed and revoked one by one on the account pages."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from fourpillars.accounts.models import ApiToken, User, UserSession
from fourpillars.audit.models import AuditEvent
from fourpillars.services.accounts import issue_token
from tests.api.conftest import ApiClient
from tests.cast import PASSWORD, World
from tests.web.helpers import error_summary, text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "violet tandem 93 quarry"


def _sessions(user: User) -> int:
    return UserSession.objects.filter(user=user).count()


def test_deactivating_a_user_deletes_all_their_sessions(client_for, world: World) -> None:
    police = world.users["police"]
    first, second = client_for("police"), client_for("police")
    assert _sessions(police) == 2
    admin = client_for("admin")
    assert (
        admin.post(f"/admin-area/users/{police.pk}/active/", {"active": "false"}).status_code == 302
    )
    assert _sessions(police) == 0
    for client in (first, second):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    row = AuditEvent.objects.get(action="set_user_active")
    assert row.after == {"is_active": False, "sessions_ended": 2}
    admin.post(f"/admin-area/users/{police.pk}/active/", {"active": "true"})
    assert first.get("/").status_code == 302  # reactivating brings no session back


def test_a_session_of_an_inactive_user_is_refused_at_once(client_for, world: World) -> None:
    client = client_for("police")
    User.objects.filter(pk=world.users["police"].pk).update(is_active=False)  # no service
    response = client.get(f"/cases/{world.police_case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_user_changes_their_password_and_other_sessions_end(client_for, world) -> None:  # type: ignore[no-untyped-def]
    police = world.users["police"]
    here, elsewhere = client_for("police"), client_for("police")
    page = here.get("/account/password/")
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    response = here.post(
        "/account/password/",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert here.get("/").status_code == 200  # this session carries on
    assert elsewhere.get("/").status_code == 302  # any other is signed out
    assert _sessions(police) == 1
    assert Client().login(username="police", password=NEW_PASSWORD)
    row = AuditEvent.objects.get(action="change_password")
    assert row.actor_id == police.pk and row.after["sessions_ended"] == 1
    assert PASSWORD not in str(row.after) and NEW_PASSWORD not in str(row.after)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"current_password": "wrong"}, "current_password", "Your current password is not right"),
        ({"new_password": "aaaaaaaaaaaa"}, "new_password", "too guessable"),
        ({"new_password": "short"}, "new_password", "too short"),
        (
            {"confirm_password": "something else"},
            "confirm_password",
            "Confirm new password must match",
        ),
        ({"new_password": "police-pat-police"}, "new_password", ""),
    ],
)
def test_a_password_change_refused_names_the_field(
    client_for, world: World, data: dict[str, str], field: str, words: str
) -> None:
    client = client_for("police")
    posted = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": data.get("new_password", NEW_PASSWORD),
        **data,
    }
    response = client.post("/account/password/", posted)
    assert response.status_code == 200
    assert any(link.startswith(f"#id_{field}") for link in error_summary(response))
    assert words in text(response)
    assert world.users["police"].check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="change_password").exists()


LIMIT = 10  # FOURPILLARS_SIGN_IN_FAILURES' default


def _change(client: Client, current: str, address: str = "127.0.0.1") -> HttpResponse:
    posted = {
        "current_password": current,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    response: HttpResponse = client.post("/account/password/", posted, REMOTE_ADDR=address)
    return response


def _rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_wrong_current_passwords_lock_the_account_and_end_its_sessions(
    client_for, world: World
) -> None:
    police = world.users["police"]
    here, elsewhere = client_for("police"), client_for("police")
    for _ in range(LIMIT - 1):
        refused = _change(here, "not-the-password")
        assert refused.status_code == 200
        assert "Your current password is not right" in text(refused)
    assert here.get("/").status_code == 200 and _sessions(police) == 2  # not locked yet
    locked = _change(here, "still-not-it")
    assert locked.status_code == 429 and "You cannot sign in for now" in text(locked)
    assert _sessions(police) == 0
    for client in (here, elsewhere):  # both signed out
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    # Locked like any other lockout: the right password signs in nowhere, from anywhere.
    sign_in = {"username": "police", "password": PASSWORD}
    assert Client().post("/login/", sign_in, REMOTE_ADDR="10.3.3.3").status_code == 429
    failed = _rows("sign_in_failed")
    assert len(failed) == LIMIT and failed[-1].target_id == str(police.pk)
    assert failed[-1].after == {
        "username": "police",
        "address": "127.0.0.1",
        "step": "current_password",
        "failures": LIMIT,
    }
    [lock] = _rows("lock_out")
    assert lock.after == {
        "username": "police",
        "address": "127.0.0.1",
        "step": "current_password",
        "sessions_ended": 2,
    }
    assert "not-the-password" not in str([r.after for r in failed])  # never what was typed
    police.refresh_from_db()
    assert police.check_password(PASSWORD)


def test_while_the_account_is_locked_the_right_current_password_changes_nothing(
    client_for, world: World
) -> None:
    police = world.users["police"]
    here = client_for("police")
    for n in range(LIMIT):  # someone else guesses at the sign-in page
        wrong = {"username": "police", "password": "wrong"}
        Client().post("/login/", wrong, REMOTE_ADDR=f"10.4.4.{n + 1}")
    assert _change(here, PASSWORD).status_code == 429
    police.refresh_from_db()
    assert police.check_password(PASSWORD) and not _rows("change_password")
    assert len(_rows("sign_in_failed")) == LIMIT  # the refused attempt is not counted


def test_a_right_current_password_after_a_few_wrong_ones_changes_it(client_for, world) -> None:  # type: ignore[no-untyped-def]
    here = client_for("police")
    for _ in range(3):
        assert _change(here, "not-the-password").status_code == 200
    assert _change(here, PASSWORD).status_code == 302
    assert len(_rows("sign_in_failed")) == 3 and not _rows("lock_out")
    assert Client().login(username="police", password=NEW_PASSWORD)


def test_the_weak_password_is_refused_for_a_new_user(client_for, world: World) -> None:
    response = client_for("admin").post(
        "/admin-area/users/new/",
        {
            "username": "newcomer",
            "role": "police_offender_manager",
            "agency": "police-a",
            "password": "aaaaaaaaaaaa",
        },
    )
    assert response.status_code == 200
    assert any(link.startswith("#id_password") for link in error_summary(response))
    assert not User.objects.filter(username="newcomer").exists()


def test_an_administrators_reset_forces_a_new_password(client_for, world: World) -> None:
    police = world.users["police"]
    before = client_for("police")
    admin = client_for("admin")
    assert admin.get(f"/admin-area/users/{police.pk}/password/").status_code == 200
    response = admin.post(
        f"/admin-area/users/{police.pk}/password/", {"password": NEW_PASSWORD, "two_factor": "keep"}
    )
    assert response.status_code == 302 and response["Location"] == f"/admin-area/users/{police.pk}/"
    assert before.get("/").status_code == 302 and _sessions(police) == 0
    token = issue_token(user=police)
    client = Client()
    assert (
        client.post("/login/", {"username": "police", "password": NEW_PASSWORD}).status_code == 302
    )
    for path in ("/", f"/cases/{world.police_case.pk}/", "/account/"):
        forced = client.get(path)
        assert forced.status_code == 302 and forced["Location"] == "/account/password/", path
    assert "An administrator has reset your password" in text(client.get("/account/password/"))
    assert ApiClient(token).get("/cases").status_code == 200  # the API is not held up
    client.post(
        "/account/password/",
        {
            "current_password": NEW_PASSWORD,
            "new_password": "copper lantern 41 meadow",
            "confirm_password": "copper lantern 41 meadow",
        },
    )
    assert client.get("/").status_code == 200
    assert not User.objects.get(pk=police.pk).must_change_password
    assert AuditEvent.objects.get(action="reset_password").actor_id == world.users["admin"].pk


def test_a_reset_can_remove_the_authenticator_app(client_for, world: World) -> None:
    from fourpillars.services.accounts import two_factor

    police = world.users["police"]
    secret = two_factor.new_secret()
    from binascii import unhexlify

    from django_otp.oath import TOTP

    two_factor.set_up_authenticator(
        user=police, secret_hex=secret, code=f"{TOTP(unhexlify(secret)).token():06d}"
    )
    assert two_factor.has_authenticator(police)
    client_for("admin").post(
        f"/admin-area/users/{police.pk}/password/",
        {"password": NEW_PASSWORD, "two_factor": "remove"},
    )
    assert not two_factor.has_authenticator(police) and two_factor.recovery_codes_left(police) == 0


def test_tokens_are_revoked_one_by_one_on_the_account_page(client_for, world: World) -> None:
    police = world.users["police"]
    keep, gone = issue_token(user=police, name="keep"), issue_token(user=police, name="gone")
    client = client_for("police")
    page = text(client.get("/account/"))
    assert "keep" in page and "gone" in page and "Revoke" in page
    gone_id = ApiToken.objects.get(name="gone").pk
    response = client.post(f"/tokens/{gone_id}/revoke/", {"next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert ApiClient(gone).get("/cases").status_code == 401
    assert ApiClient(keep).get("/cases").status_code == 200
    assert "Revoked" in text(client.get("/account/"))


def test_revoking_someone_elses_token_is_404_but_an_administrator_may(client_for, world) -> None:  # type: ignore[no-untyped-def]
    issue_token(user=world.users["probation"], name="theirs")
    token_id = ApiToken.objects.get(name="theirs").pk
    assert client_for("police").post(f"/tokens/{token_id}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token_id).revoked_at is None
    admin = client_for("admin")
    page = admin.get(f"/admin-area/users/{world.users['probation'].pk}/")
    assert page.status_code == 200 and "theirs" in text(page)
    done = admin.post(
        f"/tokens/{token_id}/revoke/", {"next": f"/admin-area/users/{world.users['probation'].pk}/"}
    )
    assert done.status_code == 302 and done["Location"].startswith("/admin-area/users/")
    assert ApiToken.objects.get(pk=token_id).revoked_at is not None


def test_revoke_sends_nowhere_else(client_for, world: World) -> None:
    issue_token(user=world.users["police"], name="t")
    token_id = ApiToken.objects.get(name="t").pk
    response = client_for("police").post(
        f"/tokens/{token_id}/revoke/", {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/account/"


def test_an_exempt_user_may_set_an_app_up_from_their_account(client_for, world) -> None:  # type: ignore[no-untyped-def]
    from binascii import unhexlify

    from django_otp.oath import TOTP

    client = client_for("police")
    assert "You sign in with your password alone" in text(client.get("/account/"))
    assert client.get("/account/two-factor/").status_code == 200
    secret = client.session["fp_totp_secret"]
    response = client.post(
        "/account/two-factor/", {"code": f"{TOTP(unhexlify(secret)).token():06d}"}
    )
    assert response.status_code == 302 and response["Location"] == "/account/recovery-codes/"
    assert client.get("/account/recovery-codes/").status_code == 200
    assert "10 recovery codes left" in text(client.get("/account/"))
    new = client.post("/account/recovery-codes/")
    assert new.status_code == 302
    assert AuditEvent.objects.filter(action="new_recovery_codes").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/account/password/",
        "/account/two-factor/",
        "/account/recovery-codes/",
        "/tokens/1/revoke/",
        "/login/code/",
        "/login/set-up/",
        "/admin-area/users/1/password/",
    ],
)
def test_the_forms_need_a_csrf_token(world: World, path: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    assert client.post(path, {}).status_code == 403
