"""The bench's verify-audit part (bench/audit_verify.py): its database beside the bench
database, rows its loader chains as the application does, its table lines and verdict, and
its switches."""

from __future__ import annotations

import pytest
from bench import __main__ as bench_main
from bench import audit_verify, database, report

from fourpillars.domain.audit import walk_chain

FIGURES = {
    "database": "postgres://postgres@127.0.0.1:5432/fourpillars_bench_audit",
    "rows": 1_000_000,
    "aim_s": 10.0,
    "load": {"rows": 1_000_000, "seconds": 70.2},
    "checkpoint_s": 8.1,
    "verify_audit_s": [6.2, 6.5, 7.0],
    "verify_audit_median_s": 6.5,
    "workers": 2,
    "walk_in_process_s": 9.9,
    "walk_client_cpu_s": 7.6,
    "walk_database_cpu_s": 2.1,
    "rows_per_second": 101_010,
    "load_average": [1.2, 1.0, 0.9],
    "verdict": "PASS",
}


def test_its_database_sits_beside_the_bench_database() -> None:
    url = "postgres://postgres@127.0.0.1:5432/secaudit_bench"
    assert (
        database.beside(url, "audit") == "postgres://postgres@127.0.0.1:5432/secaudit_bench_audit"
    )


def test_the_loaders_rows_are_a_chain_the_walk_accepts() -> None:
    rows = list(audit_verify.chained_rows(500, seed=3))
    walked = walk_chain(rows, expected_last=(500, rows[-1][-1]))
    assert walked.broken is None and walked.rows == 500
    kinds = {row[audit_verify.COLUMNS.index("operation")] for row in rows}
    assert kinds == {"consultation", "alteration", "collection"}


def test_lines_and_verdict_say_the_aim() -> None:
    text = "\n".join(audit_verify.lines(FIGURES))
    assert "verify-audit over 1,000,000 audit rows" in text
    assert "(2 processes): median 6.5 s" in text and "aim < 10 s: PASS" in text
    assert "CPU 7.6 s here + 2.1 s in the database" in text
    assert audit_verify.verdicts(FIGURES) == {"verify_audit_million_rows_s": "PASS"}
    assert audit_verify.lines({}) == [] and audit_verify.verdicts({}) == {}


def test_the_report_table_shows_it() -> None:
    meta = {
        "people": 10,
        "database": "postgresql",
        "clients": 10,
        "workers": 4,
        "threads": 1,
        "cpus": 2,
        "load_average_at_start": [1.0],
        "load_average_at_end": [1.0],
    }
    assert "verify-audit over 1,000,000" in report.table({}, None, {}, meta, {"audit": FIGURES})


def test_the_switches() -> None:
    assert bench_main.parse_args(["--audit-only"]).audit_only
    assert bench_main.parse_args(["--skip-audit"]).skip_audit
    assert bench_main.parse_args([]).audit_rows == 1_000_000
    for bad in (["--audit-only", "--skip-audit"], ["--audit-only", "--exchange-only"]):
        with pytest.raises(SystemExit):
            bench_main.parse_args(bad)
    with pytest.raises(SystemExit):
        bench_main.parse_args(["--audit-rows", "0"])
