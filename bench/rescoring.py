"""Rescoring the whole register with OGRS3: how long it takes to
score every case from the facts the register already holds.

Two streamed queries, read in step (a merge on person id): every case with its person's date
of birth and sex, ordered by person; every conviction (date, ECRIS code), ordered by person.
Each case's facts go through ``instruments.prefill`` (as the prefill route does) with one
fixed assessment date for the whole run; the offence category, which the register cannot
give, is derived: 3 (sexual offence, victim not a child) when a conviction on the latest
conviction date has an ECRIS 10xx code, else 19 (any other offence). Then ``score``.

Nothing is written to the database: the bands are only counted.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fourpillars.domain import instruments
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.instruments.prefill import ConvictionFact, RegisterFacts, prefill
from fourpillars.register.models import Case, Conviction

CHUNK = 5000
SEXUAL_CATEGORY = 3  # OGRS3: sexual offence, victim not a child
OTHER_CATEGORY = 19  # OGRS3: any other offence
Say = Callable[[str], None]


def offence_category(convictions: Sequence[ConvictionFact]) -> int:
    """3 when a conviction on the latest date is sexual (ECRIS 10xx), else 19."""
    if not convictions:
        return OTHER_CATEGORY
    latest = max(c.date for c in convictions)
    current = [c for c in convictions if c.date == latest]
    return SEXUAL_CATEGORY if any(c.sexual for c in current) else OTHER_CATEGORY


def ogrs3_inputs(facts: RegisterFacts, assessed: dt.date) -> dict[str, Any]:
    """The OGRS3 input of one person: the register prefill plus the derived category."""
    inputs, _ = prefill("ogrs3", facts, assessed)
    inputs["offence_category"] = offence_category(facts.convictions)
    return inputs


@dataclass
class Rescore:
    assessment_date: dt.date
    cases: int = 0
    scored: int = 0
    seconds: float = 0.0
    scoring_seconds: float = 0.0  # of which building inputs and scoring (no database)
    queries: int = 0  # SELECT statements
    bands: Counter[str] = field(default_factory=Counter)
    not_scored: Counter[str] = field(default_factory=Counter)  # refused field(s) -> cases

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "instrument": "ogrs3",
            "assessment_date": self.assessment_date.isoformat(),
            "offence_category": "3 if a conviction on the latest date is ECRIS 10xx, else 19",
            "cases": self.cases,
            "scored": self.scored,
            "seconds": round(self.seconds, 2),
            "scoring_seconds": round(self.scoring_seconds, 2),
            "cases_per_second": round(self.per_second, 1),
            "queries": self.queries,
            "bands": dict(sorted(self.bands.items())),
            "not_scored": dict(self.not_scored.most_common()),
            "written_to_database": False,
        }


Row = tuple[int, dt.date | None, str]  # person id, date of birth, sex


def merge_facts(
    cases: Iterator[Row], convictions: Iterator[tuple[int, dt.date, str]]
) -> Iterator[RegisterFacts]:
    """One RegisterFacts per case: both streams are ordered by person id."""
    pending = next(convictions, None)
    last_pid: int | None = None
    facts: RegisterFacts | None = None
    for pid, dob, sex in cases:
        if pid != last_pid or facts is None:
            own: list[ConvictionFact] = []
            while pending is not None and pending[0] < pid:
                pending = next(convictions, None)
            while pending is not None and pending[0] == pid:
                own.append(ConvictionFact(pending[1], pending[2]))
                pending = next(convictions, None)
            facts, last_pid = RegisterFacts(dob, sex, tuple(own)), pid
        yield facts


def rescore(assessed: dt.date, chunk: int = CHUNK) -> Rescore:
    """Score every case of the register with OGRS3 as of ``assessed``; writes nothing."""
    out = Rescore(assessed)
    score = instruments.score
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        cases = (
            Case.objects.order_by("person_id", "id")
            .values_list("person_id", "person__date_of_birth", "person__sex")
            .iterator(chunk_size=chunk)
        )
        convictions = (
            Conviction.objects.order_by("person_id", "date", "id")
            .values_list("person_id", "date", "ecris_code")
            .iterator(chunk_size=chunk)
        )
        for facts in merge_facts(cases, convictions):
            began = time.perf_counter()
            out.cases += 1
            try:
                result = score("ogrs3", ogrs3_inputs(facts, assessed))
            except DomainValidationError as exc:
                out.not_scored[", ".join(sorted({e.field for e in exc.errors}))] += 1
            else:
                out.scored += 1
                out.bands[result.band or "none"] += 1
            out.scoring_seconds += time.perf_counter() - began
        transaction.set_rollback(True)  # read only: nothing to keep
    out.seconds = time.perf_counter() - started
    out.queries = sum(q["sql"].lstrip().upper().startswith("SELECT") for q in ctx.captured_queries)
    return out


def run(assessed: dt.date, say: Say | None = None) -> Rescore:
    result = rescore(assessed)
    if say:
        bands = ", ".join(f"{band} {n:,}" for band, n in sorted(result.bands.items()))
        say(
            f"  {result.cases:,} cases in {result.seconds:.1f} s "
            f"({result.per_second:,.0f} cases/s); bands: {bands or '-'}"
        )
    return result
