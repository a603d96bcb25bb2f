"""Signed checkpoints of the audit trail and their witnesses (decision 0027).

``make_checkpoint`` signs the log's row count and last hash and gives the checkpoint to the
witnesses; ``mark_restore`` signs a restore marker over a log restored from a backup;
``check_trail`` holds the log against every checkpoint and marker found; ``witnessing`` is the
other side, a peer node keeping the checkpoints other nodes send it and giving them back."""

from __future__ import annotations

from .files import checkpoint_file
from .making import (
    CheckpointRefused,
    Made,
    checkpoint_due,
    make_checkpoint,
    mark_restore,
    set_aside_for_a_new_log,
)
from .verify import TrailCheck, check_trail

__all__ = [
    "CheckpointRefused",
    "Made",
    "TrailCheck",
    "check_trail",
    "checkpoint_due",
    "checkpoint_file",
    "make_checkpoint",
    "mark_restore",
    "set_aside_for_a_new_log",
]
