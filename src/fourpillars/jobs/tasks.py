"""The worker's tasks, on Django's tasks framework (the django-tasks backport; decision 0017).

Each task calls the services, nothing else, under a request context of its own (channel
"worker"), so its audit rows say where they came from. Both are safe to run any number of
times at once: the scan delivers each reminder once (``services.reminders``), the outbox sends
each message at least once and marks it (``services.notifications``).
"""

from __future__ import annotations

import logging

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


@task()
def send_exchange_task() -> dict[str, int]:
    """Send the cross-border messages that are due (decision 0020): each claimed by one
    worker, retried with backoff, a dead letter after the last attempt."""
    with request_context("worker"):
        result = send_due(BATCH)
    if result.claimed >= BATCH:  # a full batch: more may be due (a backlog); go round again
        send_exchange_task.enqueue()
    return {
        "delivered": result.delivered,
        "failed": result.failed,
        "retried": result.retried,
        "dead": result.dead,
    }


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
