"""Correcting and removing a person's addresses and convictions: access, validation naming the
field, the optimistic lock on the person's version, and the audit row of each change."""

from __future__ import annotations

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError, EditConflict
from fourpillars.register.models import Address, Conviction, Person
from fourpillars.services import persons
from fourpillars.services.errors import Forbidden, NotFound
from tests.audit_rows import opened, opened_rows
from tests.cast import World

pytestmark = pytest.mark.django_db

ADDRESS = {
    "line1": "1 Test Street",
    "line2": "Flat 2",
    "town": "Northtown",
    "postcode": "nt1 1ab",
    "country": "GB",
    "from_date": "2024-01-01",
    "to_date": "",
}
CONVICTION = {
    "date": "2015-03-02",
    "court": "Northtown Crown Court",
    "country": "GB",
    "offence_text": "Sexual assault by penetration",
    "ecris_code": "1003 00",
    "completion": "A",
    "participation": "M",
    "sentence": "36 months' imprisonment",
}


def rows_since(seq: int) -> list[AuditEvent]:
    return opened_rows(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


def last_seq() -> int:
    last = opened(AuditEvent.objects.order_by("-seq").first())
    return last.seq if last else 0


def address_of(world: World, case_attr: str = "police_case") -> Address:
    return Address.objects.get(person_id=getattr(world, case_attr).person_id)


def conviction_of(world: World, case_attr: str = "police_case") -> Conviction:
    return Conviction.objects.get(person_id=getattr(world, case_attr).person_id)


def version(world: World, case_attr: str = "police_case") -> int:
    return Person.objects.get(pk=getattr(world, case_attr).person_id).version


def test_update_address_records_the_changed_fields_before_and_after(world: World) -> None:
    address = address_of(world)
    start = last_seq()
    row = persons.update_address(
        actor=world.users["police"],
        person_id=address.person_id,
        address_id=address.pk,
        data=ADDRESS,
        expected_version=1,
    )
    assert (row.line2, row.postcode) == ("Flat 2", "NT1 1AB")  # cleaned as on adding
    (ev,) = rows_since(start)
    assert (ev.operation, ev.action, ev.person_id, ev.target_id) == (
        "alteration",
        "update_address",
        address.person_id,
        str(address.person_id),
    )
    assert ev.before == {"address": address.pk, "line2": "", "postcode": "NT1 1AA"}
    assert ev.after == {
        "address": address.pk,
        "line2": "Flat 2",
        "postcode": "NT1 1AB",
        "version": 2,
    }
    assert version(world) == 2


def test_update_conviction_records_before_and_after(world: World) -> None:
    conviction = conviction_of(world)
    start = last_seq()
    persons.update_conviction(
        actor=world.users["coordinator"],
        person_id=conviction.person_id,
        conviction_id=conviction.pk,
        data=CONVICTION,
        expected_version=1,
    )
    (ev,) = rows_since(start)
    assert (ev.operation, ev.action) == ("alteration", "update_conviction")
    assert ev.before == {
        "conviction": conviction.pk,
        "offence_text": "Sexual assault",
        "completion": "C",
    }
    assert ev.after == {
        "conviction": conviction.pk,
        "offence_text": "Sexual assault by penetration",
        "completion": "A",
        "version": 2,
    }
    assert conviction_of(world).completion == "A"


def test_remove_address_is_an_erasure_keeping_what_and_why(world: World) -> None:
    address = address_of(world)
    start = last_seq()
    person = persons.remove_address(
        actor=world.users["police"],
        person_id=address.person_id,
        address_id=address.pk,
        reason="Recorded on the wrong person",
        expected_version=1,
    )
    assert person.version == 2
    assert not Address.objects.filter(pk=address.pk).exists()
    (ev,) = rows_since(start)
    assert (ev.operation, ev.action) == ("erasure", "remove_address")
    assert ev.before == {
        "address": address.pk,
        "line1": "1 Test Street",
        "line2": "",
        "town": "Northtown",
        "postcode": "NT1 1AA",
        "country": "GB",
        "from_date": "2024-01-01",
        "to_date": None,
    }
    assert ev.after == {"reason": "Recorded on the wrong person", "version": 2}


def test_remove_conviction_is_an_erasure_keeping_what_and_why(world: World) -> None:
    conviction = conviction_of(world)
    start = last_seq()
    persons.remove_conviction(
        actor=world.users["police"],
        person_id=conviction.person_id,
        conviction_id=conviction.pk,
        reason="Entered twice",
        expected_version=None,
    )
    assert not Conviction.objects.filter(pk=conviction.pk).exists()
    (ev,) = rows_since(start)
    assert (ev.operation, ev.action) == ("erasure", "remove_conviction")
    assert ev.before["conviction"] == conviction.pk
    assert ev.before["ecris_code"] == "1003 00" and ev.before["date"] == "2015-03-02"
    assert ev.after == {"reason": "Entered twice", "version": 2}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"from_date": "2024-05-01", "to_date": "2024-04-30"}, "to_date"),
        ({"from_date": "2024-13-01"}, "from_date"),
        ({"line1": ""}, "line1"),
        ({"country": "Poland"}, "country"),
    ],
)
def test_invalid_address_correction_names_the_field_and_changes_nothing(
    world: World, changes: dict[str, str], field: str
) -> None:
    address = address_of(world)
    start = last_seq()
    with pytest.raises(DomainValidationError) as exc:
        persons.update_address(
            actor=world.users["police"],
            person_id=address.person_id,
            address_id=address.pk,
            data={**ADDRESS, **changes},
            expected_version=1,
        )
    assert field in {e.field for e in exc.value.errors}
    assert address_of(world).postcode == "NT1 1AA"
    assert (version(world), last_seq()) == (1, start)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ecris_code": "9999 99"}, "ecris_code"),
        ({"completion": "X"}, "completion"),
        ({"participation": "Z"}, "participation"),
        ({"date": "1970-01-01"}, "date"),
        ({"date": "2999-01-01"}, "date"),
        ({"offence_text": " "}, "offence_text"),
    ],
)
def test_invalid_conviction_correction_names_the_field_and_changes_nothing(
    world: World, changes: dict[str, str], field: str
) -> None:
    conviction = conviction_of(world)
    start = last_seq()
    with pytest.raises(DomainValidationError) as exc:
        persons.update_conviction(
            actor=world.users["police"],
            person_id=conviction.person_id,
            conviction_id=conviction.pk,
            data={**CONVICTION, **changes},
            expected_version=1,
        )
    assert field in {e.field for e in exc.value.errors}
    assert conviction_of(world).offence_text == "Sexual assault"
    assert (version(world), last_seq()) == (1, start)


@pytest.mark.parametrize("reason", ["", "   "])
def test_removal_needs_a_reason(world: World, reason: str) -> None:
    address, conviction = address_of(world), conviction_of(world)
    with pytest.raises(DomainValidationError) as exc:
        persons.remove_address(
            actor=world.users["police"],
            person_id=address.person_id,
            address_id=address.pk,
            reason=reason,
            expected_version=1,
        )
    assert [e.field for e in exc.value.errors] == ["reason"]
    with pytest.raises(DomainValidationError) as exc:
        persons.remove_conviction(
            actor=world.users["police"],
            person_id=conviction.person_id,
            conviction_id=conviction.pk,
            reason=reason,
            expected_version=1,
        )
    assert [e.field for e in exc.value.errors] == ["reason"]
    assert Address.objects.filter(pk=address.pk).exists()
    assert Conviction.objects.filter(pk=conviction.pk).exists()


def test_stale_address_correction_conflicts_naming_what_changed(world: World) -> None:
    address = address_of(world)
    persons.update_address(
        actor=world.users["coordinator"],
        person_id=address.person_id,
        address_id=address.pk,
        data={**ADDRESS, "line2": "", "postcode": "NT9 9ZZ"},
        expected_version=1,
    )
    with pytest.raises(EditConflict) as exc:
        persons.update_address(
            actor=world.users["police"],
            person_id=address.person_id,
            address_id=address.pk,
            data={**ADDRESS, "town": "Southtown"},
            expected_version=1,
        )
    assert sorted(exc.value.changed_fields) == ["address", "postcode"]
    assert exc.value.current_version == 2
    assert address_of(world).town == "Northtown"


def test_stale_conviction_correction_conflicts_naming_what_changed(world: World) -> None:
    conviction = conviction_of(world)
    persons.update_person(
        actor=world.users["police"],
        person_id=conviction.person_id,
        data={"date_of_birth": "1980-05-17", "sex": "female", "nationalities": ["PL"]},
        expected_version=1,
    )
    with pytest.raises(EditConflict) as exc:
        persons.update_conviction(
            actor=world.users["police"],
            person_id=conviction.person_id,
            conviction_id=conviction.pk,
            data=CONVICTION,
            expected_version=1,
        )
    assert exc.value.changed_fields == ["sex"]
    assert conviction_of(world).offence_text == "Sexual assault"


def test_stale_removals_conflict_and_remove_nothing(world: World) -> None:
    address, conviction = address_of(world), conviction_of(world)
    persons.update_conviction(
        actor=world.users["police"],
        person_id=conviction.person_id,
        conviction_id=conviction.pk,
        data=CONVICTION,
        expected_version=1,
    )
    with pytest.raises(EditConflict) as exc:
        persons.remove_address(
            actor=world.users["coordinator"],
            person_id=address.person_id,
            address_id=address.pk,
            reason="Wrong person",
            expected_version=1,
        )
    assert sorted(exc.value.changed_fields) == ["completion", "conviction", "offence_text"]
    with pytest.raises(EditConflict):
        persons.remove_conviction(
            actor=world.users["coordinator"],
            person_id=conviction.person_id,
            conviction_id=conviction.pk,
            reason="Wrong person",
            expected_version=1,
        )
    assert Address.objects.filter(pk=address.pk).exists()
    assert Conviction.objects.filter(pk=conviction.pk).exists()


def test_a_correction_after_a_removal_with_a_stale_version_conflicts(world: World) -> None:
    address, conviction = address_of(world), conviction_of(world)
    persons.remove_address(
        actor=world.users["police"],
        person_id=address.person_id,
        address_id=address.pk,
        reason="Wrong person",
        expected_version=1,
    )
    with pytest.raises(EditConflict) as exc:
        persons.update_conviction(
            actor=world.users["coordinator"],
            person_id=conviction.person_id,
            conviction_id=conviction.pk,
            data=CONVICTION,
            expected_version=1,
        )
    assert exc.value.current_version == 2


def _all_four(world: World, actor: str, case_attr: str) -> list[object]:
    """Each of the four changes aimed at the person of ``case_attr``; what each raises."""
    address, conviction = address_of(world, case_attr), conviction_of(world, case_attr)
    user, pid = world.users[actor], address.person_id
    calls = [
        lambda: persons.update_address(
            actor=user, person_id=pid, address_id=address.pk, data=ADDRESS, expected_version=None
        ),
        lambda: persons.update_conviction(
            actor=user,
            person_id=pid,
            conviction_id=conviction.pk,
            data=CONVICTION,
            expected_version=None,
        ),
        lambda: persons.remove_address(
            actor=user, person_id=pid, address_id=address.pk, reason="x", expected_version=None
        ),
        lambda: persons.remove_conviction(
            actor=user,
            person_id=pid,
            conviction_id=conviction.pk,
            reason="x",
            expected_version=None,
        ),
    ]
    raised: list[object] = []
    for call in calls:
        try:
            call()
        except (NotFound, Forbidden) as exc:
            raised.append(type(exc))
        else:
            raised.append(None)
    return raised


@pytest.mark.parametrize("actor", ["outsider", "housing", "auditor", "admin", "probation"])
def test_hidden_person_is_not_found(world: World, actor: str) -> None:
    start = last_seq()
    assert _all_four(world, actor, "police_case") == [NotFound] * 4
    assert last_seq() == start
    assert address_of(world).line2 == ""


def test_visible_but_not_manageable_is_forbidden(world: World) -> None:
    assert _all_four(world, "housing", "shared_case") == [Forbidden] * 4
    assert address_of(world, "shared_case").line2 == ""


def test_another_persons_or_a_missing_item_is_not_found(world: World) -> None:
    """The item must be the person's own: one of a hidden person's rows answers as a missing
    one does, so nothing about it leaks."""
    police, pid = world.users["police"], world.police_case.person_id
    other_address, other_conviction = (
        address_of(world, "other_area_case"),
        conviction_of(world, "other_area_case"),
    )
    for address_id in (other_address.pk, 999_999, "abc", "²", 10**30):
        with pytest.raises(NotFound):
            persons.update_address(
                actor=police,
                person_id=pid,
                address_id=address_id,
                data=ADDRESS,
                expected_version=None,
            )
        with pytest.raises(NotFound):
            persons.remove_address(
                actor=police, person_id=pid, address_id=address_id, reason="x", expected_version=1
            )
    for conviction_id in (other_conviction.pk, 999_999):
        with pytest.raises(NotFound):
            persons.update_conviction(
                actor=police,
                person_id=pid,
                conviction_id=conviction_id,
                data=CONVICTION,
                expected_version=None,
            )
        with pytest.raises(NotFound):
            persons.remove_conviction(
                actor=police,
                person_id=pid,
                conviction_id=conviction_id,
                reason="x",
                expected_version=1,
            )
    assert Address.objects.filter(pk=other_address.pk).exists()
    assert Conviction.objects.filter(pk=other_conviction.pk).exists()


def test_correcting_an_address_leaves_the_others_alone(world: World) -> None:
    """Unlike adding a current address, a correction is not a move: no other row is ended."""
    police, pid = world.users["police"], world.police_case.person_id
    old = address_of(world)
    new = persons.add_address(
        actor=police, person_id=pid, data={"line1": "2 New Road", "from_date": "2025-01-01"}
    )
    persons.update_address(
        actor=police,
        person_id=pid,
        address_id=old.pk,
        data={**ADDRESS, "to_date": ""},
        expected_version=None,
    )
    assert Address.objects.get(pk=new.pk).to_date is None
    assert Address.objects.get(pk=old.pk).to_date is None
