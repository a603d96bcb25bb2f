"""Security keys and passkeys in a real browser (decision 0028): Debian's Chromium with its
virtual authenticator (the DevTools protocol's WebAuthn domain, a security key in software)
adds a key from "Your account" through our script under the Content-Security-Policy, signs
out, then signs in with the password and the key; a key the browser does not hold and a
browser without WebAuthn get their plain-words messages; the audit trail has the addition and
the sign-in with the key as its factor; axe-core finds nothing on the pages with the script's
messages. The live server runs at http://localhost:<port>, where
browsers allow WebAuthn over plain HTTP."""

from __future__ import annotations

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from fourpillars.audit.models import AuditEvent
from tests.browser.axe import violations
from tests.cast import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "usb",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,  # the key is touched as soon as it is asked
}


def _sign_in(page: object, url: str) -> None:
    page.goto(f"{url}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", "housing")  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Sign in')")  # type: ignore[attr-defined]


def _summary(page: object) -> str:
    page.wait_for_selector("[data-fp-key-errors]:not([hidden])")  # type: ignore[attr-defined]
    return str(page.inner_text("[data-fp-key-errors]"))  # type: ignore[attr-defined]


def test_add_a_key_then_sign_in_with_it(browser_page, live_server, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FOURPILLARS_TWO_FACTOR = True
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")
    page, url = browser_page, live_server.url
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    device = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})

    _sign_in(page, url)  # the demo's cast: the password alone, until a key is added
    page.wait_for_selector("text=Signed in as")
    page.goto(f"{url}/account/security-keys/new/")
    page.click("#add-security-key")  # no name: the server's answer, shown by the script
    assert "Enter a name for the security key or passkey" in _summary(page)
    assert page.is_visible(".govuk-form-group--error #id_name")
    assert violations(page) == []
    page.fill("#id_name", "Blue key")
    page.click("#add-security-key")
    page.wait_for_selector("h1:has-text('Your recovery codes')")
    page.click("text=I have kept my recovery codes")
    page.goto(f"{url}/account/")
    assert "Blue key" in page.inner_text("[data-testid=security-keys]")
    [key] = WebAuthnCredential.objects.filter(user=world.users["housing"])
    page.click("button:has-text('Sign out')")

    _sign_in(page, url)  # now the password leads to the key
    page.wait_for_selector("h1:has-text('Use your security key or passkey')")
    assert violations(page) == []
    page.click("#use-security-key")
    page.wait_for_selector("text=Signed in as")
    rows = {r.action: r for r in AuditEvent.objects.filter(actor_id=world.users["housing"].pk)}
    assert rows["add_security_key"].after["name"] == "Blue key"
    last = AuditEvent.objects.filter(action="sign_in").order_by("-seq").first()
    assert last is not None and last.actor_id == world.users["housing"].pk
    assert last.after["factor"] == "security_key" and last.after["security_key"] == key.pk

    # a key the browser does not hold: refused in the browser, in plain words
    page.click("button:has-text('Sign out')")
    cdp.send("WebAuthn.clearCredentials", {"authenticatorId": device["authenticatorId"]})
    _sign_in(page, url)
    page.wait_for_selector("h1:has-text('Use your security key or passkey')")
    page.click("#use-security-key")
    assert "was not used: you cancelled, or it took too long" in _summary(page)
    assert violations(page) == []

    # a browser without WebAuthn: the button gives way to a message
    page.add_init_script("delete window.PublicKeyCredential;")
    page.reload()
    page.wait_for_selector("[data-fp-key-unsupported]:not([hidden])")
    assert not page.is_visible("#use-security-key")
    # the browser reports the refused name's own 422 status; nothing else went wrong
    assert [e for e in page.js_errors if "status of 422" not in e] == []
