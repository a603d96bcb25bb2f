"""Use cases that change a plan: open a draft, save it, progress an action.

Each runs in one transaction with its audit row; a draft's edits carry its ``version`` and a
stale one raises ``EditConflict``. Approval is in ``services/plan_approval.py``; both are
re-exported by ``services/plans.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import Agency
from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.mappa import MappaLevel, next_review_date
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.plans.models import Action, ActionStatusChange, Plan
from fourpillars.services import audit
from fourpillars.services.access import manageable_case, require
from fourpillars.services.cases.changes import review_policy
from fourpillars.services.errors import NotFound
from fourpillars.services.plans.documents import (
    EDITABLE,
    active_plan,
    find_plan,
    iso_date,
    parsed_contingencies,
    plan_document,
    plan_snapshot,
    plan_target,
)

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.register.models import Case


def check_plan_version(plan: Plan, expected: int | None) -> None:
    audit.ensure_version("plan", plan.pk, plan.version, expected)


def require_draft(plan: Plan) -> None:
    if not plan.is_draft:
        raise DomainValidationError.single(
            "status",
            f"this plan is {plan.status}; only a draft can be changed (start a new version)",
        )


def start_plan(*, actor: User, case_id: object) -> Plan:
    """Open a draft responding to the current assessment; a new version starts from the
    active plan's content. Returns the open draft when there is one."""
    with transaction.atomic():
        case = manageable_case(actor, case_id)
        return open_draft(actor=actor, case=case)


def open_draft(*, actor: User, case: Case) -> Plan:
    """The step every opening of a draft shares (the plan page, actions agreed at a meeting):
    on a case the caller has fetched, checked and locked, return the open draft or start one
    from the active plan, audited. No fetch, no permission check here."""
    draft = case.plans.filter(status=plan_rules.PlanStatus.DRAFT).first()
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
    level = MappaLevel(case.level)
    review = next_review_date(today, level, review_policy(case.area))
    mappa_review = case.next_review_date
    if level != MappaLevel.ORDINARY and mappa_review and today <= mappa_review < review:
        review = mappa_review  # reviewed at the case's next MAPPA review at the latest
    plan = Plan.objects.create(
        case=case,
        assessment=assessment,
        number=number,
        status=plan_rules.PlanStatus.DRAFT,
        plan_date=today,
        period_start=today,
        period_end=review,
        review_date=review,
        pillar_reasons=dict(previous.pillar_reasons) if previous else {},
        victims=list(previous.victims) if previous else [],
        contingencies=list(previous.contingencies) if previous else [],
        # What was considered carries over; each version is sent out again (communicated).
        information_considered=list(previous.information_considered) if previous else [],
        information_gaps=previous.information_gaps if previous else "",
        created_by=actor,
        editors=[actor.pk],
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
        target=plan_target(plan),
        after={
            "number": number,
            "assessment": assessment.pk,
            "based_on": previous.pk if previous else None,
            "version": plan.version,
        },
    )
    return plan


def append_actions(
    *, actor: User, plan: Plan, actions: list[dict[str, Any]], why: str
) -> list[Action]:
    """The step that adds agreed actions to a draft (actions agreed at a meeting): each gets
    the next free identifier, the draft's document with them must parse, and the checker's
    errors that name one of them refuse the lot (an owner without access, a factor the plan
    does not hold). Audited as an alteration of the plan; no fetch, no permission check."""
    require_draft(plan)
    taken = set(plan.actions.values_list("ident", flat=True))
    n = len(taken)
    docs: list[dict[str, Any]] = []
    for raw in actions:
        n += 1
        while f"a{n}" in taken:
            n += 1
        docs.append({**raw, "id": f"a{n}"})
    doc = plan_document(plan)
    doc["actions"] = [*doc["actions"], *docs]
    parsed = plan_rules.parse_plan(doc)
    new_ids = {d["id"] for d in docs}
    blocking = [
        f
        for f in plan_rules.check(parsed, policy=review_policy(plan.case.area))
        if f.severity == plan_rules.Severity.ERROR and new_ids & set(f.refs)
    ]
    if blocking:
        errors = Collector()
        for f in blocking:
            ref = next(r for r in f.refs if r in new_ids)
            errors.add(f"actions.{ref}", f.message)
        errors.raise_if_any()
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in=[d["owner_agency"] for d in docs])
    }
    position = plan.actions.count()
    rows = [
        Action(
            plan=plan,
            case_id=plan.case_id,
            live=plan.is_active,
            ident=d["id"],
            position=position + i,
            pillar=d["pillar"],
            text=d["text"],
            owner_agency=agencies[d["owner_agency"]],
            owner_name=str(d.get("owner_name") or "")[:200],
            due=dt.date.fromisoformat(d["due"]) if d.get("due") else None,
            addresses=list(d.get("addresses") or []),
            protects=list(d.get("protects") or []),
        )
        for i, d in enumerate(docs)
    ]
    Action.objects.bulk_create(rows)
    plan.version += 1
    plan.updated_at = timezone.now()
    if actor.pk not in plan.editors:
        plan.editors = [*plan.editors, actor.pk]
    plan.save(update_fields=["version", "updated_at", "editors"])
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action="append_actions",
        target=plan_target(plan),
        after={"actions": docs, "why": why, "version": plan.version},
    )
    return rows


def _date(raw: object, field: str, errors: Collector) -> dt.date | None:
    if raw in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        errors.add(field, "must be a date written YYYY-MM-DD")
        return None


def save_plan(
    *, actor: User, plan_id: object, data: Mapping[str, Any], expected_version: int | None
) -> Plan:
    """Replace the draft's content with ``data`` (any of EDITABLE); the document must be well
    formed (fields named when not); findings are not errors here: they block approval."""
    with transaction.atomic():
        plan = find_plan(actor, plan_id, manage=True)
        require_draft(plan)
        check_plan_version(plan, expected_version)
        errors = Collector()
        for key in data:
            if key not in EDITABLE:
                errors.add(str(key)[:40] or "(empty)", "is not a field you can change here")
        errors.raise_if_any()
        before = plan_snapshot(plan)
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
        codes = (
            {a.get("owner_agency") for a in actions}
            | {c.get("owner_agency") for c in parsed_contingencies(doc)}
            | {i.agency for i in parsed.information_considered}
            | {c.to for c in parsed.communicated}
        )
        agencies = {a.code: a for a in Agency.objects.filter(code__in=[c for c in codes if c])}
        for i, a in enumerate(actions):
            if a.get("owner_agency") not in agencies:
                errors.add(f"actions.{i}.owner_agency", "is not a known agency code")
        for i, considered in enumerate(parsed.information_considered):
            if considered.agency not in agencies:
                errors.add(f"information_considered.{i}.agency", "is not a known agency code")
        for i, sent in enumerate(parsed.communicated):
            if sent.to not in agencies and sent.to != plan_rules.VICTIM_LIAISON:
                errors.add(
                    f"communicated.{i}.to",
                    f"is not a known agency code or {plan_rules.VICTIM_LIAISON}",
                )
        errors.raise_if_any()
        kept = {x.ident: x for x in plan.actions.all()}  # progress carried from the active plan
        plan.actions.all().delete()
        rows: list[Action] = []
        for i, (a, typed) in enumerate(zip(actions, parsed.actions, strict=True)):
            before_row = kept.get(typed.id)
            rows.append(
                Action(
                    plan=plan,
                    case_id=plan.case_id,
                    live=plan.is_active,
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
                    status=before_row.status if before_row else plan_rules.ActionStatus.PLANNED,
                    status_reason=before_row.status_reason if before_row else "",
                    completion_note=before_row.completion_note if before_row else "",
                    completed_by_id=before_row.completed_by_id if before_row else None,
                    completed_at=before_row.completed_at if before_row else None,
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
        plan.information_considered = [
            {"agency": i.agency, "summary": i.summary} for i in parsed.information_considered
        ]
        plan.information_gaps = parsed.information_gaps or ""
        plan.communicated = [{"to": c.to, "on": iso_date(c.on)} for c in parsed.communicated]
        errors.raise_if_any()
        plan.version += 1
        plan.updated_at = timezone.now()
        if actor.pk not in plan.editors:
            plan.editors = [*plan.editors, actor.pk]
        plan.save()
        after = plan_snapshot(plan)
        changed = [k for k in after if after[k] != before[k]]
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="save_plan",
            target=plan_target(plan),
            before={k: before[k] for k in changed},
            after={**{k: after[k] for k in changed}, "version": plan.version},
        )
        return plan


def _open_action(actor: User, action_id: object) -> tuple[Plan, Action]:
    """The action (locked) and its plan, if the actor may see its case (NotFound otherwise)
    and may progress it (Forbidden otherwise: ``UPDATE_ACTION_STATUS``)."""
    try:
        pk = int(str(action_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    found = Action.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if found is None:
        raise NotFound()
    plan = find_plan(actor, found, manage=False)
    action = plan.actions.select_for_update().filter(pk=pk).select_related("owner_agency").first()
    if action is None:
        raise NotFound()
    require(actor, Permission.UPDATE_ACTION_STATUS, action)
    return plan, action


def _move(actor: User, plan: Plan, action: Action, status: str, note: str) -> Action:
    """Record the move with its history row and audit row; a completion keeps what was done,
    by whom and when, and any other move clears them."""
    before = action.status
    ActionStatusChange.objects.create(
        action=action, from_status=before, to_status=status, reason=note, changed_by=actor
    )
    done = status == plan_rules.ActionStatus.DONE
    action.status = status
    action.status_reason = note
    action.completion_note = note if done else ""
    action.completed_by = actor if done else None
    action.completed_at = timezone.now() if done else None
    action.save(
        update_fields=[
            "status",
            "status_reason",
            "completion_note",
            "completed_by",
            "completed_at",
        ]
    )
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action="complete_action" if done else "update_action_status",
        target=plan_target(plan),
        before={"action": action.ident, "status": before},
        after={"action": action.ident, "status": status, "reason": note},
    )
    return action


def _only_active(plan: Plan, field: str, errors: Collector) -> None:
    if not plan.is_active:
        errors.add(field, "only actions of the active plan are progressed")


def update_action_status(
    *, actor: User, action_id: object, status: str, reason: str = ""
) -> Action:
    """Progress an action of the active plan: planned, in progress, done (saying what was done,
    in ``reason``) or not done (saying why)."""
    with transaction.atomic():
        plan, action = _open_action(actor, action_id)
        errors = Collector()
        _only_active(plan, "status", errors)
        if status not in plan_rules.ACTION_STATUSES:
            errors.add("status", f"must be one of: {', '.join(plan_rules.ACTION_STATUSES)}")
        why = clean_text(
            reason,
            "reason",
            errors,
            max_length=LONG_TEXT_MAX,
            multiline=True,
            required=status in plan_rules.FINISHED_ACTION_STATUSES,
        )
        errors.raise_if_any()
        return _move(actor, plan, action, status, why)


def complete_action(*, actor: User, action_id: object, what_was_done: object) -> Action:
    """[MAPPA-G] 1.5 step 7: complete an action of the active plan, saying what was done; who
    completed it and when are recorded with it (an action already done is refused)."""
    with transaction.atomic():
        plan, action = _open_action(actor, action_id)
        errors = Collector()
        _only_active(plan, "what_was_done", errors)
        if action.status == plan_rules.ActionStatus.DONE:
            errors.add("what_was_done", "this action is already done")
        note = clean_text(
            what_was_done,
            "what_was_done",
            errors,
            max_length=LONG_TEXT_MAX,
            multiline=True,
            required=True,
        )
        errors.raise_if_any()
        return _move(actor, plan, action, plan_rules.ActionStatus.DONE, note)
