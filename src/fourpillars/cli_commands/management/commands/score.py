"""``fourpillars score INSTRUMENT --input FILE``: score one JSON object, print one JSON object.

The same pure functions as ``POST /api/v1/instruments/{code}/score``; no database is touched.
Output keys: ``instrument``, ``version``, ``score`` (null where none), ``band``,
``probabilities``, ``terms``, ``warnings`` (plus instrument extras such as DASH's ``marac``).
Invalid input (unknown instrument, unreadable or malformed JSON, a bad field) exits 2 with
``{"detail": ..., "errors": [{"field", "message"}]}`` on standard output and standard error.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from fourpillars.cli_commands.json_io import fail, read_json
from fourpillars.domain import instruments
from fourpillars.domain.errors import DomainValidationError, FieldError

MAX_INPUT_BYTES = 1_000_000


class Command(BaseCommand):
    help = "Score a risk instrument from a JSON object (FILE, or - for standard input)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help=f"one of: {', '.join(instruments.REGISTRY)}")
        parser.add_argument(
            "--input", "-i", default="-", help="JSON file with the inputs; - for standard input"
        )
        parser.add_argument("--indent", type=int, default=None, help="pretty-print the JSON")

    def _fail(self, errors: list[FieldError]) -> NoReturn:
        fail(self.stdout, errors)

    def _read(self, source: str) -> Any:
        return read_json(self.stdout, source, MAX_INPUT_BYTES)

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["instrument"]
        if code not in instruments.REGISTRY:
            known = ", ".join(instruments.REGISTRY)
            self._fail(
                [FieldError("instrument", f"{code[:40]!r} is not an instrument; known: {known}")]
            )
        payload = self._read(options["input"])
        try:
            result = instruments.score(code, payload)
        except DomainValidationError as exc:
            self._fail(exc.errors)
        except RecursionError:
            self._fail([FieldError("input", "is nested too deeply")])
        self.stdout.write(
            json.dumps(result.as_dict(), ensure_ascii=False, indent=options["indent"])
        )
