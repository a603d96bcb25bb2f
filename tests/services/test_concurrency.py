"""Concurrent writers: the audit chain stays gap-free and unforked; optimistic locks hold; a
person gets one key however many writers seal their values at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from fourpillars.audit.models import AuditEvent, PersonKey
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import EditConflict
from fourpillars.services import audit, cases, persons
from fourpillars.services.audit import sealing
from tests.audit_rows import opened_rows
from tests.cast import World, case_data, person_data


def run_in_threads(target, count: int) -> list[BaseException]:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def wrapped(i: int) -> None:
        try:
            target(i)
        except BaseException as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_keep_one_unbroken_chain(world: World) -> None:

    def register(i: int) -> None:
        cases.register_case(
            actor=world.users["police"],
            person=person_data(f"Concurrent{chr(65 + i)}", "Test"),
            case=case_data("police-a"),
        )

    errors = run_in_threads(register, 6)
    assert errors == []
    count, broken = audit.verify()
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert broken is None and seqs == list(range(1, count + 1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises whole transactions")
def test_two_simultaneous_edits_one_wins_one_conflicts(world: World) -> None:
    person_id = world.police_case.person_id
    barrier = threading.Barrier(2)

    def edit(i: int) -> None:
        barrier.wait()
        persons.update_person(
            actor=world.users[["police", "coordinator"][i]],
            person_id=person_id,
            data={"date_of_birth": f"198{i}-01-01", "sex": "male"},
            expected_version=1,
        )

    errors = run_in_threads(edit, 2)
    assert len(errors) == 1 and isinstance(errors[0], EditConflict)


def _new_person_key(world: World) -> int:
    """The police case's person as if never audited with values: no key yet."""
    person = world.police_case.person_id
    PersonKey.objects.filter(person_id=person).delete()
    return person


@pytest.mark.django_db(transaction=True)
def test_two_writes_about_a_person_without_a_key_make_one_key(world: World) -> None:
    """Decision 0031, on both databases: two audited changes about one person at once seal
    their values under one key, made by whichever came first."""
    person = _new_person_key(world)
    barrier = threading.Barrier(2)

    def write(i: int) -> None:
        barrier.wait()
        with transaction.atomic():
            audit.record(
                actor=world.users["police"],
                operation=Operation.ALTERATION,
                action="concurrent_edit",
                target=audit.case_target(world.police_case),
                before={"n": i},
                after={"n": i + 1},
            )

    assert run_in_threads(write, 2) == []
    assert PersonKey.objects.filter(person_id=person).count() == 1
    rows = opened_rows(AuditEvent.objects.filter(action="concurrent_edit"))
    assert sorted(r.after["n"] for r in rows) == [1, 2]
    assert audit.verify()[1] is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises whole transactions")
def test_two_writers_making_one_persons_key_at_the_same_moment_share_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the chain head's lock around them: both find no key, both insert one; the
    unique person number and the insert that ignores a conflict leave one, which both use."""
    person = _new_person_key(world)
    barrier = threading.Barrier(2)
    real_read = sealing._read

    def read(ids: object) -> dict[int, sealing.Key]:
        found = real_read(ids)  # type: ignore[arg-type]
        if not found:
            barrier.wait(timeout=20)  # both have looked and found none
        return found

    monkeypatch.setattr(sealing, "_read", read)
    used: dict[int, int] = {}

    def make(i: int) -> None:
        with transaction.atomic():
            used[i] = sealing.person_keys([person])[person].id

    assert run_in_threads(make, 2) == []
    (key,) = PersonKey.objects.filter(person_id=person)
    assert used == {0: key.pk, 1: key.pk}
