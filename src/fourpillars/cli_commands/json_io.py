"""What the JSON-in, JSON-out commands share (``score``, ``check-plan``).

One JSON object in from a file or standard input (size-capped, UTF-8), and on bad input an
exit with status 2 and ``{"detail", "errors": [{"field", "message"}]}`` written to both
standard output and standard error, so a caller reading either gets the same JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from fourpillars.domain.errors import FieldError


def fail(stdout: TextIO | Any, errors: Sequence[FieldError]) -> NoReturn:
    body = json.dumps(
        {
            "detail": "Invalid input",
            "errors": [{"field": e.field, "message": e.message} for e in errors],
        },
        ensure_ascii=False,
    )
    stdout.write(body)
    sys.stderr.write(body + "\n")
    sys.exit(2)


def read_json(stdout: TextIO | Any, source: str, max_bytes: int) -> Any:
    """The parsed JSON of ``source`` (``-`` for standard input), or exit 2 naming ``input``."""
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(max_bytes + 1)
    except OSError as exc:
        fail(stdout, [FieldError("input", f"cannot read {source}: {exc.strerror}")])
    if len(raw) > max_bytes:
        fail(stdout, [FieldError("input", f"is larger than {max_bytes} bytes")])
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        fail(stdout, [FieldError("input", "is not UTF-8 text")])
    except json.JSONDecodeError as exc:
        fail(stdout, [FieldError("input", f"is not valid JSON: {exc.msg} at line {exc.lineno}")])
    except RecursionError:
        fail(stdout, [FieldError("input", "is nested too deeply")])
