"""API bearer tokens: issued with a lifetime, listed, revoked one by one (decision 0028).

Every token expires (``FOURPILLARS_TOKEN_DAYS`` unless its issuer gives a lifetime, at most
``FOURPILLARS_TOKEN_MAX_DAYS``); only its SHA-256 is stored. A user revokes their own tokens;
an administrator revokes anyone's. Anyone else's token is NotFound, like a hidden record.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import ApiToken, User
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.sign_in import token_days
from fourpillars.services import audit
from fourpillars.services.access import allowed, require
from fourpillars.services.errors import NotFound, record_pk


def issue_token(
    *, user: User, name: str = "cli", days: int | None = None, actor: User | None = None
) -> str:
    """Create a bearer token for ``user`` and return it once; only its hash is stored. It
    expires after ``days`` (the configured default unless given). ``actor`` None is the
    server's operator (the ``fourpillars token`` command)."""
    lifetime = token_days(
        days,
        default=int(settings.FOURPILLARS_TOKEN_DAYS),
        maximum=int(settings.FOURPILLARS_TOKEN_MAX_DAYS),
    )
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=ApiToken.hash_key(key),
            name=name[:100],
            expires_at=timezone.now() + dt.timedelta(days=lifetime),
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="issue_token",
            target=audit.Target("api_token", str(token.pk)),
            after={"user": user.username, "name": token.name, "days": lifetime},
        )
    return key


def tokens_of(*, actor: User | None, user: User) -> list[ApiToken]:
    """``user``'s tokens, newest first: their own, or any user's for an administrator
    (``actor`` None: the server's operator)."""
    if actor is not None and actor.pk != user.pk:
        require(actor, Permission.ADMINISTER)
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def revoke_token(*, actor: User | None, token_id: object) -> ApiToken:
    """Revoke one token at once (its next request is a 401). The owner or an administrator
    (``actor`` None: the server's operator); anyone else is told it does not exist."""
    pk = record_pk(token_id)
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=pk)
            .first()
        )
        if token is None or not _may_revoke(actor, token):
            raise NotFound()
        before = token.revoked_at
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(
                actor=actor,
                operation=Operation.ALTERATION,
                action="revoke_token",
                target=audit.Target("api_token", str(token.pk)),
                before={"revoked": before is not None},
                after={"revoked": True, "user": token.user.username, "name": token.name},
            )
        return token


def _may_revoke(actor: User | None, token: ApiToken) -> bool:
    return actor is None or token.user_id == actor.pk or allowed(actor, Permission.ADMINISTER)
