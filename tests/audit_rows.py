"""Audit rows as their readers see them (decision 0031): the values sealed under a person's key
opened, or the plain words saying they were removed. Tests of what a row recorded read it so;
tests of what is stored read the row as it is."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection

from fourpillars.audit.models import AuditEvent
from fourpillars.services import audit


def opened(row: AuditEvent | None) -> AuditEvent:
    """One row, opened (it must exist)."""
    assert row is not None, "no such audit row"
    return audit.open_rows([row])[0]


def opened_rows(rows: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Rows, opened, in their order."""
    return audit.open_rows(rows)


def stored_text(seq: int) -> str:
    """One row as the database holds it, every column as the driver gives it (no model, no
    decoding of the JSON columns)."""
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM audit_auditevent WHERE seq = %s", [seq])
        return repr(cur.fetchone())


def raw_trail_text() -> str:
    """The whole audit table as the database holds it, as text."""
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM audit_auditevent ORDER BY seq")
        return "\n".join(repr(row) for row in cur.fetchall())


def contains(text: str, term: str) -> bool:
    """Whether ``term`` is in ``text`` as it is or as JSON escapes it (SQLite keeps JSON with
    non-ASCII letters escaped)."""
    return term in text or json.dumps(term)[1:-1] in text
