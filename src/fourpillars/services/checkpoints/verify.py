"""Checking the audit trail against every checkpoint found (``fourpillars verify-audit``;
decision 0027): the hash chain from the first row to the chain head, then each checkpoint
and restore marker from the local file and every witness against the log and against each
other. The rows a signed, witnessed restore marker says were lost are reported, not failed."""

from __future__ import annotations

from dataclasses import dataclass, field

from fourpillars.domain.audit import ChainBreak
from fourpillars.domain.audit_checkpoints import (
    checkpoint_problems,
    log_problems,
    restore_reports,
    unwitnessed_restores,
)
from fourpillars.services.audit.trail import walk
from fourpillars.services.exchange import node

from . import witnesses


@dataclass
class TrailCheck:
    """What checking found: the rows walked, the chain's first break, how many checkpoints
    came from where, every problem (each a failure), notes (witnesses not reached) and the
    restores signed (``restores``: what each lost and why; not failures)."""

    rows: int
    broken: ChainBreak | None
    sources: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    restores: list[str] = field(default_factory=list)

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
    that fails. A restore marker excuses the rows it says were lost only when it is signed,
    follows the entry before it, the log agrees with it and, where witnesses are configured,
    a witness holds it. ``peers=False`` asks no peer node (no network); ``workers`` processes
    walk a long log at once (PostgreSQL)."""
    got = witnesses.gather(peers=peers)
    country = node.identity().country
    problems = got.problems + checkpoint_problems(got.found, country)
    unwitnessed, notes = unwitnessed_restores(got.found, got.asked)
    problems += unwitnessed
    good = [f.checkpoint for f in got.found if f.signed]
    walked = walk(frozenset(c.count for c in good), workers=workers)
    if walked.linked:  # every row read and linked: each checkpoint can be held against them
        problems += log_problems(good, walked.rows, walked.hashes)
    return TrailCheck(
        walked.rows,
        walked.broken,
        got.sources,
        problems,
        got.notes + notes,
        restore_reports(c for c in good if c.node == country),
    )
