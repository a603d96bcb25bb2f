"""The bench's two-factor sign-in scenario (bench/sign_in.py): its users sign in with a
password and a TOTP code through a real server, and the pool never reuses a user's code."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bench import sign_in

from fourpillars.audit.models import AuditEvent
from tests.cast import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_users_sign_in_with_two_factors(world: World, live_server, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FOURPILLARS_TWO_FACTOR = True
    accounts = sign_in.prepare(6, PASSWORD)
    assert len(accounts) == 6 and len({a.secret_hex for a in accounts}) == 6
    port = int(urlsplit(live_server.url).port or 0)
    result = sign_in.run(port, accounts, PASSWORD, clients=2, requests=4, seconds=60)
    assert result.summary()["ok"] == 4, result.summary()
    rows = AuditEvent.objects.filter(action="sign_in")
    assert rows.count() == 4 and {r.after["factor"] for r in rows} == {"totp"}
    assert not AuditEvent.objects.filter(action="sign_in_failed").exists()


def test_the_pool_gives_each_user_once_per_step() -> None:
    accounts = [sign_in.Account(f"u{n}", "00" * 20) for n in range(3)]
    pool = sign_in._Pool(accounts)
    taken = [pool.take() for _ in range(4)]
    assert [a.username for a in taken[:3] if a] == ["u0", "u1", "u2"] and taken[3] is None


PRODUCTION_HASHERS = [
    "fourpillars.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_the_password_check_figure_has_its_baseline(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    costs = sign_in.hash_costs(rounds=1)
    assert costs["production_ms"] > 0 and costs["pbkdf2_ms"] > 0
    assert costs["ratio"] == round(costs["production_ms"] / costs["pbkdf2_ms"], 3)
