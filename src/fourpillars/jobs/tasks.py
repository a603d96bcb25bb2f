"""The worker's tasks, on Django's tasks framework (the django-tasks backport; decision 0017).

Each task calls the services, nothing else, under a request context of its own (channel
"worker"), so its audit rows say where they came from. Both are safe to run any number of
times at once: the scan delivers each reminder once (``services.reminders``), the outbox sends
each message at least once and marks it (``services.notifications``).
"""

from __future__ import annotations

import logging
import time

from django_tasks import TaskResult, TaskResultStatus, task

from fourpillars.services import checkpoints
from fourpillars.services.context import request_context
from fourpillars.services.exchange import outbox as exchange_outbox
from fourpillars.services.exchange.sending import BATCH, send_due
from fourpillars.services.notifications import send_pending_email
from fourpillars.services.reminders import scan_reminders

log = logging.getLogger(__name__)


@task()
def scan_reminders_task() -> dict[str, int]:
    """Remind every action due soon or overdue that has not been reminded, then send the
    e-mail the reminders put in the outbox."""
    with request_context("worker"):
        scanned = scan_reminders()
    sent = send_outbox_task.enqueue() if scanned.notifications else None
    return {
        "actions": scanned.actions,
        "notifications": scanned.notifications,
        "skipped": scanned.skipped,
        "send_queued": int(sent is not None),
    }


@task()
def send_outbox_task() -> dict[str, int]:
    """Send what waits in the e-mail outbox (older messages left by a stopped worker too)."""
    with request_context("worker"):
        result = send_pending_email()
    return {"sent": result.sent, "failed": result.failed}


# How long one sending task goes round before it asks for another and ends, so that the
# worker's other tasks (the reminder scan, e-mail) get their turn in a long backlog.
SENDING_FOR = 10.0  # seconds
# A task that sent something looks again every LOOK_EVERY seconds for up to LINGER seconds
# before it ends: under steady traffic the next messages are sent without waiting for the
# worker's poll (decision 0026); an idle worker soon stops looking.
LINGER = 1.0
LOOK_EVERY = 0.05


@task()
def send_exchange_task() -> dict[str, int]:
    """Send the cross-border messages that are due (decision 0020): each claimed by one
    worker, retried with backoff, a dead letter after the last attempt. Goes round again
    while messages are due, and for LINGER seconds after the last it found (those queued
    meanwhile are sent without another task; decision 0026), for up to SENDING_FOR seconds."""
    totals = {"delivered": 0, "failed": 0, "retried": 0, "dead": 0, "rounds": 0}
    started = last_found = time.monotonic()
    with request_context("worker"):
        while True:
            result = send_due(BATCH)
            totals["rounds"] += 1
            for name in ("delivered", "failed", "retried", "dead"):
                totals[name] += getattr(result, name)
            now = time.monotonic()
            if result.claimed and result.retried == result.claimed < BATCH:
                break  # only peers that did not answer, and nothing more due: backoffs wait
            if now - started >= SENDING_FOR:
                if result.claimed:  # more may be due: another task, after the others
                    send_exchange_task.enqueue()
                break
            if result.claimed:
                last_found = now
            elif now - last_found >= LINGER or not totals["delivered"] + totals["failed"]:
                break
            else:
                time.sleep(LOOK_EVERY)
    return totals


@task()
def audit_checkpoint_task() -> dict[str, object]:
    """Sign the audit trail as it stands and give the checkpoint to the witnesses (decision
    0027), unless nothing but checkpoint traffic was recorded since the last one. A log that
    does not extend the last checkpoint is reported (logged as an error), not signed."""
    try:
        with request_context("worker"):
            made = checkpoints.make_checkpoint(force=False)
    except checkpoints.CheckpointRefused as exc:
        log.error("no audit checkpoint made: %s", exc)
        return {"made": False, "refused": str(exc)}
    if made is None:
        return {"made": False}
    return {"made": True, "seq": made.checkpoint.seq, "count": made.checkpoint.count}


# The last sending task this process asked for. While it has not started, a commit that queued
# another message asks for no other: when it runs, it claims that message too. (At 50
# messages a second, a task per commit left the worker a thousand tasks with nothing to do;
# decision 0025.)
_asked: list[TaskResult[dict[str, int]]] = []


def _send_exchange_after_commit() -> None:
    if _asked:
        try:
            _asked[0].refresh()
        except Exception:  # gone from the queue (pruned): ask again
            _asked.clear()
        if _asked and _asked[0].status == TaskResultStatus.READY:
            return
    _asked[:] = [send_exchange_task.enqueue()]


# A commit that queued messages asks for them to be sent (services may not import jobs).
exchange_outbox.when_enqueued(_send_exchange_after_commit)
