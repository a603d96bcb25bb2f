"""Cross-border exchange figures (decision 0025), each node on PostgreSQL.

The bench process is the sending node (the United Kingdom, on the bench database); the
receiving node, the Netherlands, is a real ``fourpillars serve`` on a database of its own
(``<bench database>_nl``), and a second peer, Latvia, on ``<bench database>_lv``. Both are
created beside the bench database like it (kept with --reuse) and migrated.

(a) Accepted and applied per second: 10 concurrent senders post distinct signed messages
    straight to the Netherlands' inbox (each verified, stored, applied, audited and receipted),
    one a post and then PER_POST a post (as the sending worker posts them, decision 0026),
    against the bare Django view of the same server in the same run (aim: at least 200/s).
(b) From the sender's commit to the signed receipt, at a steady 50 messages a second for
    ~20 s through the real path: ``outbox.enqueue`` in a transaction (from SENDERS threads,
    on a schedule), the task asked for at commit, a ``fourpillars worker`` process posting,
    verifying and recording the receipt (aim: p95 under 1 s). Measured as
    ``received_at - created`` of each message (both written by the sender: the row's
    creation, then the verified receipt's record).
(c) The same with Latvia down for a simulated hour: Latvia's server is stopped, and its
    backlog is queued as an hour's outage leaves it (one message every ``BACKLOG_EVERY``
    seconds for an hour, each with the attempts and next attempt an hour of exponential
    backoff gives it: base 30 s, cap 1 hour); new messages to Latvia keep arriving (1/s) and
    fail. The steady 50/s to the Netherlands is measured again. Then Latvia comes back, the
    hour is declared over (every backoff run out: next attempt now) and the time to drain its
    backlog is reported.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fourpillars.cli_commands.serving import DEFAULT_WORKERS, stop_worker
from fourpillars.domain.exchange.envelope import Envelope, MessageType, Purpose, new_message_id
from fourpillars.domain.exchange.transport import Direction, MessageStatus, backoff
from fourpillars.exchange.models import Message
from fourpillars.services.context import request_context
from fourpillars.services.exchange import directory, node, outbox

from . import database, load
from .server import Server, free_port

Say = Callable[[str], None]
ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "bench-results" / "exchange"

CLIENTS = 10
THROUGHPUT_MESSAGES = 3000  # at most, within THROUGHPUT_SECONDS
THROUGHPUT_SECONDS = 10.0
PER_POST = 20  # messages a post in the batched figure (FOURPILLARS_EXCHANGE_PER_POST's default)
BATCHED_POSTS = 200  # at most, within THROUGHPUT_SECONDS
RATE = 50  # messages a second, (b) and (c)
# Threads committing them (each message its own transaction, as a user's change commits): one
# thread alone cannot offer 50 a second while the worker and two peers share the machine.
SENDERS = 4
STEADY_SECONDS = 20.0
BACKLOG_EVERY = 4.0  # seconds between messages to the down peer over the simulated hour
OUTAGE = dt.timedelta(hours=1)
BASE, CAP = dt.timedelta(seconds=30), dt.timedelta(hours=1)  # the production backoff
AIM_PER_SECOND = 200.0
AIM_P95_S = 1.0


def _url(main: str, suffix: str) -> str:
    parts = urlsplit(main)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{suffix}"))


def _p(values: list[float], p: float) -> float | None:
    data = sorted(values)
    if not data:
        return None
    rank = max(1, min(len(data), round(p / 100 * len(data) + 0.5)))
    return round(data[rank - 1], 3)


class PeerNode:
    """A peer node on its own PostgreSQL database and key directory, served by gunicorn."""

    def __init__(self, country: str, database_url: str) -> None:
        self.country, self.database_url = country, database_url
        self.home = HOME / country.lower()
        self.port = free_port()
        self.server: Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            "FOURPILLARS_NODE_COUNTRY": self.country,
            "FOURPILLARS_NODE_NAME": f"Four Pillars {self.country} (bench)",
            "FOURPILLARS_NODE_KEY_DIR": str(self.home / "keys"),
            "FOURPILLARS_SITE_URL": self.url,
            "FOURPILLARS_TASKS": "immediate",
        }

    def cli(self, *args: str) -> str:
        env = {
            **os.environ,
            **self.env,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        done = subprocess.run(
            [sys.executable, "-m", "fourpillars.cli", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.country}: {' '.join(args)} failed: {done.stderr[-2000:]}")
        return done.stdout

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.server = Server(
            self.database_url,
            DEFAULT_WORKERS,
            1,
            self.home / "server.log",
            port=self.port,
            env=self.env,
            extra=["--no-collectstatic"],
        ).__enter__()

    def stop(self) -> None:
        if self.server is not None:
            self.server.__exit__(None, None, None)
            self.server = None


@contextmanager
def _introduction_server() -> Iterator[str]:
    """This (sending) node's node.json on a loopback port, for the peers to add it."""
    body = b""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    settings.FOURPILLARS_SITE_URL = f"http://127.0.0.1:{port}"
    body = json.dumps(node.introduction()).encode()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/exchange/node.json"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def _no_wake() -> Iterator[None]:
    """Queue without asking for the sending task (the backlog is put in place first)."""
    saved = list(outbox._wakers)
    outbox._wakers.clear()
    try:
        yield
    finally:
        outbox._wakers.extend(saved)


def _enqueue(receiver: str, tag: str, i: int) -> int:
    with request_context("cli"), transaction.atomic():
        message = outbox.enqueue(
            actor=None,
            type=MessageType.ACKNOWLEDGEMENT,
            receiver=receiver,
            purpose=Purpose.CRIMINAL_PROCEEDINGS,
            payload={"bench": tag, "n": i},
        )
    return int(message.pk)


def _worker(database_url: str, log: Path) -> subprocess.Popen[bytes]:
    """A ``fourpillars worker`` for this node (no scheduler: the reminder scan would weigh on
    the figures; every message asks for its task at commit)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "FOURPILLARS_NODE_COUNTRY": "GB",
        "FOURPILLARS_NODE_KEY_DIR": str(settings.FOURPILLARS_NODE_KEY_DIR),
        "FOURPILLARS_SITE_URL": str(settings.FOURPILLARS_SITE_URL),
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "fourpillars.cli", "worker", "--no-scheduler"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_delivered(pks: list[int], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        left = Message.objects.filter(pk__in=pks, status=MessageStatus.QUEUED.value).count()
        if not left:
            return
        time.sleep(0.2)


def steady(tag: str, also: tuple[str, float] | None = None) -> dict[str, Any]:
    """RATE messages a second to NL for STEADY_SECONDS, each in its own transaction (and
    ``also``: (country, per second) to another peer); the commit-to-receipt latencies."""
    pks: list[int] = []
    count = int(RATE * STEADY_SECONDS)
    every_other = int(RATE / also[1]) if also else 0
    slots, lock = iter(range(count)), threading.Lock()
    started = time.monotonic() + 0.1

    def send() -> None:  # one of SENDERS threads, each with its own database connection
        try:
            while True:
                with lock:
                    i = next(slots, None)
                if i is None:
                    return
                pause = started + i / RATE - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                pk = _enqueue("NL", tag, i)
                with lock:
                    pks.append(pk)
                if also and i % every_other == 0:
                    _enqueue(also[0], tag, i)
        finally:
            connections.close_all()

    senders = [threading.Thread(target=send, name=f"bench-sender-{n}") for n in range(SENDERS)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join()
    offered = count / (time.monotonic() - started)
    _wait_delivered(pks)
    rows = Message.objects.filter(pk__in=pks).values_list("status", "created", "received_at")
    latencies = [
        (received - created).total_seconds()
        for status, created, received in rows
        if status == MessageStatus.DELIVERED.value and received is not None
    ]
    p95 = _p(latencies, 95)
    return {
        "messages": count,
        "delivered": len(latencies),
        "offered_per_second": round(offered, 1),
        "p50_s": _p(latencies, 50),
        "p95_s": p95,
        "max_s": round(max(latencies), 3) if latencies else None,
        "mean_s": round(statistics.fmean(latencies), 3) if latencies else None,
        "aim_p95_s": AIM_P95_S,
        "verdict": "NO DATA"
        if p95 is None or len(latencies) < count
        else ("PASS" if p95 < AIM_P95_S else "FAIL"),
    }


def _hour_of_backoff(pks: list[int], seed: int) -> dict[str, Any]:
    """Give the backlog the attempts and next attempt an hour of outage would have: the k-th
    of n messages was queued (n - k) * BACKLOG_EVERY s ago and tried at once, then after each
    backoff drawn as ``sending`` draws it, until now."""
    rng = random.Random(seed)
    now = timezone.now()
    attempts_total = 0
    latest = now
    for k, pk in enumerate(sorted(pks, reverse=True)):  # newest first
        at = now - dt.timedelta(seconds=k * BACKLOG_EVERY)
        attempts = 0
        while at <= now:
            attempts += 1
            at += backoff(attempts, BASE, CAP, rng)
        attempts_total += attempts
        latest = max(latest, at)
        Message.objects.filter(pk=pk).update(
            attempts=attempts,
            next_attempt_at=at,
            last_error="no answer (connection refused): simulated hour of outage",
        )
    return {
        "messages": len(pks),
        "attempts_so_far": attempts_total,
        "longest_wait_after_return_s": round((latest - now).total_seconds(), 1),
    }


def _signed(count: int, tag: str) -> list[str]:
    """``count`` distinct acknowledgements from this node (GB) to NL, signed now."""
    signer = node.signer()
    raws = []
    for i in range(count):
        envelope = Envelope(
            message_id=new_message_id(),
            type=MessageType.ACKNOWLEDGEMENT,
            sender="GB",
            receiver="NL",
            created=timezone.now(),
            purpose=Purpose.CRIMINAL_PROCEEDINGS,
            payload={"bench": tag, "n": i},
            in_reply_to=None,
        )
        raws.append(signer.sign(envelope.to_dict()))
    return raws


def _applied(nl: PeerNode, tag: str) -> int:
    """How many messages tagged ``tag`` the Netherlands holds as applied (its own database)."""
    import psycopg

    with psycopg.connect(nl.database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM exchange_message WHERE direction = 'in' AND status = 'applied' "
            "AND payload->>'bench' = %s",
            [tag],
        ).fetchone()
    return int(row[0]) if row else 0


def throughput(nl: PeerNode) -> dict[str, Any]:
    """(a): distinct signed messages posted by CLIENTS threads straight to NL's inbox, one a
    post; then PER_POST a post, as the sending worker posts them (decision 0026)."""
    jose = {"Content-Type": "application/jose", "Accept": "application/json"}
    singles = [raw.encode("ascii") for raw in _signed(THROUGHPUT_MESSAGES + 200, "throughput")]

    def post(offset: int) -> load.MakeRequest:
        return lambda i: load.Request("/exchange/inbox/", jose, "POST", singles[offset + i])

    load.run("warm", nl.port, post(0), clients=CLIENTS, requests=200, seconds=30)
    inbox = load.run(
        "exchange_inbox",
        nl.port,
        post(200),
        clients=CLIENTS,
        requests=THROUGHPUT_MESSAGES,
        seconds=THROUGHPUT_SECONDS,
    )
    tag = f"throughput_batched_{new_message_id()}"  # this run's alone
    raws = _signed(BATCHED_POSTS * PER_POST, tag)
    bodies = [
        json.dumps(raws[i : i + PER_POST]).encode("ascii") for i in range(0, len(raws), PER_POST)
    ]
    as_json = {"Content-Type": "application/json", "Accept": "application/json"}
    batched = load.run(
        "exchange_inbox_batched",
        nl.port,
        lambda i: load.Request("/exchange/inbox/", as_json, "POST", bodies[i]),
        clients=CLIENTS,
        requests=len(bodies),
        seconds=THROUGHPUT_SECONDS,
    )
    bare = load.run(
        "bare",
        nl.port,
        lambda i: ("/bench/bare/", {}),
        clients=CLIENTS,
        requests=100_000,
        seconds=THROUGHPUT_SECONDS / 2,
    )
    rate = inbox.throughput
    applied = _applied(nl, tag)
    batched_rate = applied / batched.seconds if batched.seconds else 0.0
    return {
        "clients": CLIENTS,
        "inbox": inbox.summary(),
        "bare": bare.summary(),
        "applied_per_second": round(rate, 1),
        "to_bare_ratio": round(rate / bare.throughput, 3) if bare.throughput else None,
        "batched": {
            "per_post": PER_POST,
            "posts": batched.summary(),
            "messages_applied": applied,
            "applied_per_second": round(batched_rate, 1),
        },
        "aim_per_second": AIM_PER_SECOND,
        "verdict": "PASS" if rate >= AIM_PER_SECOND and not inbox.failed else "FAIL",
        "verdict_batched": "PASS"  # every message of every answered post applied
        if batched_rate >= AIM_PER_SECOND
        and not batched.failed
        and applied == len(batched.latencies_ms) * PER_POST
        else "FAIL",
    }


def run(target: database.Target, reuse: bool, seed: int, say: Say) -> dict[str, Any]:
    """Every exchange figure; the peers' databases made beside ``target``."""
    urls = {cc: _url(target.url, cc.lower()) for cc in ("NL", "LV")}
    for url in urls.values():
        peer_db = database.Target(url, owned=True)
        if not (reuse and database.exists(peer_db)):
            say(f"Creating {peer_db.display} ...")
            database.recreate(peer_db)
    nl, lv = PeerNode("NL", urls["NL"]), PeerNode("LV", urls["LV"])
    say("Migrating the peers' databases ...")
    for peer in (nl, lv):
        peer.cli("migrate", "--verbosity", "0")
    settings.FOURPILLARS_NODE_COUNTRY = "GB"
    settings.FOURPILLARS_NODE_KEY_DIR = HOME / "gb" / "keys"
    # Messages left queued by an earlier, interrupted run are not this run's.
    Message.objects.filter(direction=Direction.OUT.value, status=MessageStatus.QUEUED.value).update(
        status=MessageStatus.FAILED.value, last_error="bench: left by an earlier run"
    )
    # And the sending tasks it left waiting (the worker would first work through them).
    DBTaskResult.objects.filter(task_path__endswith="send_exchange_task", status="READY").delete()
    figures: dict[str, Any] = {
        "database": {cc: database.Target(u, True).display for cc, u in urls.items()}
    }
    worker = None
    try:
        for peer in (nl, lv):
            peer.start()
        with _introduction_server() as gb_intro, request_context("cli"):
            for peer in (nl, lv):
                directory.add_peer_from_url(actor=None, url=f"{peer.url}/exchange/node.json")
                peer.cli("node", "add-peer", gb_intro)
        connections.close_all()

        say(f"Exchange (a): {CLIENTS} senders posting signed messages to NL's inbox ...")
        figures["throughput"] = a = throughput(nl)
        say(
            f"  {a['applied_per_second']}/s applied one a post ({a['verdict']}); "
            f"{a['batched']['applied_per_second']}/s {PER_POST} a post "
            f"({a['verdict_batched']}); bare view ratio {a['to_bare_ratio']}"
        )

        worker = _worker(target.url, HOME / "worker.log")
        # The worker up and its first message through (a cold worker on a busy machine takes
        # seconds to start: that is not the steady state measured).
        _wait_delivered([_enqueue("NL", "warm", 0)])
        say(f"Exchange (b): {RATE}/s for {STEADY_SECONDS:g} s through the outbox and worker ...")
        figures["steady"] = b = steady("steady")
        say(f"  p50 {b['p50_s']} s, p95 {b['p95_s']} s ({b['verdict']})")

        say("Exchange (c): LV down for a simulated hour, the same 50/s to NL ...")
        lv.stop()
        count = int(OUTAGE.total_seconds() / BACKLOG_EVERY)
        with _no_wake():
            backlog = [_enqueue("LV", "backlog", i) for i in range(count)]
        hour = _hour_of_backoff(backlog, seed)
        figures["peer_down"] = c = steady("peer_down", also=("LV", 1.0))
        c["backlog"] = hour
        say(f"  p50 {c['p50_s']} s, p95 {c['p95_s']} s ({c['verdict']}); LV backlog {count}")

        lv.start()
        started = time.monotonic()
        waiting = Message.objects.filter(
            direction=Direction.OUT.value, receiver="LV", status=MessageStatus.QUEUED.value
        )
        drained = waiting.count()
        waiting.update(next_attempt_at=timezone.now())  # the hour is over: every backoff ran out
        outbox.wake()
        deadline = time.monotonic() + 120
        while waiting.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        took = time.monotonic() - started
        left = waiting.count()
        dead = Message.objects.filter(pk__in=backlog, status=MessageStatus.DEAD.value).count()
        c["drain"] = {
            "dead_letters": dead,  # out of attempts (FOURPILLARS_EXCHANGE_MAX_ATTEMPTS) meanwhile
            "messages": drained,
            "left": left,
            "seconds": round(took, 1),
            "per_second": round((drained - left) / took, 1) if took else None,
        }
        say(f"  LV back: {drained - left} of {drained} drained in {took:.1f} s")
    finally:
        if worker is not None:
            stop_worker(worker)
        for peer in (nl, lv):
            peer.stop()
    return figures


def lines(figures: dict[str, Any]) -> list[str]:
    """The bench table's lines for the exchange."""
    out = ["Cross-border exchange (receiving node on its own PostgreSQL database):"]
    a = figures.get("throughput")
    if a:
        out.append(
            f"  (a) accepted and applied, {a['clients']} concurrent senders: "
            f"{a['applied_per_second']:,.1f} messages/s (p95 {a['inbox']['p95_ms']} ms; "
            f"bare view {a['bare']['throughput_rps']:,.1f} req/s, ratio {a['to_bare_ratio']}); "
            f"aim >= {a['aim_per_second']:.0f}/s: {a['verdict']}"
        )
        b = a.get("batched")
        if b:
            out.append(
                f"      {b['per_post']} messages a post (as the sending worker posts them): "
                f"{b['applied_per_second']:,.1f} messages/s ({b['messages_applied']:,} applied, "
                f"post p95 {b['posts']['p95_ms']} ms); aim >= {a['aim_per_second']:.0f}/s: "
                f"{a.get('verdict_batched')}"
            )
    for key, label in (("steady", "(b) steady"), ("peer_down", "(c) one peer down")):
        s = figures.get(key)
        if s:
            out.append(
                f"  {label}: {s['offered_per_second']}/s for {STEADY_SECONDS:g} s, commit to "
                f"signed receipt p50 {s['p50_s']} s, p95 {s['p95_s']} s, max {s['max_s']} s "
                f"({s['delivered']} of {s['messages']}); aim p95 < {s['aim_p95_s']:g} s: "
                f"{s['verdict']}"
            )
    c = figures.get("peer_down") or {}
    if "backlog" in c:
        h = c["backlog"]
        out.append(
            f"      the down peer's backlog: {h['messages']} messages (one every "
            f"{BACKLOG_EVERY:g} s for a simulated hour), {h['attempts_so_far']:,} attempts "
            f"made, the last due again {h['longest_wait_after_return_s']:g} s after the "
            "peer returns (backoff 30 s doubling, cap 1 hour)"
        )
    if "drain" in c:
        d = c["drain"]
        out.append(
            f"      the peer back, every backoff run out: {d['messages'] - d['left']} of "
            f"{d['messages']} delivered in {d['seconds']} s ({d['per_second']}/s); "
            f"{d.get('dead_letters', 0)} of the backlog had become dead letters (out of "
            "attempts during the hour: the operator sends them again)"
        )
    return out


def verdicts(figures: dict[str, Any]) -> dict[str, str]:
    """The exchange's aims, PASS or FAIL, for the results file."""
    names = {
        "throughput": "exchange_applied_per_second",
        "steady": "exchange_p95_commit_to_receipt_s",
        "peer_down": "exchange_p95_with_a_peer_down_s",
    }
    found = {name: figures[key]["verdict"] for key, name in names.items() if key in figures}
    if "verdict_batched" in figures.get("throughput", {}):
        found["exchange_applied_per_second_batched"] = figures["throughput"]["verdict_batched"]
    return found
