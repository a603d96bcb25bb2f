"""Use cases for Risk of Serious Harm assessments, instrument results and level decisions.

Every state change runs in one transaction with its audit row; every read of an assessment
is a consultation and is audited like the case it belongs to.

This module holds the decisive writes: submission, countersignature and the level decision.
The rest lives by responsibility and is re-exported here, so callers keep using
``services.assessments``: ``assessment_reads`` (audited reads, screen helpers, register
facts) and ``assessment_drafts`` (open, save, score and remove instrument results).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from fourpillars.assessments.models import LevelDecision, RoshAssessment
from fourpillars.domain import decisions as decision_rules
from fourpillars.domain import rosh
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError, FieldError
from fourpillars.domain.mappa import MappaLevel as Level
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.services import audit
from fourpillars.services.access import manageable_case
from fourpillars.services.assessments.drafts import (
    check_assessment_version,
    derive_policy,
    require_draft_assessment,
)
from fourpillars.services.assessments.reads import (
    as_document,
    assessment_target,
    current_assessment,
    find_assessment,
    latest_results,
)
from fourpillars.services.cases import in_force
from fourpillars.services.cases.changes import alter_case
from fourpillars.services.decisions import record_system_decision

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from fourpillars.accounts.models import User
    from fourpillars.register.models import Case


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
    in_force.rosh_in_force(a.case_id, a.overall)
    return previous


def submit(*, actor: User, assessment_id: object, expected_version: int | None) -> RoshAssessment:
    """Submit a complete draft. It comes into force at once unless the countersignature
    policy calls for a manager's countersignature; then it waits for it (decision 0011)."""
    with transaction.atomic():
        a = find_assessment(actor, assessment_id, manage=True)
        require_draft_assessment(a)
        check_assessment_version(a, expected_version)
        doc = rosh.clean_assessment(as_document(a), timezone.localdate())
        screening = derive_policy(a)
        problems = rosh.submission_problems(doc, screening)
        if problems:
            raise DomainValidationError([FieldError(f, m) for f, m in problems])
        a.status = rosh.transition(a.status, "submit")
        a.submitted_at = timezone.now()
        previous = None if a.needs_countersignature else _make_current(a)
        a.version += 1
        a.updated_at = timezone.now()
        a.save()
        if a.exempted:
            record_system_decision(
                actor,
                a.case,
                decision_rules.DecisionInput(
                    kind=decision_rules.DecisionKind.SCREENING_EXEMPTION,
                    summary="No full analysis although screening called for one",
                    rationale=a.exemption_reason,
                    options=["Do the full analysis", "Exempt, with a manager's countersignature"],
                    evidence=[decision_rules.Evidence("rosh_assessment", str(a.pk), "Assessment")]
                    + [
                        decision_rules.Evidence(
                            "instrument_result", str(r.pk), f"{r.instrument} {r.band}"
                        )
                        for r in latest_results(a)
                    ],
                ),
            )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="submit_rosh_assessment",
            target=assessment_target(a),
            before={"status": rosh.Status.DRAFT},
            after={
                "status": a.status,
                "overall": a.overall,
                "overall_custody": a.overall_custody,
                "screening": list(screening.reasons),
                "exempted": a.exempted,
                "countersignature_reasons": list(a.countersignature_reasons),
                "awaiting_countersignature": a.needs_countersignature,
                "supersedes": previous.pk if previous else None,
                "version": a.version,
            },
        )
        return a


def countersign(*, actor: User, assessment_id: object, note: str) -> RoshAssessment:
    with transaction.atomic():
        a = find_assessment(
            actor, assessment_id, manage=True, permission=Permission.COUNTERSIGN_ASSESSMENT
        )
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
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="countersign_rosh_assessment",
            target=assessment_target(a),
            before={"status": rosh.Status.SUBMITTED},
            after={
                "status": a.status,
                "note": text,
                "supersedes": previous.pk if previous else None,
                "version": a.version,
            },
        )
        return a


def decide_level(
    *, actor: User, case_id: object, flags: Mapping[str, object], level: object, reason: str
) -> LevelDecision:
    """Record a person's level decision beside the indication; change the case level if it
    differs (which re-derives the review date)."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.RECORD_DECISION)
        return record_level_decision(
            actor=actor, case=case, flags=flags, level=level, reason=reason
        )


def _clean_flags(flags: object, errors: Collector) -> dict[str, bool]:
    clean: dict[str, bool] = {}
    if not isinstance(flags, dict):
        errors.add("flags", "must be an object of criterion: true/false")
        return clean
    for k, v in flags.items():
        if k not in dict(rosh.LEVEL_FLAGS):
            errors.add(f"flags.{str(k)[:30]}", "is not a level criterion")
        elif not isinstance(v, bool):
            errors.add(f"flags.{k}", "must be true or false")
        else:
            clean[k] = v
    return clean


def _clean_level(level: object, errors: Collector) -> int | None:
    if isinstance(level, bool) or not isinstance(level, int | str):
        errors.add("level", "must be 1, 2 or 3")
        return None
    try:
        return Level(int(level)).value
    except ValueError:
        errors.add("level", "must be 1, 2 or 3")
        return None


def record_level_decision(
    *,
    actor: User,
    case: Case,
    flags: Mapping[str, object],
    level: object,
    reason: str,
    data: Mapping[str, object] | None = None,
    evidence: Sequence[decision_rules.Evidence] = (),
) -> LevelDecision:
    """The step every level decision shares (the level screen; minuted at a meeting; a
    referral accepted at screening, ``services.referrals.screening``): on a case the caller
    has already fetched, checked and locked in its own transaction, validate, record the
    decision beside the indication with its decision record (``evidence`` added to it) and
    audit row, and change the case's level if it differs (with ``data``: other fields changed
    with it, such as the next review date). No fetch and no permission check here."""
    errors = Collector()
    clean_flags = _clean_flags(flags, errors)
    decided = _clean_level(level, errors)
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
    cited = [
        decision_rules.Evidence("level_decision", str(row.pk), "Level criteria and indication")
    ]
    if current is not None:
        cited.append(
            decision_rules.Evidence("rosh_assessment", str(current.pk), "Current assessment")
        )
    record_system_decision(
        actor,
        case,
        decision_rules.DecisionInput(
            kind=decision_rules.DecisionKind.LEVEL,
            summary=f"MAPPA level {decided} (the criteria indicated level {indication.level})",
            rationale=why,
            options=[f"Level {n}" for n in (1, 2, 3)],
            evidence=[*cited, *evidence],
        ),
    )
    audit.record(
        actor=actor,
        operation=Operation.COLLECTION,
        action="decide_level",
        target=audit.case_target(case),
        after={
            "indicated_level": indication.level,
            "decided_level": decided,
            "reason": why,
            "flags": clean_flags,
        },
    )
    changes: dict[str, object] = dict(data or {})
    if decided != case.level:
        changes["level"] = decided
    if changes:
        alter_case(actor=actor, case=case, data=changes)
    return row
