"""``fourpillars seed-demo``: migrate if needed, then create the demo world idempotently.

Creates the areas, agencies and standard cast of users (services.demo.ensure_world) and
synthetic people from several locales (services.demo.seed_people). A second run with the same
arguments adds nothing and changes nothing. Usage (README.md): "seed-demo [--persons N]
[--seed S] [--host H] [--port P]"; the banner names the address ``serve`` will answer on
with the same host and port (``make demo`` passes both).
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from fourpillars import demo
from fourpillars.accounts.models import User
from fourpillars.cli_commands import serving
from fourpillars.cli_commands.support import demo_password, unapplied_migrations
from fourpillars.domain.agencies import LawfulBasis
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import cases as case_services
from fourpillars.services import checkpoints
from fourpillars.services.context import request_context

HOUSING = "housing-a"


def _count(raw: str) -> int:
    """--persons: a whole number, 0 or more."""
    try:
        value = int(raw)
    except ValueError:
        raise ArgumentTypeError(f"must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ArgumentTypeError("must be 0 or more")
    return value


class Command(BaseCommand):
    help = (
        "Create the demo world: the standard cast of users (coordinator, police, probation, "
        "housing, outsider, auditor, admin) and N synthetic people with cases. Runs migrate "
        "first when needed; safe to run again (adds nothing the second time). The password is "
        "$FOURPILLARS_DEMO_PASSWORD, else one generated once and kept in var/demo_password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=_count, default=150)
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--host", default=serving.DEFAULT_HOST, help="the host serve will listen on"
        )
        parser.add_argument(
            "--port", type=int, default=serving.DEFAULT_PORT, help="the port serve will use"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = unapplied_migrations()
        if pending:
            self.stdout.write(f"Applying {pending} migration(s) ...")
            call_command("migrate", verbosity=0)
        aside = checkpoints.set_aside_for_a_new_log()
        if aside is not None:
            self.stdout.write(
                f"A new database: an earlier one's audit checkpoints put aside in {aside}"
            )
        password, source = demo_password()
        with request_context("cli"):
            users = demo.ensure_world(password)
            count = int(options["persons"])
            self.stdout.write(f"Seeding synthetic people (target {count}) ...")
            added = demo.seed_people(
                count=count,
                seed=int(options["seed"]),
                users=users,
                progress=lambda n: self.stdout.write(f"  {n} people added"),
            )
            shared = ensure_housing_share(users)
            managers = demo.ensure_managers(password)
            assessed = demo.seed_assessments(users, managers)
            # After the assessments (which seed only a register without any), before the plans
            # (so that the traveller's assessment gets its plan like the others).
            two_nodes = demo.seed_two_node_people(users, managers)
            planned = demo.seed_plans(users)
            met = demo.seed_meetings(users, managers)
            coordinators = demo.ensure_coordinators(password)
            referred, moving = demo.seed_referrals(users, coordinators)
            notified = demo.seed_notifications(users)
            # Last: it closes quiet cases that nothing above seeded work on.
            closed, due = demo.seed_retention(users)
        total = Case.objects.count()
        self.stdout.write(f"Added {added} people; {total} cases on the register.")
        self.stdout.write(f"Cases shared with housing: {shared}.")
        self.stdout.write(f"RoSH assessments added: {assessed}; plans added: {planned}.")
        self.stdout.write(f"Level 2 meetings added: {met}.")
        self.stdout.write(f"Referrals added: {referred}; transfers into area A added: {moving}.")
        self.stdout.write(f"People who also appear in another node added: {two_nodes}.")
        self.stdout.write(f"Cases with SOA notifications added: {notified}.")
        self.stdout.write(f"Closed cases added: {closed}; due for a retention review: {due}.")
        url = serving.site_url(str(options["host"]), options["port"])
        self._logins({**users, **managers, **coordinators}, password, source, url)

    def _logins(self, users: dict[str, User], password: str, source: str, url: str) -> None:
        width = max(len(u.username) for u in users.values())
        self.stdout.write("")
        self.stdout.write(f"Open {url} and log in as one of:")
        self.stdout.write(f"  {'username':<{width}}  {'role':<28}  agency")
        for user in users.values():
            agency = user.agency.name if user.agency else "-"
            self.stdout.write(f"  {user.username:<{width}}  {user.role_label:<28}  {agency}")
        self.stdout.write(f"Password for every demo user: {password}  (from {source})")


def ensure_housing_share(users: dict[str, User]) -> int:
    """The housing officer sees at least one shared case (README.md, the demo logins: "only
    cases shared with housing"). services.demo shares some;
    when none is active (e.g. a tiny seed) the area A co-ordinator shares the oldest area A
    case through services.cases.share_case. Returns the number of active housing shares."""
    now = timezone.now()
    active = CaseShare.objects.filter(agency__code=HOUSING, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    if not active.exists():
        coordinator = users["coordinator"]
        first = Case.objects.visible_to(coordinator).order_by("id").first()
        if first is not None:
            case_services.share_case(
                actor=coordinator,
                case_id=first.pk,
                agency=HOUSING,
                lawful_basis=LawfulBasis.CJA_2003_S325_4.value,
                reason="Housing placement and tenancy risk management",
            )
    return active.values("case_id").distinct().count()
