"""Personal values in audit rows sealed under the person's own key (decision 0031): stored as
ciphertext, shown to the trail's readers, one key per person made on first use, and no key
query for a row that carries no personal values."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fourpillars.audit.models import AuditEvent, PersonKey
from fourpillars.domain.audit import Justification, Operation, Purpose
from fourpillars.domain.sealing import envelope_of, envelope_of_text
from fourpillars.services import audit, persons
from fourpillars.services.audit import reads as trail_reads
from fourpillars.services.audit import sealing
from tests.audit_rows import contains, opened, stored_text
from tests.cast import World

pytestmark = pytest.mark.django_db

OLD, NEW = "Kowalski", "Thornbury"


def rename(world: World) -> AuditEvent:
    """A new primary name for the police case's person: an alteration naming the old name in
    its before and the new one in its after."""
    persons.add_name(
        actor=world.users["police"],
        person_id=world.police_case.person_id,
        data={"kind": "primary", "family_name": NEW, "given_names": "Ada"},
    )
    return AuditEvent.objects.filter(action="add_name").latest("seq")


def test_a_name_edit_is_stored_sealed_and_shown_to_the_auditor(world: World) -> None:
    row = rename(world)
    raw = stored_text(row.seq)
    assert not contains(raw, OLD) and not contains(raw, NEW) and not contains(raw, "Ada")
    for value in (row.before, row.after):
        envelope = envelope_of(value)
        assert envelope is not None and envelope.data
    # Clear: who, when, what, to whom.
    assert (row.operation, row.action, row.actor_username) == ("alteration", "add_name", "police")
    assert (row.target_type, row.person_id) == ("person", world.police_case.person_id)
    shown = trail_reads.read_trail(
        actor=world.users["auditor"], filters={"operation": "alteration"}
    ).items
    named = next(e for e in shown if e.seq == row.seq)
    assert named.before == {"primary": f"Jan {OLD}"}
    assert named.after["name"] == f"Ada {NEW}" and named.removed == ""


def test_the_chain_covers_the_sealed_text_as_stored(world: World) -> None:
    rename(world)
    assert audit.verify()[1] is None


def test_typed_justification_is_sealed_and_the_purpose_stays_clear(world: World) -> None:
    with transaction.atomic():
        row = audit.consultation(
            actor=world.users["coordinator"],
            case=world.police_case,
            justification=Justification(Purpose.MAPPA_COORDINATION, f"asked about {OLD}"),
            action="view_case",
        )
    stored = AuditEvent.objects.get(seq=row.seq)
    assert envelope_of_text(stored.justification) is not None
    assert not contains(stored_text(row.seq), OLD)
    assert stored.purpose == "mappa-coordination"
    assert opened(stored).justification == f"mappa-coordination; asked about {OLD}"


def test_an_identifier_held_elsewhere_is_sealed_for_the_person_it_was_recorded_for(
    world: World,
) -> None:
    persons.add_identifier(
        actor=world.users["outsider"],
        person_id=world.other_area_case.person_id,
        data={"kind": "crn", "value": "X123456"},
    )
    persons.add_identifier(
        actor=world.users["police"],
        person_id=world.police_case.person_id,
        data={"kind": "crn", "value": "X123456"},
    )
    row = AuditEvent.objects.get(action="identifier_held_elsewhere")
    assert row.person_id is None and not contains(stored_text(row.seq), "X123456")
    key = PersonKey.objects.get(pk=envelope_of(row.after).key)  # type: ignore[union-attr]
    assert key.person_id == world.police_case.person_id
    assert opened(row).after["value"] == "X123456"


def test_rows_naming_no_person_and_reads_without_values_stay_clear(world: World) -> None:
    with transaction.atomic():
        search = audit.record(
            actor=world.users["police"],
            operation=Operation.CONSULTATION,
            action="search",
            target=audit.Target("search"),
            query=OLD,
        )
        read = audit.consultation(
            actor=world.users["police"], case=world.police_case, justification=None, action="x"
        )
    assert AuditEvent.objects.get(seq=search.seq).query == OLD  # tied to no person: clear
    stored = AuditEvent.objects.get(seq=read.seq)
    assert (stored.before, stored.after, stored.justification) == (None, None, "")


def _read(world: World) -> None:
    with transaction.atomic():
        audit.consultation(
            actor=world.users["police"], case=world.police_case, justification=None, action="x"
        )


def _edit(world: World) -> None:
    with transaction.atomic():
        audit.record(
            actor=world.users["police"],
            operation=Operation.ALTERATION,
            action="y",
            target=audit.case_target(world.police_case),
            before={"level": 1},
            after={"level": 2},
        )


def _key_queries(ctx: CaptureQueriesContext) -> int:
    return sum("audit_personkey" in q["sql"] for q in ctx.captured_queries)


def test_a_sealed_write_costs_one_key_query_and_a_read_without_values_none(
    world: World,
) -> None:
    _edit(world)  # the person's key exists from here on
    with CaptureQueriesContext(connection) as sealed:
        _edit(world)
    with CaptureQueriesContext(connection) as clear:
        _read(world)
    assert _key_queries(sealed) == 1
    assert _key_queries(clear) == 0
    assert len(sealed.captured_queries) == len(clear.captured_queries) + 1


def test_a_person_gets_one_key_made_the_first_time(world: World) -> None:
    person = world.police_case.person_id
    PersonKey.objects.filter(person_id=person).delete()  # as if never audited with values
    _edit(world)
    _edit(world)
    (key,) = PersonKey.objects.filter(person_id=person)
    assert key.key is not None and len(bytes(key.key)) == 32
    assert {envelope_of(e.after).key for e in AuditEvent.objects.filter(action="y")} == {  # type: ignore[union-attr]
        key.pk
    }


def test_a_key_made_meanwhile_is_used_instead_of_a_second(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The insert ignores a conflict on the person's number: a key another writer made
    between the read and the insert is the one both use."""
    person = world.police_case.person_id
    PersonKey.objects.filter(person_id=person).delete()
    real_read = sealing._read
    calls = []

    def read_then_another_writer_makes_one(ids: object) -> dict[int, sealing.Key]:
        found = real_read(ids)  # type: ignore[arg-type]
        if not calls:
            PersonKey.objects.create(person_id=person, key=b"k" * 32, created=timezone.now())
        calls.append(1)
        return found

    monkeypatch.setattr(sealing, "_read", read_then_another_writer_makes_one)
    keys = sealing.person_keys([person])
    assert keys[person].key == b"k" * 32
    assert PersonKey.objects.filter(person_id=person).count() == 1


def test_an_altered_sealed_value_does_not_open(world: World) -> None:
    row = rename(world)
    other = AuditEvent.objects.filter(action="add_name").latest("seq")
    other.seq += 1  # the same ciphertext read as if it belonged to another row
    assert opened(other).before == "Sealed value that could not be opened with its key"
    assert opened(AuditEvent.objects.get(seq=row.seq)).before == {"primary": f"Jan {OLD}"}
