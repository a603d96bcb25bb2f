"""The wrk driver of `make bench`: its Lua script cycles the scenario's paths with its headers."""

from __future__ import annotations

import pytest
from bench import wrk


def test_script_lists_paths_and_sets_headers() -> None:
    lua = wrk.script(lambda i: (f"/api/v1/cases/{i}", {"Authorization": "Bearer t"}))
    assert "[==[/api/v1/cases/0]==]" in lua and f"[==[/api/v1/cases/{wrk.PATHS - 1}]==]" in lua
    assert "wrk.headers[ [==[Authorization]==] ] = [==[Bearer t]==]" in lua
    assert "latency:percentile(95)" in lua


def test_a_path_that_cannot_be_quoted_is_refused() -> None:
    with pytest.raises(ValueError):
        wrk.script(lambda i: ("/x]==]", {}))
