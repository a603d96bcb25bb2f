"""The bench's phases: populate the database, measure scoring in-process (throughput, then
rescoring the register), measure the server, report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import connections

from . import (
    actions,
    database,
    fixtures,
    load,
    loader,
    report,
    rescoring,
    scope,
    scoring,
    sign_in,
    wrk,
)
from . import meetings as meeting_loader
from .load import Request, Result
from .server import ROOT, Server
from .world import World, ensure_world

Say = Callable[[str], None]
SCORE_PATH = "/api/v1/instruments/ogrs3/score"
RSR_SCORE_PATH = "/api/v1/instruments/rsr/score"


@dataclass
class State:
    world: World
    creds: fixtures.Credentials
    counts: fixtures.Counts
    case_ids: list[int]
    queries: list[str]
    people: int
    load_stats: loader.LoadStats
    load_average: list[float]
    action_stats: dict[str, int] | None = None
    sign_in_accounts: list[sign_in.Account] | None = None
    sign_in_password: str = ""


def populate(args: argparse.Namespace, say: Say) -> State:
    from fourpillars.cli_commands.support import demo_password
    from fourpillars.register.models import Person
    from fourpillars.services.context import request_context

    with request_context("cli", f"bench-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"):
        world = ensure_world(demo_password()[0])
        say(f"Loading synthetic people up to {args.people:,} (bench-only bulk loader) ...")
        stats = loader.load(world, people=args.people, seed=args.seed, progress=_progress(say))
        say(f"  loaded {stats.people:,} people, {stats.rows:,} rows in {stats.seconds:.1f} s")
        say(f"Loading plan actions up to {args.actions:,} (bench-only) ...")
        loaded = actions.load_actions(world.users, total=args.actions, seed=args.seed)
        say(
            f"  loaded {loaded.actions:,} actions on {loaded.plans:,} plans in "
            f"{loaded.seconds:.1f} s"
        )
        say(f"Loading meetings up to {args.meetings:,} (bench-only bulk loader) ...")
        met = meeting_loader.load_meetings(count=args.meetings, seed=args.seed)
        say(f"  loaded {met.meetings:,} meetings, {met.rows:,} rows in {met.seconds:.1f} s")
        _analyze()  # planner statistics for what was just loaded, before anything is timed
        small, large = fixtures.small_and_large_case(world.users["police"])
        creds = fixtures.credentials(world.users)
        counts = fixtures.query_counts(creds, world.users, {"small": small, "large": large})
        counts.update(fixtures.plan_query_counts(creds, world.users, small, large))
        counts.update(
            fixtures.caseload_query_counts(
                world.users["coordinator"], fixtures.smallest_area_coordinator(world.coordinators)
            )
        )
        counts.update(
            fixtures.my_actions_query_counts(
                world.users["police"], fixtures.smallest_area_coordinator(world.coordinators)
            )
        )
        password = demo_password()[0]
        accounts = None
        if _wanted(args, "sign_in"):
            say(f"Making {args.sign_in_users} bench users with an authenticator app each ...")
            accounts = sign_in.prepare(args.sign_in_users, password)
    _analyze()
    return State(
        sign_in_accounts=accounts,
        sign_in_password=password,
        world=world,
        creds=creds,
        counts=counts,
        case_ids=fixtures.sample_case_ids("police-a", 1000, args.seed),
        queries=fixtures.misspelt_queries("A", 500, args.seed),
        people=Person.objects.count(),
        load_stats=stats,
        load_average=[round(x, 2) for x in os.getloadavg()],
        action_stats=_action_totals(),
    )


def _wanted(args: argparse.Namespace, scenario: str) -> bool:
    wanted = [w for w in args.only.split(",") if w]
    return not args.skip_http and (not wanted or scenario in wanted)


def _action_totals() -> dict[str, int]:
    from fourpillars.notifications.models import ReminderDelivery
    from fourpillars.plans.models import Action

    return {
        "actions_total": Action.objects.filter(plan__status="active").count(),
        "reminded_before": ReminderDelivery.objects.count(),
    }


def _progress(say: Say) -> loader.Progress:
    def show(done: int, total: int, seconds: float) -> None:
        rate = done / seconds if seconds else 0.0
        say(f"  {done:>7,} / {total:,} people  ({rate:,.0f}/s)")

    return show


def _analyze() -> None:
    """Fresh planner statistics and visibility map after a bulk load, as autovacuum would give
    a live system (index-only scans on the search keys need the visibility map)."""
    conn = connections["default"]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def score_requests(token: str, seed: int = 1) -> load.MakeRequest:
    """POST /api/v1/instruments/ogrs3/score with 1,000 different valid OGRS3 inputs."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    bodies = [json.dumps(p).encode() for p in scoring.ogrs3_inputs(seed=seed)]
    return lambda i: Request(SCORE_PATH, headers, "POST", bodies[i % len(bodies)])


def rsr_score_requests(token: str, seed: int = 1) -> load.MakeRequest:
    """POST /api/v1/instruments/rsr/score with 200 different valid RSR inputs."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    bodies = [json.dumps(p).encode() for p in scoring.rsr_inputs(seed=seed)]
    return lambda i: Request(RSR_SCORE_PATH, headers, "POST", bodies[i % len(bodies)])


def scenarios(state: State, seed: int = 1) -> dict[str, load.MakeRequest]:
    ids, queries, creds = state.case_ids, state.queries, state.creds
    police = {"Authorization": f"Bearer {creds.police_token}"}
    coordinator = {"Authorization": f"Bearer {creds.coordinator_token}"}
    cookie = {"Cookie": creds.police_cookie}
    home = {"Cookie": creds.coordinator_cookie}
    pages = fixtures.CASELOAD_PATHS
    return {
        "bare": lambda i: ("/bench/bare/", {}),
        "api_detail": lambda i: (fixtures.API_DETAIL.format(id=ids[i % len(ids)]), police),
        "case_page": lambda i: (fixtures.CASE_PAGE.format(id=ids[i % len(ids)]), cookie),
        "search": lambda i: (
            f"{fixtures.API_SEARCH}?{urlencode({'q': queries[i % len(queries)]})}",
            coordinator,
        ),
        "caseload": lambda i: (pages[i % len(pages)], home),
        # The co-ordinator's meetings dashboard (area A): upcoming meetings, minutes awaiting
        # approval or circulation, reviews due (decision 0019: p95 under 200 ms).
        "meetings_dashboard": lambda i: (fixtures.MEETINGS_DASHBOARD, home),
        "score_api": score_requests(creds.police_token, seed),
        "score_rsr_api": rsr_score_requests(creds.police_token, seed),
        "my_actions": lambda i: (
            actions.MY_ACTIONS_PATHS[i % len(actions.MY_ACTIONS_PATHS)],
            cookie,
        ),
    }


def measure_scoring(args: argparse.Namespace, say: Say) -> dict[str, Any]:
    """In-process figures: scores per second per instrument, then the register rescored."""
    measured: dict[str, Any] = {}
    say("Timing the access-scoped query per case read (compiled each time, or once) ...")
    measured["scope"] = scope.run(dict(ensure_world_users()))
    if not args.skip_scoring:
        say(
            f"Scoring in-process, one thread, about {args.scoring_seconds:g} s per instrument "
            "(OGRS3: 1,000 inputs, against the bare formula) ..."
        )
        measured["scoring"] = scoring.run(args.scoring_seconds, args.seed, say).summary()
    if not args.skip_rescoring:
        say(
            f"Rescoring every case with OGRS3 as of {args.assessment_date.isoformat()} "
            "(read in bulk; nothing written) ..."
        )
        measured["rescoring"] = rescoring.run(args.assessment_date, say).summary()
    return measured


def measure(
    args: argparse.Namespace, target: database.Target, state: State, say: Say
) -> tuple[dict[str, Result], dict[str, list[Result]]]:
    """Every HTTP scenario, ``args.rounds`` times in turn against one server; answers the
    median round of each (``load.median_round``) and all the rounds."""
    connections.close_all()
    log = ROOT / "bench-results" / "server.log"
    rounds: dict[str, list[Result]] = {}
    if args.skip_http:
        return {}, rounds
    with Server(target.url, args.workers, args.threads, log) as server:
        say(f"Server up on 127.0.0.1:{server.port}; {args.clients} clients per scenario ...")
        wanted = [w for w in args.only.split(",") if w]
        for number in range(1, args.rounds + 1):
            if args.rounds > 1:
                say(f" round {number} of {args.rounds}")
            for name, make in scenarios(state, args.seed).items():
                if wanted and name not in wanted:
                    continue
                result = _run_scenario(args, server.port, name, make)
                rounds.setdefault(name, []).append(result)
                s = result.summary()
                say(f"  {name:<11} {s['ok']} ok, {s['failed']} failed, p95 {s['p95_ms']} ms")
            if state.sign_in_accounts and (not wanted or "sign_in" in wanted):
                result = sign_in.run(
                    server.port,
                    state.sign_in_accounts,
                    state.sign_in_password,
                    clients=args.clients,
                    requests=args.sign_ins,
                    seconds=args.seconds,
                )
                rounds.setdefault("sign_in", []).append(result)
                s = result.summary()
                say(
                    f"  {'sign_in':<11} {s['ok']} ok, {s['failed']} failed, p95 {s['p95_ms']} ms "
                    f"(password then code){' ' + str(s['errors']) if s['errors'] else ''}"
                )
    return {name: load.median_round(runs) for name, runs in rounds.items()}, rounds


def measure_reminders(
    args: argparse.Namespace, target: database.Target, state: State, say: Say
) -> dict[str, Any]:
    """The reminder worker: the scan's throughput in-process, then the delay to a reminder
    through a real worker process (after the HTTP scenarios, so as not to disturb them)."""
    if args.skip_reminders:
        return {}
    say(f"Reminder scan: {args.reminders:,} actions falling due at once ...")
    throughput = actions.measure_throughput(args.reminders)
    say(f"  {throughput['reminders']:,} reminders, {throughput['reminders_per_second']}/s")
    every = f"{args.reminder_interval:g}"
    say(f"Delay to a reminder through `fourpillars worker` (scan every {every} s) ...")
    log = ROOT / "bench-results" / "worker.log"
    delay = actions.measure_delay(target.url, min(200, args.reminders), args.reminder_interval, log)
    say(f"  p50 {delay['p50_s']} s, p95 {delay['p95_s']} s")
    return {
        "reminders": {
            "loaded": state.action_stats or {},
            "throughput": throughput,
            "delay": delay,
        }
    }


def _run_scenario(args: argparse.Namespace, port: int, name: str, make: load.MakeRequest) -> Result:
    if wrk.available() and not args.python_load:
        return wrk.run(name, port, make, clients=args.clients, seconds=args.seconds)
    return load.run(
        name,
        port,
        make,
        clients=args.clients,
        requests=args.requests,
        seconds=args.seconds,
        warmup=max(args.clients * 2, args.requests // 20),
    )


def _verify_audit() -> dict[str, object]:
    from fourpillars.services import audit

    started = time.perf_counter()
    count, broken = audit.verify()
    return {
        "rows": count,
        "intact": broken is None,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip()
    except OSError:
        return ""


def finish(
    args: argparse.Namespace,
    target: database.Target,
    state: State,
    results: dict[str, Result],
    say: Say,
    measured: dict[str, Any] | None = None,
    rounds: dict[str, list[Result]] | None = None,
) -> int:
    bare, detail = results.get("bare"), results.get("api_detail")
    ratio = detail.throughput / bare.throughput if bare and detail and bare.throughput else None
    meta: dict[str, Any] = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "database": f"{target.vendor} ({target.display})",
        "people": state.people,
        "load": vars(state.load_stats),
        "clients": args.clients,
        "load_generator": "wrk" if wrk.available() and not args.python_load else "python threads",
        "workers": args.workers,
        "threads": args.threads,
        "cpus": os.cpu_count(),
        "load_average_at_start": state.load_average,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "rounds": args.rounds,
        "p95_ms_of_each_round": {
            name: [r.percentile(95) for r in runs] for name, runs in (rounds or {}).items()
        },
        "requests_per_scenario": args.requests,
        "seconds_cap_per_scenario": args.seconds,
        "audit_verify": _verify_audit(),
        "notes": [
            "the load generator, the server and the database share this machine's CPUs",
            "every case view and search writes its audit row, as in production",
            "scoring figures come from one thread of the bench process, on a machine shared "
            "with other work: read them as noisy",
            "rescoring reads the register and writes nothing to the database",
            "the plan checker is timed in-process before the database is chosen (it is pure)",
            "sign_in: the password is checked with the production hasher (Argon2id, decision "
            "0028); timed from the password POST to the code POST's answer",
        ],
    }
    measured = measured or {}
    say("")
    say(report.table(results, ratio, state.counts, meta, measured))
    av = meta["audit_verify"]
    say(f"verify-audit: {av['rows']:,} rows, intact={av['intact']}, {av['seconds']} s")
    report.write(args.output, results, ratio, state.counts, meta, measured)
    say(f"Written to {args.output}")
    return 0


def ensure_world_users() -> dict[str, Any]:
    """The cast's users by username, read from the bench database."""
    from fourpillars.accounts.models import User

    return {u.username: u for u in User.objects.select_related("agency")}
