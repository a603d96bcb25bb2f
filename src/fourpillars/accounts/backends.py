"""The login backends: django-axes's lockout check first, then Django's ModelBackend with the
per-request user fetch in one statement that also brings the agency (every page needs it for
the access policy)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from .models import user_by_id


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses a sign-in over HTTP while its username or address is locked (django-axes).

    A call with no request (Django's test client's ``login``, a shell) is no sign-in over HTTP
    and has no address to count: it passes to the next backend. Every sign-in screen passes
    its request."""

    def authenticate(
        self,
        request: Any,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class FourPillarsBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
