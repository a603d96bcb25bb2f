"""Raw SQL that changes an audit row behind the application's back, as an attacker with
database access would. On PostgreSQL the append-only trigger is switched off for the
statement (inside the test's transaction), since the trigger is exactly what it bypasses."""

from __future__ import annotations

from django.db import connection

TABLE = "audit_auditevent"


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
