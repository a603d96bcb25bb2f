"""Reads of RoSH assessments, instrument results and level decisions, and the lookups the
writes share.

Every read of an assessment is a consultation and is audited like the case it belongs to.
Re-exported by ``services/assessments.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.assessments.models import Factor, InstrumentResult, LevelDecision, RoshAssessment
from fourpillars.db import sql_rows
from fourpillars.domain import exports, rosh
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification
from fourpillars.domain.exports import Export
from fourpillars.domain.instruments import rsr_data
from fourpillars.domain.instruments.prefill import (
    ConvictionFact,
    RegisterFacts,
    prefill,
    prefill_notes,
)
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import (
    allowed,
    record_on_case,
    require,
)
from fourpillars.services.cases.reads import consult_case_records
from fourpillars.services.errors import Forbidden
from fourpillars.services.exchange_received.facts import usable_foreign_convictions

if TYPE_CHECKING:
    from collections.abc import Mapping

# --- reading --------------------------------------------------------------------------


def assessment_target(a: RoshAssessment) -> audit.Target:
    return audit.Target("rosh_assessment", str(a.pk), a.case_id, a.case.person_id)


def find_assessment(
    actor: User,
    assessment_id: object,
    *,
    manage: bool,
    permission: Permission = Permission.MANAGE_CASE,
) -> RoshAssessment:
    """The assessment if its case is visible (404 otherwise); with ``manage``, locked for the
    change and Forbidden unless the actor may ``permission`` it."""
    found: RoshAssessment = record_on_case(
        actor, RoshAssessment.objects.all(), assessment_id, manage=manage, permission=permission
    )
    return found


def consult_assessment(
    *, actor: User, assessment_id: object, justification: Justification | None
) -> RoshAssessment:
    with transaction.atomic():
        a = find_assessment(actor, assessment_id, manage=False)
        audit.consultation(
            actor=actor,
            case=a.case,
            justification=justification,
            action="view_rosh_assessment",
            target=assessment_target(a),
        )
        return a


def export_summary(
    *, actor: User, assessment_id: object, justification: Justification | None
) -> tuple[RoshAssessment, Export]:
    """The assessment for its one-page PDF summary, and the download's own audit row (a
    disclosure to the reader, [DPA-2018] s.62; outside the lead agency the purpose first)."""
    with transaction.atomic():
        a = find_assessment(actor, assessment_id, manage=False)
        export = exports.rosh_summary_pdf(a.case.reference, a.pk)
        audit.export(
            actor=actor,
            export=export,
            target=assessment_target(a),
            case=a.case,
            justification=justification,
        )
        return a, export


def list_assessments(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[RoshAssessment]]:
    """Every RoSH assessment of the case, newest first: one audited consultation of the case."""
    return consult_case_records(
        actor=actor,
        case_id=case_id,
        justification=justification,
        action="list_rosh_assessments",
        load=lambda case: case.rosh_assessments.select_related("author", "countersigned_by"),
    )


def current_assessment(case: Case) -> RoshAssessment | None:
    return case.rosh_assessments.filter(is_current=True).first()


@dataclass(frozen=True)
class HistoryPoint:
    """One point of the chart on the case page: a scored instrument at a date."""

    instrument: str
    at: dt.date
    band: str
    score: float | None
    p2: float | None


HISTORY_LIMIT = 500
DRAFT, SUBMITTED = rosh.Status.DRAFT, rosh.Status.SUBMITTED


def history(case: Case) -> list[HistoryPoint]:
    """Bands and probabilities over time, from results attached to submitted assessments
    (or to none), oldest first; one hand-written query (``sql_rows``)."""
    results, assessments = InstrumentResult._meta.db_table, RoshAssessment._meta.db_table
    rows = sql_rows.values(
        'SELECT r."instrument", r."scored_at", r."band", r."score", r."probability_2y" '
        f'FROM "{results}" r LEFT JOIN "{assessments}" a ON a."id" = r."assessment_id" '
        f"""WHERE r."case_id" = %s AND (a."id" IS NULL OR a."status" <> '{DRAFT}') """
        'ORDER BY r."scored_at" ASC, r."id" ASC LIMIT %s',
        [case.pk, HISTORY_LIMIT],
        InstrumentResult,
        "instrument",
        "scored_at",
        "band",
        "score",
        "probability_2y",
    )
    return [HistoryPoint(i, at.date(), b, s, p) for i, at, b, s, p in rows]


def as_document(a: RoshAssessment) -> dict[str, Any]:
    """The assessment as the JSON document the API answers and a draft save accepts."""
    factors = list(a.factors.all())
    return {
        "assessment_date": a.assessment_date.isoformat() if a.assessment_date else None,
        "in_custody": a.in_custody,
        "screening": {
            "triggers": list(a.screening_triggers),
            "sentence_months": a.sentence_months,
            "full_analysis": a.full_analysis,
            "exemption_reason": a.exemption_reason,
        },
        "ratings": a.ratings,
        "summary": a.summary,
        "formulation": a.formulation,
        "judgement_reason": a.judgement_reason,
        "risk_factors": [_factor_doc(f) for f in factors if f.kind == rosh.FactorKind.RISK],
        "protective_factors": [
            _factor_doc(f) for f in factors if f.kind == rosh.FactorKind.PROTECTIVE
        ],
        "scenarios": [
            {
                "id": s.ident,
                "kind": s.kind,
                "description": s.description,
                "victims": s.victims,
                "harm": s.harm,
                "likelihood": s.likelihood,
                "imminence": s.imminence,
                "warning_signs": s.warning_signs,
            }
            for s in a.scenarios.all()
        ],
    }


def _factor_doc(f: Factor) -> dict[str, str]:
    return {"id": f.ident, "text": f.text, "evidence": f.evidence, "source_agency": f.source_agency}


# --- register facts -> instrument inputs ---------------------------------------------------


def register_facts(case: Case) -> RegisterFacts:
    """The person's facts the predictors read: their convictions here and, once matched, the
    convictions other states notified whose purpose allows risk management (decision 0023)."""
    person = case.person
    here = [ConvictionFact(c.date, c.ecris_code) for c in person.convictions.all()]
    abroad = [ConvictionFact(d, code) for d, code in usable_foreign_convictions(person.pk)]
    return RegisterFacts(
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        convictions=sorted([*here, *abroad], key=lambda c: c.date),
    )


def instrument_prefill(case: Case, code: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Inputs from the register, each with its source; for RSR also the dynamic items (and
    past-offence flags) last answered on one of the case's assessments."""
    inputs, sources = prefill(code, register_facts(case), timezone.localdate())
    if code == "rsr":
        carried = _earlier_dynamic_items(case)
        if carried is not None:
            answers, where = carried
            for name, value in answers.items():
                if name not in inputs:
                    inputs[name] = value
                    sources[name] = where
    return inputs, sources


def instrument_prefill_notes(case: Case, code: str) -> tuple[str, ...]:
    """What the pre-fill of ``code`` left for the practitioner, and why (RSR's dynamic items,
    an offence category the register cannot map)."""
    carried = _earlier_dynamic_items(case) if code == "rsr" else None
    return prefill_notes(code, register_facts(case), carried[1] if carried else None)


RSR_CARRIED = (*rsr_data.DYNAMIC_FIELDS, *rsr_data.PAST_FIELDS)


def _earlier_dynamic_items(case: Case) -> tuple[dict[str, Any], str] | None:
    """The dynamic items and past-offence flags of the latest RSR scored on one of the case's
    assessments with every dynamic item answered, and where they came from; None if none."""
    rows = InstrumentResult.objects.filter(
        case=case, instrument="rsr", assessment__isnull=False
    ).order_by("-scored_at", "-id")[:20]
    for r in rows:
        given = r.inputs if isinstance(r.inputs, dict) else {}
        if all(given.get(f) not in (None, "") for f in rsr_data.DYNAMIC_FIELDS):
            answers = {f: given[f] for f in RSR_CARRIED if given.get(f) not in (None, "")}
            return (
                answers,
                f"the RSR scored on {r.scored_at:%-d %B %Y} (assessment {r.assessment_id})",
            )
    return None


def latest_results(a: RoshAssessment) -> list[InstrumentResult]:
    """The most recent result per instrument attached to the assessment."""
    latest: dict[str, InstrumentResult] = {}
    for r in a.instrument_results.order_by("scored_at", "id"):
        latest[r.instrument] = r
    return list(latest.values())


def can_countersign(actor: User, a: RoshAssessment) -> bool:
    """A submitted assessment, and the policy lets the actor countersign it (who: the
    policy's rule; when: only once submitted)."""
    return a.status == rosh.Status.SUBMITTED and allowed(
        actor, Permission.COUNTERSIGN_ASSESSMENT, a
    )


def assessments_waiting_for(actor: User) -> list[RoshAssessment]:
    """Submitted assessments waiting for the actor's countersignature, oldest first: on the
    cases they manage (``Case.objects.restrict``), needing one and not yet countersigned,
    that the policy lets them countersign (a line manager, not the author). Read by the
    caseload home."""
    cases = Case.objects.restrict(actor, Permission.MANAGE_CASE).filter(
        pk__in=Case.objects.visible_to(actor).values("pk")
    )
    waiting = (
        RoshAssessment.objects.filter(
            status=rosh.Status.SUBMITTED,
            needs_countersignature=True,
            countersigned_at__isnull=True,
            case__in=cases.values("pk"),
        )
        .select_related("case", "case__person", "author")
        .order_by("submitted_at", "pk")
    )
    return [a for a in waiting if can_countersign(actor, a)]


def indicate_level(case: Case, flags: Mapping[str, bool]) -> rosh.LevelIndication:
    current = current_assessment(case)
    return rosh.indicate_level(current.overall if current else None, flags)


def level_decisions(case: Case) -> QuerySet[LevelDecision]:
    return case.level_decisions.select_related("decided_by")


# --- reads for the web screens -------------------------------------------------------------


def assessment_case_id(actor: User, assessment_id: object) -> int:
    """The case an assessment belongs to, if the actor may see it (NotFound otherwise); used to
    ask for the purpose of a consultation before showing it."""
    return find_assessment(actor, assessment_id, manage=False).case_id


def consult_for_edit(
    *,
    actor: User,
    assessment_id: object,
    justification: Justification | None,
    countersign: bool = False,
) -> RoshAssessment:
    """The content behind a change screen (draft form, instrument form, countersignature).

    Missing or hidden: NotFound; visible but not the actor's to change (or, for
    ``countersign``, not theirs to countersign): Forbidden; then the screen is a consultation
    and is audited like ``consult_assessment``.
    """
    with transaction.atomic():
        a = find_assessment(actor, assessment_id, manage=False)
        if countersign:
            require(actor, Permission.COUNTERSIGN_ASSESSMENT, a)
            if a.status != "submitted":
                raise Forbidden("Only a submitted assessment is countersigned.")
        else:
            require(actor, Permission.MANAGE_CASE, a)
        audit.consultation(
            actor=actor,
            case=a.case,
            justification=justification,
            action="view_rosh_assessment",
            target=assessment_target(a),
        )
        return a


def screening_of(a: RoshAssessment) -> rosh.Screening:
    """The assessment's screening: its register and behaviour triggers, and the latest result
    of each attached predictor read against the screening policy's thresholds."""
    predictors = tuple(rosh.PredictorResult(r.instrument, r.band) for r in latest_results(a))
    return rosh.screen(a.screening_triggers, a.sentence_months, predictors)


@dataclass(frozen=True)
class CaseRosh:
    """What the case page shows about risk of serious harm, read in three queries."""

    current: RoshAssessment | None
    draft: RoshAssessment | None
    awaiting: list[RoshAssessment]  # submitted, waiting for a countersignature
    history: list[HistoryPoint]
    decision: LevelDecision | None


CASE_ROSH_ROWS = 20


@dataclass(frozen=True)
class OpenAssessments:
    """The case's assessment in force, its open draft and those awaiting countersignature."""

    current: RoshAssessment | None
    draft: RoshAssessment | None
    awaiting: list[RoshAssessment]


def open_assessments(case: Case) -> OpenAssessments:
    """The assessment in force, the open draft and those awaiting countersignature, with their
    authors: one hand-written query whatever the data size (``sql_rows``)."""
    rows = sql_rows.joined(
        RoshAssessment,
        "ra",
        f"""ra."case_id" = %s AND (ra."is_current" OR ra."status" IN ('{DRAFT}', '{SUBMITTED}'))""",
        [case.pk, CASE_ROSH_ROWS],
        related={"author": "au", "author_agency": "ag", "countersigned_by": "cs"},
        fixed={"case": case},
        tail=f"ORDER BY {sql_rows.order_by(RoshAssessment, 'ra')} LIMIT %s",
    )
    current = next((x for x in rows if x.is_current), None)
    draft = next((x for x in rows if x.status == rosh.Status.DRAFT), None)
    return OpenAssessments(current, draft, [x for x in rows if x.awaiting_countersignature])


def latest_level_decision(case: Case) -> LevelDecision | None:
    """The case's latest level decision with who made it, in one query."""
    decisions = sql_rows.joined(
        LevelDecision,
        "ld",
        'ld."case_id" = %s',
        [case.pk],
        related={"decided_by": "db"},
        fixed={"case": case},
        tail=f"ORDER BY {sql_rows.order_by(LevelDecision, 'ld')} LIMIT 1",
    )
    return decisions[0] if decisions else None


def case_rosh(case: Case, opened: OpenAssessments | None = None) -> CaseRosh:
    """The current assessment, the open draft, those awaiting countersignature, the chart
    history and the latest level decision: three hand-written queries whatever the data size
    (``sql_rows``), answering the same instances the ORM would; two when ``opened`` is
    already read."""
    found = opened if opened is not None else open_assessments(case)
    return CaseRosh(
        found.current, found.draft, found.awaiting, history(case), latest_level_decision(case)
    )
