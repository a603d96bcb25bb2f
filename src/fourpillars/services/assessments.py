"""Use cases for Risk of Serious Harm assessments, instrument results and level decisions.

Every state change runs in one transaction with its audit row; every read of an assessment
is a consultation and is audited like the case it belongs to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from fourpillars.assessments.models import (
    Factor,
    InstrumentResult,
    LevelDecision,
    RoshAssessment,
    Scenario,
)
from fourpillars.domain import access, rosh
from fourpillars.domain import instruments as instrument_rules
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import DomainValidationError, EditConflict, FieldError
from fourpillars.domain.instruments.prefill import ConvictionFact, RegisterFacts, prefill
from fourpillars.domain.mappa import MappaLevel as Level
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.register.models import Case

from . import audit
from .access import (
    case_facts,
    manageable_case,
    record_on_case,
    require_justification,
    visible_case,
)
from .errors import Forbidden, NotFound

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fourpillars.accounts.models import User

# Instruments that can be attached to a RoSH assessment (SPJ guides and structured records too).
ATTACHABLE = tuple(instrument_rules.REGISTRY)


# --- reading --------------------------------------------------------------------------


def _target(a: RoshAssessment) -> audit.Target:
    return audit.Target("rosh_assessment", str(a.pk), a.case_id, a.case.person_id)


def _assessment(actor: User, assessment_id: object, *, manage: bool) -> RoshAssessment:
    """The assessment if its case is visible (and manageable when ``manage``); 404 otherwise."""
    found: RoshAssessment = record_on_case(
        actor, RoshAssessment.objects.all(), assessment_id, manage=manage
    )
    return found


_check_justification = require_justification


def consult_assessment(
    *, actor: User, assessment_id: object, justification: Justification | None
) -> RoshAssessment:
    with transaction.atomic():
        a = _assessment(actor, assessment_id, manage=False)
        _check_justification(actor, a.case, justification)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_rosh_assessment",
            target=_target(a),
            justification=justification,
        )
        return a


def list_assessments(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[RoshAssessment]]:
    with transaction.atomic():
        case = visible_case(actor, case_id)
        _check_justification(actor, case, justification)
        rows = list(case.rosh_assessments.select_related("author", "countersigned_by"))
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_rosh_assessments",
            target=audit.Target("case", str(case.pk), case.pk, case.person_id),
            justification=justification,
            record_ids=[a.pk for a in rows],
        )
        return case, rows


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


def history(case: Case) -> list[HistoryPoint]:
    """Bands and probabilities over time, from results attached to submitted assessments."""
    rows = (
        InstrumentResult.objects.filter(case=case)
        .exclude(assessment__status="draft")
        .order_by("scored_at", "id")
        .values_list("instrument", "scored_at", "band", "score", "probability_2y")[:500]
    )
    return [HistoryPoint(i, at.date(), b, s, p) for i, at, b, s, p in rows]


def as_document(a: RoshAssessment) -> dict[str, Any]:
    """The assessment as the JSON document the API answers and a draft save accepts."""
    factors = list(a.factors.all())
    return {
        "assessment_date": a.assessment_date.isoformat() if a.assessment_date else None,
        "screening": {"triggers": list(a.screening_triggers), "sentence_months": a.sentence_months},
        "ratings": a.ratings,
        "summary": a.summary,
        "formulation": a.formulation,
        "judgement_reason": a.judgement_reason,
        "risk_factors": [_factor_doc(f) for f in factors if f.kind == Factor.RISK],
        "protective_factors": [_factor_doc(f) for f in factors if f.kind == Factor.PROTECTIVE],
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
    person = case.person
    return RegisterFacts(
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        convictions=[
            ConvictionFact(c.date, c.ecris_code) for c in person.convictions.all().order_by("date")
        ],
    )


def instrument_prefill(case: Case, code: str) -> tuple[dict[str, Any], dict[str, str]]:
    return prefill(code, register_facts(case), timezone.localdate())


# --- writing --------------------------------------------------------------------------


def _derive(a: RoshAssessment) -> rosh.Departure:
    results = [rosh.InstrumentBand(r.instrument, r.band) for r in _latest_results(a)]
    departure = rosh.compare_with_instruments(a.overall or None, results)
    a.indicated = departure.indicated or ""
    a.departure = departure.direction
    a.needs_countersignature = departure.needs_countersignature
    return departure


def _latest_results(a: RoshAssessment) -> list[InstrumentResult]:
    """The most recent result per instrument attached to the assessment."""
    latest: dict[str, InstrumentResult] = {}
    for r in a.instrument_results.order_by("scored_at", "id"):
        latest[r.instrument] = r
    return list(latest.values())


def _snapshot(a: RoshAssessment) -> dict[str, Any]:
    doc = as_document(a)
    doc["overall"] = a.overall
    doc["status"] = a.status
    return doc


def start_assessment(*, actor: User, case_id: object) -> RoshAssessment:
    """Open a draft (or return the open one), starting from the current assessment's content
    so that factor and scenario identifiers carry over and plans keep their links."""
    with transaction.atomic():
        case = manageable_case(actor, case_id)
        draft = case.rosh_assessments.filter(status="draft").first()
        if draft is not None:
            return draft
        previous = current_assessment(case)
        triggers: set[str] = set()
        for c in case.person.convictions.all():
            t = rosh.triggers_for_ecris(c.ecris_code)
            if t:
                triggers.add(t)
        if previous is not None and previous.overall in ("high", "very_high"):
            triggers.add("previous_high")
        a = RoshAssessment.objects.create(
            case=case,
            status="draft",
            author=actor,
            author_agency=actor.agency,
            rules_version=rosh.RULES_VERSION,
            assessment_date=timezone.localdate(),
            screening_triggers=sorted(triggers),
            sentence_months=previous.sentence_months if previous else case.custody_months,
            ratings=previous.ratings if previous else {},
            summary=previous.summary if previous else {},
            formulation=previous.formulation if previous else "",
        )
        if previous is not None:
            for f in previous.factors.all():
                Factor.objects.create(
                    assessment=a,
                    kind=f.kind,
                    ident=f.ident,
                    position=f.position,
                    text=f.text,
                    evidence=f.evidence,
                    source_agency=f.source_agency,
                )
            for s in previous.scenarios.all():
                s.pk = None
                s.assessment = a
                s.save()
        screening = rosh.screen(a.screening_triggers, a.sentence_months)
        a.full_analysis_required = screening.full_analysis_required
        a.overall = rosh.highest(v for g in a.ratings.values() for v in g.values()) or ""
        a.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="start_rosh_assessment",
            target=_target(a),
            after={
                "status": "draft",
                "based_on": previous.pk if previous else None,
                "screening_triggers": a.screening_triggers,
                "version": a.version,
            },
        )
        return a


def _check_version(a: RoshAssessment, expected_version: int | None) -> None:
    if expected_version is not None and a.version != expected_version:
        raise EditConflict(
            audit.fields_changed_since("rosh_assessment", a.pk, expected_version), a.version
        )


def _require_draft(a: RoshAssessment) -> None:
    if a.status != "draft":
        raise DomainValidationError.single(
            "status",
            f"this assessment is {a.status}; only a draft can be changed (start a new one)",
        )


def save_draft(
    *,
    actor: User,
    assessment_id: object,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> RoshAssessment:
    """Replace the draft's content with ``data`` (a whole or partial document)."""
    with transaction.atomic():
        a = _assessment(actor, assessment_id, manage=True)
        _require_draft(a)
        _check_version(a, expected_version)
        merged = {**as_document(a), **dict(data)}
        doc = rosh.clean_assessment(merged, timezone.localdate())
        before = _snapshot(a)
        a.assessment_date = doc.assessment_date
        a.screening_triggers = list(doc.screening_triggers)
        a.sentence_months = doc.sentence_months
        a.full_analysis_required = doc.screening().full_analysis_required
        a.ratings = doc.ratings
        a.overall = doc.overall or ""
        a.summary = doc.summary
        a.formulation = doc.formulation
        a.judgement_reason = doc.judgement_reason
        a.factors.all().delete()
        Factor.objects.bulk_create(
            [
                Factor(
                    assessment=a,
                    kind=kind,
                    ident=f.ident,
                    position=i,
                    text=f.text,
                    evidence=f.evidence,
                    source_agency=f.source_agency,
                )
                for kind, rows in (
                    (Factor.RISK, doc.risk_factors),
                    (Factor.PROTECTIVE, doc.protective_factors),
                )
                for i, f in enumerate(rows)
            ]
        )
        a.scenarios.all().delete()
        Scenario.objects.bulk_create(
            [
                Scenario(
                    assessment=a,
                    ident=s.ident,
                    position=i,
                    kind=s.kind,
                    description=s.description,
                    victims=s.victims,
                    harm=s.harm,
                    likelihood=s.likelihood,
                    imminence=s.imminence,
                    warning_signs=s.warning_signs,
                )
                for i, s in enumerate(doc.scenarios)
            ]
        )
        _derive(a)
        a.version += 1
        a.updated_at = timezone.now()
        a.save()
        after = _snapshot(a)
        changed = [k for k in after if after[k] != before.get(k)]
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="save_rosh_draft",
            target=_target(a),
            before={k: before.get(k) for k in changed},
            after={**{k: after[k] for k in changed}, "version": a.version},
        )
        return a


def score_instrument(
    *, actor: User, assessment_id: object, code: str, payload: Mapping[str, Any]
) -> InstrumentResult:
    """Score an instrument and attach the result (with its inputs and version) to a draft."""
    with transaction.atomic():
        a = _assessment(actor, assessment_id, manage=True)
        _require_draft(a)
        result = instrument_rules.score(code, payload)
        _, from_register = instrument_prefill(a.case, code)
        used = {k: v for k, v in from_register.items() if k in payload}
        probabilities = dict(result.probabilities)
        row = InstrumentResult.objects.create(
            case=a.case,
            assessment=a,
            instrument=result.instrument,
            instrument_version=result.version,
            inputs=dict(payload),
            from_register=used,
            result=result.as_dict(),
            score=float(result.score) if result.score is not None else None,
            band=result.band or "",
            probability_1y=probabilities.get("1y"),
            probability_2y=probabilities.get("2y"),
            scored_by=actor,
        )
        _derive(a)
        a.version += 1
        a.updated_at = timezone.now()
        a.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="score_instrument",
            target=_target(a),
            after={
                "instrument": result.instrument,
                "instrument_version": result.version,
                "result_id": row.pk,
                "score": result.score,
                "band": result.band,
                "version": a.version,
            },
        )
        return row


def remove_instrument_result(*, actor: User, assessment_id: object, result_id: object) -> None:
    with transaction.atomic():
        a = _assessment(actor, assessment_id, manage=True)
        _require_draft(a)
        row = a.instrument_results.filter(pk=_int(result_id)).first()
        if row is None:
            raise NotFound()
        before = {"instrument": row.instrument, "score": row.score, "band": row.band}
        row.delete()
        _derive(a)
        a.version += 1
        a.save()
        audit.record(
            actor=actor,
            operation=Operation.ERASURE,
            action="remove_instrument_result",
            target=_target(a),
            before=before,
            after={"version": a.version},
        )


def _int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise NotFound() from None


def _make_current(a: RoshAssessment) -> RoshAssessment | None:
    previous = (
        RoshAssessment.objects.select_for_update()
        .filter(case_id=a.case_id, is_current=True)
        .exclude(pk=a.pk)
        .first()
    )
    now = timezone.now()
    if previous is not None:
        previous.status = rosh.transition(previous.status, "supersede")
        previous.is_current = False
        previous.superseded_by = a
        previous.superseded_at = now
        previous.version += 1
        previous.save()
    a.is_current = True
    return previous


def submit(*, actor: User, assessment_id: object, expected_version: int | None) -> RoshAssessment:
    """Submit a complete draft. It comes into force at once unless a manager must countersign
    (a rating lowered below an actuarial band); then it waits for the countersignature."""
    with transaction.atomic():
        a = _assessment(actor, assessment_id, manage=True)
        _require_draft(a)
        _check_version(a, expected_version)
        doc = rosh.clean_assessment(as_document(a), timezone.localdate())
        departure = _derive(a)
        problems = rosh.submission_problems(doc, departure)
        if problems:
            raise DomainValidationError([FieldError(f, m) for f, m in problems])
        a.status = rosh.transition(a.status, "submit")
        a.submitted_at = timezone.now()
        previous = None if a.needs_countersignature else _make_current(a)
        a.version += 1
        a.updated_at = timezone.now()
        a.save()
        if a.departure in ("raised", "lowered"):
            from fourpillars.domain import decisions as decision_rules

            from .plans import record_system_decision

            record_system_decision(
                actor,
                a.case,
                decision_rules.DecisionInput(
                    kind="instrument_override",
                    summary=(
                        f"Overall RoSH {a.overall} {a.departure} against the instruments' "
                        f"indication ({a.indicated})"
                    ),
                    rationale=a.judgement_reason,
                    options=[f"Follow the indication ({a.indicated})", f"Rate {a.overall}"],
                    evidence=[decision_rules.Evidence("rosh_assessment", str(a.pk), "Assessment")]
                    + [
                        decision_rules.Evidence(
                            "instrument_result", str(r.pk), f"{r.instrument} {r.band}"
                        )
                        for r in _latest_results(a)
                    ],
                ),
            )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="submit_rosh_assessment",
            target=_target(a),
            before={"status": "draft"},
            after={
                "status": a.status,
                "overall": a.overall,
                "indicated": a.indicated,
                "departure": a.departure,
                "awaiting_countersignature": a.needs_countersignature,
                "supersedes": previous.pk if previous else None,
                "version": a.version,
            },
        )
        return a


def can_countersign(actor: User, a: RoshAssessment) -> bool:
    return (
        a.status == "submitted"
        and actor.is_manager
        and actor.pk != a.author_id
        and access.can_manage_case(actor.viewer, case_facts(a.case))
    )


def countersign(*, actor: User, assessment_id: object, note: str) -> RoshAssessment:
    with transaction.atomic():
        a = _assessment(actor, assessment_id, manage=False)
        if not access.can_manage_case(actor.viewer, case_facts(a.case)):
            raise Forbidden("Only a manager in the lead agency can countersign.")
        if not actor.is_manager:
            raise Forbidden("Only a manager can countersign an assessment.")
        if actor.pk == a.author_id:
            raise Forbidden("The author cannot countersign their own assessment.")
        a = _assessment(actor, assessment_id, manage=True)
        from fourpillars.domain.errors import Collector

        errors = Collector()
        text = clean_text(
            note,
            "note",
            errors,
            max_length=LONG_TEXT_MAX,
            multiline=True,
            required=a.needs_countersignature,
        )
        errors.raise_if_any()
        a.status = rosh.transition(a.status, "countersign")
        a.countersigned_by = actor
        a.countersigned_at = timezone.now()
        a.countersign_note = text
        previous = _make_current(a) if not a.is_current else None
        a.version += 1
        a.save()
        if a.departure == "lowered":
            from fourpillars.domain import decisions as decision_rules

            from .plans import record_system_decision

            record_system_decision(
                actor,
                a.case,
                decision_rules.DecisionInput(
                    kind="instrument_override",
                    summary=(
                        f"Overall RoSH {a.overall} confirmed against the instruments' indication "
                        f"({a.indicated}); countersigned"
                    ),
                    rationale=f"{a.judgement_reason}\nCountersignature note: {text}".strip(),
                    evidence=[decision_rules.Evidence("rosh_assessment", str(a.pk), "Assessment")],
                ),
            )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="countersign_rosh_assessment",
            target=_target(a),
            before={"status": "submitted"},
            after={
                "status": a.status,
                "note": text,
                "supersedes": previous.pk if previous else None,
                "version": a.version,
            },
        )
        return a


def indicate_level(case: Case, flags: Mapping[str, bool]) -> rosh.LevelIndication:
    current = current_assessment(case)
    return rosh.indicate_level(current.overall if current else None, flags)


def decide_level(
    *, actor: User, case_id: object, flags: Mapping[str, object], level: object, reason: str
) -> LevelDecision:
    """Record a person's level decision beside the indication; change the case level if it
    differs (which re-derives the review date)."""
    from . import cases as case_services

    with transaction.atomic():
        case = manageable_case(actor, case_id)
        from fourpillars.domain.errors import Collector

        errors = Collector()
        clean_flags: dict[str, bool] = {}
        if not isinstance(flags, dict):
            errors.add("flags", "must be an object of criterion: true/false")
        else:
            for k, v in flags.items():
                if k not in dict(rosh.LEVEL_FLAGS):
                    errors.add(f"flags.{str(k)[:30]}", "is not a level criterion")
                elif not isinstance(v, bool):
                    errors.add(f"flags.{k}", "must be true or false")
                else:
                    clean_flags[k] = v
        decided: int | None = None
        if isinstance(level, bool) or not isinstance(level, int | str):
            errors.add("level", "must be 1, 2 or 3")
        else:
            try:
                decided = Level(int(level)).value
            except ValueError:
                errors.add("level", "must be 1, 2 or 3")
        why = clean_text(
            reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
        )
        errors.raise_if_any()
        assert decided is not None
        current = current_assessment(case)
        indication = rosh.indicate_level(current.overall if current else None, clean_flags)
        row = LevelDecision.objects.create(
            case=case,
            assessment=current,
            flags=clean_flags,
            indicated_level=indication.level,
            indicated_reasons=list(indication.reasons),
            rule_version=indication.version,
            decided_level=decided,
            reason=why,
            decided_by=actor,
        )
        from fourpillars.domain import decisions as decision_rules

        from .plans import record_system_decision

        evidence = [
            decision_rules.Evidence("level_decision", str(row.pk), "Level criteria and indication")
        ]
        if current is not None:
            evidence.append(
                decision_rules.Evidence("rosh_assessment", str(current.pk), "Current assessment")
            )
        record_system_decision(
            actor,
            case,
            decision_rules.DecisionInput(
                kind="level",
                summary=f"MAPPA level {decided} (the criteria indicated level {indication.level})",
                rationale=why,
                options=[f"Level {n}" for n in (1, 2, 3)],
                evidence=evidence,
            ),
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="decide_level",
            target=audit.Target("case", str(case.pk), case.pk, case.person_id),
            after={
                "indicated_level": indication.level,
                "decided_level": decided,
                "reason": why,
                "flags": clean_flags,
            },
        )
        if decided != case.level:
            case_services.update_case(
                actor=actor, case_id=case.pk, data={"level": decided}, expected_version=None
            )
        return row


def level_decisions(case: Case) -> QuerySet[LevelDecision]:
    return case.level_decisions.select_related("decided_by")


# --- reads for the web screens -------------------------------------------------------------


def assessment_case_id(actor: User, assessment_id: object) -> int:
    """The case an assessment belongs to, if the actor may see it (NotFound otherwise); used to
    ask for the purpose of a consultation before showing it."""
    return _assessment(actor, assessment_id, manage=False).case_id


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
        a = _assessment(actor, assessment_id, manage=False)
        if countersign:
            if not can_countersign(actor, a):
                raise Forbidden(
                    "Only a manager in the lead agency, other than the author, can countersign "
                    "a submitted assessment."
                )
        elif not access.can_manage_case(actor.viewer, case_facts(a.case)):
            raise Forbidden(
                "Only the lead agency's case managers and the area co-ordinator can change "
                "this assessment."
            )
        _check_justification(actor, a.case, justification)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_rosh_assessment",
            target=_target(a),
            justification=justification,
        )
        return a


def explain_departure(a: RoshAssessment) -> rosh.Departure:
    """How the overall rating compares with the latest result of each attached instrument
    (read only: the stored ``indicated``/``departure`` fields are set by the writes)."""
    results = [rosh.InstrumentBand(r.instrument, r.band) for r in _latest_results(a)]
    return rosh.compare_with_instruments(a.overall or None, results)


@dataclass(frozen=True)
class CaseRosh:
    """What the case page shows about risk of serious harm, read in three queries."""

    current: RoshAssessment | None
    draft: RoshAssessment | None
    awaiting: list[RoshAssessment]  # submitted, waiting for a countersignature
    history: list[HistoryPoint]
    decision: LevelDecision | None


def case_rosh(case: Case) -> CaseRosh:
    """The current assessment, the open draft, those awaiting countersignature, the chart
    history and the latest level decision; the number of queries does not grow with the data."""
    rows = list(
        case.rosh_assessments.filter(Q(is_current=True) | Q(status__in=("draft", "submitted")))
        .select_related("author", "author_agency", "countersigned_by")
        .order_by("-created_at", "-id")[:20]
    )
    current = next((a for a in rows if a.is_current), None)
    draft = next((a for a in rows if a.status == "draft"), None)
    awaiting = [a for a in rows if a.status == "submitted" and not a.is_current]
    decision = case.level_decisions.select_related("decided_by").first()
    return CaseRosh(current, draft, awaiting, history(case), decision)
