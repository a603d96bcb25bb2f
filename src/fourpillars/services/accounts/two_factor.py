"""Two-factor sign-in with django-otp (decision 0028): one authenticator app (TOTP, RFC 6238)
per user and ten single-use recovery codes (security keys and passkeys: ``security_keys``).
Setting an app up replaces the one before and issues new recovery codes; both are audited
alterations of the account.

TOTP needs the shared secret in the clear, so the database holds it (as every TOTP server
does); django-otp keeps recovery codes in the clear too. A code is accepted once: the app's
last accepted time step is kept, and django-otp slows guessing down per device (1, 2, 4 ...
seconds) besides the sign-in lockout.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from fourpillars.accounts.models import User
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.sign_in import Factor, SecondStep, read_code, second_step
from fourpillars.services import audit

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
TOTP_TOLERANCE = 1  # one 30-second step either side: a phone's clock a little out


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def has_second_factor(user: User) -> bool:
    """An authenticator app or a security key (``security_keys``): either is asked for after
    the password."""
    return has_authenticator(user) or bool(
        WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def next_step(user: User) -> SecondStep:
    """What a correct password leads to for ``user`` (``FOURPILLARS_TWO_FACTOR``)."""
    return second_step(
        required=bool(settings.FOURPILLARS_TWO_FACTOR),
        exempt=user.two_factor_exempt,
        has_device=has_second_factor(user),
    )


def new_secret() -> str:
    """A new shared secret (20 random bytes, hex) for an app being set up; kept in the
    session until a code proves the app holds it."""
    return str(random_hex(20))


def secret_text(secret_hex: str) -> str:
    """The secret as an authenticator app takes it when typed: base32, in groups of four."""
    text = b32encode(unhexlify(secret_hex)).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_url(user: User, secret_hex: str) -> str:
    """The ``otpauth://`` address a QR code carries (django-otp's own format)."""
    return str(TOTPDevice(user=user, key=secret_hex, name=APP_NAME).config_url)


def set_up_authenticator(*, user: User, secret_hex: str, code: str) -> list[str]:
    """Confirm the app holding ``secret_hex`` with a code from it, replace any app before it,
    and return new recovery codes (shown once)."""
    read = read_code(code)
    totp = TOTP(unhexlify(secret_hex), step=30, t0=0, digits=6, drift=0)
    if read is None or read[0] is not Factor.TOTP or not _matches(totp, read[1]):
        raise DomainValidationError.single(
            "code", "enter the 6-digit code your authenticator app shows now"
        )
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).delete()[0] > 0
        TOTPDevice.objects.create(
            user=user,
            name=APP_NAME,
            key=secret_hex,
            confirmed=True,
            tolerance=TOTP_TOLERANCE,
            last_t=totp.t(),  # the code just used is spent
        )
        codes = issue_recovery_codes(user)
        audit.record(
            actor=user,
            operation=Operation.ALTERATION,
            action="set_up_two_factor",
            target=audit.Target("user", str(user.pk)),
            after={"authenticator_replaced": replaced, "recovery_codes": len(codes)},
        )
    return codes


def _matches(totp: TOTP, digits: str) -> bool:
    return bool(totp.verify(int(digits), tolerance=TOTP_TOLERANCE))


def new_recovery_codes(*, user: User) -> list[str]:
    """Ten new recovery codes in place of any left (shown once)."""
    with transaction.atomic():
        codes = issue_recovery_codes(user)
        audit.record(
            actor=user,
            operation=Operation.ALTERATION,
            action="new_recovery_codes",
            target=audit.Target("user", str(user.pk)),
            after={"recovery_codes": len(codes)},
        )
    return codes


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def issue_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes in place of any left, unaudited: a step of the audited changes
    that issue them (an app set up, new codes asked for, a first security key)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def remove_devices(user: User) -> int:
    """Remove the user's authenticator app, security keys and recovery codes (an
    administrator's reset: a lost phone or key)."""
    apps = TOTPDevice.objects.filter(user=user).delete()[0]
    keys = WebAuthnCredential.objects.filter(user=user).delete()[0]
    codes = StaticDevice.objects.filter(user=user).delete()[0]
    return int(apps + keys + codes)


def check_code(user: User, typed: str) -> Factor | None:
    """The factor a typed code proves, or None: a code of the user's authenticator app (each
    time step once), else one of their recovery codes (each once)."""
    read = read_code(typed)
    if read is None:
        return None
    factor, code = read
    model: type[TOTPDevice] | type[StaticDevice] = (
        TOTPDevice if factor is Factor.TOTP else StaticDevice
    )
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    verified = django_otp.verify_token(user, device.persistent_id, code)
    return factor if verified is not None else None
