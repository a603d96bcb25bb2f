"""``fourpillars token``: API bearer tokens (decision 0028).

- ``fourpillars token USERNAME [--name N] [--days D]`` prints a new token for the user; it
  expires after D days (``FOURPILLARS_TOKEN_DAYS`` unless given). Only its SHA-256 is stored
  (accounts.ApiToken): the token itself is shown once, here.
- ``fourpillars token USERNAME --list`` lists the user's tokens (id, name, issued, expires,
  state).
- ``fourpillars token --revoke ID`` revokes one token at once.

Unknown or inactive users, and unknown token ids, are refused with exit code 1.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fourpillars.accounts.models import User
from fourpillars.domain.errors import DomainValidationError
from fourpillars.services import accounts as user_services
from fourpillars.services.context import request_context
from fourpillars.services.errors import NotFound


class Command(BaseCommand):
    help = (
        "Print a new bearer token for USERNAME (send it as 'Authorization: Bearer <token>'); "
        "--list a user's tokens; --revoke ID one token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--name", default="cli", help="a label for the token (default cli)")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"expire after D days (default {settings.FOURPILLARS_TOKEN_DAYS}, "
            f"at most {settings.FOURPILLARS_TOKEN_MAX_DAYS})",
        )
        parser.add_argument("--list", action="store_true", help="list USERNAME's tokens")
        parser.add_argument("--revoke", metavar="ID", help="revoke the token with this id")

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context("cli"):
            if options["revoke"] is not None:
                self._revoke(options["revoke"])
                return
            user = self._user(options["username"])
            if options["list"]:
                self._list(user)
                return
            self._issue(user, options)

    def _user(self, username: str | None) -> User:
        if not username:
            raise CommandError("give a USERNAME (or --revoke ID)")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user called {username!r}")
        return user

    def _issue(self, user: User, options: dict[str, Any]) -> None:
        days = options["days"]
        name = str(options["name"]).strip()
        if not name or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters")
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is inactive; no token issued")
        try:
            key = user_services.issue_token(user=user, name=name, days=days)
        except DomainValidationError as exc:
            raise CommandError("--days " + exc.errors[0].message) from None
        self.stdout.write(key)

    def _list(self, user: User) -> None:
        for token in user_services.tokens_of(actor=None, user=user):
            expires = token.expires_at.isoformat(timespec="seconds") if token.expires_at else "-"
            issued = token.created_at.isoformat(timespec="seconds")
            self.stdout.write(f"{token.pk}\t{token.name}\t{issued}\t{expires}\t{token.state}")

    def _revoke(self, token_id: str) -> None:
        try:
            token = user_services.revoke_token(actor=None, token_id=token_id)
        except NotFound:
            raise CommandError(f"no token with id {token_id!r}") from None
        self.stdout.write(f"token {token.pk} ({token.name}) of {token.user.username} revoked")
