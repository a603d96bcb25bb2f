"""The house's shape (docs/overview.md): imports run one way, no module is part of an import
cycle, and no module imports another module's private names.

The layer contracts themselves live in pyproject.toml ([tool.importlinter]); `make test`
runs them with ``lint-imports`` and this test runs them too, so a plain ``pytest`` catches an
upward import as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

import fourpillars

ROOT = Path(fourpillars.__file__).parent


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("fourpillars", exclude_type_checking_imports=True)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_module_is_part_of_an_import_cycle(graph: grimp.ImportGraph) -> None:
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    made = grimp.ImportGraph()
    for a, b in (("x.a", "x.b"), ("x.b", "x.c"), ("x.c", "x.a"), ("x.c", "x.d")):
        made.add_import(importer=a, imported=b)
    assert _cycles(made) == [["x.a", "x.b", "x.c"]]


def test_the_layer_contracts_are_kept() -> None:
    config = Path(__file__).parents[2] / "pyproject.toml"
    assert "[tool.importlinter]" in config.read_text()
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == (
        EXIT_STATUS_SUCCESS
    )


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found += [
                f"{path.relative_to(ROOT)}: {module}.{a.name}"
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            ]
    return found


def test_no_module_imports_a_private_name_from_another_module() -> None:
    offenders = [hit for path in sorted(ROOT.rglob("*.py")) for hit in _private_imports(path)]
    assert offenders == []


def test_no_module_reads_djangos_private_internals() -> None:
    private = (
        "_result_cache",
        "_prefetched_objects_cache",
        "_prefetch_done",
        "_state",
        "cache_name",
        "_get_session_from_db",
        "_session_key",
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.attr}"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr in private
    ]
    assert offenders == []
