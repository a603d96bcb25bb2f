"""API tokens and password resets (decision 0028): each user lists and revokes their own
tokens; administrators list and revoke anyone's and reset a password (the user chooses a new
one at their next web sign-in). Anyone else's token is a 404."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from fourpillars.accounts.models import ApiToken, User
from fourpillars.domain.access import Permission
from fourpillars.services import accounts as user_services
from fourpillars.services.access import require
from fourpillars.services.errors import NotFound, record_pk

from . import present
from .auth import actor
from .inputs import PasswordResetIn
from .schemas import ErrorOut, TokenListOut, TokenOut, UserOut, ValidationErrorOut

router = Router(tags=["tokens"])


def _token(t: ApiToken) -> dict[str, object]:
    return {
        "id": t.pk,
        "name": t.name,
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "revoked_at": t.revoked_at,
        "state": t.state,
    }


def _listing(tokens: list[ApiToken]) -> dict[str, object]:
    return {"items": [_token(t) for t in tokens]}


@router.get("/me/tokens", response={200: TokenListOut, 401: ErrorOut})
def my_tokens(request: HttpRequest) -> dict[str, object]:
    """Your own tokens, newest first (never the tokens themselves: only their names and
    dates)."""
    user = actor(request)
    return _listing(user_services.tokens_of(actor=user, user=user))


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: TokenOut, 401: ErrorOut, 404: ErrorOut},
)
def revoke_token(request: HttpRequest, token_id: str) -> dict[str, object]:
    """Revoke one token at once: your own, or anyone's for an administrator (404 for anyone
    else's). Revoking the token this request is sent with is allowed."""
    return _token(user_services.revoke_token(actor=actor(request), token_id=token_id))


def _account(user_id: str) -> User:
    found = User.objects.filter(pk=record_pk(user_id)).first()
    if found is None:
        raise NotFound()
    return found


@router.get(
    "/admin/users/{user_id}/tokens",
    response={200: TokenListOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def user_tokens(request: HttpRequest, user_id: str) -> dict[str, object]:
    """A user's tokens (administrators only)."""
    admin = actor(request)
    require(admin, Permission.ADMINISTER)
    return _listing(user_services.tokens_of(actor=admin, user=_account(user_id)))


@router.post(
    "/admin/users/{user_id}/password",
    response={200: UserOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def reset_password(request: HttpRequest, user_id: str, payload: PasswordResetIn) -> object:
    """Set a temporary password (administrators only): every web session of the user ends,
    and they choose their own password at their next sign-in; ``remove_two_factor`` removes
    their authenticator app, security keys and recovery codes too."""
    user = user_services.reset_password(
        actor=actor(request),
        user_id=user_id,
        password=payload.password,
        remove_two_factor=payload.remove_two_factor,
    )
    return present.user(user)
