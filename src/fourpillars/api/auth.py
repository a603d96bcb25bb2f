"""Bearer-token authentication for the JSON API (docs/overview.md, "Interfaces").

Only ``Authorization: Bearer <key>`` is accepted: a browser session cookie is not, so the API
never needs CSRF protection and a page a user happens to have open can never call it. Tokens
are issued by ``fourpillars token USERNAME`` (``services.accounts.issue_token``); only their
SHA-256 is stored, and a revoked or expired token, or one whose user is inactive, is refused.

The sign-in lockout applies (decision 0028): a bad token counts as a failed sign-in from its
address (audited), and while the address, or the token's own account, is locked every request
is refused with 429, a good token too.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from fourpillars.accounts import lockout
from fourpillars.accounts.models import User, user_for_token
from fourpillars.services.accounts import signing_in

TOKEN_MAX = 200


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``; anything else is a 401 (see errors.py)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        user = user_for_token(token) if token and len(token) <= TOKEN_MAX else None
        if lockout.is_locked(request, user.get_username() if user else None):
            lockout.refuse(request)
            return None
        if user is None:
            failure = lockout.count_failure(request, None)
            signing_in.sign_in_failed(
                username="",
                address=lockout.address(request),
                step="token",
                locked=failure.locked,
                failures=failure.failures,
            )
        return user


def actor(request: HttpRequest) -> User:
    """The authenticated user of this API request (set by ninja from ``BearerToken``)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # pragma: no cover - ninja refuses before the view runs
        raise AuthenticationError()
    return user
