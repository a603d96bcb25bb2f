"""``fourpillars check-plan FILE``: check a risk management plan given as a JSON document.

The same pure checker as ``POST /api/v1/plan-checks`` and the plan pages
(``domain.plans``); no database is touched. FILE is a path, or ``-`` for standard input.

Prints ``{"findings": [{"code", "severity", "message", "refs", "source", "acknowledged"}],
"errors", "warnings", "unacknowledged_warnings", "unused_acknowledgements", "approvable",
"rules_version", "review_policy"}``. Exit status: 1 when any finding is an error, 0 otherwise
(warnings, acknowledged or not, do not change it); 2 when the document cannot be read or is
malformed, with ``{"detail": ..., "errors": [{"field", "message"}]}`` on standard output and
standard error, as ``fourpillars score`` does. ``--rules`` prints the rule table instead.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from fourpillars.cli_commands.json_io import fail, read_json
from fourpillars.domain import plans
from fourpillars.domain.errors import DomainValidationError, FieldError

MAX_INPUT_BYTES = 4_000_000  # a plan at every cap is well under this


class Command(BaseCommand):
    help = "Check a risk management plan document (FILE, or - for standard input)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the plan as JSON; - for standard input")
        parser.add_argument("--indent", type=int, default=None, help="pretty-print the JSON")
        parser.add_argument("--rules", action="store_true", help="list the rules and exit")

    def _fail(self, errors: list[FieldError]) -> NoReturn:
        fail(self.stdout, errors)

    def _read(self, source: str) -> Any:
        return read_json(self.stdout, source, MAX_INPUT_BYTES)

    def handle(self, *args: Any, **options: Any) -> None:
        indent = options["indent"]
        if options["rules"]:
            self.stdout.write(json.dumps(plans.rules_table(), ensure_ascii=False, indent=indent))
            return
        if not options["file"]:
            self._fail([FieldError("file", "is required: a path, or - for standard input")])
        payload = self._read(options["file"])
        try:
            plan = plans.parse_plan(payload)
        except DomainValidationError as exc:
            self._fail(exc.errors)
        body = plans.report(plan)
        self.stdout.write(json.dumps(body, ensure_ascii=False, indent=indent))
        if body["errors"]:
            self.stdout.flush()
            sys.exit(1)
