"""``verify-audit`` over a million audit rows (decision 0027), on a PostgreSQL database of its
own (``<bench database>_audit``, made beside the bench database like the exchange's peers and
kept with --reuse).

The rows are synthetic and chained as the application chains them (the same canonical form
and hash), written by a bench-only loader with COPY: mostly consultations naming the records
shown, some alterations with what changed, a few collections, from fifty users over a few
hours. The chain head is set to the last row. Then, each as the operator runs it, in a process
of its own: ``fourpillars audit-checkpoint`` (the first checkpoint walks the whole chain before
signing), and ``fourpillars verify-audit --no-peers`` three times (the chain walked and held
against the checkpoint): the median wall time is the figure, aim under 10 s. The walk alone,
timed inside one process, is reported beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fourpillars.domain.audit import GENESIS_HASH, HASHED_FIELDS, row_hash

from . import database

Say = Callable[[str], None]
ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "bench-results" / "audit"
ROWS = 1_000_000
AIM_S = 10.0
ROUNDS = 3
START = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
COLUMNS = (*HASHED_FIELDS, "prev_hash", "hash")
JSON_FIELDS = {"recipients", "record_ids", "before", "after"}


def chained_rows(count: int, seed: int) -> Iterator[list[Any]]:
    """``count`` audit rows chained from the first (values in ``COLUMNS`` order)."""
    rng = random.Random(seed)
    users = [(f"officer-{i:02d}", f"Agency {i % 7}", "officer") for i in range(50)]
    prev = GENESIS_HASH
    for seq in range(1, count + 1):
        username, agency, role = users[rng.randrange(len(users))]
        case = rng.randrange(1, 100_000)
        roll = rng.random()
        if roll < 0.80:
            operation, action = "consultation", "view_case"
            before: dict[str, Any] | None = None
            after: dict[str, Any] | None = None
            record_ids = [rng.randrange(1, 10**6) for _ in range(rng.randrange(0, 6))]
        elif roll < 0.95:
            operation, action, record_ids = "alteration", "update_case", []
            before = {"level": rng.randrange(1, 4)}
            after = {"level": rng.randrange(1, 4), "version": rng.randrange(1, 50)}
        else:
            operation, action, record_ids = "collection", "add_identifier", []
            before, after = None, {"kind": "pnc", "value": f"{rng.randrange(10**9):09d}"}
        values = [
            seq,
            (START + dt.timedelta(milliseconds=seq * 17)).isoformat(timespec="microseconds"),
            rng.randrange(1, 200),
            username,
            agency,
            role,
            operation,
            action,
            "case",
            str(case),
            case,
            case + 7,
            "risk-management" if operation == "consultation" else "",
            "risk-management" if operation == "consultation" else "",
            "",
            [],
            "",
            record_ids,
            before,
            after,
            "web",
            f"{rng.getrandbits(64):016x}",
        ]
        h = row_hash(prev, values)
        yield [*values, prev, h]
        prev = h


def load(url: str, count: int, seed: int, say: Say) -> dict[str, Any]:
    """Write ``count`` chained rows into the empty audit table of ``url`` and set the head."""
    import psycopg

    started = time.perf_counter()
    last = (0, GENESIS_HASH)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        columns = ", ".join(COLUMNS)
        with cur.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy:
            for row in chained_rows(count, seed):
                copy.write_row(
                    [
                        json.dumps(v) if name in JSON_FIELDS and v is not None else v
                        for name, v in zip(COLUMNS, row, strict=True)
                    ]
                )
                if row[0] % 200_000 == 0:
                    say(f"  {row[0]:,} audit rows written")
                last = (row[0], row[-1])
        cur.execute(
            "UPDATE audit_auditchainhead SET seq = %s, last_hash = %s WHERE id = 1", list(last)
        )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE audit_auditevent")
    return {"rows": count, "seconds": round(time.perf_counter() - started, 1)}


# Not inherited: where the machine sets PYTHONDONTWRITEBYTECODE, every command would compile
# the app's thousand modules again at each start (5 s and more here), which an installed
# deployment, with its bytecode written, never does. The first command (the untimed
# checkpoint) writes it; the timed ones read it.
_NOT_INHERITED = ("FOURPILLARS_AUDIT", "PYTHONDONTWRITEBYTECODE")


def _env(url: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "FOURPILLARS_NODE_KEY_DIR": str(HOME / "keys"),
        "FOURPILLARS_LOG_LEVEL": "ERROR",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def _timed(url: str, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(url),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[-2:])} failed: {(done.stderr or done.stdout)[-2000:]}")
    return seconds, done.stdout


# The walk in one process, with the CPU time it took here and in the database's server
# process (read from /proc when the database runs on this machine): on a shared machine wall
# times say more about the other work than about this.
WALK = """
import json, os, time, django
django.setup()
from django.db import connection
from fourpillars.services import checkpoints

def server_cpu(pid):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

with connection.cursor() as cur:
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
server, client, started = server_cpu(pid), time.process_time(), time.perf_counter()
check = checkpoints.check_trail(peers=False, workers=1)
done = server_cpu(pid)
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "client_cpu_s": time.process_time() - client,
    "server_cpu_s": None if server is None or done is None else done - server,
    "rows": check.rows,
    "ok": check.ok,
}))
"""


def _rows_in(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT seq FROM audit_auditchainhead WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def run(target: database.Target, reuse: bool, rows: int, seed: int, say: Say) -> dict[str, Any]:
    """The figures: the load, the first checkpoint, verify-audit's wall time (median of
    ``ROUNDS``) and the walk inside one process."""
    if target.vendor != "postgresql":
        say("verify-audit over a million rows: PostgreSQL only (skipped on SQLite)")
        return {}
    url = database.beside(target.url, "audit")
    own = database.Target(url, owned=True)
    figures: dict[str, Any] = {"database": own.display, "rows": rows, "aim_s": AIM_S}
    # Reused as loaded: its rows, and the few the checkpoints' key added.
    if reuse and database.exists(own) and rows <= _rows_in(url) <= rows + 10:
        say(f"Reusing {own.display} ({rows:,} audit rows) ...")
    else:
        say(f"Creating {own.display} and writing {rows:,} chained audit rows ...")
        database.recreate(own)
        _timed(url, "-m", "fourpillars.cli", "migrate", "--verbosity", "0")
        figures["load"] = load(url, rows, seed, say)
        for stale in (HOME / "keys").glob("audit-checkpoints.jsonl*"):
            stale.unlink()
    say("Signing a checkpoint (fourpillars audit-checkpoint) ...")
    seconds, _ = _timed(url, "-m", "fourpillars.cli", "audit-checkpoint")
    figures["checkpoint_s"] = round(seconds, 2)
    walls = []
    for n in range(ROUNDS):
        seconds, out = _timed(url, "-m", "fourpillars.cli", "verify-audit", "--no-peers")
        if "audit chain intact:" not in out:
            raise RuntimeError(f"verify-audit did not pass over the loaded rows: {out}")
        walls.append(round(seconds, 2))
        say(f"  verify-audit, run {n + 1} of {ROUNDS}: {seconds:.2f} s")
    _, out = _timed(url, "-c", WALK)
    walk = json.loads(out.strip().splitlines()[-1])
    server = walk["server_cpu_s"]
    figures.update(
        {
            "verify_audit_s": walls,
            "verify_audit_median_s": statistics.median(walls),
            "workers": min(4, os.cpu_count() or 1),
            "walk_in_process_s": round(float(walk["seconds"]), 2),
            "walk_client_cpu_s": round(float(walk["client_cpu_s"]), 2),
            "walk_database_cpu_s": None if server is None else round(float(server), 2),
            "rows_per_second": round(rows / float(walk["seconds"])),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "verdict": "PASS" if statistics.median(walls) < AIM_S else "FAIL",
        }
    )
    return figures


def lines(figures: dict[str, Any]) -> list[str]:
    """The bench table's lines for verify-audit."""
    if not figures:
        return []
    out = [f"verify-audit over {figures['rows']:,} audit rows ({figures['database']}):"]
    if "load" in figures:
        out.append(f"  loaded (bench-only COPY, chained) in {figures['load']['seconds']} s")
    out.append(
        f"  fourpillars verify-audit ({figures['workers']} processes): median "
        f"{figures['verify_audit_median_s']} s of {figures['verify_audit_s']}; aim < "
        f"{figures['aim_s']:g} s: {figures['verdict']} (load average {figures['load_average']})"
    )
    server = figures["walk_database_cpu_s"]
    out.append(
        f"  the walk in one process: {figures['walk_in_process_s']} s "
        f"({figures['rows_per_second']:,} rows/s); CPU {figures['walk_client_cpu_s']} s here"
        + ("" if server is None else f" + {server} s in the database")
    )
    what = (
        "the first checkpoint (walks the whole chain, then signs)"
        if "load" in figures
        else "a checkpoint (walks the rows since the last, then signs)"
    )
    out.append(f"  {what}: {figures['checkpoint_s']} s")
    return out


def verdicts(figures: dict[str, Any]) -> dict[str, str]:
    return {"verify_audit_million_rows_s": figures["verdict"]} if figures else {}
