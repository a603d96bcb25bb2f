"""The bench's table and bench-results/latest.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import actions, audit_verify, exchange, plan_checker, scope
from .fixtures import Counts
from .load import Result

Meta = dict[str, Any]

# p95 aims (docs/decisions/0009, "Aims"): the MoJ's own actuarial service sets itself
# p95 < 50 ms for scoring; we aim at 20 ms.
TARGETS_MS = {
    "search": 100.0,
    "case_page": 150.0,
    "caseload": 150.0,
    "meetings_dashboard": 200.0,  # decision 0019: 20,000 meetings, 10 clients
    "score_api": 20.0,
    "score_rsr_api": 20.0,
    "my_actions": 200.0,
}
MOJ_SCORE_P95_MS = 50.0
LABELS = {
    "bare": "bare Django JSON view (baseline)",
    "search": "name search  GET /api/v1/cases?q=",
    "case_page": "case page    GET /cases/<id>/",
    "caseload": "caseload     GET /?scope=all (co-ordinator, whole area)",
    "meetings_dashboard": "meetings     GET /meetings/ (co-ordinator dashboard)",
    "api_detail": "API detail   GET /api/v1/cases/<id>",
    "score_api": "OGRS3 score  POST /api/v1/instruments/ogrs3/score",
    "score_rsr_api": "RSR score    POST /api/v1/instruments/rsr/score",
    "my_actions": "my actions   GET /my-actions/?group= (police, 200,000 actions)",
    "sign_in": "sign-in      POST /login/ then POST /login/code/ (password, then TOTP code)",
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


def scoring_lines(summary: dict[str, Any]) -> list[str]:
    """In-process scores per second per instrument, and OGRS3 against its bare formula."""
    lines = [
        "In-process scoring, " + summary["thread"] + f", ~{summary['seconds_per_instrument']:g} s "
        "per instrument:",
        f"  {'instrument':<22} {'inputs':>6} {'scores/s':>12}",
    ]
    for code, rate in summary["per_instrument"].items():
        lines.append(f"  {code:<22} {rate['inputs']:>6} {rate['per_second']:>12,.0f}")
    for code, reason in summary["skipped"].items():
        lines.append(f"  {code:<22} skipped: {reason}")
    bare, ratio = summary["ogrs3_bare_formula"], summary["ogrs3_to_bare_ratio"]
    ogrs3 = summary["per_instrument"].get("ogrs3")
    if bare is not None and ratio:
        lines.append(
            f"  OGRS3 bare formula (logistic of the precomputed linear predictor, no "
            f"validation): {bare['per_second']:,.0f}/s; OGRS3 / bare = {ratio:.4f} "
            f"(the full score costs {1 / ratio:,.0f} bare evaluations)"
        )
    rsr, rsr_ratio = summary["per_instrument"].get("rsr"), summary.get("rsr_to_ogrs3_ratio")
    if rsr is not None and rsr_ratio:
        lines.append(
            f"  RSR (SNSV with OSP/DC and OSP/IIC): {rsr['per_second']:,.0f} scores/s; "
            f"RSR / OGRS3 = {rsr_ratio:.4f} (same process, same thread)"
        )
    shown = "-" if ogrs3 is None else f"{ogrs3['per_second']:,.0f}/s"
    lines.append(
        f"  OGRS3 aim: at least {summary['ogrs3_aim_per_second']:,.0f} scores/s on one core: "
        f"{shown}  {summary['ogrs3_verdict']}"
    )
    return lines


def rescoring_lines(summary: dict[str, Any]) -> list[str]:
    """The whole register rescored with OGRS3 (read in bulk, nothing written)."""
    bands = ", ".join(f"{band} {n:,}" for band, n in summary["bands"].items()) or "-"
    lines = [
        f"Rescoring every case with OGRS3 as of {summary['assessment_date']} (offence category "
        f"{summary['offence_category']}):",
        f"  {summary['cases']:,} cases in {summary['seconds']:.1f} s = "
        f"{summary['cases_per_second']:,.0f} cases/s ({summary['queries']} SQL queries, "
        f"streamed; {summary['scoring_seconds']:.1f} s of it building inputs and scoring)",
        f"  scored {summary['scored']:,}; bands: {bands}",
    ]
    for fields, n in summary["not_scored"].items():
        lines.append(f"  not scored, refused on {fields}: {n:,}")
    lines.append("  nothing written to the database (bands counted in memory only)")
    return lines


def my_actions_line(results: dict[str, Result]) -> str:
    """ "My actions" p95 at its clients against the bare view's p95 in the same run."""
    mine, bare = results["my_actions"], results.get("bare")
    p95 = mine.percentile(95)
    base = bare.percentile(95) if bare else None
    ratio = f"{p95 / base:.1f}" if p95 is not None and base else "-"
    return (
        f"  (my actions at {mine.clients} clients: p95 {_ms(p95)} ms, aim < "
        f"{TARGETS_MS['my_actions']:.0f} ms: {verdict('my_actions', p95).split()[-1]}; "
        f"p95 / bare view p95 = {ratio})"
    )


def table(
    results: dict[str, Result],
    ratio: float | None,
    counts: Counts,
    meta: Meta,
    measured: dict[str, Any] | None = None,
) -> str:
    measured = measured or {}
    width = max([40, *(len(LABELS.get(name, name)) for name in results)])
    lines = [
        f"Four Pillars bench: {meta['people']:,} people on {meta['database']}, "
        f"{meta['clients']} concurrent clients, gunicorn {meta['workers']} workers x "
        f"{meta['threads']} threads ({'sync' if meta['threads'] == 1 else 'gthread'}), "
        f"{meta['cpus']} CPUs, "
        f"load from {meta.get('load_generator', 'python threads')}",
        "",
    ]
    if results:
        lines.append(
            f"{'scenario':<{width}} {'ok':>6} {'fail':>5} {'req/s':>8} {'p50':>7} {'p95':>7} "
            f"{'p99':>7}  p95 target (ms)"
        )
    for name, res in results.items():
        s = res.summary()
        lines.append(
            f"{LABELS.get(name, name):<{width}} {s['ok']:>6} {s['failed']:>5} "
            f"{s['throughput_rps']:>8.1f} {_ms(s['p50_ms']):>7} {_ms(s['p95_ms']):>7} "
            f"{_ms(s['p99_ms']):>7}  {verdict(name, res.percentile(95))}"
        )
    each = meta.get("p95_ms_of_each_round") or {}
    if meta.get("rounds", 1) > 1 and each:
        lines.append(
            f"  (each scenario ran {meta['rounds']} times in turn; shown: the run with the "
            "median p95. p95 of each run, ms: "
            + "; ".join(f"{n} {' / '.join(_ms(v) for v in vs)}" for n, vs in each.items())
            + ")"
        )
    if "score_api" in results:
        p95 = results["score_api"].percentile(95)
        moj = "-" if p95 is None else ("PASS" if p95 < MOJ_SCORE_P95_MS else "FAIL")
        lines.append(
            f"  (scoring API: our aim p95 < {TARGETS_MS['score_api']:.0f} ms; the MoJ's own "
            f"actuarial service sets itself p95 < {MOJ_SCORE_P95_MS:.0f} ms: {moj})"
        )
    if "score_rsr_api" in results:
        p95 = results["score_rsr_api"].percentile(95)
        lines.append(
            f"  (RSR scoring API at {results['score_rsr_api'].clients} clients: aim p95 < "
            f"{TARGETS_MS['score_rsr_api']:.0f} ms: {verdict('score_rsr_api', p95).split()[-1]})"
        )
    if "my_actions" in results:
        lines.append(my_actions_line(results))
    if results:
        lines.append("")
        shown = "-" if ratio is None else f"{ratio:.2f}"
        lines.append(f"API detail throughput / bare Django JSON view throughput: {shown}")
        lines.append("")
    if "scoring" in measured:
        lines += [*scoring_lines(measured["scoring"]), ""]
    if "rescoring" in measured:
        lines += [*rescoring_lines(measured["rescoring"]), ""]
    if "plan_checker" in measured:
        lines += [*plan_checker.lines(measured["plan_checker"]), ""]
    if "scope" in measured:
        lines += [*scope.lines(measured["scope"]), ""]
    if "reminders" in measured:
        r = measured["reminders"]
        lines += [*actions.lines(r.get("loaded", {}), r.get("throughput"), r.get("delay")), ""]
    if measured.get("exchange"):
        lines += [*exchange.lines(measured["exchange"]), ""]
    if measured.get("audit"):
        lines += [*audit_verify.lines(measured["audit"]), ""]
    lines.append(
        "SQL queries per request (small / large: a case with few / many records, a plan with "
        "1 / 200 actions, the caseload of a small / large area; must be equal):"
    )
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
    path: Path,
    results: dict[str, Result],
    ratio: float | None,
    counts: Counts,
    meta: Meta,
    measured: dict[str, Any] | None = None,
) -> None:
    measured = measured or {}
    verdicts = {
        name: verdict(name, results[name].percentile(95)).split()[-1]
        for name in TARGETS_MS
        if name in results
    }
    if "scoring" in measured:
        verdicts["ogrs3_scores_per_second"] = measured["scoring"]["ogrs3_verdict"]
    if "plan_checker" in measured:
        verdicts["plan_checker_p95_ms"] = measured["plan_checker"]["verdict"]
    if measured.get("exchange"):
        verdicts.update(exchange.verdicts(measured["exchange"]))
    if measured.get("audit"):
        verdicts.update(audit_verify.verdicts(measured["audit"]))
    data = {
        **meta,
        "targets_p95_ms": TARGETS_MS,
        "moj_actuarial_service_p95_ms": MOJ_SCORE_P95_MS,
        "results": {name: res.summary() for name, res in results.items()},
        "api_detail_to_bare_throughput_ratio": None if ratio is None else round(ratio, 3),
        "query_counts": counts,
        "scoring": measured.get("scoring"),
        "rescoring": measured.get("rescoring"),
        "plan_checker": measured.get("plan_checker"),
        "access_scope": measured.get("scope"),
        "reminders": measured.get("reminders"),
        "exchange": measured.get("exchange"),
        "audit": measured.get("audit"),
        "verdicts": verdicts,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
