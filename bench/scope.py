"""The access-scoped query's cost per case read, in-process: ``Case.objects.visible_to``
built and compiled on every read (the baseline), against ``services.access.visible_ids_sql``,
which compiles it once per viewer shape and replaces only its "now" parameters (decision
0014). Both give the same SQL text; nothing runs against the database."""

from __future__ import annotations

import statistics
import time
from typing import Any

REPETITIONS = 2000


def run(users: dict[str, Any], repetitions: int = REPETITIONS) -> dict[str, Any]:
    from fourpillars.register.models import Case
    from fourpillars.services.access import visible_ids_sql

    def compiled_each_time(user: Any) -> str:
        sql, _ = Case.objects.visible_to(user).values("pk").query.sql_with_params()
        return str(sql)

    def compiled_once(user: Any) -> str:
        found = visible_ids_sql(user)
        assert found is not None
        return found[0]

    figures: dict[str, Any] = {}
    for name in ("police", "coordinator", "housing"):
        user = users[name]
        assert compiled_each_time(user) == compiled_once(user), name
        each = _per_call_us(lambda u=user: compiled_each_time(u), repetitions)
        once = _per_call_us(lambda u=user: compiled_once(u), repetitions)
        figures[name] = {
            "compiled_each_read_us": round(each, 1),
            "compiled_once_us": round(once, 1),
            "ratio": round(once / each, 3) if each else None,
        }
    return {"repetitions": repetitions, "by_user": figures}


def _per_call_us(call: Any, repetitions: int) -> float:
    """Median of five batches, microseconds per call."""
    call()
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repetitions // 5):
            call()
        batches.append((time.perf_counter() - start) / (repetitions // 5) * 1e6)
    return statistics.median(batches)


def lines(summary: dict[str, Any]) -> list[str]:
    """The bench table's lines for the access scope."""
    out = [
        "Access-scoped query per case read, in-process (build and compile visible_to each read "
        "= baseline, against compiled once per viewer shape):"
    ]
    for name, f in summary["by_user"].items():
        out.append(
            f"  {name:<12} each read {f['compiled_each_read_us']:,.1f} us, compiled once "
            f"{f['compiled_once_us']:,.1f} us, once / each = {f['ratio']}"
        )
    return out
