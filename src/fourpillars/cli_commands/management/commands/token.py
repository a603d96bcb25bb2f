"""``fourpillars token USERNAME``: print a new bearer token for the JSON API.

Only the token's SHA-256 is stored (accounts.ApiToken); the token itself is shown once, here.
Unknown or inactive users are refused with exit code 1.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fourpillars.accounts.models import User
from fourpillars.services import accounts as user_services
from fourpillars.services.context import request_context


class Command(BaseCommand):
    help = "Print a new bearer token for USERNAME (send it as 'Authorization: Bearer <token>')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="a label for the token (default cli)")
        parser.add_argument("--days", type=int, default=None, help="expire after D days")

    def handle(self, *args: Any, **options: Any) -> None:
        username = str(options["username"])
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more")
        name = str(options["name"]).strip()
        if not name or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user called {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive; no token issued")
        with request_context("cli"):
            key = user_services.issue_token(user=user, name=name, days=days)
        self.stdout.write(key)
