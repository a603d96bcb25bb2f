"""Decision 0001: nothing under domain/ imports Django, an ORM or a web framework."""

from __future__ import annotations

import ast
from pathlib import Path

import fourpillars.domain

FORBIDDEN = (
    "django",
    "ninja",
    "psycopg",
    "sqlalchemy",
    "fastapi",
    "fourpillars.services",
    "fourpillars.register",
    "fourpillars.accounts",
    "fourpillars.audit",
)


def test_domain_package_imports_no_framework() -> None:
    root = Path(fourpillars.domain.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []
