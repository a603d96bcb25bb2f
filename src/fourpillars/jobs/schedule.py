"""The scheduler tick beside the task worker: every ``FOURPILLARS_SCAN_SECONDS`` it enqueues
the reminder scan (and the outbox, for messages a stopped worker left), unless the last scan
it enqueued has not started yet (a slow queue gets no pile of scans), and an audit checkpoint
when ``FOURPILLARS_AUDIT_CHECKPOINT_SECONDS`` have passed since the last (decision 0027). It
also ends the worker when the process that started it has gone (``fourpillars serve
--worker``), so stopping the demo stops both."""

from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Any

from django.db import close_old_connections, connections

log = logging.getLogger(__name__)
POLL = 1.0  # seconds between looks at the parent process


class Tick:
    """A daemon thread: enqueue the scan now and every ``seconds`` until stopped."""

    def __init__(self, seconds: float, parent_pid: int | None = None) -> None:
        self.seconds = seconds
        self.parent_pid = parent_pid
        self.stopped = threading.Event()
        self.pending: Any = None
        self.checkpointing: Any = None
        self.enqueued = 0
        self.thread = threading.Thread(target=self.run, name="fourpillars-scheduler", daemon=True)

    def start(self) -> Tick:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()

    def parent_gone(self) -> bool:
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def once(self) -> bool:
        """Enqueue a scan unless the last one is still waiting; True when one was enqueued."""
        from fourpillars.jobs.tasks import (
            scan_reminders_task,
            send_exchange_task,
            send_outbox_task,
        )

        close_old_connections()
        self.checkpoint()
        if self.pending is not None and not self.pending.is_finished:
            self.pending.refresh()  # (a backend that runs tasks at once has finished them)
            if not self.pending.is_finished and self.pending.started_at is None:
                return False
        self.pending = scan_reminders_task.enqueue()
        send_exchange_task.enqueue()  # messages whose backoff has run out
        if self.enqueued == 0:
            send_outbox_task.enqueue()  # whatever a stopped worker left in the outbox
        self.enqueued += 1
        return True

    def checkpoint(self) -> bool:
        """Enqueue an audit checkpoint when one is due (decision 0027) and the last one this
        tick enqueued has finished; True when one was enqueued."""
        from fourpillars.jobs.tasks import audit_checkpoint_task
        from fourpillars.services.checkpoints import checkpoint_due

        if self.checkpointing is not None and not self.checkpointing.is_finished:
            self.checkpointing.refresh()
            if not self.checkpointing.is_finished:
                return False
        if not checkpoint_due():
            return False
        self.checkpointing = audit_checkpoint_task.enqueue()
        return True

    def run(self) -> None:
        """Enqueue at once, then every ``seconds``; look for the parent every second."""
        waited = self.seconds
        try:
            while not self.stopped.is_set():
                if self.parent_gone():
                    log.warning("the server that started this worker has gone: stopping")
                    os.kill(os.getpid(), signal.SIGTERM)
                    return
                if waited >= self.seconds:
                    waited = 0.0
                    try:
                        self.once()
                    except Exception:  # the database away for a moment: try again next tick
                        log.exception("could not enqueue the reminder scan")
                self.stopped.wait(POLL)
                waited += POLL
        finally:
            connections.close_all()
