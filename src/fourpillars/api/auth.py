"""Bearer-token authentication for the JSON API (docs/overview.md, "Interfaces").

Only ``Authorization: Bearer <key>`` is accepted: a browser session cookie is not, so the API
never needs CSRF protection and a page a user happens to have open can never call it. Tokens
are issued by ``fourpillars token USERNAME`` (``services.users.issue_token``); only their
SHA-256 is stored, and a revoked or expired token, or one whose user is inactive, is refused.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from fourpillars.accounts.models import User, user_for_token

TOKEN_MAX = 200


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``; anything else is a 401 (see errors.py)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        if not token or len(token) > TOKEN_MAX:
            return None
        return user_for_token(token)


def actor(request: HttpRequest) -> User:
    """The authenticated user of this API request (set by ninja from ``BearerToken``)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # pragma: no cover - ninja refuses before the view runs
        raise AuthenticationError()
    return user
