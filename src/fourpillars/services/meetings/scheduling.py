"""Use cases that arrange a meeting: schedule it (one case or a panel) with a chair of the
grade the level needs, invite agencies (an agency without access to a case is given it by a
recorded share with its lawful basis: a disclosure), record attendance, cancel, and set a
chair's grade. Each runs in one transaction with its audit rows ([MAPPA-G] ch.13a, ch.9)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from fourpillars.accounts.models import Agency, User
from fourpillars.domain import access as policy_rules
from fourpillars.domain import meetings as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import AgencyKind, LawfulBasis
from fourpillars.domain.audit import Operation
from fourpillars.domain.dates import long_datetime
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.reminders import NotificationKind
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.meetings.models import ChairGrade, Invitation, Meeting, MeetingCase, Minutes
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import require, visible_case
from fourpillars.services.cases.changes import grant_share
from fourpillars.services.errors import NotFound
from fourpillars.services.notifications.events import agency_members, notify

from .common import meeting_target, visible_meeting

CASES_MAX = 30


def _case_ids(raw: object) -> list[object]:
    if isinstance(raw, str | int):
        raw = [raw]
    if not isinstance(raw, list | tuple) or not raw:
        raise DomainValidationError.single("cases", "choose at least one case")
    if len(raw) > CASES_MAX:
        raise DomainValidationError.single("cases", f"a panel discusses at most {CASES_MAX} cases")
    return list(dict.fromkeys(raw))


def _chair(raw: object, area_id: int, level: int, errors: Collector) -> User | None:
    """The chair: an active user of an agency in the meeting's area, of the grade the
    level needs (``domain.meetings.check_chair``)."""
    text = str(raw or "").strip()
    if not text:
        errors.add("chair", "choose the chair")
        return None
    rows = User.objects.filter(is_active=True, agency__area_id=area_id)
    user = rows.filter(username=text).first() or (
        rows.filter(pk=int(text)).first() if text.isdigit() else None
    )
    if user is None:
        errors.add("chair", "choose a chair from this area")
        return None
    grade = ChairGrade.objects.filter(user=user).values_list("seniority", flat=True).first()
    kind = AgencyKind(user.agency.kind) if user.agency else None
    try:
        rules.check_chair(rules.Seniority(grade or 0), kind, level)
    except DomainValidationError as exc:
        errors.extend(exc.errors)
        return None
    return user


def _agencies(raw: object, errors: Collector) -> list[Agency]:
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        errors.add("agencies", "must be a list of agency codes")
        return []
    codes = [str(c) for c in raw]
    found = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    for i, code in enumerate(codes):
        if code not in found:
            errors.add(f"agencies.{i}", f"unknown agency {code[:40]!r}")
    return [found[c] for c in dict.fromkeys(codes) if c in found]


def _invite(
    actor: User,
    meeting: Meeting,
    agency: Agency,
    cases: Sequence[Case],
    basis: str,
    reason: str,
) -> tuple[Invitation, list[str]]:
    """Invite ``agency``; where it holds no access to a case, grant it with the recorded
    basis and reason (a disclosure, audited by ``grant_share``). Returns the case
    references newly shared."""
    invitation, _ = Invitation.objects.get_or_create(
        meeting=meeting, agency=agency, defaults={"invited_by": actor}
    )
    shared: list[str] = []
    if agency.kind_enum in (AgencyKind.MAPPA_UNIT, AgencyKind.OVERSIGHT):
        return invitation, shared  # the unit sees every case in its area; nothing to grant
    now = timezone.now()
    for case in cases:
        if case.lead_agency_id == agency.pk:
            continue
        if any(s.agency_id == agency.pk and s.is_active(now) for s in case.shares.all()):
            continue
        if not basis or not reason:
            raise DomainValidationError.single(
                "lawful_basis",
                f"{agency.name} has no access to case {case.reference}: choose the lawful basis "
                "and give the reason for sharing it",
            )
        grant_share(
            actor=actor,
            case=case,
            agency=agency.code,
            lawful_basis=basis,
            reason=reason,
            action="invite_to_meeting",
        )
        shared.append(case.reference)
    return invitation, shared


def _tell_invited(
    actor: User, meeting: Meeting, agency_ids: Sequence[int], cases: Sequence[Case]
) -> None:
    """The chair and the members of each invited agency hear of the meeting, case by case
    (only those who may see the case; the case reference, never its content)."""
    when = long_datetime(timezone.localtime(meeting.starts_at))
    where = meeting.venue or "by video link"
    people = [meeting.chair, *agency_members(agency_ids)]
    for case in cases:
        notify(
            recipients=people,
            kind=NotificationKind.MEETING_INVITATION,
            subject=f"MAPPA meeting on {when}",
            body=f"You are invited to the MAPPA meeting on {when} ({where}): {case.reference}.",
            link=f"/meetings/{meeting.pk}/",
            case=case,
            skip=actor,
        )


def _sharing(data: Mapping[str, Any], errors: Collector) -> tuple[str, str]:
    basis = str(data.get("lawful_basis") or "")
    if basis and basis not in {b.value for b in LawfulBasis}:
        errors.add("lawful_basis", "choose the lawful basis for sharing")
    reason = clean_text(
        data.get("reason"), "reason", errors, max_length=LONG_TEXT_MAX, multiline=True
    )
    return basis, reason


def schedule_meeting(*, actor: User, data: Mapping[str, Any]) -> Meeting:
    """[MAPPA-G] ch.13a: the co-ordinator sets an initial or review meeting for one case or a
    panel (level 2 and 3 cases of their area, active), with a chair of the grade the highest
    level needs, a venue or video link, and the agencies invited: the chair's, each case's
    lead agency and those chosen. Draft minutes are opened for each case."""
    require(actor, Permission.RUN_MEETINGS)
    errors = Collector()
    meeting_in = None
    try:
        meeting_in = rules.clean_meeting(data, timezone.now())
    except DomainValidationError as exc:
        errors.extend(exc.errors)
    ids = _case_ids(data.get("cases"))
    with transaction.atomic():
        cases = [visible_case(actor, cid, for_update=True) for cid in ids]
        for case in cases:
            require(actor, Permission.RUN_MEETINGS, policy_rules.Facts(case=_facts(case)))
        for i, case in enumerate(cases):
            if case.status != CaseStatus.ACTIVE.value:
                errors.add(f"cases.{i}", f"case {case.reference} is not active")
        try:
            rules.meeting_levels_ok([c.level for c in cases])
        except DomainValidationError as exc:
            errors.extend(exc.errors)
        area_id = cases[0].area_id
        if any(c.area_id != area_id for c in cases):
            errors.add("cases", "a panel discusses cases of one area")
        level = max(c.level for c in cases)
        chair = _chair(data.get("chair"), area_id, max(level, 2), errors)
        invited = _agencies(data.get("agencies"), errors)
        basis, reason = _sharing(data, errors)
        errors.raise_if_any()
        assert meeting_in is not None and chair is not None
        meeting = Meeting.objects.create(
            area_id=area_id,
            kind=meeting_in.kind.value,
            starts_at=meeting_in.starts_at,
            duration_minutes=meeting_in.duration_minutes,
            venue=meeting_in.venue,
            video_link=meeting_in.video_link,
            chair=chair,
            created_by=actor,
        )
        for n, case in enumerate(cases):
            item = MeetingCase.objects.create(
                meeting=meeting, case=case, level=case.level, position=n
            )
            Minutes.objects.create(
                item=item, area_id=area_id, meeting_at=meeting.starts_at, chair=meeting.chair
            )
        agencies = [chair.agency, *[c.lead_agency for c in cases], *invited]
        shared: dict[str, list[str]] = {}
        seen: set[int] = set()
        for agency in agencies:
            if agency is None or agency.pk in seen:
                continue
            seen.add(agency.pk)
            _, refs = _invite(actor, meeting, agency, cases, basis, reason)
            if refs:
                shared[agency.code] = refs
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="schedule_meeting",
            target=meeting_target(meeting),
            record_ids=[c.pk for c in cases],
            after={
                "kind": meeting.kind,
                "starts_at": meeting.starts_at,
                "chair": chair.username,
                "cases": [c.reference for c in cases],
                "invited": sorted(a.code for a in agencies if a is not None),
                "shared": shared,
            },
        )
        _tell_invited(actor, meeting, sorted(seen), cases)
        return meeting


def _facts(case: Case) -> policy_rules.CaseFacts:
    return policy_rules.CaseFacts(case.lead_agency_id, case.area_id)


def _open(meeting: Meeting) -> None:
    if meeting.status == rules.MeetingStatus.CANCELLED.value:
        raise DomainValidationError.single("meeting", "this meeting was cancelled")


def meeting_cases(meeting: Meeting, *, for_update: bool = False) -> list[Case]:
    """Every case on the meeting (for the co-ordinator, who sees them all), locked if asked."""
    rows = Case.objects.select_related("lead_agency", "area", "person").filter(
        meetings__meeting=meeting
    )
    if for_update:
        rows = rows.select_for_update(of=("self",))
    return list(rows.order_by("meetings__position"))


def invite_agency(
    *, actor: User, meeting_id: object, agency: object, lawful_basis: str = "", reason: str = ""
) -> Invitation:
    """Invite one more agency; sharing each case it cannot see is a recorded disclosure."""
    with transaction.atomic():
        meeting = visible_meeting(actor, meeting_id, for_update=True)
        require(actor, Permission.RUN_MEETINGS, meeting)
        _open(meeting)
        errors = Collector()
        target = Agency.objects.filter(code=str(agency or "")).first()
        if target is None:
            errors.add("agency", "choose the agency to invite")
        basis, why = _sharing({"lawful_basis": lawful_basis, "reason": reason}, errors)
        errors.raise_if_any()
        assert target is not None
        found = [target]
        if Invitation.objects.filter(meeting=meeting, agency=found[0]).exists():
            raise DomainValidationError.single("agency", f"{found[0].name} is already invited")
        invitation, refs = _invite(
            actor, meeting, found[0], meeting_cases(meeting, for_update=True), basis, why
        )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="invite_to_meeting",
            target=meeting_target(meeting),
            recipients=[found[0].code],
            after={"agency": found[0].code, "shared": refs},
        )
        _tell_invited(actor, meeting, [found[0].pk], meeting_cases(meeting))
        return invitation


def record_attendance(*, actor: User, meeting_id: object, entries: object) -> Meeting:
    """Who attended, who sent apologies, who did not come; recording it marks the meeting
    held (only once it has started)."""
    with transaction.atomic():
        meeting = visible_meeting(actor, meeting_id, for_update=True)
        require(actor, Permission.RECORD_MINUTES, meeting)
        _open(meeting)
        errors = Collector()
        if meeting.starts_at > timezone.now():
            errors.add("attendance", "attendance is recorded once the meeting has started")
        invitations = {i.agency.code: i for i in meeting.invitations.select_related("agency")}
        if not isinstance(entries, list | tuple) or not entries:
            errors.add("attendance", "record the attendance of each agency invited")
            entries = []
        changed: dict[str, str] = {}
        for i, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                errors.add(f"attendance.{i}", "must be an object")
                continue
            code = str(entry.get("agency") or "")
            inv = invitations.get(code)
            if inv is None:
                errors.add(f"attendance.{i}.agency", "is not an agency invited to this meeting")
                continue
            try:
                state = rules.Attendance(str(entry.get("attendance") or ""))
            except ValueError:
                errors.add(f"attendance.{i}.attendance", "choose attended, apologies or absent")
                continue
            names = clean_text(
                entry.get("attendees"), f"attendance.{i}.attendees", errors, max_length=500
            )
            inv.attendance, inv.attendees = state.value, names
            changed[code] = state.value
        errors.raise_if_any()
        for inv in invitations.values():
            if inv.agency.code in changed:
                inv.save(update_fields=["attendance", "attendees"])
        if meeting.status == rules.MeetingStatus.SCHEDULED.value:
            meeting.status = rules.move_meeting(
                rules.MeetingStatus(meeting.status), rules.MeetingStatus.HELD
            ).value
        meeting.version += 1
        meeting.save(update_fields=["status", "version"])
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="record_attendance",
            target=meeting_target(meeting),
            after={"attendance": changed, "status": meeting.status},
        )
        return meeting


def cancel_meeting(*, actor: User, meeting_id: object, reason: str) -> Meeting:
    """A scheduled meeting is cancelled with its reason; its empty minutes go with it."""
    with transaction.atomic():
        meeting = visible_meeting(actor, meeting_id, for_update=True)
        require(actor, Permission.RUN_MEETINGS, meeting)
        errors = Collector()
        why = clean_text(
            reason, "reason", errors, required=True, max_length=LONG_TEXT_MAX, multiline=True
        )
        errors.raise_if_any()
        meeting.status = rules.move_meeting(
            rules.MeetingStatus(meeting.status), rules.MeetingStatus.CANCELLED
        ).value
        meeting.status_reason = why
        meeting.version += 1
        meeting.save(update_fields=["status", "status_reason", "version"])
        Minutes.objects.filter(
            item__meeting=meeting, status=rules.MinutesStatus.DRAFT.value
        ).delete()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="cancel_meeting",
            target=meeting_target(meeting),
            before={"status": rules.MeetingStatus.SCHEDULED.value},
            after={"status": meeting.status, "reason": why},
        )
        return meeting


def set_chair_grade(*, actor: User, user_id: object, seniority: object) -> ChairGrade:
    """An administrator records a user's grade as a chair (data, not a role)."""
    require(actor, Permission.ADMINISTER)
    try:
        grade = rules.Seniority(int(str(seniority)))
    except ValueError:
        raise DomainValidationError.single("seniority", "choose 0, 1 or 2") from None
    with transaction.atomic():
        user = User.objects.filter(pk=int(str(user_id)) if str(user_id).isdigit() else -1).first()
        if user is None:
            raise NotFound()
        row, _ = ChairGrade.objects.update_or_create(
            user=user, defaults={"seniority": int(grade), "set_by": actor, "set_at": timezone.now()}
        )
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="set_chair_grade",
            target=audit.Target("user", str(user.pk)),
            after={"username": user.username, "seniority": int(grade)},
        )
        return row


def chairs_for(area_id: int | None, level: int) -> list[User]:
    """Users of the area graded to chair a meeting at ``level``, by name."""
    need = int(rules.CHAIR_POLICY.required(max(level, 2)))
    kinds = [k.value for k in rules.CHAIR_POLICY.chairing_kinds]
    return list(
        User.objects.filter(
            is_active=True,
            agency__area_id=area_id or 0,
            agency__kind__in=kinds,
            chair_grade__seniority__gte=need,
        ).order_by("last_name", "first_name", "username")
    )
