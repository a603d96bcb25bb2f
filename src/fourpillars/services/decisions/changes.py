"""Significant decisions on a case: recorded, never edited, corrected by a new one that
refers to the old. Re-exported by ``services/plans.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from fourpillars.domain import decisions as decision_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.plans.models import Decision
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import manageable_case

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def save_decision(actor: User, case: Case, d: decision_rules.DecisionInput) -> Decision:
    refers = None
    if d.refers_to is not None:
        refers = Decision.objects.filter(pk=d.refers_to, case=case).first()
        if refers is None:
            raise DomainValidationError.single("refers_to", "is not a decision on this case")
    row = Decision.objects.create(
        case=case,
        kind=d.kind,
        summary=d.summary,
        options=d.options,
        rationale=d.rationale,
        evidence=[e.as_dict() for e in d.evidence],
        dissent=d.dissent,
        defensibility=d.defensibility,
        refers_to=refers,
        decided_by=actor,
        decided_by_agency=actor.agency.name if actor.agency else "",
    )
    audit.record(
        actor=actor,
        operation=Operation.COLLECTION,
        action="record_decision",
        target=audit.Target("decision", str(row.pk), case.pk, case.person_id),
        after={"kind": d.kind, "summary": d.summary, "refers_to": d.refers_to},
    )
    return row


def record_decision(*, actor: User, case_id: object, data: Mapping[str, Any]) -> Decision:
    """Any significant decision, or a correction of an earlier one (``refers_to``)."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.RECORD_DECISION)
        return save_decision(actor, case, decision_rules.clean_decision(data))


def record_system_decision(actor: User, case: Case, d: decision_rules.DecisionInput) -> Decision:
    """For other services (level decisions, overrides, closures) inside their transaction."""
    return save_decision(actor, case, d)


def decisions_for(case: Case) -> QuerySet[Decision]:
    return case.decisions.select_related("decided_by", "refers_to")
