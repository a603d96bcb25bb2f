"""The bench's table and bench-results/latest.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fixtures import Counts
from .load import Result

Meta = dict[str, Any]

TARGETS_MS = {"search": 100.0, "case_page": 150.0}  # p95, issue 2 "Measured"
LABELS = {
    "bare": "bare Django JSON view (baseline)",
    "search": "name search  GET /api/v1/cases?q=",
    "case_page": "case page    GET /cases/<id>/",
    "api_detail": "API detail   GET /api/v1/cases/<id>",
}


def _ms(value: object) -> str:
    return "-" if value is None else f"{value:.1f}"


def verdict(name: str, p95: float | None) -> str:
    target = TARGETS_MS.get(name)
    if target is None:
        return ""
    if p95 is None:
        return f"< {target:.0f}  NO DATA"
    return f"< {target:.0f}  {'PASS' if p95 < target else 'FAIL'}"


def table(results: dict[str, Result], ratio: float | None, counts: Counts, meta: Meta) -> str:
    lines = [
        f"Four Pillars bench: {meta['people']:,} people on {meta['database']}, "
        f"{meta['clients']} concurrent clients, gunicorn {meta['workers']} workers x "
        f"{meta['threads']} threads (gthread), {meta['cpus']} CPUs, "
        f"load from {meta.get('load_generator', 'python threads')}",
        "",
        f"{'scenario':<40} {'ok':>6} {'fail':>5} {'req/s':>8} {'p50':>7} {'p95':>7} "
        f"{'p99':>7}  p95 target (ms)",
    ]
    for name, res in results.items():
        s = res.summary()
        lines.append(
            f"{LABELS.get(name, name):<40} {s['ok']:>6} {s['failed']:>5} "
            f"{s['throughput_rps']:>8.1f} {_ms(s['p50_ms']):>7} {_ms(s['p95_ms']):>7} "
            f"{_ms(s['p99_ms']):>7}  {verdict(name, res.percentile(95))}"
        )
    lines.append("")
    shown = "-" if ratio is None else f"{ratio:.2f}"
    lines.append(f"API detail throughput / bare Django JSON view throughput: {shown}")
    lines.append("")
    lines.append("SQL queries per request (small case / large case; must be equal):")
    for kind, per_case in counts.items():
        small, large = per_case.get("small", {}), per_case.get("large", {})
        same = "equal" if small.get("queries") == large.get("queries") else "DIFFERENT"
        lines.append(
            f"  {kind:<11} {small.get('queries')} / {large.get('queries')}  {same}"
            f"  (HTTP {small.get('status')} / {large.get('status')})"
        )
    lines.append(
        f"load average at start {meta['load_average_at_start']}, at end "
        f"{meta['load_average_at_end']} (other work on the machine skews the figures)"
    )
    for note in meta.get("notes", []):
        lines.append(f"note: {note}")
    return "\n".join(lines)


def write(
    path: Path, results: dict[str, Result], ratio: float | None, counts: Counts, meta: Meta
) -> None:
    data = {
        **meta,
        "targets_p95_ms": TARGETS_MS,
        "results": {name: res.summary() for name, res in results.items()},
        "api_detail_to_bare_throughput_ratio": None if ratio is None else round(ratio, 3),
        "query_counts": counts,
        "verdicts": {
            name: verdict(name, results[name].percentile(95)).split()[-1]
            for name in TARGETS_MS
            if name in results
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
