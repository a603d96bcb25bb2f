"""``fourpillars score INSTRUMENT --input FILE``: score one JSON object, print one JSON object.

The same pure functions as ``POST /api/v1/instruments/{code}/score``; no database is touched.
Output keys: ``instrument``, ``version``, ``score`` (null where none), ``band``,
``probabilities``, ``terms``, ``warnings`` (plus instrument extras such as DASH's ``marac``).
Invalid input (unknown instrument, unreadable or malformed JSON, a bad field) exits 2 with
``{"detail": ..., "errors": [{"field", "message"}]}`` on standard output and standard error.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

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

    def _fail(self, errors: list[FieldError]) -> None:
        body = json.dumps(
            {
                "detail": "Invalid input",
                "errors": [{"field": e.field, "message": e.message} for e in errors],
            },
            ensure_ascii=False,
        )
        self.stdout.write(body)
        sys.stderr.write(body + "\n")
        sys.exit(2)

    def _read(self, source: str) -> Any:
        try:
            if source == "-":
                raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            else:
                with open(source, "rb") as fh:
                    raw = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            self._fail([FieldError("input", f"cannot read {source}: {exc.strerror}")])
        if len(raw) > MAX_INPUT_BYTES:
            self._fail([FieldError("input", f"is larger than {MAX_INPUT_BYTES} bytes")])
        try:
            return json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self._fail([FieldError("input", "is not UTF-8 text")])
        except json.JSONDecodeError as exc:
            self._fail([FieldError("input", f"is not valid JSON: {exc.msg} at line {exc.lineno}")])

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
