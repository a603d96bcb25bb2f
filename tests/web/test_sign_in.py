"""Signing in (decision 0028): lockout per account and per address (django-axes), two factors
(a password, then an authenticator app's code or a recovery code; set up at the first sign-in
while required), and an audit row for each sign-in, failed attempt, lockout and sign-out."""

from __future__ import annotations

import re
from binascii import unhexlify

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django_otp.oath import TOTP

from fourpillars.accounts.models import User
from fourpillars.audit.models import AuditEvent
from fourpillars.services.accounts import two_factor
from tests.cast import PASSWORD, World
from tests.web.helpers import text

pytestmark = pytest.mark.django_db

LIMIT = 10  # FOURPILLARS_SIGN_IN_FAILURES' default


def _rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def _sign_in(client: Client, username: str, password: str, address: str = "127.0.0.1") -> int:
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    ).status_code


def _signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def _recovery_codes(page: HttpResponse) -> list[str]:
    listed = page.content.decode().split('data-testid="recovery-codes"')[1].split("</ul>")[0]
    return re.findall(r"<code[^>]*>([a-z0-9]+)</code>", listed)


def _code(secret_hex: str, drift: int = 0) -> str:
    """The code an authenticator app holding the secret shows now (``drift`` steps on)."""
    return f"{TOTP(unhexlify(secret_hex), drift=drift).token():06d}"


@pytest.fixture
def two_factors(settings, world: World) -> User:  # type: ignore[no-untyped-def]
    """Two factors required, and police no longer exempt (the demo's cast is)."""
    settings.FOURPILLARS_TWO_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's per-device delay, not under test here
    police = world.users["police"]
    police.two_factor_exempt = False
    police.save(update_fields=["two_factor_exempt"])
    return police


def _set_up(client: Client) -> str:
    """Pass the password and set an app up; the app's secret."""
    assert _sign_in(client, "police", PASSWORD) == 302
    page = client.get("/login/set-up/")
    assert page.status_code == 200
    secret = client.session["fp_totp_secret"]
    assert two_factor.secret_text(secret).replace(" ", "") in text(page).replace(" ", "")
    assert "<svg" in page.content.decode()  # the QR code, inline
    done = client.post("/login/set-up/", {"code": _code(secret)})
    assert done.status_code == 302 and done["Location"] == "/account/recovery-codes/"
    return str(secret)


# Lockout and throttling ------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client: Client, world: World):
    for _ in range(30):
        assert _sign_in(client, "police", "not-the-password") in (200, 429)
    response = client.post("/login/", {"username": "police", "password": PASSWORD})
    assert response.status_code == 429
    assert "You cannot sign in for now" in text(response)
    assert response["Retry-After"] == str(15 * 60)
    assert not _signed_in(client)
    assert len(_rows("sign_in_failed")) == LIMIT  # attempts while locked are not counted
    [lock] = _rows("lock_out")
    assert lock.after["username"] == "police" and lock.target_id == str(world.users["police"].pk)
    assert not _rows("sign_in")


def test_the_account_is_locked_from_any_address(client: Client, world: World) -> None:
    for n in range(LIMIT):
        _sign_in(client, "police", "wrong", address=f"10.0.0.{n + 1}")
    assert _sign_in(Client(), "police", PASSWORD, address="10.9.9.9") == 429
    assert _sign_in(Client(), "probation", PASSWORD, address="10.9.9.9") == 302


def test_an_address_is_throttled_across_usernames(world: World) -> None:
    attacker = Client()
    for n in range(LIMIT):
        assert _sign_in(attacker, f"guess{n}", "wrong", address="10.1.1.1") in (200, 429)
    same_address = Client()
    assert _sign_in(same_address, "probation", PASSWORD, address="10.1.1.1") == 429
    assert not _signed_in(same_address)
    elsewhere = Client()
    assert _sign_in(elsewhere, "probation", PASSWORD, address="10.1.1.2") == 302
    assert _signed_in(elsewhere)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, world) -> None:
    for _ in range(LIMIT - 1):
        _sign_in(client, "police", "wrong")
    assert _sign_in(client, "police", PASSWORD) == 302 and _signed_in(client)
    assert not _rows("lock_out")


# Audit rows ------------------------------------------------------------------------------


def test_sign_in_failure_and_sign_out_are_audited(client: Client, world: World) -> None:
    police = world.users["police"]
    assert _sign_in(client, "police", "wrong", address="10.2.2.2") == 200
    [failed] = _rows("sign_in_failed")
    assert failed.after == {
        "username": "police",
        "address": "10.2.2.2",
        "step": "password",
        "failures": 1,
    }
    assert failed.actor_username == "system" and failed.target_id == str(police.pk)
    assert "wrong" not in str(failed.after)  # never the password typed
    assert _sign_in(client, "police", PASSWORD, address="10.2.2.2") == 302
    [signed_in] = _rows("sign_in")
    assert signed_in.actor_id == police.pk and signed_in.operation == "collection"
    assert signed_in.after == {"address": "10.2.2.2", "factor": "password"}
    client.post("/logout/", REMOTE_ADDR="10.2.2.2")
    [signed_out] = _rows("sign_out")
    assert signed_out.actor_id == police.pk and signed_out.seq > signed_in.seq


def test_an_unknown_username_is_audited_without_a_target(client: Client, world: World) -> None:
    _sign_in(client, "nobody-here", "wrong")
    [failed] = _rows("sign_in_failed")
    assert failed.target_id == "" and failed.after["username"] == "nobody-here"


def test_empty_fields_are_no_attempt(client: Client, world: World) -> None:
    assert client.post("/login/", {"username": "", "password": ""}).status_code == 200
    assert not _rows("sign_in_failed")


# Two factors -----------------------------------------------------------------------------


def test_two_factors_are_on_by_default() -> None:
    assert settings.FOURPILLARS_TWO_FACTOR is True


def test_the_demo_cast_signs_in_with_a_password_alone(settings, client, world) -> None:  # type: ignore[no-untyped-def]
    settings.FOURPILLARS_TWO_FACTOR = True
    assert world.users["police"].two_factor_exempt
    assert _sign_in(client, "police", PASSWORD) == 302 and _signed_in(client)


def test_without_an_app_the_password_leads_to_setting_one_up(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/login/", {"username": "police", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/login/set-up/"
    assert not _signed_in(client)  # nobody is signed in between the steps
    assert client.get("/account/").status_code == 302
    assert not _rows("sign_in")


def test_setting_up_signs_in_and_shows_recovery_codes_once(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    _set_up(client)
    assert _signed_in(client)
    page = client.get("/account/recovery-codes/")
    assert page.status_code == 200
    codes = _recovery_codes(page)
    assert len(set(codes)) == 10 and two_factor.recovery_codes_left(two_factors) == 10
    assert client.get("/account/recovery-codes/").status_code == 302  # shown once
    assert [r.after["factor"] for r in _rows("sign_in")] == ["totp"]
    assert _rows("set_up_two_factor")[0].actor_id == two_factors.pk


def test_a_wrong_set_up_code_is_refused(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    _sign_in(client, "police", PASSWORD)
    client.get("/login/set-up/")
    secret = client.session["fp_totp_secret"]
    wrong = f"{(int(_code(secret)) + 1) % 1_000_000:06d}"
    page = client.post("/login/set-up/", {"code": wrong})
    assert page.status_code == 200 and "Enter the 6-digit code" in text(page)
    assert not _signed_in(client) and not two_factor.has_authenticator(two_factors)


def test_with_an_app_a_code_is_asked_and_a_wrong_one_refused(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    secret = _set_up(client)
    client.post("/logout/")
    assert _sign_in(client, "police", PASSWORD) == 302
    assert client.get("/login/code/").status_code == 200
    assert not _signed_in(client)
    wrong = f"{(int(_code(secret, 1)) + 1) % 1_000_000:06d}"
    page = client.post("/login/code/", {"code": wrong})
    assert page.status_code == 200 and "The security code is not right" in text(page)
    assert not _signed_in(client)
    assert _rows("sign_in_failed")[-1].after["step"] == "code"
    # the code the app shows next (the one just used at set-up is spent)
    done = client.post("/login/code/", {"code": _code(secret, 1)})
    assert done.status_code == 302 and _signed_in(client)
    assert [r.after["factor"] for r in _rows("sign_in")] == ["totp", "totp"]


def test_a_code_already_used_is_refused(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    secret = _set_up(client)
    client.post("/logout/")
    _sign_in(client, "police", PASSWORD)
    assert client.post("/login/code/", {"code": _code(secret)}).status_code == 200
    assert not _signed_in(client)


def test_a_recovery_code_works_once(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    _set_up(client)
    code = _recovery_codes(client.get("/account/recovery-codes/"))[0]
    client.post("/logout/")
    _sign_in(client, "police", PASSWORD)
    assert client.post("/login/code/", {"code": code.upper()}).status_code == 302
    assert _rows("sign_in")[-1].after["factor"] == "recovery_code"
    client.post("/logout/")
    _sign_in(client, "police", PASSWORD)
    assert client.post("/login/code/", {"code": code}).status_code == 200
    assert not _signed_in(client)


def test_wrong_codes_lock_the_account_too(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    secret = _set_up(client)
    client.post("/logout/")
    _sign_in(client, "police", PASSWORD)
    for _ in range(LIMIT):
        client.post("/login/code/", {"code": "000000"})
    response = client.post("/login/code/", {"code": _code(secret, 1)})
    assert response.status_code == 429 and not _signed_in(client)
    assert len(_rows("lock_out")) == 1


def test_with_two_factors_off_a_password_alone_signs_in(settings, client, world) -> None:  # type: ignore[no-untyped-def]
    settings.FOURPILLARS_TWO_FACTOR = False
    police = world.users["police"]
    police.two_factor_exempt = False
    police.save(update_fields=["two_factor_exempt"])
    assert _sign_in(client, "police", PASSWORD) == 302 and _signed_in(client)


def test_the_second_step_runs_out_of_time(two_factors, settings, client) -> None:  # type: ignore[no-untyped-def]
    _sign_in(client, "police", PASSWORD)
    session = client.session
    session["fp_sign_in"] = {**session["fp_sign_in"], "at": 0}
    session.save()
    response = client.get("/login/set-up/")
    assert response.status_code == 302 and response["Location"] == "/login/"


def test_the_steps_without_a_password_first_go_back_to_sign_in(client, world) -> None:  # type: ignore[no-untyped-def]
    for path in ("/login/code/", "/login/set-up/"):
        response = client.post(path, {"code": "123456"})
        assert response.status_code == 302 and response["Location"] == "/login/"


def test_the_session_id_changes_after_the_password(two_factors, client) -> None:  # type: ignore[no-untyped-def]
    client.get("/login/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "fixedsessionkeyfixedsessionkey12"
    _sign_in(client, "police", PASSWORD)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != "fixedsessionkeyfixedsessionkey12"
