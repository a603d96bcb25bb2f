"""The login backend: Django's ModelBackend, with the per-request user fetch in one
statement that also brings the agency (every page needs it for the access policy)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import user_by_id


class FourPillarsBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
