"""The audit trail is append-only and tamper-evident (DPA 2018 s.62; LED Art.25)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from fourpillars.audit.models import AuditEvent, AuditImmutableError
from fourpillars.domain.audit import Operation
from fourpillars.services import audit
from tests.cast import World

pytestmark = pytest.mark.django_db


def tamper(sql: str, params: list[object]) -> None:
    """Change rows behind the ORM's back, as an attacker with database access would."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def test_chain_of_a_busy_world_is_intact(world: World) -> None:
    count, broken = audit.verify()
    assert broken is None and count == AuditEvent.objects.count() > 5


def test_orm_refuses_update_and_delete(world: World) -> None:
    row = AuditEvent.objects.first()
    assert row is not None
    row.justification = "changed"
    with pytest.raises(AuditImmutableError):
        row.save()
    with pytest.raises(AuditImmutableError):
        row.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=row.pk).update(justification="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger exists on PostgreSQL only")
def test_postgresql_trigger_refuses_raw_update_and_delete(world: World) -> None:
    with connection.cursor() as cur:
        cur.execute("RESET fourpillars.allow_truncate")
    for sql in [
        "UPDATE audit_auditevent SET justification = 'x'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql)


def test_altered_row_is_detected_and_named(world: World) -> None:
    victim = AuditEvent.objects.order_by("seq")[2]
    tamper(
        "UPDATE audit_auditevent SET actor_username = %s WHERE seq = %s",
        ["someone-else", victim.seq],
    )
    _, broken = audit.verify()
    assert broken is not None and broken.seq == victim.seq and "altered" in broken.reason


def test_removed_row_is_detected(world: World) -> None:
    victim = AuditEvent.objects.order_by("seq")[3]
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [victim.seq])
    _, broken = audit.verify()
    assert broken is not None and broken.seq == victim.seq + 1


def test_newest_rows_removed_are_detected(world: World) -> None:
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
    _, broken = audit.verify()
    assert broken is not None


def test_reordered_rows_are_detected(world: World) -> None:
    a, b = AuditEvent.objects.order_by("seq")[1:3]
    tamper("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [-1, a.pk])
    tamper("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [a.seq, b.pk])
    tamper("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [b.seq, a.pk])
    _, broken = audit.verify()
    assert broken is not None and broken.seq == a.seq


def test_rows_appended_together_chain_as_rows_recorded_one_by_one(world: World) -> None:
    from fourpillars.domain.audit import Operation

    before = AuditEvent.objects.order_by("-seq").first()
    assert before is not None
    changes = audit.changes_recorded()
    with transaction.atomic():
        rows = audit.append(
            [
                audit.entry(
                    actor=None,
                    operation=operation,
                    action=f"together_{i}",
                    target=audit.Target("exchange_message", str(i)),
                    recipients=["NL"],
                )
                for i, operation in enumerate(
                    [Operation.DISCLOSURE, Operation.CONSULTATION, Operation.DISCLOSURE]
                )
            ]
        )
        assert audit.append([]) == []
        after = audit.record(
            actor=None,
            operation=Operation.DISCLOSURE,
            action="alone",
            target=audit.Target("exchange_message", "9"),
        )
    assert [r.seq for r in rows] == [before.seq + 1, before.seq + 2, before.seq + 3]
    assert rows[0].prev_hash == before.hash and rows[1].prev_hash == rows[0].hash
    assert after.seq == before.seq + 4 and after.prev_hash == rows[2].hash
    stored = AuditEvent.objects.filter(action__startswith="together_").order_by("seq")
    assert [(e.pk, e.seq, e.hash) for e in stored] == [(r.pk, r.seq, r.hash) for r in rows]
    assert audit.changes_recorded() == changes + 3  # the consultation is not a change


@pytest.mark.parametrize(
    "text",
    ['quote " backslash \\ newline\n tab\t bell\x07 del\x7f', "Ωμέγα 😀 \u2028 é", "", "[1, 2]"],
)
def test_the_chain_verifies_rows_holding_any_text_and_json(world: World, text: str) -> None:
    """The walk reads each row's canonical text as the database writes it (PostgreSQL builds
    most of it): it must be the very text the hash was made over, whatever the row holds."""
    with transaction.atomic():
        audit.record(
            actor=world.users["police"],
            operation=Operation.ALTERATION,
            action="update_case",
            target=audit.Target("case", text[:40], None, None),
            justification=None,
            query=text,
            recipients=["NL", text],
            record_ids=[3, 10**12, 0],
            before={
                "b": [1.5, None, True, text, -2],
                "a": {"z": 0.00005, "y": text, "x": 2.5},
                "": 0,
            },
            after=[text, {"ü": [], "k": None}],
        )
        audit.record(
            actor=None,
            operation=Operation.CONSULTATION,
            action="view_case",
            target=audit.Target("case"),
            record_ids=[-5],
            before=[[1, -2], None, [3]],
            after=[True, 0, 2.5, 1e-05],
        )
    count, broken = audit.verify()
    assert broken is None and count == AuditEvent.objects.count()


@pytest.mark.django_db(transaction=True)
def test_append_refuses_to_run_outside_a_transaction() -> None:
    from fourpillars.domain.audit import Operation

    row = audit.entry(
        actor=None, operation=Operation.DISCLOSURE, action="x", target=audit.Target("t", "1")
    )
    with pytest.raises(RuntimeError, match="transaction"):
        audit.append([row])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel walks on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper_at", [None, "inside", "boundary"])
def test_a_walk_split_between_processes_finds_what_one_walk_finds(
    world: World, monkeypatch: pytest.MonkeyPatch, tamper_at: str | None
) -> None:
    import importlib

    trail = importlib.import_module("fourpillars.services.audit.trail")
    for _ in range(30):
        with transaction.atomic():
            audit.record(
                actor=None,
                operation=Operation.CONSULTATION,
                action="view",
                target=audit.Target("x"),
            )
    last = AuditEvent.objects.count()
    wanted = frozenset({3, last // 2, last})
    monkeypatch.setattr(trail, "PARALLEL_ROWS", 5)
    if tamper_at == "inside":
        tamper("UPDATE audit_auditevent SET query = 'x' WHERE seq = %s", [last - 4])
    elif tamper_at == "boundary":  # the first row of the third of four parts
        tamper("DELETE FROM audit_auditevent WHERE seq = %s", [last // 2 + 1])
    one = trail.walk(wanted)
    split = trail.walk(wanted, workers=4)
    assert (split.rows, split.last, split.hashes, split.broken) == (
        one.rows,
        one.last,
        one.hashes,
        one.broken,
    )
    assert (split.broken is None) == (tamper_at is None)
