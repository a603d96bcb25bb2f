"""Security keys and passkeys (WebAuthn) as a second factor (decision 0028): a signed-in user
adds one or more, each named by them, and removes any; at sign-in, after the password, one of
them may be used instead of an authenticator app's code. Never instead of the password.

django-otp-webauthn keeps the keys (its ``WebAuthnCredential``, a django-otp device: the
public key, the signature counter, when added and last used) and its helper drives
py_webauthn, which checks every answer from the browser: the challenge (kept in the session,
used once), the relying party id and the origin (settings), the signature and its counter. Its
views, URLs and scripts are not used: ours audit each step and speak GOV.UK.

Adding and removing a key are audited alterations of the account; using one is the sign-in's
own row (``signing_in.signed_in``, factor ``security_key``). A user's first key, when they
have no recovery codes yet, comes with ten (shown once), so that a lost key does not lock them
out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers.exceptions import WebAuthnException

from fourpillars.accounts.models import User
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.sign_in import key_name
from fourpillars.services import audit
from fourpillars.services.errors import NotFound, record_pk

from .two_factor import issue_recovery_codes, recovery_codes_left

T = TypeVar("T")
KEY = "security_key"  # the field every refusal of a key's answer names
EXPIRED = "was not checked, as the page had expired: try again"

# What py_webauthn and the plug-in raise for an answer that does not check out, and what a
# hostile or broken browser's JSON makes the parsing raise: each is a refusal, never a 500.
REFUSED = (WebAuthnException, OTPWebAuthnApiError, KeyError, TypeError, ValueError, AttributeError)


@dataclass(frozen=True)
class Ceremony:
    """One step asked of the browser: ``options`` for ``navigator.credentials``, ``state``
    kept in the user's session until the browser answers (the challenge, used once)."""

    options: dict[str, Any]
    state: dict[str, Any]


@dataclass(frozen=True)
class Added:
    """A key just added, and the recovery codes that came with it (shown once; none when the
    user already had some)."""

    key: WebAuthnCredential
    recovery_codes: list[str] = field(default_factory=list)


def _helper() -> WebAuthnHelper:
    """The plug-in's helper: relying party, origins and algorithms from the settings (its
    request is used only by settings this project does not set)."""
    return WebAuthnHelper(request=None)


def keys_of(user: User) -> list[WebAuthnCredential]:
    """The user's keys, oldest first (for their account page)."""
    return list(WebAuthnCredential.objects.filter(user=user).order_by("created_at", "pk"))


def has_keys(user: User) -> bool:
    return bool(WebAuthnCredential.objects.filter(user=user, confirmed=True).exists())


def key_of(*, actor: User, key_id: object) -> WebAuthnCredential:
    """One of the actor's own keys; anyone else's, or none, is NotFound (404)."""
    key = WebAuthnCredential.objects.filter(user=actor, pk=record_pk(key_id)).first()
    if key is None:
        raise NotFound()
    return key


def begin_adding(*, user: User, name: object) -> Ceremony:
    """Check the name the user gave, then ask the browser to make a key for this site; keys
    the user already has are listed, so that one is not added twice."""
    named = key_name(name)
    if WebAuthnCredential.objects.filter(user=user, name=named).exists():
        raise DomainValidationError.single(
            "name", "is already the name of one of your keys: choose another"
        )
    options, state = _helper().register_begin(user=user)
    return Ceremony(options, {**state, "name": named})


def add_key(*, user: User, state: object, answer: object) -> Added:
    """Keep the key the browser made, once py_webauthn has checked its answer against the
    state kept at ``begin_adding``; the first key of a user without recovery codes left brings
    ten."""
    if not isinstance(state, Mapping) or "challenge" not in state:
        raise _refused(EXPIRED)
    name = key_name(state.get("name"))
    with transaction.atomic():
        key = _checked(lambda: _helper().register_complete(user=user, state=state, data=answer))
        key.name = name
        key.save(update_fields=["name"])
        codes = issue_recovery_codes(user) if recovery_codes_left(user) == 0 else []
        audit.record(
            actor=user,
            operation=Operation.ALTERATION,
            action="add_security_key",
            target=audit.Target("user", str(user.pk)),
            after={KEY: key.pk, "name": name, "recovery_codes": len(codes)},
        )
    return Added(key, codes)


def remove_key(*, actor: User, key_id: object) -> str:
    """Remove one of the actor's own keys (anyone else's: 404); its name, for the message."""
    with transaction.atomic():
        key = key_of(actor=actor, key_id=key_id)
        name, pk = key.name, key.pk
        key.delete()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="remove_security_key",
            target=audit.Target("user", str(actor.pk)),
            before={KEY: pk, "name": name},
        )
    return str(name)


def begin_signing_in(user: User) -> Ceremony:
    """Ask the browser to sign a challenge with one of the user's keys (listed by id: the
    password has been checked, so naming them tells nobody anything new)."""
    if not has_keys(user):
        raise _refused("is not set up for your account: enter a security code instead")
    options, state = _helper().authenticate_begin(user=user, require_user_verification=False)
    return Ceremony(options, state)


def check_key(*, user: User, state: object, answer: object) -> WebAuthnCredential:
    """The user's key that signed the challenge kept at ``begin_signing_in``, its counter and
    last use updated; refused for a key of anyone else, a wrong signature, a counter gone
    backwards (a cloned key), another site's or origin's answer. Call it in the transaction
    that starts the session and writes the sign-in's row."""
    if not isinstance(state, Mapping) or "challenge" not in state:
        raise _refused(EXPIRED)
    return _checked(lambda: _helper().authenticate_complete(user=user, state=state, data=answer))


def _checked(call: Callable[[], T]) -> T:
    """Run one of the helper's checks; any refusal becomes the domain's, naming the key."""
    try:
        with transaction.atomic():  # a refused save leaves the outer transaction usable
            return call()
    except IntegrityError:
        raise _refused("is already added to an account") from None
    except REFUSED:
        raise _refused("was not accepted: try again") from None


def _refused(message: str) -> DomainValidationError:
    return DomainValidationError.single(KEY, message)
