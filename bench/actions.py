"""BENCH-ONLY LOADER and figures for "my actions" and the reminder worker (decision 0017).

Loading: an approved plan on each case that has none, and its actions, until the register holds
``total`` actions (200,000 by default: two a case at 100,000 cases), in bulk like
``bench/loader.py``: never in the product, and honest all the same:

* each plan answers a (not current) submitted assessment, is active, and its case's
  ``has_active_plan`` read model says so, as ``services.plans.approve`` leaves it;
* each plan's collection row is appended to the real hash chain (verify-audit passes);
* due dates spread from 60 days ago to 120 days ahead (one in ten ongoing, with no date); one
  action in five done (with what was done, by whom, when), one in ten in progress; a few owned by
  the police user by name;
* the register has run for a while: every open action already due soon or overdue was reminded
  (one delivery record and a read notification each), so the worker's figures below measure
  the reminders that fall due now, not a first run over a backlog of months.

Figures: the reminder scan's throughput (reminders written per second, in-process, over
``fresh`` actions falling due at once) and the delay from the moment an action falls due to
its reminder, through a real ``fourpillars worker`` process scanning every ``interval`` s.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.assessments.models import RoshAssessment
from fourpillars.audit.models import AuditChainHead, AuditEvent
from fourpillars.domain import reminders as rules
from fourpillars.domain.audit import Operation, chain_hash
from fourpillars.domain.plans import ActionStatus, Pillar, PlanStatus
from fourpillars.notifications.models import Notification, ReminderDelivery
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case

ROOT = Path(__file__).resolve().parent.parent
TOTAL = 200_000
MAX_PER_CASE = 20
BATCH = 2000
TEXT = "Bench action"
MY_ACTIONS_PATHS = (
    "/my-actions/",
    "/my-actions/?group=overdue",
    "/my-actions/?group=due_soon",
    "/my-actions/?group=later&page=2",
    "/my-actions/?group=done",
    "/my-actions/?group=overdue&page=3",
)
PILLARS = list(Pillar)


@dataclass
class ActionStats:
    plans: int
    actions: int
    reminded_before: int  # open actions due soon or overdue, reminded as a running system would
    seconds: float


def load_actions(users: dict[str, User], *, total: int = TOTAL, seed: int = 1) -> ActionStats:
    """Plans and actions on cases that have no plan, until ``total`` bench actions exist."""
    started = time.monotonic()
    have = Action.objects.filter(text__startswith=TEXT).count()
    free = list(
        Case.objects.filter(plans=None).order_by("pk").values_list("pk", "person_id", "area_id")
    )
    if have >= total or not free:
        return ActionStats(0, 0, 0, 0.0)
    per_case = min(MAX_PER_CASE, math.ceil((total - have) / len(free)))
    rng = random.Random(seed)
    plans = actions = reminded = 0
    for start in range(0, len(free), BATCH):
        if have + actions >= total:
            break
        chunk = free[start : start + BATCH]
        p, a, r = _load_chunk(users, chunk, per_case, total - have - actions, rng)
        plans, actions, reminded = plans + p, actions + a, reminded + r
    return ActionStats(plans, actions, reminded, time.monotonic() - started)


def _load_chunk(
    users: dict[str, User],
    chunk: list[tuple[int, int, int]],
    per_case: int,
    left: int,
    rng: random.Random,
) -> tuple[int, int, int]:
    author, named = users["police"], users["police"]
    now, today = timezone.now(), timezone.localdate()
    leads = dict(
        Case.objects.filter(pk__in=[c[0] for c in chunk]).values_list("pk", "lead_agency_id")
    )
    with transaction.atomic():
        assessments = RoshAssessment.objects.bulk_create(
            [
                RoshAssessment(
                    case_id=case_id,
                    status="submitted",
                    rules_version="bench",
                    author=author,
                    assessment_date=today,
                    submitted_at=now,
                )
                for case_id, _, _ in chunk
            ]
        )
        plans = Plan.objects.bulk_create(
            [
                Plan(
                    case_id=case_id,
                    assessment=assessment,
                    number=1,
                    status=PlanStatus.ACTIVE,
                    plan_date=today - dt.timedelta(days=60),
                    review_date=today + dt.timedelta(days=120),
                    created_by=author,
                    approved_by=author,
                    approved_at=now,
                )
                for (case_id, _, _), assessment in zip(chunk, assessments, strict=True)
            ]
        )
        rows: list[Action] = []
        for plan in plans:
            for i in range(min(per_case, left - len(rows))):
                rows.append(_action(plan, leads[plan.case_id], i, named, rng, now, today))
        Action.objects.bulk_create(rows, batch_size=BATCH)
        Case.objects.filter(pk__in=[p.case_id for p in plans]).update(has_active_plan=True)
        reminded = _already_reminded(rows, named, today, now)
        _audit(author, plans, {c[0]: c[1] for c in chunk})
    return len(plans), len(rows), reminded


def _action(
    plan: Plan,
    agency_id: int,
    i: int,
    named: User,
    rng: random.Random,
    now: Any,
    today: Any,
) -> Action:
    roll = rng.random()
    status = (
        ActionStatus.DONE
        if roll < 0.2
        else ActionStatus.IN_PROGRESS
        if roll < 0.3
        else ActionStatus.PLANNED
    )
    done = status == ActionStatus.DONE
    due = None if rng.random() < 0.1 else today + dt.timedelta(days=rng.randint(-60, 120))
    return Action(
        plan=plan,
        case_id=plan.case_id,
        live=plan.is_active,
        ident=f"a{i + 1}",
        position=i,
        pillar=PILLARS[i % len(PILLARS)],
        text=f"{TEXT} {i + 1}: weekly reporting and a home visit",
        owner_agency_id=agency_id,
        owner_user=named if agency_id == named.agency_id and rng.random() < 0.05 else None,
        owner_name="Bench officer",
        due=due,
        status=status,
        completion_note="Bench: done as agreed" if done else "",
        completed_by=named if done else None,
        completed_at=now if done else None,
    )


def _already_reminded(rows: list[Action], recipient: User, today: Any, now: Any) -> int:
    """The steady state: what fell due before today was reminded (one read notification and
    its delivery record for each), so the scan skips it as a running system's would."""
    policy = rules.DEFAULT_REMINDER_POLICY
    due = [
        (a, a.due, kind)
        for a in rows
        if a.status != ActionStatus.DONE
        and a.due is not None
        and (kind := rules.reminder_kind(a.due, today, policy)) is not None
    ]
    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                kind=rules.NotificationKind.ACTION_DUE_SOON,
                subject="Bench reminder",
                body="Bench: reminded before the bench began",
                created_at=now,
                read_at=now,
            )
            for _ in due
        ],
        batch_size=BATCH,
    )
    ReminderDelivery.objects.bulk_create(
        [
            ReminderDelivery(action=a, kind=kind, due=when, recipient=recipient, notification=n)
            for (a, when, kind), n in zip(due, notes, strict=True)
        ],
        batch_size=BATCH,
    )
    return len(due)


def _audit(actor: User, plans: list[Plan], persons: dict[int, int]) -> None:
    """A collection row per plan, appended to the hash chain."""
    head = AuditChainHead.objects.select_for_update().get(pk=1)
    seq, last = head.seq, head.last_hash
    events = []
    for plan in plans:
        seq += 1
        ev = AuditEvent(
            seq=seq,
            at=timezone.now(),
            actor_id=actor.pk,
            actor_username=actor.username,
            actor_agency=actor.agency.name if actor.agency else "",
            actor_role=actor.role,
            operation=Operation.COLLECTION.value,
            action="start_plan",
            target_type="plan",
            target_id=str(plan.pk),
            case_id=plan.case_id,
            person_id=persons[plan.case_id],
            after={"number": 1, "bench": True},
            channel="cli",
            request_id="bench-actions",
            prev_hash=last,
        )
        ev.hash = last = chain_hash(last, ev.hashed_content())
        events.append(ev)
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    AuditChainHead.objects.filter(pk=1).update(seq=seq, last_hash=last)


# --- the reminder worker's figures ----------------------------------------------------------


def falling_due(count: int, *, days: int = 3) -> list[int]:
    """``count`` open actions of bench plans (police-a's cases first) that fall due now: their
    due date moves into the reminder window, as when a plan is agreed with a near date."""
    from fourpillars.notifications.models import ReminderDelivery

    today = timezone.localdate()
    # Never one reminded by an earlier run (--reuse): on the same day it would move to the date
    # it was reminded of, and be (rightly) not reminded again.
    reminded = ReminderDelivery.objects.values("action_id")
    pks = list(
        Action.objects.filter(
            text__startswith=TEXT, status=ActionStatus.PLANNED, plan__status=PlanStatus.ACTIVE
        )
        .exclude(pk__in=reminded)
        .order_by("plan__case__lead_agency__code", "-pk")
        .values_list("pk", flat=True)[:count]
    )
    Action.objects.filter(pk__in=pks).update(due=today + dt.timedelta(days=days))
    return pks


def measure_throughput(fresh: int) -> dict[str, Any]:
    """One scan over ``fresh`` actions falling due at once, in this process."""
    from fourpillars.services.context import request_context
    from fourpillars.services.reminders import scan_reminders

    falling_due(fresh, days=2)
    started = time.perf_counter()
    with request_context("worker", "bench-reminders"):
        result = scan_reminders()
    seconds = time.perf_counter() - started
    return {
        "actions": result.actions,
        "reminders": result.notifications,
        "seconds": round(seconds, 2),
        "reminders_per_second": round(result.notifications / seconds, 1) if seconds else None,
        "actions_per_second": round(result.actions / seconds, 1) if seconds else None,
    }


def measure_delay(database_url: str, count: int, interval: float, log: Path) -> dict[str, Any]:
    """Start ``fourpillars worker`` (scan every ``interval`` s), let ``count`` actions fall due,
    and time each from then to its reminder's delivery."""
    from django.db import connections

    connections.close_all()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "FOURPILLARS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    command = [sys.executable, "-m", "fourpillars.cli", "worker", "--interval", str(interval)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _first_scan_done(started=timezone.now())  # up, and its first scan found nothing new
        fell_due_at = timezone.now()
        pks = falling_due(count, days=1)
        first: dict[int, dt.datetime] = {}
        deadline = time.monotonic() + max(120.0, 10 * interval)
        while time.monotonic() < deadline:
            done = ReminderDelivery.objects.filter(action_id__in=pks, due=_due(1)).values_list(
                "action_id", "delivered_at"
            )
            for action_id, at in done:
                first[action_id] = min(at, first.get(action_id, at))
            if len(first) == len(pks):
                break
            time.sleep(0.2)
    finally:
        from fourpillars.cli_commands.serving import stop_worker

        stop_worker(worker)
    delays = sorted((at - fell_due_at).total_seconds() for at in first.values())
    return {
        "actions": len(pks),
        "reminded": len(delays),
        "scan_interval_s": interval,
        "p50_s": round(statistics.median(delays), 2) if delays else None,
        "p95_s": round(_p95(delays), 2) if delays else None,
        "max_s": round(delays[-1], 2) if delays else None,
    }


def _first_scan_done(started: dt.datetime, timeout: float = 120) -> None:
    """Wait until the worker has finished a scan enqueued after ``started``."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = DBTaskResult.objects.filter(
            task_path__endswith="scan_reminders_task",
            enqueued_at__gte=started,
            status="SUCCESSFUL",
        )
        if finished.exists():
            return
        time.sleep(0.2)
    raise RuntimeError("the worker ran no scan; see bench-results/worker.log")


def _due(days: int) -> Any:
    return timezone.localdate() + dt.timedelta(days=days)


def _p95(values: list[float]) -> float:
    rank = max(1, min(len(values), round(0.95 * len(values) + 0.5)))
    return values[rank - 1]


def lines(
    loaded: dict[str, Any], throughput: dict[str, Any] | None, delay: dict[str, Any] | None
) -> list[str]:
    """The bench table's lines for the reminder worker."""
    out = [
        f"Actions: {loaded.get('actions_total', 0):,} on active plans "
        f"({loaded.get('reminded_before', 0):,} open and due reminded before the run, as a "
        "running system would have)"
    ]
    if throughput:
        out.append(
            f"Reminder scan, in-process: {throughput['actions']:,} actions falling due at once, "
            f"{throughput['reminders']:,} reminders in {throughput['seconds']} s = "
            f"{throughput['reminders_per_second']} reminders/s "
            f"({throughput['actions_per_second']} actions/s; each with its delivery record, "
            "outbox row and audit row)"
        )
    if delay:
        out.append(
            f"Delay from falling due to the reminder, through `fourpillars worker` scanning every "
            f"{delay['scan_interval_s']:g} s: p50 {delay['p50_s']} s, p95 {delay['p95_s']} s, "
            f"max {delay['max_s']} s ({delay['reminded']} of {delay['actions']} reminded)"
        )
    return out
