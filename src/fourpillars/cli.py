"""The ``fourpillars`` console script: Django management commands underneath.

``fourpillars seed-demo`` runs the ``seed_demo`` command; every sub-command is a file under
``cli_commands/management/commands/``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fourpillars.config.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "fourpillars"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
