"""``python -m bench`` (``make bench``): load synthetic people, then measure a real server.

Steps: choose the database (DATABASE_URL, else a recreated ``fourpillars_bench`` on local
PostgreSQL), migrate, create the demo cast and bench areas, bulk-load people (bench-only
loader), make a small and a large case through the services, count the SQL queries of the case
page and API detail for each; score every instrument in-process (scores per second, OGRS3
against its bare formula) and rescore every case of the register with OGRS3; start
``fourpillars serve`` with bench.settings on a free port and drive it with 10 concurrent
clients (GET scenarios and the OGRS3 scoring POST; "my actions" over 200,000 plan actions);
then the reminder worker: the scan's reminders per second, and the delay from an action falling
due to its reminder through a real ``fourpillars worker``; then the cross-border exchange
(bench/exchange.py: peer nodes on databases of their own beside the bench database); then
``verify-audit`` over a million chained audit rows on a database of its own
(bench/audit_verify.py). Prints a table; writes bench-results/latest.json. Each part can be
run alone: --only, --skip-scoring, --skip-rescoring, --skip-http, --skip-plan-checker,
--skip-reminders, --skip-exchange, --skip-audit; --exchange-only and --audit-only run that
part alone (adding its figures to latest.json).

The plan checker (``domain.plans.check`` on a plan of 200 actions and 50 risk factors, aim
under 5 ms: docs/decisions/0009) is pure and is timed first, before any database is chosen;
--plan-checker-only times it and stops, with no database at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import warnings
from pathlib import Path

from fourpillars.cli_commands.serving import DEFAULT_THREADS, DEFAULT_WORKERS

from . import database, plan_checker

ROOT = Path(__file__).resolve().parent.parent
# The HTTP scenarios (bench.setup.scenarios); kept here so --help needs no Django.
SCENARIOS = (
    "bare",
    "api_detail",
    "case_page",
    "search",
    "caseload",
    "meetings_dashboard",
    "score_api",
    "score_rsr_api",
    "my_actions",
)
# Scenarios with a loader of their own (several requests per timed step): sign_in, a password
# POST then a code POST (bench/sign_in.py).
OWN_LOADERS = ("sign_in",)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--people", type=int, default=100_000, help="synthetic people (100000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--sign-ins",
        type=int,
        default=300,
        help="two-factor sign-ins per round of the sign_in scenario (300)",
    )
    p.add_argument(
        "--sign-in-users",
        type=int,
        default=400,
        help="bench users with an authenticator app for the sign_in scenario (400)",
    )
    p.add_argument(
        "--meetings", type=int, default=20_000, help="Level 2 and 3 meetings to load (20000)"
    )
    p.add_argument("--clients", type=int, default=10, help="concurrent clients (10)")
    p.add_argument("--requests", type=int, default=2000, help="requests per scenario (2000)")
    p.add_argument("--seconds", type=float, default=60, help="time cap per scenario (60)")
    p.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of every HTTP scenario; the median run's figures are reported (3)",
    )
    p.add_argument(
        "--python-load",
        action="store_true",
        help="drive the load from Python threads even when wrk is installed",
    )
    p.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="as `fourpillars serve`")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="as `fourpillars serve`")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="keep the bench database when it exists (default: recreate it)",
    )
    p.add_argument(
        "--only",
        default="",
        help=f"comma-separated HTTP scenarios ({','.join(SCENARIOS + OWN_LOADERS)})",
    )
    p.add_argument("--skip-http", action="store_true", help="no server, no HTTP scenario")
    p.add_argument("--skip-scoring", action="store_true", help="no in-process scoring throughput")
    p.add_argument("--skip-rescoring", action="store_true", help="no OGRS3 rescoring of every case")
    p.add_argument("--skip-plan-checker", action="store_true", help="no plan checker timing")
    p.add_argument(
        "--actions", type=int, default=200_000, help="plan actions to load (200000; my actions)"
    )
    p.add_argument(
        "--reminders",
        type=int,
        default=2000,
        help="actions falling due at once for the reminder scan's throughput (2000)",
    )
    p.add_argument(
        "--reminder-interval",
        type=float,
        default=5.0,
        help="the worker's scan interval when timing the delay to a reminder, seconds (5)",
    )
    p.add_argument("--skip-reminders", action="store_true", help="no reminder worker figures")
    p.add_argument("--skip-exchange", action="store_true", help="no cross-border exchange figures")
    p.add_argument(
        "--exchange-only",
        action="store_true",
        help="only the exchange figures (the bench database migrated, nothing loaded); they "
        "are added to the results file",
    )
    p.add_argument("--skip-audit", action="store_true", help="no verify-audit figure")
    p.add_argument(
        "--audit-only",
        action="store_true",
        help="only verify-audit over the audit rows (on its own database); added to the "
        "results file",
    )
    p.add_argument(
        "--audit-rows",
        type=int,
        default=1_000_000,
        help="chained audit rows verify-audit walks (1000000)",
    )
    p.add_argument(
        "--plan-checker-only",
        action="store_true",
        help="time the plan checker and stop: no database, no server, nothing written",
    )
    p.add_argument(
        "--plan-checks",
        type=int,
        default=plan_checker.REPETITIONS,
        help=f"plan checks to time ({plan_checker.REPETITIONS})",
    )
    p.add_argument(
        "--scoring-seconds",
        type=float,
        default=1.0,
        help="in-process scoring time per instrument (1)",
    )
    p.add_argument(
        "--assessment-date",
        type=dt.date.fromisoformat,
        default=dt.date.today(),  # noqa: DTZ011 - the bench's own run date
        help="the one assessment date of the rescoring (today)",
    )
    p.add_argument("--output", type=Path, default=ROOT / "bench-results" / "latest.json")
    args = p.parse_args(argv)
    if args.people < 10 or args.clients < 1 or args.requests < 1 or args.seconds <= 0:
        p.error("--people must be at least 10; --clients, --requests, --seconds positive")
    if args.sign_ins < 1 or args.sign_in_users < 1:
        p.error("--sign-ins and --sign-in-users must be at least 1")
    if args.rounds < 1:
        p.error("--rounds must be at least 1")
    if args.scoring_seconds <= 0:
        p.error("--scoring-seconds must be positive")
    if args.plan_checks < 1:
        p.error("--plan-checks must be at least 1")
    if args.actions < 0 or args.reminders < 1 or not 0.1 <= args.reminder_interval <= 600:
        p.error("--actions 0 or more; --reminders positive; --reminder-interval 0.1 to 600 s")
    if args.exchange_only and args.skip_exchange:
        p.error("--exchange-only and --skip-exchange exclude each other")
    if args.audit_only and (args.skip_audit or args.exchange_only):
        p.error("--audit-only excludes --skip-audit and --exchange-only")
    if args.audit_rows < 1:
        p.error("--audit-rows must be at least 1")
    if args.plan_checker_only and args.skip_plan_checker:
        p.error("--plan-checker-only and --skip-plan-checker exclude each other")
    known = SCENARIOS + OWN_LOADERS
    unknown = [w for w in args.only.split(",") if w and w not in known]
    if unknown:
        p.error(f"--only: unknown scenario(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return args


def say(message: str) -> None:
    print(message, flush=True)


def prepare_database(args: argparse.Namespace) -> database.Target:
    target = database.choose()
    if target.owned and not (args.reuse and database.exists(target)):
        say(f"Recreating {target.display} ...")
        database.recreate(target)
    os.environ["DATABASE_URL"] = target.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    # The bench process never serves static files; the server it starts collects them.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    django.setup()
    from django.core.management import call_command

    say(f"Migrating {target.display} ...")
    call_command("migrate", verbosity=0)
    return target


def time_plan_checker(args: argparse.Namespace) -> dict[str, object] | None:
    """The plan checker in-process; pure, so it needs no database."""
    if args.skip_plan_checker:
        return None
    say(
        f"Timing the plan checker in-process ({args.plan_checks:,} checks of a plan of "
        f"{plan_checker.ACTIONS} actions and {plan_checker.RISK_FACTORS} risk factors) ..."
    )
    return plan_checker.run(args.plan_checks, args.seed, say).summary()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.exchange_only or args.audit_only:
        args.skip_plan_checker = True
    plan_figures = time_plan_checker(args)
    if args.plan_checker_only:
        return 0
    target = prepare_database(args)
    if args.exchange_only:
        return exchange_only(args, target)
    if args.audit_only:
        return audit_only(args, target)
    from . import setup

    state = setup.populate(args, say)
    measured = setup.measure_scoring(args, say)
    if plan_figures is not None:
        measured["plan_checker"] = plan_figures
    results, rounds = setup.measure(args, target, state, say)
    if state.sign_in_accounts:
        from . import sign_in

        costs = sign_in.hash_costs()
        measured["password_check"] = costs
        say(
            f"  one password check: {costs['production_ms']} ms of processor time (Argon2id), "
            f"{costs['pbkdf2_ms']} ms with PBKDF2 before it (ratio {costs['ratio']})"
        )
    measured.update(setup.measure_reminders(args, target, state, say))
    if not args.skip_exchange:
        from . import exchange

        measured["exchange"] = exchange.run(target, args.reuse, args.seed, say)
    if not args.skip_audit:
        from . import audit_verify

        measured["audit"] = audit_verify.run(target, args.reuse, args.audit_rows, args.seed, say)
    return setup.finish(args, target, state, results, say, measured, rounds)


def exchange_only(args: argparse.Namespace, target: database.Target) -> int:
    """The exchange figures alone: printed, and put into the results file beside the rest."""
    import json

    from . import exchange

    figures = exchange.run(target, args.reuse, args.seed, say)
    say("")
    for line in exchange.lines(figures):
        say(line)
    data = json.loads(args.output.read_text("utf-8")) if args.output.exists() else {}
    data["exchange"] = figures
    data.setdefault("verdicts", {}).update(exchange.verdicts(figures))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    say(f"Written to {args.output} (exchange figures)")
    return 0


def audit_only(args: argparse.Namespace, target: database.Target) -> int:
    """verify-audit's figure alone: printed, and put into the results file beside the rest."""
    import json

    from . import audit_verify

    figures = audit_verify.run(target, args.reuse, args.audit_rows, args.seed, say)
    say("")
    for line in audit_verify.lines(figures):
        say(line)
    data = json.loads(args.output.read_text("utf-8")) if args.output.exists() else {}
    data["audit"] = figures
    data.setdefault("verdicts", {}).update(audit_verify.verdicts(figures))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    say(f"Written to {args.output} (verify-audit figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
