"""The session engine (``SESSION_ENGINE``): Django's database sessions, stored in
``accounts.UserSession`` with the id of the user signed in to each (Django's documented way of
extending the database session engine), so one user's sessions can be ended together."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from .models import UserSession


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls) -> Any:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        row: Any = super().create_model_instance(data)
        try:
            row.user_id = int(str(data.get(SESSION_KEY)))
        except ValueError:
            row.user_id = None
        return row
