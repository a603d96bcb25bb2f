"""Exchange fixtures: this node's keys in a temporary directory, and foreign peers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory

from .nodes import ForeignNode


@pytest.fixture(autouse=True)
def _node(settings: object, tmp_path: Path) -> None:
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "node-keys"  # type: ignore[attr-defined]
    settings.FOURPILLARS_NODE_COUNTRY = "GB"  # type: ignore[attr-defined]


@pytest.fixture
def cli() -> Iterator[None]:
    """Act as the installation's operator at the command line."""
    with request_context("cli"):
        yield


@pytest.fixture
def nl(db: None, cli: None) -> ForeignNode:
    peer = ForeignNode("NL")
    directory.add_peer(actor=None, introduction=peer.introduction())
    return peer
