"""Use cases for MAPPA cases: registration, changes, status moves, shares and revocation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import Agency, Area
from fourpillars.domain import access
from fourpillars.domain import decisions as decision_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import LEAD_KINDS, SHAREABLE_KINDS, LawfulBasis
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.intake import CaseInput, clean_case, clean_person, clean_reason
from fourpillars.domain.mappa import CaseStatus, ReviewPolicy, transition_status
from fourpillars.domain.persons import parse_date
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import audit
from fourpillars.services.access import allowed, manageable_case, require
from fourpillars.services.decisions import record_system_decision
from fourpillars.services.persons.changes import create_person
from fourpillars.services.referrals import duplicates
from fourpillars.services.retention.policy import closing_dates

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fourpillars.accounts.models import User


def review_policy(area: Area) -> ReviewPolicy:
    return area.review_policy(dict(settings.FOURPILLARS_REVIEW_WEEKS))


def case_snapshot(case: Case) -> dict[str, object]:
    return {
        "category": case.category,
        "level": case.level,
        "lead_agency": case.lead_agency.code,
        "area": case.area.code,
        "start_date": case.start_date,
        "status": case.status,
        "next_review_date": case.next_review_date,
        "disposal": case.disposal,
        "disposal_date": case.disposal_date,
        "custody_months": case.custody_months,
        "discharge_months": case.discharge_months,
        "notification_end": case.notification_end,
        "notification_indefinite": case.notification_indefinite,
    }


def _lead_agency(value: object, actor: User) -> Agency:
    agency = None
    if value not in (None, ""):
        agency = Agency.objects.select_related("area").filter(code=str(value)).first() or (
            Agency.objects.select_related("area").filter(pk=int(str(value))).first()
            if str(value).isdigit()
            else None
        )
        if agency is None:
            raise DomainValidationError.single("lead_agency", f"unknown agency {value!r}")
    else:
        agency = actor.agency
    if agency is None or agency.kind_enum not in LEAD_KINDS or agency.area_id is None:
        raise DomainValidationError.single(
            "lead_agency", "the lead agency must be police, probation or prison in an area"
        )
    if not allowed(actor, Permission.REGISTER_CASE, registering_for(agency)):
        raise DomainValidationError.single(
            "lead_agency",
            "you can register cases only for your own agency (a co-ordinator: for an agency "
            "in their area)",
        )
    return agency


def registering_for(agency: Agency) -> access.Facts:
    """The policy's facts for registering a case that ``agency`` would lead."""
    return access.Facts(case=access.CaseFacts(agency.pk, agency.area_id))


def apply_case_fields(case: Case, c: CaseInput, policy: ReviewPolicy) -> None:
    """Copy a cleaned case input onto the row (no save, no audit): the one field mapping that
    registration, edits and the bench loader share."""
    case.category, case.level = int(c.category), int(c.level)
    case.start_date, case.next_review_date = c.start_date, c.next_review_date
    case.review_policy_version = policy.version
    case.disposal, case.disposal_date = c.disposal, c.disposal_date
    case.custody_months, case.discharge_months = c.custody_months, c.discharge_months
    case.under_18_at_disposal = c.under_18
    p = c.period
    case.notification_indefinite = bool(p and p.indefinite)
    case.notification_months = p.months if p else None
    case.notification_end = p.end if p else None
    case.notification_explanation = p.explanation if p else ""
    case.notification_rules_version = p.version if p else ""


def register_case(*, actor: User, person: Mapping[str, object], case: Mapping[str, object]) -> Case:
    """MAPPA Guidance 1.5 step 1: identify and register a person for management.

    Person and case are collected in one transaction with their audit rows; any invalid field
    anywhere refuses the whole registration (no half-saved record).
    """
    require(actor, Permission.REGISTER_CASE)
    today = timezone.localdate()
    errors = Collector()
    person_in = None
    try:
        person_in = clean_person(person, today)
    except DomainValidationError as exc:
        errors.extend(exc.prefixed("person").errors)
    lead = None
    try:
        lead = _lead_agency(case.get("lead_agency"), actor)
    except DomainValidationError as exc:
        errors.extend(exc.prefixed("case").errors)
    case_in = None
    if lead is not None:
        policy = review_policy(lead.area)  # type: ignore[arg-type]
        try:
            case_in = clean_case(
                case,
                today=today,
                policy=policy,
                date_of_birth=(person_in.date_of_birth if person_in else None),
            )
        except DomainValidationError as exc:
            errors.extend(exc.prefixed("case").errors)
    errors.raise_if_any()
    assert person_in is not None and lead is not None and case_in is not None
    with transaction.atomic():
        try:
            p = create_person(actor=actor, data=person_in)
        except DomainValidationError as exc:
            raise exc.prefixed("person") from None
        row = Case(
            person=p,
            reference=f"new-{p.pk}-{timezone.now().timestamp()}",
            lead_agency=lead,
            area=lead.area,
        )
        apply_case_fields(row, case_in, policy)
        row.save()
        row.reference = f"FP-{lead.area.code}-{row.pk:06d}"  # type: ignore[union-attr]
        row.save(update_fields=["reference"])
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="create_person",
            target=audit.Target("person", str(p.pk), row.pk, p.pk),
            after={
                "display_name": p.display_name,
                "date_of_birth": p.date_of_birth,
                "names": len(person_in.names),
                "identifiers": [i.kind.value for i in person_in.identifiers],
                "addresses": len(person_in.addresses),
                "convictions": len(person_in.convictions),
            },
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="register_case",
            target=audit.Target("case", str(row.pk), row.pk, p.pk),
            after=case_snapshot(row),
        )
        # A person already managed in another area: flagged to both areas' co-ordinators,
        # nothing said to whoever registers (decision 0018).
        duplicates.detect(actor=actor, person=p)
        return row


def update_case(
    *, actor: User, case_id: object, data: Mapping[str, object], expected_version: int | None
) -> Case:
    """Change category, level, dates or disposal; re-derive review date and notification."""
    with transaction.atomic():
        case = manageable_case(actor, case_id)
        audit.ensure_version("case", case.pk, case.version, expected_version)
        return alter_case(actor=actor, case=case, data=data)


def alter_case(*, actor: User, case: Case, data: Mapping[str, object]) -> Case:
    """The step every change of a case's fields shares (an edit, a level decision): on a case
    the caller has already fetched, checked and locked in its own transaction, merge ``data``,
    re-validate and re-derive the review date and notification period, save, and audit the
    alteration with what changed. No fetch and no permission check here."""
    merged = {
        **case_snapshot(case),
        "under_18_at_disposal": case.under_18_at_disposal,
        **dict(data),
    }
    if "next_review_date" not in data:
        # Keep a still-valid review date; a new level or an overdue date derives a new one.
        existing = case.next_review_date
        keep = existing and existing >= timezone.localdate() and "level" not in data
        merged["next_review_date"] = existing if keep else None
    policy = review_policy(case.area)
    c = clean_case(
        merged,
        today=timezone.localdate(),
        policy=policy,
        date_of_birth=case.person.date_of_birth,
    )
    before = case_snapshot(case)
    apply_case_fields(case, c, policy)
    case.version += 1
    case.updated_at = timezone.now()
    case.save()
    after = case_snapshot(case)
    changed = {k: after[k] for k in after if after[k] != before[k]}
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action="update_case",
        target=audit.case_target(case),
        before={k: before[k] for k in changed},
        after={**changed, "version": case.version},
    )
    return case


def change_status(*, actor: User, case_id: object, status: str, reason: str) -> Case:
    """Suspend, close or re-open a case: a named transition with its reason (never free-form)."""
    with transaction.atomic():
        case = manageable_case(actor, case_id)
        return apply_status(actor=actor, case=case, status=status, reason=reason)


def apply_status(
    *, actor: User, case: Case, status: str, reason: str, closure_summary: str = ""
) -> Case:
    """The step every status move shares (an edit, an exit minuted at a meeting): on a case
    the caller has fetched, checked and locked, move it, record a closure as a decision, and
    audit the alteration. No fetch and no permission check here."""
    try:
        new = CaseStatus(status)
    except ValueError:
        raise DomainValidationError.single(
            "status", f"must be one of {', '.join(s.value for s in CaseStatus)}"
        ) from None
    why = clean_reason(reason, "reason")
    before = case.status
    case.status = transition_status(CaseStatus(case.status), new).value
    case.version += 1
    # The retention clock (decision 0030): it starts when the case closes, stops if it re-opens.
    case.closed_on, case.retention_review_due = None, None
    if case.status == CaseStatus.CLOSED.value:
        case.closed_on, case.retention_review_due = closing_dates(
            case.category, case.person.date_of_birth, timezone.localdate()
        )
    case.save(
        update_fields=["status", "version", "updated_at", "closed_on", "retention_review_due"]
    )
    if case.status == CaseStatus.CLOSED.value:
        record_system_decision(
            actor,
            case,
            decision_rules.DecisionInput(
                kind=decision_rules.DecisionKind.CASE_CLOSURE,
                summary=closure_summary or f"Case {case.reference} closed (was {before})",
                rationale=why,
                evidence=[decision_rules.Evidence("case", str(case.pk), case.reference)],
            ),
        )
    audit.record(
        actor=actor,
        operation=Operation.ALTERATION,
        action="change_status",
        target=audit.case_target(case),
        before={"status": before},
        after={"status": case.status, "reason": why, "version": case.version},
    )
    return case


def share_case(
    *,
    actor: User,
    case_id: object,
    agency: object,
    lawful_basis: str,
    reason: str,
    expires_at: object = None,
) -> CaseShare:
    """Disclosure to another MAPPA agency (CJA 2003 s.325(4)): basis, reason, recipients."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.SHARE_CASE)
        return grant_share(
            actor=actor,
            case=case,
            agency=agency,
            lawful_basis=lawful_basis,
            reason=reason,
            expires_at=expires_at,
        )


def grant_share(
    *,
    actor: User,
    case: Case,
    agency: object,
    lawful_basis: str,
    reason: str,
    expires_at: object = None,
    action: str = "share_case",
) -> CaseShare:
    """The step every grant of access shares (a share, an invitation to a meeting): on a case
    the caller has fetched, checked and locked in its own transaction, validate, create the
    share and audit the disclosure with its basis and recipient. No fetch, no permission
    check here."""
    errors = Collector()
    target = Agency.objects.filter(code=str(agency)).first() if agency else None
    if target is None:
        errors.add("agency", f"unknown agency {agency!r}")
    elif target.kind_enum not in SHAREABLE_KINDS:
        errors.add(
            "agency",
            "can share only with Responsible Authority and duty-to-co-operate agencies",
        )
    elif target.pk == case.lead_agency_id:
        errors.add("agency", "the lead agency already has access")
    try:
        basis = LawfulBasis(lawful_basis)
    except ValueError:
        errors.add("lawful_basis", "choose the lawful basis for sharing")
    try:
        why = clean_reason(reason, "reason")
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    expiry = _expiry(expires_at, errors)
    errors.raise_if_any()
    assert target is not None
    now = timezone.now()
    if any(s.agency_id == target.pk and s.is_active(now) for s in case.shares.all()):
        raise DomainValidationError.single("agency", f"{target.name} already has access")
    share = CaseShare.objects.create(
        case=case,
        agency=target,
        lawful_basis=basis.value,
        reason=why,
        granted_by=actor,
        expires_at=expiry,
    )
    audit.record(
        actor=actor,
        operation=Operation.DISCLOSURE,
        action=action,
        target=audit.case_target(case),
        legal_basis=basis.value,
        recipients=[target.code],
        after={
            "agency": target.code,
            "reason": why,
            "expires_at": expiry,
            "share_id": share.pk,
        },
    )
    return share


def _expiry(value: object, errors: Collector) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        expiry = value if timezone.is_aware(value) else timezone.make_aware(value)
    else:
        day = parse_date(str(value)[:10] if isinstance(value, str) else value, "expires_at", errors)
        if day is None:
            return None
        expiry = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
    if expiry <= timezone.now():
        errors.add("expires_at", "must be in the future")
    return expiry


def revoke_share(*, actor: User, case_id: object, share_id: object, reason: str) -> CaseShare:
    """End an agency's access now; its staff get 404 for the case from this moment."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.SHARE_CASE)
        share = (
            case.shares.select_related("agency")
            .filter(pk=int(str(share_id)) if str(share_id).isdigit() else -1)
            .first()
        )
        if share is None or share.revoked_at is not None:
            raise DomainValidationError.single("share", "no active share with that id")
        why = clean_reason(reason, "reason")
        share.revoked_at, share.revoked_by, share.revoke_reason = timezone.now(), actor, why
        share.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="revoke_share",
            target=audit.case_target(case),
            recipients=[share.agency.code],
            before={"agency": share.agency.code, "active": True},
            after={"agency": share.agency.code, "active": False, "reason": why},
        )
        return share
