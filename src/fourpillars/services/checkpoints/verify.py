"""Checking the audit trail against every checkpoint found (``fourpillars verify-audit``;
decision 0027): the hash chain from the first row to the chain head, then each checkpoint
from the local file and every witness against the log and against each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from fourpillars.domain.audit import ChainBreak
from fourpillars.domain.audit_checkpoints import checkpoint_problems, log_problems
from fourpillars.services.audit.trail import walk
from fourpillars.services.exchange import node

from . import witnesses


@dataclass
class TrailCheck:
    """What checking found: the rows walked, the chain's first break, how many checkpoints
    came from where, every problem (each a failure) and notes (witnesses not reached)."""

    rows: int
    broken: ChainBreak | None
    sources: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.problems

    @property
    def checkpoints(self) -> int:
        return sum(self.sources.values())


def check_trail(*, peers: bool = True, workers: int = 1) -> TrailCheck:
    """Walk the chain once, keeping the hashes of the rows checkpoints signed, and hold every
    checkpoint against the log: shorter than one (rows removed), another hash at its row
    (rewritten), a number missing, two different checkpoints with one number, a signature
    that fails. ``peers=False`` asks no peer node (no network); ``workers`` processes walk a
    long log at once (PostgreSQL)."""
    got = witnesses.gather(peers=peers)
    problems = got.problems + checkpoint_problems(got.found, node.identity().country)
    good = [f.checkpoint for f in got.found if f.signed]
    walked = walk(frozenset(c.count for c in good), workers=workers)
    if walked.linked:  # every row read and linked: each checkpoint can be held against them
        problems += log_problems(good, walked.rows, walked.hashes)
    return TrailCheck(walked.rows, walked.broken, got.sources, problems, got.notes)
