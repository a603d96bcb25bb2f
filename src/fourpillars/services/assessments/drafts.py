"""Use cases that change a draft RoSH assessment: open it, save it, attach and remove
instrument results. Each runs in one transaction with its audit row; a save carries the
draft's ``version`` and a stale one raises ``EditConflict``. Re-exported by
``services/assessments.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from fourpillars.assessments.models import Factor, InstrumentResult, RoshAssessment, Scenario
from fourpillars.domain import instruments as instrument_rules
from fourpillars.domain import rosh
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.services import audit
from fourpillars.services.access import manageable_case, refused_record
from fourpillars.services.assessments.reads import (
    as_document,
    assessment_target,
    current_assessment,
    find_assessment,
    instrument_prefill,
    screening_of,
)
from fourpillars.services.errors import NotFound
from fourpillars.services.exchange_received.facts import usable_foreign_convictions

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fourpillars.accounts.models import User


def derive_policy(a: RoshAssessment) -> rosh.Screening:
    """Re-derive what the policies say of the assessment (decision 0011): screening with its
    predictor results, the overall rating of each setting, and whether (and why) a manager
    must countersign. Called by every write that changes what they read."""
    screening = screening_of(a)
    a.full_analysis_required = screening.full_analysis_required
    a.screening_reasons = list(screening.reasons)
    a.screening_policy_version = screening.policy_version
    overall = rosh.overall_by_setting(a.ratings)
    a.overall = overall["community"] or ""
    a.overall_custody = overall["custody"] or ""
    policy = rosh.DEFAULT_COUNTERSIGNATURE_POLICY
    reasons = policy.reasons(
        overall.values(), exempted=a.exempted, author_in_training=a.author.in_training
    )
    a.countersignature_reasons = list(reasons)
    a.countersignature_policy_version = policy.version
    a.needs_countersignature = bool(reasons)
    return screening


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
        draft = case.rosh_assessments.filter(status=rosh.Status.DRAFT).first()
        if draft is not None:
            return draft
        previous = current_assessment(case)
        triggers: set[str] = set()
        codes = [c.ecris_code for c in case.person.convictions.all()]
        codes += [code for _date, code in usable_foreign_convictions(case.person_id)]
        for code in codes:
            t = rosh.triggers_for_ecris(code)
            if t:
                triggers.add(t)
        if previous is not None and previous.overall in (rosh.Rating.HIGH, rosh.Rating.VERY_HIGH):
            triggers.add("previous_high")
        a = RoshAssessment.objects.create(
            case=case,
            status=rosh.Status.DRAFT,
            author=actor,
            author_agency=actor.agency,
            rules_version=rosh.RULES_VERSION,
            assessment_date=timezone.localdate(),
            screening_triggers=sorted(triggers),
            sentence_months=previous.sentence_months if previous else case.custody_months,
            in_custody=previous.in_custody if previous else False,
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
        derive_policy(a)
        a.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="start_rosh_assessment",
            target=assessment_target(a),
            after={
                "status": rosh.Status.DRAFT,
                "based_on": previous.pk if previous else None,
                "screening_triggers": a.screening_triggers,
                "version": a.version,
            },
        )
        return a


def check_assessment_version(a: RoshAssessment, expected_version: int | None) -> None:
    audit.ensure_version("rosh_assessment", a.pk, a.version, expected_version)


def require_draft_assessment(a: RoshAssessment) -> None:
    if a.status != rosh.Status.DRAFT:
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
        a = find_assessment(actor, assessment_id, manage=True)
        require_draft_assessment(a)
        check_assessment_version(a, expected_version)
        merged = {**as_document(a), **dict(data)}
        doc = rosh.clean_assessment(merged, timezone.localdate())
        before = _snapshot(a)
        a.assessment_date = doc.assessment_date
        a.screening_triggers = list(doc.screening_triggers)
        a.sentence_months = doc.sentence_months
        a.full_analysis = doc.full_analysis
        a.exemption_reason = doc.exemption_reason
        a.in_custody = doc.in_custody
        a.ratings = doc.ratings
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
                    (rosh.FactorKind.RISK, doc.risk_factors),
                    (rosh.FactorKind.PROTECTIVE, doc.protective_factors),
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
        derive_policy(a)
        a.version += 1
        a.updated_at = timezone.now()
        a.save()
        after = _snapshot(a)
        changed = [k for k in after if after[k] != before.get(k)]
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="save_rosh_draft",
            target=assessment_target(a),
            before={k: before.get(k) for k in changed},
            after={**{k: after[k] for k in changed}, "version": a.version},
        )
        return a


def score_instrument(
    *, actor: User, assessment_id: object, code: str, payload: Mapping[str, Any]
) -> InstrumentResult:
    """Score an instrument and attach the result (with its inputs and version) to a draft."""
    with transaction.atomic():
        a = find_assessment(actor, assessment_id, manage=True)
        require_draft_assessment(a)
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
        derive_policy(a)
        a.version += 1
        a.updated_at = timezone.now()
        a.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="score_instrument",
            target=assessment_target(a),
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
        a = find_assessment(actor, assessment_id, manage=True)
        require_draft_assessment(a)
        row = a.instrument_results.filter(pk=_int(result_id)).first()
        if row is None:  # missing, or another assessment's: refused as its case if hidden
            raise refused_record(actor, InstrumentResult.objects.all(), result_id)
        before = {"instrument": row.instrument, "score": row.score, "band": row.band}
        row.delete()
        derive_policy(a)
        a.version += 1
        a.save()
        audit.record(
            actor=actor,
            operation=Operation.ERASURE,
            action="remove_instrument_result",
            target=assessment_target(a),
            before=before,
            after={"version": a.version},
        )


def _int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise NotFound() from None
