"""Raw SQL that changes the audit trail behind the application's back, as an insider with full
database access would. On PostgreSQL the append-only trigger is switched off for the statement
(inside the test's transaction), since the trigger is exactly what such an insider bypasses.

The four rewrites an insider would try: cut the newest rows and move the chain head back to
the new last row; cut them and delete the head row too; delete everything; and rewrite a row,
then recompute every later hash with the public ``chain_hash`` so that the chain verifies."""

from __future__ import annotations

from django.db import connection

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import GENESIS_HASH, chain_hash

TABLE = "audit_auditevent"
HEAD = "audit_auditchainhead"


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")


def alter_row(seq: int, justification: str = "tampered") -> None:
    _raw(f"UPDATE {TABLE} SET justification = %s WHERE seq = %s", [justification, seq])


def delete_row(seq: int) -> None:
    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [seq])


def last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return int(last or 0)


def _move_head(seq: int) -> None:
    row_hash = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    _raw(
        f"UPDATE {HEAD} SET seq = %s, last_hash = %s WHERE id = 1",
        [seq, row_hash or GENESIS_HASH],
    )


def cut_and_move_head(keep: int) -> None:
    """Delete every row after ``keep`` and set the chain head to row ``keep``."""
    _raw(f"DELETE FROM {TABLE} WHERE seq > %s", [keep])
    _move_head(keep)


def cut_with_head(keep: int) -> None:
    """Delete every row after ``keep`` and the chain head row itself."""
    _raw(f"DELETE FROM {TABLE} WHERE seq > %s", [keep])
    _raw(f"DELETE FROM {HEAD}", [])


def wipe() -> None:
    """Delete every row and start the chain head again from nothing."""
    _raw(f"DELETE FROM {TABLE}", [])
    _move_head(0)


def rewrite_and_rechain(seq: int, justification: str = "nothing to see") -> None:
    """Change row ``seq`` and recompute its hash and every later row's (with the public
    ``chain_hash``), and the chain head: the chain itself verifies afterwards."""
    alter_row(seq, justification)
    prev = AuditEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first()
    prev = prev or GENESIS_HASH
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        new = chain_hash(prev, event.hashed_content())
        _raw(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE seq = %s", [prev, new, event.seq])
        prev = new
    _raw(f"UPDATE {HEAD} SET last_hash = %s WHERE id = 1", [prev])


SNAPSHOT = "tamper_snapshot_rows"
SNAPSHOT_HEAD = "tamper_snapshot_head"


def snapshot() -> None:
    """Keep the trail and its chain head as they are now, in temporary tables of this
    connection, for ``restore``: one rewrite after another on one database."""
    with connection.cursor() as cursor:
        for copy, table in ((SNAPSHOT, TABLE), (SNAPSHOT_HEAD, HEAD)):
            cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE TEMPORARY TABLE {copy} AS SELECT * FROM {table}")


def restore() -> None:
    """Put back the trail and chain head ``snapshot`` kept, row for row."""
    _raw(f"DELETE FROM {TABLE}", [])
    _raw(f"INSERT INTO {TABLE} SELECT * FROM {SNAPSHOT}", [])
    _raw(f"DELETE FROM {HEAD}", [])
    _raw(f"INSERT INTO {HEAD} SELECT * FROM {SNAPSHOT_HEAD}", [])
