"""Security keys and passkeys as a second factor (decision 0028): adding a named key, removing
one's own only, checking a key's signature at sign-in; each addition and removal an audited
alteration of the account; every answer that does not check out refused, naming the key,
with nothing saved. The key is a software one (tests/security_key.py): py_webauthn checks
what it makes for real."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.sign_in import SecondStep
from fourpillars.services.accounts import reset_password, security_keys, two_factor
from fourpillars.services.errors import NotFound
from tests.cast import World
from tests.security_key import RP_ID, SoftwareKey, add_software_key, b64

pytestmark = pytest.mark.django_db


def _rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def _refused(exc: pytest.ExceptionInfo[DomainValidationError]) -> list[str]:
    return [e.field for e in exc.value.errors]


def test_a_user_adds_a_named_key_and_it_is_audited(world: World) -> None:
    housing = world.users["housing"]
    ceremony = security_keys.begin_adding(user=housing, name="  Blue   key ")
    options = ceremony.options
    assert options["rp"] == {"id": RP_ID, "name": "Four Pillars"}
    assert options["user"]["name"] == housing.username
    assert options["excludeCredentials"] == []
    assert ceremony.state["name"] == "Blue key"
    added = security_keys.add_key(
        user=housing, state=ceremony.state, answer=SoftwareKey().created(options)
    )
    assert added.key.name == "Blue key" and added.key.user_id == housing.pk
    assert added.key.confirmed and added.key.last_used_at is None
    assert len(set(added.recovery_codes)) == 10  # a first factor besides the password
    assert two_factor.recovery_codes_left(housing) == 10
    [row] = _rows("add_security_key")
    assert row.actor_id == housing.pk and row.operation == "alteration"
    assert row.target_type == "user" and row.target_id == str(housing.pk)
    assert row.after == {"security_key": added.key.pk, "name": "Blue key", "recovery_codes": 10}


def test_a_second_key_keeps_the_recovery_codes_and_lists_the_first(world: World) -> None:
    housing = world.users["housing"]
    first, _ = add_software_key(housing, "Blue key")
    codes_before = set(
        StaticToken.objects.filter(device__user=housing).values_list("token", flat=True)
    )
    ceremony = security_keys.begin_adding(user=housing, name="Work laptop")
    assert [d["id"] for d in ceremony.options["excludeCredentials"]] == [b64(first.credential_id)]
    added = security_keys.add_key(
        user=housing, state=ceremony.state, answer=SoftwareKey().created(ceremony.options)
    )
    assert added.recovery_codes == []
    codes_after = set(
        StaticToken.objects.filter(device__user=housing).values_list("token", flat=True)
    )
    assert codes_after == codes_before
    assert [k.name for k in security_keys.keys_of(housing)] == ["Blue key", "Work laptop"]
    assert [r.after["recovery_codes"] for r in _rows("add_security_key")] == [10, 0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "enter a name for the security key or passkey"),
        ("   ", "enter a name for the security key or passkey"),
        ("x" * 51, "must be 50 characters or fewer"),
        (None, "enter a name for the security key or passkey"),
    ],
)
def test_a_key_needs_a_short_name(world: World, name: object, message: str) -> None:
    with pytest.raises(DomainValidationError) as exc:
        security_keys.begin_adding(user=world.users["housing"], name=name)
    assert [(e.field, e.message) for e in exc.value.errors] == [("name", message)]


def test_two_keys_cannot_share_a_name(world: World) -> None:
    housing = world.users["housing"]
    add_software_key(housing, "Blue key")
    with pytest.raises(DomainValidationError) as exc:
        security_keys.begin_adding(user=housing, name="Blue key")
    assert _refused(exc) == ["name"]
    # another user may use the same name
    security_keys.begin_adding(user=world.users["police"], name="Blue key")


def _spoilt(answer: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    spoilt = copy.deepcopy(answer)
    where = spoilt
    *parents, last = path.split(".")
    for part in parents:
        where = where[part]
    if value is KeyError:
        del where[last]
    else:
        where[last] = value
    return spoilt


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("response.attestationObject", "bm90LWNib3I"),
        ("response.attestationObject", KeyError),
        ("response.clientDataJSON", b64(b"{}")),
        ("response.clientDataJSON", "!!!"),
        ("response", "a string"),
        ("rawId", 12),
        ("type", "password"),
        ("id", None),
    ],
)
def test_a_broken_answer_is_refused_and_nothing_saved(
    world: World, path: str, value: object
) -> None:
    housing = world.users["housing"]
    ceremony = security_keys.begin_adding(user=housing, name="Blue key")
    answer = _spoilt(SoftwareKey().created(ceremony.options), path, value)
    with pytest.raises(DomainValidationError) as exc:
        security_keys.add_key(user=housing, state=ceremony.state, answer=answer)
    assert _refused(exc) == ["security_key"]
    assert not WebAuthnCredential.objects.exists() and not _rows("add_security_key")
    assert two_factor.recovery_codes_left(housing) == 0


@pytest.mark.parametrize(
    "key",
    [SoftwareKey(origin="https://register.example.org"), SoftwareKey(rp_id="example.org")],
    ids=["another origin", "another site's id"],
)
def test_a_key_made_for_another_site_is_refused(world: World, key: SoftwareKey) -> None:
    housing = world.users["housing"]
    ceremony = security_keys.begin_adding(user=housing, name="Blue key")
    with pytest.raises(DomainValidationError):
        security_keys.add_key(
            user=housing, state=ceremony.state, answer=key.created(ceremony.options)
        )
    assert not WebAuthnCredential.objects.exists()


def test_an_answer_to_another_challenge_or_none_is_refused(world: World) -> None:
    housing = world.users["housing"]
    old = security_keys.begin_adding(user=housing, name="Blue key")
    new = security_keys.begin_adding(user=housing, name="Blue key")
    answer = SoftwareKey().created(old.options)
    for state in (new.state, None, {}, "a string"):
        with pytest.raises(DomainValidationError):
            security_keys.add_key(user=housing, state=state, answer=answer)
    assert not WebAuthnCredential.objects.exists()


def test_the_same_key_cannot_be_added_to_two_accounts(world: World) -> None:
    key, _ = add_software_key(world.users["housing"])
    police = world.users["police"]
    ceremony = security_keys.begin_adding(user=police, name="Borrowed")
    with pytest.raises(DomainValidationError) as exc:
        security_keys.add_key(
            user=police, state=ceremony.state, answer=key.created(ceremony.options)
        )
    assert [e.message for e in exc.value.errors] == ["is already added to an account"]
    assert WebAuthnCredential.objects.count() == 1 and len(_rows("add_security_key")) == 1


def test_a_user_removes_their_own_key_and_it_is_audited(world: World) -> None:
    housing = world.users["housing"]
    _, key_id = add_software_key(housing, "Blue key")
    assert security_keys.remove_key(actor=housing, key_id=key_id) == "Blue key"
    assert not WebAuthnCredential.objects.exists()
    [row] = _rows("remove_security_key")
    assert row.actor_id == housing.pk and row.operation == "alteration"
    assert row.before == {"security_key": key_id, "name": "Blue key"}


@pytest.mark.parametrize("who", ["police", "admin", "coordinator"])
def test_nobody_else_removes_or_reads_a_users_key(world: World, who: str) -> None:
    _, key_id = add_software_key(world.users["housing"])
    for key in (key_id, str(key_id)):
        with pytest.raises(NotFound):
            security_keys.remove_key(actor=world.users[who], key_id=key)
        with pytest.raises(NotFound):
            security_keys.key_of(actor=world.users[who], key_id=key)
    assert WebAuthnCredential.objects.filter(pk=key_id).exists()
    assert not _rows("remove_security_key")


@pytest.mark.parametrize("key_id", [999_999, "abc", -1, 2**80, None])
def test_no_such_key_is_not_found(world: World, key_id: object) -> None:
    with pytest.raises(NotFound):
        security_keys.remove_key(actor=world.users["housing"], key_id=key_id)


# At sign-in --------------------------------------------------------------------------------


def test_a_key_signs_the_challenge_and_its_use_is_recorded(world: World) -> None:
    housing = world.users["housing"]
    key, key_id = add_software_key(housing)
    assert two_factor.has_second_factor(housing) and not two_factor.has_authenticator(housing)
    ceremony = security_keys.begin_signing_in(housing)
    assert [d["id"] for d in ceremony.options["allowCredentials"]] == [b64(key.credential_id)]
    assert ceremony.options["rpId"] == RP_ID
    used = security_keys.check_key(
        user=housing, state=ceremony.state, answer=key.asserted(ceremony.options)
    )
    assert used.pk == key_id and used.sign_count == 1 and used.last_used_at is not None


def test_a_cloned_key_whose_counter_went_back_is_refused(world: World) -> None:
    housing = world.users["housing"]
    key, _ = add_software_key(housing)
    first = security_keys.begin_signing_in(housing)
    security_keys.check_key(
        user=housing, state=first.state, answer=key.asserted(first.options, count=5)
    )
    again = security_keys.begin_signing_in(housing)
    with pytest.raises(DomainValidationError):
        security_keys.check_key(
            user=housing, state=again.state, answer=key.asserted(again.options, count=3)
        )


def test_another_users_key_or_a_forged_signature_is_refused(world: World) -> None:
    housing, police = world.users["housing"], world.users["police"]
    housing_key, _ = add_software_key(housing)
    add_software_key(police)
    ceremony = security_keys.begin_signing_in(police)
    with pytest.raises(DomainValidationError):  # housing's key for police's sign-in
        security_keys.check_key(
            user=police, state=ceremony.state, answer=housing_key.asserted(ceremony.options)
        )
    forger = SoftwareKey(credential_id=housing_key.credential_id)  # the id, not the private key
    ceremony = security_keys.begin_signing_in(housing)
    with pytest.raises(DomainValidationError):
        security_keys.check_key(
            user=housing, state=ceremony.state, answer=forger.asserted(ceremony.options)
        )
    assert WebAuthnCredential.objects.get(user=housing).last_used_at is None


def test_a_user_without_keys_is_not_asked_for_one(world: World) -> None:
    with pytest.raises(DomainValidationError) as exc:
        security_keys.begin_signing_in(world.users["housing"])
    assert _refused(exc) == ["security_key"]


def test_a_key_alone_makes_the_password_lead_to_the_second_step(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FOURPILLARS_TWO_FACTOR = False
    housing = world.users["housing"]
    assert two_factor.next_step(housing) is SecondStep.NONE
    add_software_key(housing)
    assert two_factor.next_step(housing) is SecondStep.CODE


def test_an_administrators_reset_can_remove_the_keys(world: World) -> None:
    housing = world.users["housing"]
    add_software_key(housing)
    reset_password(
        actor=world.users["admin"],
        user_id=housing.pk,
        password="a fresh temporary passphrase 42",
        remove_two_factor=True,
    )
    assert not security_keys.has_keys(housing) and not two_factor.has_second_factor(housing)
    assert _rows("reset_password")[-1].after["two_factor_removed"] is True
