"""The bench's exchange part (bench/exchange.py): its peers' databases named beside the bench
database, its table lines and verdicts, and its switches."""

from __future__ import annotations

import pytest
from bench import __main__ as bench_main
from bench import exchange, report

FIGURES = {
    "throughput": {
        "clients": 10,
        "applied_per_second": 250.0,
        "inbox": {"p95_ms": 80.0},
        "bare": {"throughput_rps": 900.0},
        "to_bare_ratio": 0.278,
        "aim_per_second": 200.0,
        "verdict": "PASS",
        "batched": {
            "per_post": 20,
            "posts": {"p95_ms": 150.0},
            "messages_applied": 4000,
            "applied_per_second": 420.0,
        },
        "verdict_batched": "PASS",
    },
    "steady": {
        "offered_per_second": 50.0,
        "p50_s": 0.2,
        "p95_s": 0.6,
        "max_s": 0.9,
        "delivered": 1000,
        "messages": 1000,
        "aim_p95_s": 1.0,
        "verdict": "PASS",
    },
    "peer_down": {
        "offered_per_second": 50.0,
        "p50_s": 0.3,
        "p95_s": 1.2,
        "max_s": 2.0,
        "delivered": 1000,
        "messages": 1000,
        "aim_p95_s": 1.0,
        "verdict": "FAIL",
        "backlog": {"messages": 900, "attempts_so_far": 5800, "longest_wait_after_return_s": 3400},
        "drain": {
            "messages": 880,
            "left": 0,
            "seconds": 20.0,
            "per_second": 44.0,
            "dead_letters": 40,
        },
    },
}


def test_the_peers_databases_sit_beside_the_bench_database() -> None:
    url = "postgres://postgres@127.0.0.1:5432/fourpillars_bench"
    assert exchange._url(url, "nl") == "postgres://postgres@127.0.0.1:5432/fourpillars_bench_nl"


def test_lines_and_verdicts_say_each_aim() -> None:
    text = "\n".join(exchange.lines(FIGURES))
    assert "250.0 messages/s" in text and "aim >= 200/s: PASS" in text
    assert "p95 0.6 s" in text and "p95 1.2 s" in text and "FAIL" in text
    assert "900 messages" in text and "880 of 880 delivered in 20.0 s" in text
    assert "40 of the backlog had become dead letters" in text
    assert "20 messages a post" in text and "420.0 messages/s (4,000 applied" in text
    assert exchange.verdicts(FIGURES) == {
        "exchange_applied_per_second": "PASS",
        "exchange_applied_per_second_batched": "PASS",
        "exchange_p95_commit_to_receipt_s": "PASS",
        "exchange_p95_with_a_peer_down_s": "FAIL",
    }


def test_the_report_table_shows_the_exchange(tmp_path: object) -> None:
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
    table = report.table({}, None, {}, meta, {"exchange": FIGURES})
    assert "Cross-border exchange" in table and "(c) one peer down" in table


def test_the_switches() -> None:
    assert bench_main.parse_args(["--exchange-only"]).exchange_only
    assert bench_main.parse_args(["--skip-exchange"]).skip_exchange
    with pytest.raises(SystemExit):
        bench_main.parse_args(["--exchange-only", "--skip-exchange"])
