"""Concurrent writers: the audit chain stays gap-free and unforked; optimistic locks hold."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import EditConflict
from fourpillars.services import audit, cases, persons
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
