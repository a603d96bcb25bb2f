"""Use cases for risk management plans and decisions.

A plan is built from the case's current RoSH assessment; each save of a draft is checked by
the pure rules in ``domain/plans.py`` (the same checker behind ``fourpillars check-plan`` and
``POST /api/v1/plan-checks``); approval needs no error, every warning acknowledged with a
reason, and an answer to each of Kemshall's defensibility criteria, and records a decision.
Every change writes its audit row in the same transaction; reads are audited consultations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.utils import timezone

from fourpillars.accounts.models import Agency
from fourpillars.assessments.models import Factor, RoshAssessment, Scenario
from fourpillars.domain import access
from fourpillars.domain import decisions as decision_rules
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import Collector, DomainValidationError, EditConflict, FieldError
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.plans.models import ACTION_STATUSES, Action, ActionStatusChange, Decision, Plan
from fourpillars.register.models import Case

from . import audit
from .access import (
    case_facts,
    manageable_case,
    record_on_case,
    require_justification,
    visible_case,
)
from .cases import review_policy
from .errors import Forbidden, NotFound

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

ACTION_FIELDS = (
    "id",
    "pillar",
    "text",
    "owner_agency",
    "owner_name",
    "frequency",
    "due",
    "start",
    "end",
    "restrictive",
    "legal_basis",
    "proportionality",
    "addresses",
    "protects",
    "status",
)
EDITABLE = (
    "period_start",
    "period_end",
    "plan_date",
    "review_date",
    "pillar_reasons",
    "victims",
    "contingencies",
    "actions",
)


# --- the plan as a document --------------------------------------------------------------


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def agencies_with_access(case: Case, now: dt.datetime | None = None) -> list[str]:
    """Agency codes that hold access to the case: the lead and every active share."""
    now = now or timezone.now()
    codes = [case.lead_agency.code]
    for share in case.shares.select_related("agency"):
        if access.Share(share.agency_id, share.expires_at, share.revoked_at).active(now):
            codes.append(share.agency.code)
    return sorted(set(codes))


def action_doc(a: Action) -> dict[str, Any]:
    return {
        "id": a.ident,
        "pillar": a.pillar,
        "text": a.text,
        "owner_agency": a.owner_agency.code,
        "owner_name": a.owner_name,
        "frequency": a.frequency or None,
        "due": _iso(a.due),
        "start": _iso(a.start),
        "end": _iso(a.end),
        "restrictive": a.restrictive,
        "legal_basis": a.legal_basis,
        "proportionality": a.proportionality,
        "addresses": list(a.addresses),
        "protects": list(a.protects),
        "status": a.status,
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan in the checker's document shape (the same the plan API returns)."""
    a = plan.assessment
    factors = list(a.factors.all())
    ratings = a.ratings or {}
    return {
        "plan_date": _iso(plan.plan_date),
        "review_date": _iso(plan.review_date),
        "period_start": _iso(plan.period_start),
        "period_end": _iso(plan.period_end),
        "mappa_level": plan.case.level,
        "rosh": {k: v for k, v in ratings.items() if k in ("community", "custody")},
        "risk_factors": [{"id": f.ident, "text": f.text} for f in factors if f.kind == "risk"],
        "protective_factors": [
            {"id": f.ident, "text": f.text} for f in factors if f.kind == "protective"
        ],
        "scenarios": [
            {"id": s.ident, "kind": s.kind, "text": s.description} for s in a.scenarios.all()
        ],
        "victims": list(plan.victims),
        "agencies_with_access": agencies_with_access(plan.case),
        "actions": [action_doc(x) for x in plan.actions.select_related("owner_agency")],
        "pillar_reasons": dict(plan.pillar_reasons),
        "contingencies": list(plan.contingencies),
        "assessment": {"id": a.pk, "status": "current" if a.is_current else "superseded"},
        "acknowledgements": list(plan.acknowledgements),
    }


def findings(plan: Plan) -> list[plan_rules.Finding]:
    doc = plan_rules.parse_plan(plan_document(plan))
    return plan_rules.check(doc, policy=review_policy(plan.case.area))


# --- reading ----------------------------------------------------------------------------


def _target(plan: Plan) -> audit.Target:
    return audit.Target("plan", str(plan.pk), plan.case_id, plan.case.person_id)


def _plan(actor: User, plan_id: object, *, manage: bool) -> Plan:
    plan: Plan = record_on_case(
        actor,
        Plan.objects.all(),
        plan_id,
        manage=manage,
        related=("case", "case__person", "case__lead_agency", "case__area", "assessment"),
    )
    return plan


_justify = require_justification


def consult_plan(*, actor: User, plan_id: object, justification: Justification | None) -> Plan:
    with transaction.atomic():
        plan = _plan(actor, plan_id, manage=False)
        _justify(actor, plan.case, justification)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_plan",
            target=_target(plan),
            justification=justification,
        )
        return plan


def list_plans(
    *, actor: User, case_id: object, justification: Justification | None
) -> tuple[Case, list[Plan]]:
    with transaction.atomic():
        case = visible_case(actor, case_id)
        _justify(actor, case, justification)
        rows = list(case.plans.select_related("assessment", "approved_by", "created_by"))
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_plans",
            target=audit.Target("case", str(case.pk), case.pk, case.person_id),
            justification=justification,
            record_ids=[p.pk for p in rows],
        )
        return case, rows


def active_plan(case: Case) -> Plan | None:
    return case.plans.filter(status="active").first()


def my_actions(actor: User, *, include_done: bool = False) -> QuerySet[Action]:
    """Actions in active plans of cases the actor can see, owned by them or their agency."""
    owned = Q(owner_user=actor)
    if actor.agency_id:
        owned |= Q(owner_agency_id=actor.agency_id)
    qs = (
        Action.objects.filter(owned, plan__status="active")
        .filter(plan__case__in=Case.objects.visible_to(actor).values("pk"))
        .select_related("plan", "plan__case", "owner_agency")
        .order_by("due", "plan__case__reference", "position")
    )
    if not include_done:
        qs = qs.exclude(status__in=("done", "not_done"))
    return qs


def record_my_actions_view(actor: User, shown: Sequence[Action]) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="list_my_actions",
            target=audit.Target("actions"),
            record_ids=sorted({a.plan.case_id for a in shown}),
        )


# --- writing ----------------------------------------------------------------------------


def _check_version(plan: Plan, expected: int | None) -> None:
    if expected is not None and plan.version != expected:
        raise EditConflict(audit.fields_changed_since("plan", plan.pk, expected), plan.version)


def _require_draft(plan: Plan) -> None:
    if plan.status != "draft":
        raise DomainValidationError.single(
            "status",
            f"this plan is {plan.status}; only a draft can be changed (start a new version)",
        )


def start_plan(*, actor: User, case_id: object) -> Plan:
    """Open a draft responding to the current assessment; a new version starts from the
    active plan's content. Returns the open draft when there is one."""
    with transaction.atomic():
        case = manageable_case(actor, case_id)
        draft = case.plans.filter(status="draft").first()
        if draft is not None:
            return draft
        assessment = RoshAssessment.objects.filter(case=case, is_current=True).first()
        if assessment is None:
            raise DomainValidationError.single(
                "assessment",
                "this case has no current RoSH assessment: a plan responds to one (submit an "
                "assessment first)",
            )
        previous = active_plan(case)
        number = (case.plans.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        today = timezone.localdate()
        from fourpillars.domain.mappa import MappaLevel, next_review_date

        review = next_review_date(today, MappaLevel(case.level), review_policy(case.area))
        plan = Plan.objects.create(
            case=case,
            assessment=assessment,
            number=number,
            status="draft",
            plan_date=today,
            period_start=today,
            period_end=review,
            review_date=review,
            pillar_reasons=dict(previous.pillar_reasons) if previous else {},
            victims=list(previous.victims) if previous else [],
            contingencies=list(previous.contingencies) if previous else [],
            created_by=actor,
        )
        if previous is not None:
            for x in previous.actions.all():
                x.pk = None
                x.plan = plan
                x.save()
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="start_plan",
            target=_target(plan),
            after={
                "number": number,
                "assessment": assessment.pk,
                "based_on": previous.pk if previous else None,
                "version": plan.version,
            },
        )
        return plan


def _date(raw: object, field: str, errors: Collector) -> dt.date | None:
    if raw in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        errors.add(field, "must be a date written YYYY-MM-DD")
        return None


def _snapshot(plan: Plan) -> dict[str, Any]:
    return {
        "period_start": _iso(plan.period_start),
        "period_end": _iso(plan.period_end),
        "plan_date": _iso(plan.plan_date),
        "review_date": _iso(plan.review_date),
        "pillar_reasons": dict(plan.pillar_reasons),
        "victims": list(plan.victims),
        "contingencies": list(plan.contingencies),
        "actions": [action_doc(a) for a in plan.actions.select_related("owner_agency")],
    }


def save_plan(
    *, actor: User, plan_id: object, data: Mapping[str, Any], expected_version: int | None
) -> Plan:
    """Replace the draft's content with ``data`` (any of EDITABLE); the document must be well
    formed (fields named when not); findings are not errors here: they block approval."""
    with transaction.atomic():
        plan = _plan(actor, plan_id, manage=True)
        _require_draft(plan)
        _check_version(plan, expected_version)
        errors = Collector()
        for key in data:
            if key not in EDITABLE:
                errors.add(str(key)[:40] or "(empty)", "is not a field you can change here")
        errors.raise_if_any()
        before = _snapshot(plan)
        doc = {**plan_document(plan), **{k: v for k, v in data.items() if k != "actions"}}
        raw_actions = data.get("actions", before["actions"])
        if not isinstance(raw_actions, list):
            raise DomainValidationError.single("actions", "must be a list")
        actions: list[dict[str, Any]] = []
        for i, raw in enumerate(raw_actions):
            if not isinstance(raw, Mapping):
                errors.add(f"actions.{i}", "must be an object")
                continue
            item = {k: v for k, v in raw.items() if k != "status"}
            item.setdefault("id", f"a{i + 1}")
            actions.append(item)
        errors.raise_if_any()
        doc["actions"] = actions
        parsed = plan_rules.parse_plan(doc)  # shape, types, lengths: named fields
        period_start = _date(doc.get("period_start"), "period_start", errors)
        period_end = _date(doc.get("period_end"), "period_end", errors)
        if period_start and period_end and period_end < period_start:
            errors.add("period_end", "cannot be before the start of the period")
        codes = {a.get("owner_agency") for a in actions} | {
            c.get("owner_agency") for c in parsed_contingencies(doc)
        }
        agencies = {a.code: a for a in Agency.objects.filter(code__in=[c for c in codes if c])}
        for i, a in enumerate(actions):
            if a.get("owner_agency") not in agencies:
                errors.add(f"actions.{i}.owner_agency", "is not a known agency code")
        errors.raise_if_any()
        statuses = {x.ident: (x.status, x.status_reason) for x in plan.actions.all()}
        plan.actions.all().delete()
        rows: list[Action] = []
        for i, (a, typed) in enumerate(zip(actions, parsed.actions, strict=True)):
            status, reason = statuses.get(typed.id, ("planned", ""))
            rows.append(
                Action(
                    plan=plan,
                    ident=typed.id,
                    position=i,
                    pillar=typed.pillar,
                    text=typed.text,
                    owner_agency=agencies[str(a["owner_agency"])],
                    owner_name=str(a.get("owner_name") or "")[:200],
                    frequency=typed.frequency or "",
                    due=typed.due,
                    start=_date(a.get("start"), f"actions.{i}.start", errors),
                    end=_date(a.get("end"), f"actions.{i}.end", errors),
                    status=status,
                    status_reason=reason,
                    addresses=list(typed.addresses),
                    protects=list(typed.protects),
                    restrictive=typed.restrictive,
                    legal_basis=str(a.get("legal_basis") or "")[:300],
                    proportionality=str(a.get("proportionality") or ""),
                )
            )
        errors.raise_if_any()
        Action.objects.bulk_create(rows)
        plan.period_start = period_start
        plan.period_end = period_end
        plan.plan_date = _date(doc.get("plan_date"), "plan_date", errors) or plan.plan_date
        plan.review_date = _date(doc.get("review_date"), "review_date", errors)
        plan.pillar_reasons = dict(doc.get("pillar_reasons") or {})
        plan.victims = list(doc.get("victims") or [])
        plan.contingencies = list(doc.get("contingencies") or [])
        errors.raise_if_any()
        plan.version += 1
        plan.updated_at = timezone.now()
        plan.save()
        after = _snapshot(plan)
        changed = [k for k in after if after[k] != before[k]]
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="save_plan",
            target=_target(plan),
            before={k: before[k] for k in changed},
            after={**{k: after[k] for k in changed}, "version": plan.version},
        )
        return plan


def parsed_contingencies(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = doc.get("contingencies") or []
    return [c for c in raw if isinstance(c, Mapping)] if isinstance(raw, list) else []


def _acknowledgements(
    found: Sequence[plan_rules.Finding], raw: object, actor: User, errors: Collector
) -> list[dict[str, Any]]:
    """Every warning acknowledged with a reason; errors cannot be acknowledged."""
    given: dict[tuple[str, tuple[str, ...]], str] = {}
    if raw not in (None, ""):
        if not isinstance(raw, list):
            errors.add("acknowledgements", "must be a list of {code, refs, reason}")
            raw = []
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping):
                errors.add(f"acknowledgements.{i}", "must be an object with code, refs, reason")
                continue
            refs = item.get("refs") or []
            if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
                errors.add(f"acknowledgements.{i}.refs", "must be a list of identifiers")
                continue
            reason = clean_text(
                item.get("reason"),
                f"acknowledgements.{i}.reason",
                errors,
                max_length=LONG_TEXT_MAX,
                multiline=True,
            )
            given[(str(item.get("code")), tuple(sorted(refs)))] = reason
    kept: list[dict[str, Any]] = []
    for f in found:
        key = (f.code, tuple(sorted(f.refs)))
        if f.severity == "error":
            errors.add("findings", f"{f.code}: {f.message}")
            continue
        reason = given.get(key, "")
        if not reason:
            errors.add(
                f"acknowledgements.{f.code}",
                f"acknowledge this warning with a reason: {f.message}",
            )
            continue
        kept.append(
            {"code": f.code, "refs": list(f.refs), "reason": reason, "by": actor.get_username()}
        )
    return kept


def approve(
    *,
    actor: User,
    plan_id: object,
    expected_version: int | None,
    acknowledgements: object = None,
    defensibility: object = None,
    rationale: object = "",
    options: object = None,
    dissent: object = None,
) -> Plan:
    """Approve a draft: no error finding, every warning acknowledged with a reason, each
    defensibility criterion answered. The old active plan is superseded; a decision records
    the approval with its evidence."""
    with transaction.atomic():
        plan = _plan(actor, plan_id, manage=True)
        _require_draft(plan)
        _check_version(plan, expected_version)
        found = findings(plan)
        errors = Collector()
        kept = _acknowledgements(found, acknowledgements, actor, errors)
        decision = None
        try:
            decision = decision_rules.clean_decision(
                {
                    "kind": "plan_approval",
                    "summary": f"Risk management plan version {plan.number} approved",
                    "rationale": rationale or "",
                    "options": options or [],
                    "dissent": dissent or [],
                    "defensibility": defensibility,
                    "evidence": [],
                },
                needs_defensibility=True,
            )
        except DomainValidationError as exc:
            errors.extend(exc.errors)
        errors.raise_if_any()
        assert decision is not None
        previous = active_plan(plan.case)
        now = timezone.now()
        if previous is not None:
            previous.status = "superseded"
            previous.superseded_by = plan
            previous.superseded_at = now
            previous.version += 1
            previous.save()
        plan.status = "active"
        plan.approved_by = actor
        plan.approved_at = now
        plan.acknowledgements = kept
        plan.version += 1
        plan.save()
        evidence = [
            decision_rules.Evidence("plan", str(plan.pk), f"Plan version {plan.number}"),
            decision_rules.Evidence(
                "rosh_assessment", str(plan.assessment_id), "RoSH assessment responded to"
            ),
        ]
        if previous is not None:
            evidence.append(
                decision_rules.Evidence(
                    "plan", str(previous.pk), f"Superseded version {previous.number}"
                )
            )
        decision.evidence = evidence
        row = _save_decision(actor, plan.case, decision)
        for ack in kept:
            _save_decision(
                actor,
                plan.case,
                decision_rules.DecisionInput(
                    kind="warning_acknowledged",
                    summary=f"Warning {ack['code']} acknowledged on plan version {plan.number}",
                    rationale=ack["reason"],
                    evidence=[
                        decision_rules.Evidence("plan", str(plan.pk), ", ".join(ack["refs"]))
                    ],
                ),
            )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="approve_plan",
            target=_target(plan),
            before={"status": "draft"},
            after={
                "status": "active",
                "supersedes": previous.pk if previous else None,
                "acknowledged": [a["code"] for a in kept],
                "decision": row.pk,
                "version": plan.version,
            },
        )
        return plan


def update_action_status(
    *, actor: User, action_id: object, status: str, reason: str = ""
) -> Action:
    """Progress an action of the active plan (planned, in progress, done, not done + reason)."""
    with transaction.atomic():
        try:
            pk = int(str(action_id))
        except (TypeError, ValueError):
            raise NotFound() from None
        found = Action.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
        if found is None:
            raise NotFound()
        plan = _plan(actor, found, manage=False)
        action = (
            plan.actions.select_for_update().filter(pk=pk).select_related("owner_agency").first()
        )
        if action is None:
            raise NotFound()
        mine = action.owner_user_id == actor.pk or action.owner_agency_id == actor.agency_id
        if not (mine or access.can_manage_case(actor.viewer, case_facts(plan.case))):
            from .errors import Forbidden

            raise Forbidden("Only the action's owner agency or the case managers can update it.")
        errors = Collector()
        if plan.status != "active":
            errors.add("status", "only actions of the active plan are progressed")
        if status not in dict(ACTION_STATUSES):
            errors.add("status", f"must be one of: {', '.join(dict(ACTION_STATUSES))}")
        why = clean_text(
            reason,
            "reason",
            errors,
            max_length=LONG_TEXT_MAX,
            multiline=True,
            required=status == "not_done",
        )
        errors.raise_if_any()
        before = action.status
        ActionStatusChange.objects.create(
            action=action, from_status=before, to_status=status, reason=why, changed_by=actor
        )
        action.status = status
        action.status_reason = why
        action.save(update_fields=["status", "status_reason"])
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="update_action_status",
            target=_target(plan),
            before={"action": action.ident, "status": before},
            after={"action": action.ident, "status": status, "reason": why},
        )
        return action


# --- decisions --------------------------------------------------------------------------


def _save_decision(actor: User, case: Case, d: decision_rules.DecisionInput) -> Decision:
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
        case = manageable_case(actor, case_id)
        return _save_decision(actor, case, decision_rules.clean_decision(data))


def record_system_decision(actor: User, case: Case, d: decision_rules.DecisionInput) -> Decision:
    """For other services (level decisions, overrides, closures) inside their transaction."""
    return _save_decision(actor, case, d)


def decisions_for(case: Case) -> QuerySet[Decision]:
    return case.decisions.select_related("decided_by", "refers_to")


def compare(old: Plan, new: Plan) -> dict[str, Any]:
    """Side by side: what changed between two versions (actions by id, and the plan fields)."""
    a, b = _snapshot(old), _snapshot(new)
    before = {x["id"]: x for x in a.pop("actions")}
    after = {x["id"]: x for x in b.pop("actions")}
    return {
        "fields": {k: {"old": a[k], "new": b[k]} for k in a if a[k] != b[k]},
        "actions_added": [after[k] for k in after if k not in before],
        "actions_removed": [before[k] for k in before if k not in after],
        "actions_changed": [
            {
                "id": k,
                "changes": {
                    f: {"old": before[k][f], "new": after[k][f]}
                    for f in after[k]
                    if after[k][f] != before[k].get(f)
                },
            }
            for k in after
            if k in before and after[k] != before[k]
        ],
    }


def field_errors_of(found: Sequence[plan_rules.Finding]) -> list[FieldError]:
    return [
        FieldError("findings", f"{f.code}: {f.message}") for f in found if f.severity == "error"
    ]


# --- reads for the web UI (issue 4 screens) -------------------------------------------------


def plan_case_id(actor: User, plan_id: object) -> int:
    """The case a plan belongs to, if the actor may see it (NotFound otherwise); used to ask
    for the purpose of a consultation before showing the plan."""
    try:
        pk = int(str(plan_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    case_id = (
        Plan.objects.filter(pk=pk, case__in=Case.objects.visible_to(actor).values("pk"))
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise NotFound()
    return int(case_id)


def consult_plan_for_edit(
    *, actor: User, plan_id: object, justification: Justification | None
) -> Plan:
    """The content behind a change screen (the builder, approval): missing or hidden is
    NotFound, visible but not the actor's to change is Forbidden (checked before the purpose
    is asked), then an audited consultation like ``consult_plan``."""
    with transaction.atomic():
        plan = _plan(actor, plan_id, manage=False)
        if not access.can_manage_case(actor.viewer, case_facts(plan.case)):
            raise Forbidden(
                "Only the lead agency's case managers and the area co-ordinator can change "
                "this plan."
            )
        _justify(actor, plan.case, justification)
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_plan",
            target=_target(plan),
            justification=justification,
        )
        return plan


def visible_action(actor: User, action_id: object) -> Action:
    """An action of a plan on a case the actor can see (NotFound otherwise), with its plan
    and case: what a refused status update shows again next to the user's input."""
    try:
        pk = int(str(action_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    found = (
        Action.objects.filter(pk=pk, plan__case__in=Case.objects.visible_to(actor).values("pk"))
        .select_related("plan", "plan__case", "owner_agency")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class PlanSummary:
    """One plan as the case page shows it: actions counted by pillar and by status, and how
    many error and warning findings the live check gives."""

    plan: Plan
    by_pillar: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    errors: int
    warnings: int


@dataclass(frozen=True)
class CasePlans:
    active: PlanSummary | None
    draft: PlanSummary | None
    decisions: list[Decision]  # newest first, at most CASE_DECISIONS
    more_decisions: bool


CASE_DECISIONS = 20


def case_plans(case: Case) -> CasePlans:
    """The case page's plan section and decision timeline in four queries whatever the data
    size: the active plan and the open draft, their actions, the factors and scenarios of the
    assessments they respond to (one query), and the latest decisions. The agencies holding
    access come from the case's prefetched shares."""
    open_plans = case.plans.filter(status__in=("active", "draft"))
    plans = list(open_plans.select_related("approved_by", "created_by", "assessment"))
    actions = list(
        Action.objects.filter(plan__in=open_plans.values("pk")).select_related("owner_agency")
    )
    responded = open_plans.values("assessment_id")
    text = CharField()
    factors = (
        Factor.objects.filter(assessment_id__in=responded)
        .order_by()
        .values_list(
            "assessment_id", Value("factor", output_field=text), "kind", "ident", "text", "position"
        )
    )
    scenarios = (
        Scenario.objects.filter(assessment_id__in=responded)
        .order_by()
        .values_list(
            "assessment_id",
            Value("scenario", output_field=text),
            "kind",
            "ident",
            "description",
            "position",
        )
    )
    parts = sorted(factors.union(scenarios, all=True), key=lambda r: (r[0], r[1], r[5], r[3]))
    decisions = list(decisions_for(case)[: CASE_DECISIONS + 1])
    now = timezone.now()
    agencies = sorted(
        {case.lead_agency.code}
        | {
            s.agency.code
            for s in case.shares.all()
            if access.Share(s.agency_id, s.expires_at, s.revoked_at).active(now)
        }
    )
    summaries = {
        p.status: _summary(p, [a for a in actions if a.plan_id == p.pk], parts, agencies)
        for p in plans
    }
    return CasePlans(
        summaries.get("active"),
        summaries.get("draft"),
        decisions[:CASE_DECISIONS],
        len(decisions) > CASE_DECISIONS,
    )


def _summary(
    plan: Plan, actions: list[Action], parts: list[tuple[Any, ...]], agencies: list[str]
) -> PlanSummary:
    """Counts and the live check of one plan from rows already read (no query here)."""
    a = plan.assessment
    mine = [r for r in parts if r[0] == a.pk]
    doc = {
        "plan_date": _iso(plan.plan_date),
        "review_date": _iso(plan.review_date),
        "mappa_level": plan.case.level,
        "rosh": {k: v for k, v in (a.ratings or {}).items() if k in ("community", "custody")},
        "risk_factors": [{"id": r[3], "text": r[4]} for r in mine if r[1:3] == ("factor", "risk")],
        "protective_factors": [
            {"id": r[3], "text": r[4]} for r in mine if r[1:3] == ("factor", "protective")
        ],
        "scenarios": [{"id": r[3], "kind": r[2], "text": r[4]} for r in mine if r[1] == "scenario"],
        "victims": list(plan.victims),
        "agencies_with_access": agencies,
        "actions": [action_doc(x) for x in actions],
        "pillar_reasons": dict(plan.pillar_reasons),
        "contingencies": list(plan.contingencies),
        "assessment": {"id": a.pk, "status": "current" if a.is_current else "superseded"},
    }
    try:
        found = plan_rules.check(plan_rules.parse_plan(doc), policy=review_policy(plan.case.area))
        errors = sum(1 for f in found if f.severity == plan_rules.ERROR)
        warnings = len(found) - errors
    except DomainValidationError as exc:  # stored content the rules no longer read
        errors, warnings = len(exc.errors), 0
    statuses = dict(ACTION_STATUSES)
    return PlanSummary(
        plan,
        [
            (label, sum(1 for x in actions if x.pillar == p))
            for p, label in plan_rules.PILLARS.items()
        ],
        [(label, sum(1 for x in actions if x.status == s)) for s, label in statuses.items()],
        errors,
        warnings,
    )
