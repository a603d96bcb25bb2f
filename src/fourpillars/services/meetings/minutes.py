"""Use cases on what a meeting records: each agency's contribution, the minutes section by
section (MAPPA B), the actions agreed, approval by the chair (which carries the decisions into
the register: the level decision, the next review date, a step-down or an exit, the actions
into a draft plan) and circulation to the attending agencies that hold access (a disclosure).
Also moving a review date with its reason, and the co-ordinator's grades.
[MAPPA-G] ch.7, ch.9, ch.13a, ch.14."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import Agency
from fourpillars.assessments.models import Factor, RoshAssessment
from fourpillars.domain import decisions as decision_rules
from fourpillars.domain import meetings as rules
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import LawfulBasis
from fourpillars.domain.audit import Operation
from fourpillars.domain.dates import long_date
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.mappa import CaseStatus, ReviewPolicy
from fourpillars.domain.reminders import NotificationKind
from fourpillars.domain.rosh import FactorKind
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.meetings.models import Contribution, Meeting, MeetingCase, MeetingGrade, Minutes
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import manageable_case, require
from fourpillars.services.assessments.changes import record_level_decision
from fourpillars.services.cases.changes import alter_case, apply_status, review_policy
from fourpillars.services.decisions import record_system_decision
from fourpillars.services.errors import NotFound
from fourpillars.services.notifications.events import agency_members, notify
from fourpillars.services.plans.changes import append_actions, open_draft
from fourpillars.services.plans.documents import agencies_with_access, plan_document

from .common import (
    context,
    item_target,
    meeting_day,
    meeting_item,
    meeting_target,
    minutes_of,
    visible_meeting,
)

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

CONTRIBUTION_MAX = LONG_TEXT_MAX


def contribute(*, actor: User, meeting_id: object, case_id: object, text: object) -> Contribution:
    """[MAPPA-G] 1.5 step 4: an invited agency gives what it knows of the case, before or
    during the meeting; attributed, dated and audited as collection."""
    with transaction.atomic():
        meeting, item, case = meeting_item(actor, meeting_id, case_id)
        require(actor, Permission.CONTRIBUTE, meeting)
        errors = Collector()
        if meeting.status == rules.MeetingStatus.CANCELLED.value:
            errors.add("text", "this meeting was cancelled")
        minutes = Minutes.objects.filter(item=item).values_list("status", flat=True).first()
        if minutes not in (None, rules.MinutesStatus.DRAFT.value):
            errors.add("text", "the minutes are approved: the meeting takes no more information")
        body = clean_text(
            text, "text", errors, required=True, max_length=CONTRIBUTION_MAX, multiline=True
        )
        errors.raise_if_any()
        if actor.agency is None:
            raise DomainValidationError.single("text", "you belong to no agency")
        row = Contribution.objects.create(
            item=item,
            agency=actor.agency,
            author=actor,
            text=body,
            during_meeting=timezone.now() >= meeting.starts_at,
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="contribute_to_meeting",
            target=item_target(item, case),
            after={
                "contribution": row.pk,
                "agency": actor.agency.code,
                "during": row.during_meeting,
            },
        )
        return row


def _editable(
    actor: User, meeting_id: object, case_id: object, expected: int | None
) -> tuple[Meeting, MeetingCase, Case, Minutes]:
    meeting, item, case = meeting_item(actor, meeting_id, case_id, for_update=True)
    require(actor, Permission.RECORD_MINUTES, meeting)
    minutes = minutes_of(item, for_update=True)
    if minutes.status != rules.MinutesStatus.DRAFT.value:
        raise DomainValidationError.single("status", "approved minutes are not changed")
    if meeting.status != rules.MeetingStatus.HELD.value:
        raise DomainValidationError.single(
            "status", "minutes are written once the meeting is held (record the attendance first)"
        )
    audit.ensure_version("minutes", minutes.pk, minutes.version, expected)
    return meeting, item, case, minutes


def _saved(
    actor: User, item: MeetingCase, case: Case, minutes: Minutes, what: str, before: Any, after: Any
) -> Minutes:
    minutes.version += 1
    minutes.updated_at = timezone.now()
    if actor.pk not in minutes.editors:
        minutes.editors = [*minutes.editors, actor.pk]
    minutes.save()
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action="save_minutes",
        target=audit.Target("minutes", str(minutes.pk), case.pk, case.person_id),
        before={what: before},
        after={what: after, "version": minutes.version},
    )
    return minutes


SECTION_SLUGS = ("headings", "outcome", "plan", "disclosure", "dissent", "next_review")


def clean_section(
    slug: str, data: Any, meeting: Meeting, case: Case, content: Mapping[str, Any]
) -> Any:
    """One section of the minutes, cleaned by its domain rule."""
    ctx = context(meeting, case)
    if slug == "headings":
        if not isinstance(data, Mapping):
            raise DomainValidationError.single("headings", "must be an object of heading: text")
        return {**(content.get("headings") or {}), **rules.clean_headings(data)}
    if not isinstance(data, Mapping) and slug != "dissent":
        raise DomainValidationError.single(slug, "must be an object")
    if slug == "outcome":
        return rules.clean_outcome(data, ctx)
    if slug == "plan":
        return rules.clean_plan_agreed(data, ctx)
    if slug == "disclosure":
        return rules.clean_disclosure(data)
    if slug == "dissent":
        return rules.clean_dissent(data, ctx)
    level = rules.decided_level(content.get("outcome") or {}, case.level)
    if rules.leaves_meetings(content.get("outcome")):
        raise DomainValidationError.single(
            "next_review_date", "the case leaves level 2 and 3: no MAPPA review to set"
        )
    return rules.clean_next_review(data, ctx, level)


def save_minutes(
    *,
    actor: User,
    meeting_id: object,
    case_id: object,
    section: str,
    data: Any,
    expected_version: int | None,
) -> Minutes:
    """Save one section of the draft minutes (the task list's page), guarded by ``version``."""
    if section not in SECTION_SLUGS:
        raise DomainValidationError.single("section", f"must be one of {', '.join(SECTION_SLUGS)}")
    with transaction.atomic():
        meeting, item, case, minutes = _editable(actor, meeting_id, case_id, expected_version)
        content = dict(minutes.content)
        before = content.get(section)
        content[section] = clean_section(section, data, meeting, case, content)
        if section == "outcome" and rules.leaves_meetings(content[section]):
            content.pop("next_review", None)
        minutes.content = content
        return _saved(actor, item, case, minutes, section, before, content[section])


def _trial(case: Case, action: rules.ActionInput, ident: str) -> None:
    """The plan checker on the draft (or active plan) with the action added: an error that
    names the action refuses it here, before the meeting's minutes are approved."""
    plan = (
        case.plans.filter(status__in=[plan_rules.PlanStatus.DRAFT, plan_rules.PlanStatus.ACTIVE])
        .order_by("-number")
        .first()
    )
    if plan is None:
        return
    doc = plan_document(plan)
    doc["actions"] = [*doc["actions"], action.as_doc("m_trial")]
    taken = {a["id"] for a in doc["actions"]}
    if "m_trial" not in taken:  # pragma: no cover
        return
    parsed = plan_rules.parse_plan(doc)
    errors = Collector()
    for f in plan_rules.check(parsed, policy=context_policy(case)):
        if f.severity == plan_rules.Severity.ERROR and "m_trial" in f.refs:
            errors.add(
                "addresses" if "FACTOR" in f.code else "owner_agency",
                f.message.replace("m_trial", ident),
            )
    errors.raise_if_any()


def factors_to_address(case: Case) -> list[tuple[str, str]]:
    """The risk and protective factors an action agreed may address, as (identifier, text):
    those of the assessment the case's draft plan responds to, else of its current RoSH
    assessment (the draft approval opens responds to it); none without either. Read on a case
    its caller has consulted (the minutes' page)."""
    draft = case.plans.filter(status=plan_rules.PlanStatus.DRAFT).first()
    assessment_id = (
        draft.assessment_id
        if draft is not None
        else RoshAssessment.objects.filter(case=case, is_current=True)
        .values_list("pk", flat=True)
        .first()
    )
    if assessment_id is None:
        return []
    rows = Factor.objects.filter(assessment_id=assessment_id).order_by("position", "pk")
    risk_first = sorted(rows, key=lambda f: f.kind != FactorKind.RISK.value)
    return [(f.ident, f.text) for f in risk_first]


def context_policy(case: Case) -> ReviewPolicy:
    return review_policy(case.area)


def add_minutes_action(
    *,
    actor: User,
    meeting_id: object,
    case_id: object,
    data: object,
    expected_version: int | None,
) -> Minutes:
    """An action agreed: pillar, owner agency holding access, named owner, due date; checked
    by the plan checker against the case's plan now, added to the plan at approval."""
    with transaction.atomic():
        meeting, item, case, minutes = _editable(actor, meeting_id, case_id, expected_version)
        if not isinstance(data, Mapping):
            raise DomainValidationError.single("action", "must be an object")
        action = rules.clean_action(data, context(meeting, case))
        if len(minutes.actions) >= rules.ACTIONS_MAX:
            raise DomainValidationError.single("text", f"at most {rules.ACTIONS_MAX} actions")
        n = max([int(a["id"][1:]) for a in minutes.actions] + [0]) + 1
        ident = f"m{n}"
        _trial(case, action, ident)
        row = {**action.as_doc(ident), "plan_action": None}
        minutes.actions = [*minutes.actions, row]
        return _saved(actor, item, case, minutes, "actions", None, row)


def remove_minutes_action(
    *,
    actor: User,
    meeting_id: object,
    case_id: object,
    action_id: str,
    expected_version: int | None,
) -> Minutes:
    with transaction.atomic():
        _meeting, item, case, minutes = _editable(actor, meeting_id, case_id, expected_version)
        kept = [a for a in minutes.actions if a["id"] != str(action_id)]
        if len(kept) == len(minutes.actions):
            raise NotFound()
        removed = next(a for a in minutes.actions if a["id"] == str(action_id))
        minutes.actions = kept
        return _saved(actor, item, case, minutes, "actions", removed, None)


def attended_count(meeting: Meeting) -> int:
    return meeting.invitations.filter(attendance=rules.Attendance.ATTENDED.value).count()


def approve_minutes(
    *, actor: User, meeting_id: object, case_id: object, expected_version: int | None
) -> Minutes:
    """[MAPPA-G] ch.13a: the chair approves the minutes, and what the meeting decided comes
    into force in one transaction: the level decision (confirmed or changed, or stepped down)
    with the next review date, an exit from MAPPA (the case closed with its reason), the
    actions agreed into the case's draft plan (opened from the active one if need be), and
    disclosure and dissent as recorded decisions."""
    with transaction.atomic():
        meeting, item, case = meeting_item(actor, meeting_id, case_id, for_update=True)
        require(actor, Permission.APPROVE_MINUTES, meeting)
        minutes = minutes_of(item, for_update=True)
        audit.ensure_version("minutes", minutes.pk, minutes.version, expected_version)
        minutes.status = rules.move_minutes(
            rules.MinutesStatus(minutes.status), rules.MinutesStatus.APPROVED
        ).value
        content = minutes.content
        found = rules.problems(content, attended_count(meeting))
        errors = Collector()
        for slug, messages in found.items():
            for message in messages:
                errors.add(slug, message)
        errors.raise_if_any()
        outcome = content["outcome"]
        when = rules.Outcome(outcome["outcome"])
        why = f"{outcome['reason']} (minuted at the meeting on {meeting_day(meeting).isoformat()})"
        if when is rules.Outcome.EXIT:
            label = rules.ExitReason(outcome["exit_reason"]).label
            apply_status(
                actor=actor,
                case=case,
                status=CaseStatus.CLOSED.value,
                reason=f"{label}. {why}"[:1000],
                closure_summary=f"Case {case.reference} left MAPPA: {label.lower()}",
            )
        else:
            level = rules.decided_level(outcome, case.level)
            data: dict[str, object] = {}
            if not rules.leaves_meetings(outcome):
                ctx = context(meeting, case)
                review = content["next_review"]
                data["next_review_date"] = rules.check_next_review(
                    ctx, _iso(review["date"]), review.get("reason", ""), level
                ).isoformat()
            minutes.level_decision = record_level_decision(
                actor=actor, case=case, flags={}, level=level, reason=why, data=data
            )
        if minutes.actions:
            plan = open_draft(actor=actor, case=case)
            docs = [
                {k: v for k, v in a.items() if k not in ("id", "plan_action")}
                for a in minutes.actions
            ]
            rows = append_actions(actor=actor, plan=plan, actions=docs, why=why)
            minutes.actions = [
                {**a, "plan_action": r.ident} for a, r in zip(minutes.actions, rows, strict=True)
            ]
            minutes.plan = plan
        elif (content.get("plan") or {}).get("number"):
            minutes.plan = case.plans.filter(number=content["plan"]["number"]).first()
        disclosure = content["disclosure"]
        record_system_decision(
            actor,
            case,
            decision_rules.DecisionInput(
                kind=decision_rules.DecisionKind.DISCLOSURE,
                summary="Disclosure considered at the meeting: "
                + rules.DisclosureOutcome(disclosure["outcome"]).label.lower(),
                rationale=disclosure["detail"],
                dissent=[
                    {"by": d["agency"], "reason": d["text"]} for d in content.get("dissent") or []
                ],
                evidence=[decision_rules.Evidence("minutes", str(minutes.pk), "Meeting minutes")],
            ),
        )
        minutes.approved_by, minutes.approved_at = actor, timezone.now()
        minutes.version += 1
        minutes.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="approve_minutes",
            target=audit.Target("minutes", str(minutes.pk), case.pk, case.person_id),
            before={"status": rules.MinutesStatus.DRAFT.value},
            after={
                "status": minutes.status,
                "outcome": outcome["outcome"],
                "plan": minutes.plan_id,
                "actions": [a["plan_action"] for a in minutes.actions],
                "version": minutes.version,
            },
        )
        return minutes


def _iso(raw: object) -> dt.date:
    return dt.date.fromisoformat(str(raw))


def circulation_list(meeting: Meeting, case: Case) -> list[str]:
    """[MAPPA-G] ch.9: minutes go only to agencies that attended and hold access to the case."""
    holding = set(agencies_with_access(case))
    attended = meeting.invitations.filter(attendance=rules.Attendance.ATTENDED.value).values_list(
        "agency__code", flat=True
    )
    return sorted(c for c in attended if c in holding)


def circulate_minutes(*, actor: User, meeting_id: object, case_id: object) -> Minutes:
    """Send approved minutes to the attending agencies that hold access: a disclosure,
    recorded with its recipients and lawful basis ([CJA-2003] s.325(4))."""
    with transaction.atomic():
        meeting, item, case = meeting_item(actor, meeting_id, case_id, for_update=True)
        require(actor, Permission.RECORD_MINUTES, meeting)
        minutes = minutes_of(item, for_update=True)
        minutes.status = rules.move_minutes(
            rules.MinutesStatus(minutes.status), rules.MinutesStatus.CIRCULATED
        ).value
        recipients = circulation_list(meeting, case)
        if not recipients:
            raise DomainValidationError.single(
                "recipients", "no agency that attended holds access to this case"
            )
        minutes.circulated_by, minutes.circulated_at = actor, timezone.now()
        minutes.circulated_to = recipients
        minutes.version += 1
        minutes.save()
        audit.record(
            actor=actor,
            operation=Operation.DISCLOSURE,
            action="circulate_minutes",
            target=audit.Target("minutes", str(minutes.pk), case.pk, case.person_id),
            legal_basis=LawfulBasis.CJA_2003_S325_4.value,
            recipients=recipients,
            after={"status": minutes.status, "meeting": meeting.pk, "version": minutes.version},
        )
        agencies = Agency.objects.filter(code__in=recipients).values_list("pk", flat=True)
        held_on = long_date(timezone.localtime(meeting.starts_at))
        notify(
            recipients=agency_members(agencies),
            kind=NotificationKind.MINUTES_CIRCULATED,
            subject=f"Minutes of the MAPPA meeting on {held_on}",
            body=(
                f"The approved minutes for case {case.reference} have been circulated to your "
                "agency. Keep them to those who need to know."
            ),
            link=f"/meetings/{meeting.pk}/cases/{case.pk}/",
            case=case,
            skip=actor,
        )
        return minutes


def move_next_review(*, actor: User, case_id: object, date: object, reason: str) -> Case:
    """[MAPPA-G] ch.13a: a review date set at a meeting is moved only with a reason, and stays
    within the level's interval of the last meeting held on the case (of today, if none)."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.RECORD_DECISION)
        errors = Collector()
        if case.level not in (2, 3):
            errors.add("next_review_date", "only level 2 and 3 reviews are set by meetings")
        why = clean_text(
            reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
        )
        day = rules.parse_day(date, "next_review_date", errors)
        errors.raise_if_any()
        last = (
            MeetingCase.objects.filter(case=case, meeting__status=rules.MeetingStatus.HELD.value)
            .order_by("-meeting__starts_at")
            .values_list("meeting__starts_at", flat=True)
            .first()
        )
        base = timezone.localtime(last).date() if last else timezone.localdate()
        ctx = rules.Context(
            meeting_day=base,
            level=case.level,
            category=case.category,
            policy=context_policy(case),
            previous_review=case.next_review_date,
        )
        checked = rules.check_next_review(ctx, day, why)
        before = case.next_review_date
        record_system_decision(
            actor,
            case,
            decision_rules.DecisionInput(
                kind=decision_rules.DecisionKind.OTHER,
                summary=f"Next MAPPA review moved from {before} to {checked}",
                rationale=why,
            ),
        )
        return alter_case(actor=actor, case=case, data={"next_review_date": checked.isoformat()})


def grade_meeting(*, actor: User, meeting_id: object, data: object) -> MeetingGrade:
    """The co-ordinator grades a held meeting on the audit form, 1 to 4 per item (MAPPA L)."""
    with transaction.atomic():
        meeting = visible_meeting(actor, meeting_id, for_update=True)
        require(actor, Permission.RUN_MEETINGS, meeting)
        if meeting.status != rules.MeetingStatus.HELD.value:
            raise DomainValidationError.single("scores", "only a meeting that was held is graded")
        if not isinstance(data, Mapping):
            raise DomainValidationError.single("scores", "must be an object")
        grades = rules.clean_grades(data)
        before = MeetingGrade.objects.filter(meeting=meeting).first()
        row, _ = MeetingGrade.objects.update_or_create(
            meeting=meeting,
            defaults={
                "scores": grades.scores,
                "note": grades.note,
                "mean": rules.average(grades.scores.values()),
                "form_version": rules.AUDIT_FORM.version,
                "graded_by": actor,
                "graded_at": timezone.now(),
            },
        )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION if before else Operation.COLLECTION,
            action="grade_meeting",
            target=meeting_target(meeting),
            before=before.scores if before else None,
            after={"scores": grades.scores, "mean": row.mean, "form": row.form_version},
        )
        return row
