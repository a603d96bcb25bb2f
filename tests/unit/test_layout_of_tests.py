"""Tests share fixtures through conftest.py and builders through helper modules (tests/cast.py,
tests/documents.py, tests/factories.py, tests/<dir>/helpers.py ...), never by importing one
test module from another: that couples unrelated suites and hides shared helpers in files
named for something else."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]


def imported_modules(source: str, package: str) -> list[str]:
    """Every module ``source`` (a file of ``package``) imports, dotted from the repository
    root, relative imports resolved; names imported from a package count too (they may be
    modules)."""
    parts = package.split(".")
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return found


def is_test_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "tests" and any(part.startswith("test_") for part in parts)


def test_nothing_under_tests_imports_a_test_module() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        relative = path.relative_to(TESTS.parent)
        package = ".".join(relative.parent.parts)
        for module in imported_modules(path.read_text(encoding="utf-8"), package):
            if is_test_module(module):
                offenders.append(f"{relative} imports {module}")
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from tests.web.test_case_page import grow", "tests.web.test_case_page"),
        ("import tests.unit.test_plan_checker", "tests.unit.test_plan_checker"),
        ("from tests.services import test_plans", "tests.services.test_plans"),
        ("from .test_plans import CONTENT", "tests.web.test_plans"),
        ("from ..unit.test_plan_checker import clean_plan", "tests.unit.test_plan_checker"),
    ],
)
def test_the_check_sees_every_way_of_writing_the_import(source: str, module: str) -> None:
    found = imported_modules(source, "tests.web")
    assert module in found and is_test_module(module)


def test_helper_modules_are_not_test_modules() -> None:
    assert not is_test_module("tests.factories")
    assert not is_test_module("tests.web.helpers")
    assert not is_test_module("fourpillars.services.test_data")
