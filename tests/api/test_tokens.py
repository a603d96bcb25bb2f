"""API tokens (decision 0028): every token expires (the configured lifetime unless given),
each is revoked on its own (by its owner or an administrator; anyone else gets 404), bad
tokens count as failed sign-ins of their address (audited), and a locked address or account
is refused with 429, a good token too. Administrators reset passwords."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from fourpillars.accounts.models import ApiToken
from fourpillars.audit.models import AuditEvent
from fourpillars.services.accounts import issue_token
from tests.api.conftest import ApiClient
from tests.cast import World

pytestmark = pytest.mark.django_db


def _token(key: str) -> ApiToken:
    return ApiToken.objects.get(key_hash=ApiToken.hash_key(key))


def test_a_token_expires_after_the_configured_lifetime(world: World) -> None:
    key = issue_token(user=world.users["police"])
    expires = _token(key).expires_at
    assert expires is not None
    days = (expires - timezone.now()).total_seconds() / 86400
    assert settings.FOURPILLARS_TOKEN_DAYS - 1 < days <= settings.FOURPILLARS_TOKEN_DAYS


def test_a_token_past_its_expiry_is_refused(world: World) -> None:
    key = issue_token(user=world.users["police"], days=1)
    client = ApiClient(key)
    assert client.get("/cases").status_code == 200
    ApiToken.objects.filter(pk=_token(key).pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("/cases").status_code == 401
    assert client.get("/me/tokens").status_code == 401


def test_a_lifetime_over_the_limit_is_refused(world: World) -> None:
    from fourpillars.domain.errors import DomainValidationError

    with pytest.raises(DomainValidationError, match="days"):
        issue_token(user=world.users["police"], days=settings.FOURPILLARS_TOKEN_MAX_DAYS + 1)


def test_a_user_lists_and_revokes_their_own_tokens(world: World) -> None:
    keep = issue_token(user=world.users["police"], name="keep")
    other = issue_token(user=world.users["police"], name="laptop")
    client = ApiClient(keep)
    listed = client.get("/me/tokens").json()["items"]
    assert {t["name"] for t in listed} == {"keep", "laptop"}
    assert all(t["state"] == "active" and "key" not in t for t in listed)
    revoked = client.post(f"/tokens/{_token(other).pk}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert ApiClient(other).get("/cases").status_code == 401
    assert client.get("/cases").status_code == 200  # one by one: the other still works
    row = AuditEvent.objects.get(action="revoke_token")
    assert row.actor_id == world.users["police"].pk and row.target_id == str(_token(other).pk)


def test_someone_elses_token_is_not_found(world: World) -> None:
    theirs = issue_token(user=world.users["probation"])
    response = ApiClient(issue_token(user=world.users["police"])).post(
        f"/tokens/{_token(theirs).pk}/revoke"
    )
    assert response.status_code == 404
    assert ApiClient(theirs).get("/cases").status_code == 200


@pytest.mark.parametrize("token_id", ["999999", "x", "-1", "99999999999999999999"])
def test_an_unknown_token_id_is_not_found(world: World, token_id: str) -> None:
    client = ApiClient(issue_token(user=world.users["admin"]))
    assert client.post(f"/tokens/{token_id}/revoke").status_code == 404


def test_an_administrator_lists_and_revokes_anyones_token(world: World) -> None:
    theirs = issue_token(user=world.users["probation"], name="integration")
    admin = ApiClient(issue_token(user=world.users["admin"]))
    listed = admin.get(f"/admin/users/{world.users['probation'].pk}/tokens").json()["items"]
    assert [t["name"] for t in listed] == ["integration"]
    assert admin.post(f"/tokens/{_token(theirs).pk}/revoke").status_code == 200
    assert ApiClient(theirs).get("/cases").status_code == 401
    police = ApiClient(issue_token(user=world.users["police"]))
    assert police.get(f"/admin/users/{world.users['probation'].pk}/tokens").status_code == 403


def test_an_administrator_resets_a_password(world: World) -> None:
    from fourpillars.accounts.models import User

    admin = ApiClient(issue_token(user=world.users["admin"]))
    user_id = world.users["probation"].pk
    weak = admin.post(f"/admin/users/{user_id}/password", {"password": "aaaaaaaaaaaa"})
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "password"
    done = admin.post(f"/admin/users/{user_id}/password", {"password": "violet tandem 93 quarry"})
    assert done.status_code == 200
    assert User.objects.get(pk=user_id).must_change_password
    assert admin.post("/admin/users/999999/password", {"password": "x"}).status_code == 404
    police = ApiClient(issue_token(user=world.users["police"]))
    assert police.post(f"/admin/users/{user_id}/password", {"password": "x"}).status_code == 403


def test_bad_tokens_lock_their_address_and_are_audited(world: World) -> None:
    good = issue_token(user=world.users["police"])
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = Client().get(
            "/api/v1/cases",
            headers={"Authorization": f"Bearer fp_guess{n}"},
            REMOTE_ADDR="10.3.3.3",
        )
        assert response.status_code in (401, 429)
    locked = Client().get(
        "/api/v1/cases", headers={"Authorization": f"Bearer {good}"}, REMOTE_ADDR="10.3.3.3"
    )
    assert locked.status_code == 429 and "try again" in locked.json()["detail"]
    elsewhere = Client().get(
        "/api/v1/cases", headers={"Authorization": f"Bearer {good}"}, REMOTE_ADDR="10.3.3.4"
    )
    assert elsewhere.status_code == 200
    failed = AuditEvent.objects.filter(action="sign_in_failed")
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    assert {r.after["step"] for r in failed} == {"token"}
    assert AuditEvent.objects.filter(action="lock_out").count() == 1


def test_a_locked_account_cannot_use_its_token(world: World) -> None:
    good = issue_token(user=world.users["police"])
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            "/login/", {"username": "police", "password": "wrong"}, REMOTE_ADDR=f"10.4.0.{n}"
        )
    response = Client().get(
        "/api/v1/cases", headers={"Authorization": f"Bearer {good}"}, REMOTE_ADDR="10.4.1.1"
    )
    assert response.status_code == 429
