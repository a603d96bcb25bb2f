"""The database session store, reading its row with one hand-written query.

Every page of the web UI loads the session first. Django's ``db`` store finds the row through
the ORM (``Session.objects.get``), whose build and compile cost more CPU than the read itself
on every request (measured: decision 0009); this store reads the same row, on the same
conditions (the key, and an expiry still in the future), with ``services.sql_rows``. Writes,
rotation, expiry and logout are Django's own. ``SESSION_ENGINE`` names this module.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from fourpillars.db import sql_rows


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = sql_rows.joined(
            Session, "s", 's."session_key" = %s AND s."expire_date" > %s', [key, now], tail=""
        )
        if not rows:
            self._session_key = None
            return None
        return rows[0]
