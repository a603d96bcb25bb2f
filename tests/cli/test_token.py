"""``fourpillars token USERNAME``: a working bearer token, or a clear refusal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management.base import CommandError

from fourpillars.accounts.models import ApiToken, user_for_token
from fourpillars.services import accounts as user_services
from tests.cast import World

Run = Callable[..., str]


def test_token_prints_a_bearer_token_that_authenticates_the_user(run: Run, world: World) -> None:
    key = run("token", "police").strip()
    assert key.startswith("fp_")
    assert user_for_token(key) == world.users["police"]


def test_token_with_name_and_days_sets_label_and_expiry(run: Run, world: World) -> None:
    key = run("token", "probation", "--name", "laptop", "--days", "7").strip()
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(key))
    assert token.name == "laptop"
    assert token.expires_at is not None


def test_token_for_unknown_user_is_an_error_with_exit_code_1(run: Run, world: World) -> None:
    with pytest.raises(CommandError, match="no user called 'nobody'") as exc:
        run("token", "nobody")
    assert exc.value.returncode == 1
    assert not ApiToken.objects.exists()


def test_token_for_inactive_user_is_refused(run: Run, world: World) -> None:
    housing = world.users["housing"]
    user_services.set_user_active(actor=world.users["admin"], user_id=housing.pk, active=False)
    with pytest.raises(CommandError, match="inactive"):
        run("token", "housing")
    assert not ApiToken.objects.exists()


def test_token_refuses_zero_days(run: Run, world: World) -> None:
    with pytest.raises(CommandError, match="--days"):
        run("token", "police", "--days", "0")


def test_a_token_expires_by_default(run: Run, world: World) -> None:
    from django.conf import settings
    from django.utils import timezone

    key = run("token", "police").strip()
    expires = ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).expires_at
    assert expires is not None
    assert (expires - timezone.now()).days == settings.FOURPILLARS_TOKEN_DAYS - 1


def test_token_refuses_a_lifetime_over_the_limit(run: Run, world: World) -> None:
    with pytest.raises(CommandError, match="--days must be between 1 and"):
        run("token", "police", "--days", "10000")


def test_token_list_and_revoke_one(run: Run, world: World) -> None:
    first = run("token", "police", "--name", "first").strip()
    second = run("token", "police", "--name", "second").strip()
    listed = run("token", "police", "--list").strip().splitlines()
    assert [line.split("\t")[1] for line in listed] == ["second", "first"]
    assert all(line.endswith("\tactive") for line in listed)
    first_id = ApiToken.objects.get(key_hash=ApiToken.hash_key(first)).pk
    assert "revoked" in run("token", "--revoke", str(first_id))
    assert user_for_token(first) is None
    assert user_for_token(second) == world.users["police"]
    assert run("token", "police", "--list").count("\trevoked") == 1


def test_token_revoke_of_an_unknown_id_is_an_error(run: Run, world: World) -> None:
    with pytest.raises(CommandError, match="no token with id"):
        run("token", "--revoke", "424242")
    with pytest.raises(CommandError, match="USERNAME"):
        run("token")
