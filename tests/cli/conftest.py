"""Fixtures for the console-script tests: command output captured as text."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command


@pytest.fixture
def run() -> Callable[..., str]:
    """Run a management command in-process and return what it wrote to stdout."""

    def invoke(name: str, *args: str, **options: object) -> str:
        out = io.StringIO()
        call_command(name, *args, stdout=out, stderr=io.StringIO(), **options)
        return out.getvalue()

    return invoke
