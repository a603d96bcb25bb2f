"""Sources live in the repository: docs/sources.md defines every source key the code cites.

The citation form (docs/sources.md, "How the code cites a source"): a key in square
brackets, then the place inside the source where known, e.g. ``[MAPPA-G] ch.7``. A key is
capital letters and digits in hyphen-joined parts, at least four characters long, the first
part at least two, and always holds a hyphen or a digit, so the confidence tags [C], [M], [U],
ordinary bracketed words and regex classes such as [A-Z0-9] are never read as keys.

Documents the repository does not hold (the domain reference notes, the design note, issue
numbers of the tracker) must not be cited at all: a newcomer cannot open them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "docs" / "sources.md"
PACKAGE = ROOT / "src" / "fourpillars"

KEY = r"(?=[A-Z0-9-]{4,}\])(?=[A-Z0-9-]*[0-9-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*"
CITED_KEY = re.compile(rf"\[({KEY})\]")
DEFINED_KEY = re.compile(rf"^### \[({KEY})\] ", re.MULTILINE)
OUTSIDE = re.compile(r"\bREFERENCE\b|\bDESIGN\b|\b(?:REFERENCE|DESIGN)\.md\b|\b[Ii]ssue #?\d+")
MODULE_PATH = re.compile(r"`((?:[\w.-]+/)*[\w-]+\.py)`")

TEXT_SUFFIXES = {".py", ".html", ".md", ".txt", ".scss", ".css", ".js", ".svg", ".json", ".toml"}
SKIPPED_PARTS = {"__pycache__", "node_modules", ".mypy_cache", ".ruff_cache"}
SKIPPED_DIRS = ("src/fourpillars/static/build", "src/fourpillars/static/vendor")


def _files(*tops: str) -> list[Path]:
    """The text files under the given top-level folders (and files) of the repository; built
    assets and caches are not ours and are skipped."""
    found: list[Path] = []
    for top in tops:
        path = ROOT / top
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for p in candidates:
            rel = p.relative_to(ROOT).as_posix()
            if (
                p.is_file()
                and p.suffix in TEXT_SUFFIXES
                and not SKIPPED_PARTS & set(p.parts)
                and not rel.startswith(SKIPPED_DIRS)
            ):
                found.append(p)
    return found


def _defined_keys() -> set[str]:
    return set(DEFINED_KEY.findall(SOURCES.read_text(encoding="utf-8")))


def test_nothing_cites_a_document_outside_the_repository() -> None:
    offenders = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in _files("src", "bench", "docs", "README.md")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_every_cited_source_key_is_defined_in_docs_sources() -> None:
    defined = _defined_keys()
    undefined = sorted(
        f"{p.relative_to(ROOT)}: [{key}]"
        for p in _files("src", "bench", "docs", "tests", "README.md")
        for key in set(CITED_KEY.findall(p.read_text(encoding="utf-8")))
        if key not in defined
    )
    assert undefined == []


def test_source_keys_are_defined_once() -> None:
    keys = DEFINED_KEY.findall(SOURCES.read_text(encoding="utf-8"))
    assert keys, "docs/sources.md defines no key"
    assert len(keys) == len(set(keys))


def test_every_module_docs_sources_names_exists() -> None:
    """Paths are relative to src/fourpillars/, or to the repository when they start with a
    top-level folder."""
    named = set(MODULE_PATH.findall(SOURCES.read_text(encoding="utf-8")))
    assert named
    missing = sorted(
        p
        for p in named
        if not (ROOT / p if p.split("/")[0] in {"src", "tests", "bench"} else PACKAGE / p).is_file()
    )
    assert missing == []


@pytest.mark.parametrize(
    "text",
    ["[MAPPA-G] ch.7", "[RM2000] step 2", "([S99R-2016] item 5)", "[PC-36-2006]", "[SOA-2003]"],
)
def test_key_pattern_reads_citations(text: str) -> None:
    assert CITED_KEY.search(text)


@pytest.mark.parametrize(
    "text", ["[C]", "[M]/[U]", "r'[A-Z0-9]'", "[A-Z]", "[NOTE]", "x[I2]", "[2-3]", "[Ab-1]"]
)
def test_key_pattern_ignores_tags_words_and_classes(text: str) -> None:
    assert not CITED_KEY.search(text)


@pytest.mark.parametrize(
    "text", ["REFERENCE 4.3", "see REFERENCE.md", "DESIGN convention 8", "issue 4", "Issue #2"]
)
def test_outside_pattern_reads_outside_citations(text: str) -> None:
    assert OUTSIDE.search(text)


@pytest.mark.parametrize(
    "text", ["reference data", "the design of the form", "issued 2 tokens", "an issue", "ISSUES"]
)
def test_outside_pattern_ignores_ordinary_words(text: str) -> None:
    assert not OUTSIDE.search(text)
