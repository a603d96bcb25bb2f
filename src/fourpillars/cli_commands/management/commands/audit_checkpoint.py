"""``fourpillars audit-checkpoint``: sign the audit trail as it stands now (decision 0027).

Appends a checkpoint (number, row count, last hash, time, signed with the node's Ed25519 key)
to the checkpoint file outside the database and gives it to the witnesses: the peer nodes, the
witness file, the witness database. Exit 1 naming the problem when the log does not extend the
last checkpoint (rows removed or rewritten since): nothing is signed then. The worker makes one
every ``FOURPILLARS_AUDIT_CHECKPOINT_SECONDS`` as well.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fourpillars.services import checkpoints
from fourpillars.services.context import request_context


class Command(BaseCommand):
    help = (
        "Sign the audit trail's row count and last hash, keep the checkpoint in the checkpoint "
        "file and give it to the witnesses. Exits 1 when the log does not extend the last one."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with request_context("cli"):
                made = checkpoints.make_checkpoint(force=True, workers=min(4, os.cpu_count() or 1))
        except checkpoints.CheckpointRefused as exc:
            raise CommandError(f"no checkpoint made: {exc}", returncode=1) from None
        assert made is not None
        cp = made.checkpoint
        self.stdout.write(
            f"checkpoint {cp.seq}: {cp.count} rows, last hash {cp.head}, at {cp.at}, "
            f"kept in {checkpoints.checkpoint_file()}"
        )
        for line in made.witnesses:
            self.stdout.write(f"  {line}")
