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
