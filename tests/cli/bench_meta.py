"""The metadata of a bench run (machine, database, load), as the bench's table and latest.json
take it: shared by the tests of the bench's report."""

from __future__ import annotations

from typing import Any

META: dict[str, Any] = {
    "people": 100_000,
    "database": "postgresql (bench)",
    "clients": 10,
    "workers": 2,
    "threads": 4,
    "cpus": 2,
    "load_average_at_start": [1.0, 1.0, 1.0],
    "load_average_at_end": [1.0, 1.0, 1.0],
}
