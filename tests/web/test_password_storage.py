"""How passwords are stored (decision 0028; [OWASP-PSCS]): Argon2id with OWASP's first
settings for new passwords, and a password stored before with PBKDF2 still lets its owner in
and is stored again with Argon2id at that sign-in."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client

from fourpillars.accounts.models import User
from tests.cast import PASSWORD, World

# The list config/settings.py gives (the suite's conftest swaps in a fast hasher).
PRODUCTION_HASHERS = [
    "fourpillars.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_the_settings_store_new_passwords_with_argon2id() -> None:
    from fourpillars.config import settings as production

    assert production.PASSWORD_HASHERS == PRODUCTION_HASHERS
    assert django_settings.PASSWORD_HASHERS != PRODUCTION_HASHERS  # the suite's fast hasher


def test_a_new_password_is_argon2id_with_owasps_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    stored = make_password("a long enough passphrase for this")
    assert stored.startswith("argon2$argon2id$")
    # The parameters stored with the hash: 19 MiB, two passes, one lane.
    assert "$m=19456,t=2,p=1$" in stored
    assert identify_hasher(stored).algorithm == "argon2"


def test_a_pbkdf2_password_signs_in_and_is_stored_again_with_argon2id(
    world: World,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    settings.FOURPILLARS_TWO_FACTOR = False
    user = User.objects.get(username="police")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert Client().login(username="police", password=PASSWORD)
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$") and "$m=19456,t=2,p=1$" in stored
    assert not Client().login(username="police", password=PASSWORD + "x")
