"""The sign-in and account pages in a real browser (decision 0028): a user who must use two
factors sets an authenticator app up at the first sign-in, keeps the recovery codes, signs in
again with a code, changes their password; a lock shows its page; an administrator resets a
password. axe-core finds no accessibility problem of any impact on any of these pages, none
scrolls sideways at 375 pixels, and GOV.UK Frontend runs without a script error."""

from __future__ import annotations

from base64 import b32decode
from binascii import unhexlify

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.axe import violations
from tests.cast import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375


def _check(page: object, where: str, failures: list[str]) -> None:
    found = violations(page)
    if found:
        failures.append(f"{where}: {found}")
    scroll = page.evaluate("() => document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    if scroll > WIDTH + 1:
        failures.append(f"{where}: {scroll} pixels wide")


def _sign_in(page: object, url: str, username: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    page.goto(f"{url}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", password)  # type: ignore[attr-defined]
    page.click("button:has-text('Sign in')")  # type: ignore[attr-defined]


def test_sign_in_and_account_pages(browser_page, live_server, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FOURPILLARS_TWO_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    page, url, failures = browser_page, live_server.url, []
    page.set_viewport_size({"width": WIDTH, "height": 800})
    police = world.users["police"]
    police.two_factor_exempt = False
    police.save(update_fields=["two_factor_exempt"])

    _sign_in(page, url, "police")
    page.wait_for_selector("h1:has-text('Set up an authenticator app')")
    _check(page, "set-up", failures)
    page.click("button:has-text('Continue')")  # nothing typed: the error summary
    page.wait_for_selector(".govuk-error-summary")
    _check(page, "set-up with an error", failures)
    key = b32decode(page.inner_text("[data-testid=totp-secret]").replace(" ", ""))
    page.fill("#id_code", f"{TOTP(key).token():06d}")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Your recovery codes')")
    _check(page, "recovery codes", failures)
    page.click("text=I have kept my recovery codes")  # on to the page asked for: the home
    page.wait_for_selector("text=Signed in as")
    page.click("[data-testid=account-link]")
    page.wait_for_selector("h1:has-text('Your account')")
    _check(page, "your account", failures)

    page.goto(f"{url}/account/password/")
    page.click("button:has-text('Change password')")
    page.wait_for_selector(".govuk-error-summary")
    _check(page, "password change with errors", failures)

    # again, with a code (the one used at set-up is spent: the app's next one)
    _sign_in(page, url, "police")
    page.wait_for_selector("h1:has-text('Enter your security code')")
    _check(page, "code", failures)
    page.fill("#id_code", "000000")
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".govuk-error-summary")
    _check(page, "code with an error", failures)
    device = TOTPDevice.objects.get(user=police)
    page.fill("#id_code", f"{TOTP(unhexlify(device.key), drift=1).token():06d}")
    page.click("button:has-text('Continue')")
    page.wait_for_selector("text=Signed in as")

    # an administrator's pages
    _sign_in(page, url, "admin")
    page.wait_for_selector("text=Signed in as")
    page.goto(f"{url}/admin-area/users/{police.pk}/")
    _check(page, "admin: a user", failures)
    page.goto(f"{url}/admin-area/users/{police.pk}/password/")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    _check(page, "admin: reset with an error", failures)

    # a locked account
    for _ in range(10):
        Client().post("/login/", {"username": "probation", "password": "wrong"})
    _sign_in(page, url, "probation")
    page.wait_for_selector("h1:has-text('You cannot sign in for now')")
    _check(page, "locked", failures)
    assert failures == []
    # the browser reports the locked page's own 429 status; nothing else went wrong
    assert [e for e in page.js_errors if "status of 429" not in e] == []
