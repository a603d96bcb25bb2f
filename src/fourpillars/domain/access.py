"""The one permission policy ([MAPPA-G] ch.9 need to know; [CJA-2003] s.325(4)), as pure
functions: who may view, change, share, decide, approve, countersign, progress an action,
register, read the audit trail and administer.

``allowed(viewer, permission, facts)`` answers every question from plain facts (``decide``
also gives the refusal's reason); each ``Permission`` has one small named rule in ``RULES``.
Services ask it through ``services.access`` (``require``, ``allowed``), and so do the views,
templates and API routers; nothing else decides who may do what.

The database query that fetches cases mirrors ``can_view_case`` exactly, and
``Case.objects.restrict`` mirrors the case-level rules; the tests hold them together. Missing
and hidden are the same to the caller: a refusal to view is never distinguishable from "not
found".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from .agencies import CASE_MANAGER_ROLES, Role


@dataclass(frozen=True)
class Viewer:
    """Who is asking: their role, agency and area, their own id and whether they are a line
    manager (ids are opaque)."""

    role: Role
    agency_id: int | None
    area_id: int | None
    user_id: int | None = None
    is_manager: bool = False


@dataclass(frozen=True)
class Share:
    agency_id: int
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None

    def active(self, now: dt.datetime) -> bool:
        """A share grants access until revoked or until its expiry passes."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True)
class EmergencyGrant:
    """Break-glass access to one case for one user, until it expires (decision 0030)."""

    user_id: int
    expires_at: dt.datetime

    def active(self, now: dt.datetime) -> bool:
        return self.expires_at > now


@dataclass(frozen=True)
class CaseFacts:
    """A case as the policy sees it: its lead agency, area and shares, and, after a transfer,
    the area that handed it over with the moment its co-ordinator's access ends (decision
    0018); and the users given emergency (break-glass) access to it (decision 0030)."""

    lead_agency_id: int
    area_id: int | None
    shares: tuple[Share, ...] = field(default_factory=tuple)
    handover_area_id: int | None = None
    handover_until: dt.datetime | None = None
    emergency: tuple[EmergencyGrant, ...] = field(default_factory=tuple)

    def in_handover(self, area_id: int | None, now: dt.datetime) -> bool:
        """Whether ``area_id`` handed the case over and its access has not yet ended."""
        return (
            area_id is not None
            and area_id == self.handover_area_id
            and self.handover_until is not None
            and self.handover_until > now
        )


def can_view_case(viewer: Viewer, case: CaseFacts, now: dt.datetime) -> bool:
    """[MAPPA-G] ch.9 need to know: the area co-ordinator sees every case in the area (and,
    until the recorded end of a hand-over, the cases the area transferred out: decision
    0018); anyone else only while their agency leads the case or holds an active share. Roles
    give no access of their own (administrators and auditors are granted like anyone else).
    Besides, a user given emergency access sees the case until it expires (decision 0030)."""
    if sees_by_need_to_know(viewer, case, now):
        return True
    return under_emergency(viewer, case, now)


def sees_by_need_to_know(viewer: Viewer, case: CaseFacts, now: dt.datetime) -> bool:
    """Need to know alone (no emergency access): area co-ordinator, lead agency, a share."""
    if viewer.role is Role.COORDINATOR and viewer.area_id == case.area_id:
        return True
    if viewer.role is Role.COORDINATOR and case.in_handover(viewer.area_id, now):
        return True
    if viewer.agency_id is None:
        return False
    if viewer.agency_id == case.lead_agency_id:
        return True
    return any(s.agency_id == viewer.agency_id and s.active(now) for s in case.shares)


def under_emergency(viewer: Viewer, case: CaseFacts, now: dt.datetime) -> bool:
    """The viewer holds unexpired emergency access to the case (decision 0030)."""
    return viewer.user_id is not None and any(
        g.user_id == viewer.user_id and g.active(now) for g in case.emergency
    )


def can_manage_case(viewer: Viewer, case: CaseFacts) -> bool:
    """Editing, sharing and closing: the area co-ordinator, or a case manager of the lead agency."""
    if viewer.role is Role.COORDINATOR and viewer.area_id == case.area_id:
        return True
    return viewer.role in CASE_MANAGER_ROLES and viewer.agency_id == case.lead_agency_id


def can_register_cases(viewer: Viewer) -> bool:
    """Registering people and cases is for the Responsible Authority and the co-ordinator."""
    return viewer.role is Role.COORDINATOR or viewer.role in CASE_MANAGER_ROLES


def needs_justification(viewer: Viewer, case: CaseFacts) -> bool:
    """DPA 2018 s.62: consultation by anyone outside the lead agency records why."""
    return viewer.agency_id != case.lead_agency_id


def can_read_audit(viewer: Viewer) -> bool:
    """[DPA-2018] s.62: the logs serve to verify lawfulness; auditors read them."""
    return viewer.role is Role.AUDITOR


def can_administer(viewer: Viewer) -> bool:
    """Accounts and reference data are the administrators' (no case access by role)."""
    return viewer.role is Role.ADMINISTRATOR


def coordinates(viewer: Viewer, area_ids: frozenset[int]) -> bool:
    """The viewer is the MAPPA co-ordinator of one of ``area_ids``."""
    return (
        viewer.role is Role.COORDINATOR
        and viewer.area_id is not None
        and viewer.area_id in area_ids
    )


# --- the policy: one rule per permission ------------------------------------------------


class Permission(StrEnum):
    """What a viewer may ask to do (the keys of ``RULES``)."""

    VIEW_CASE = "view_case"  # open a case and everything recorded on it
    MANAGE_CASE = "manage_case"  # change the case, its person, assessments and plan drafts
    SHARE_CASE = "share_case"  # grant another agency access, or end it
    RECORD_DECISION = "record_decision"  # a defensible decision, a level decision
    APPROVE_PLAN = "approve_plan"  # approve a draft risk management plan
    COUNTERSIGN_ASSESSMENT = "countersign_assessment"  # countersign a submitted RoSH assessment
    UPDATE_ACTION_STATUS = "update_action_status"  # progress an action of the active plan
    REGISTER_CASE = "register_case"  # register a person and case (for a lead agency)
    WORK_CASES = "work_cases"  # a caseload's screens: search, my actions
    READ_AUDIT = "read_audit"  # read and export the audit trail, verify its chain
    ADMINISTER = "administer"  # users, agencies, areas, review intervals
    RUN_MEETINGS = "run_meetings"  # schedule, invite, attendance, grades (the co-ordinator)
    RECORD_MINUTES = "record_minutes"  # draft and circulate a meeting's minutes
    APPROVE_MINUTES = "approve_minutes"  # approve them (the chair)
    CONTRIBUTE = "contribute"  # give an agency's information to a meeting
    REFER_CASE = "refer_case"  # refer a case for level 2 or 3 management (MAPPA A)
    SCREEN_REFERRAL = "screen_referral"  # accept or decline a referral; the area's queue
    REQUEST_TRANSFER = "request_transfer"  # ask another area to take the case over
    DECIDE_TRANSFER = "decide_transfer"  # accept or refuse a transfer in; the area's queue
    RESOLVE_DUPLICATE = "resolve_duplicate"  # a person in two areas; the area's queue
    RECORD_NOTIFICATION = "record_notification"  # SOA 2003 notifications made by the person
    PROPOSE_ABROAD = "propose_abroad"  # review, submit a risk notification or transfer abroad
    APPROVE_ABROAD = "approve_abroad"  # decide to send it, or withdraw it (never its author)
    OPERATE_EXCHANGE = "operate_exchange"  # the node: keys, peers, inbox, outbox, dead letters
    ANSWER_RECORD_REQUEST = "answer_record_request"  # answer or send a criminal-record request
    MATCH_RECEIVED = "match_received"  # say who received information concerns; the queue
    BREAK_GLASS = "break_glass"  # open a case outside need to know in an emergency
    REVIEW_RETENTION = "review_retention"  # retain or delete a closed case at its review


@dataclass(frozen=True)
class ApprovalPolicy:
    """Who may approve a plan besides those managing its case: with ``second_person``, never
    one of its authors (who opened the draft or saved it), so every plan is seen by two people
    before it comes into force ([KEMSHALL-DD] defensible decisions; local policy [M])."""

    version: str
    second_person: bool
    confirmed: bool = False


# A plan is approved by someone other than its author (four eyes), unless a deployment
# chooses the single-person policy.
SECOND_PERSON_APPROVAL = ApprovalPolicy("plan-approval-2026.1", second_person=True)
SINGLE_PERSON_APPROVAL = ApprovalPolicy("plan-approval-2026.1-single", second_person=False)
APPROVAL_POLICIES = {p.version: p for p in (SECOND_PERSON_APPROVAL, SINGLE_PERSON_APPROVAL)}
DEFAULT_APPROVAL_POLICY = SECOND_PERSON_APPROVAL


@dataclass(frozen=True)
class BreakGlassPolicy:
    """Who may open a case outside need to know in an emergency, for how many hours, and how
    long the reason they give must be at least (decision 0030; local policy [M], versioned:
    a deployment chooses the roles and the hours). The access is audited, every read under it
    marked, and the case's lead agency and area co-ordinator are told at once."""

    version: str
    roles: frozenset[Role]
    hours: int = 4
    reason_min: int = 20
    confirmed: bool = False

    def eligible(self, viewer: Viewer) -> bool:
        return viewer.role in self.roles


# Responsible Authority case managers (police, probation, prison offender managers) by
# default: the people who meet a person in an emergency outside their own caseload.
DEFAULT_BREAK_GLASS = BreakGlassPolicy("break-glass-2026.1", frozenset(CASE_MANAGER_ROLES))


@dataclass(frozen=True)
class MeetingFacts:
    """A Level 2 or 3 meeting as the policy sees it: its area, chair and invited agencies."""

    area_id: int | None
    chair_id: int | None
    invited_agency_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Facts:
    """What a rule may look at besides the viewer; each rule reads only what it needs.

    ``case``: the case concerned (for registering, the lead agency and area asked for);
    ``author_id``: who wrote the plan or assessment; ``editor_ids``: who opened or saved
    the plan; ``approval``: the plan approval policy in force; ``owner_agency_id``/
    ``owner_user_id``: an action's owner agency and named owner; ``areas``: the areas a
    record between areas concerns (a transfer's receiving area; the two areas of a possible
    duplicate); ``now``: when (share and hand-over expiry), else the clock; ``meeting``: a
    meeting's area, chair and invited agencies; ``break_glass``: the emergency access policy
    in force.
    """

    case: CaseFacts | None = None
    author_id: int | None = None
    editor_ids: frozenset[int] = frozenset()
    approval: ApprovalPolicy = DEFAULT_APPROVAL_POLICY
    owner_agency_id: int | None = None
    owner_user_id: int | None = None
    areas: frozenset[int] = frozenset()
    now: dt.datetime | None = None
    meeting: MeetingFacts | None = None
    break_glass: BreakGlassPolicy = DEFAULT_BREAK_GLASS


NO_FACTS = Facts()


@dataclass(frozen=True)
class Decision:
    """The policy's answer, with the reason to give when it refuses."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def may_view_case(viewer: Viewer, facts: Facts) -> bool:
    """MAPPA Guidance ch.9 need to know: the area co-ordinator, lead agency, an active share."""
    now = facts.now or dt.datetime.now(dt.UTC)
    return facts.case is not None and can_view_case(viewer, facts.case, now)


def may_manage_case(viewer: Viewer, facts: Facts) -> bool:
    """MAPPA Guidance ch.2: the lead agency manages the case, with the area's co-ordinator."""
    return facts.case is not None and can_manage_case(viewer, facts.case)


def may_share_case(viewer: Viewer, facts: Facts) -> bool:
    """CJA 2003 s.325(4), MAPPA Guidance ch.9: those who manage the case decide who shares it."""
    return may_manage_case(viewer, facts)


def may_record_decision(viewer: Viewer, facts: Facts) -> bool:
    """[KEMSHALL-DD], [MAPPA-G] ch.7: decisions and levels, by those managing the case."""
    return may_manage_case(viewer, facts)


def wrote_plan(viewer: Viewer, facts: Facts) -> bool:
    """The viewer opened the draft or saved it (an author of the plan)."""
    if viewer.user_id is None:
        return False
    return viewer.user_id == facts.author_id or viewer.user_id in facts.editor_ids


def author_may_not_approve(viewer: Viewer, facts: Facts) -> bool:
    """[KEMSHALL-DD] four eyes: under a second-person policy, the plan's author manages the
    case but is refused approval for having written it."""
    return (
        facts.approval.second_person
        and wrote_plan(viewer, facts)
        and may_manage_case(viewer, facts)
    )


def may_approve_plan(viewer: Viewer, facts: Facts) -> bool:
    """MAPPA Guidance 1.5 step 6: the lead agency owns the plan; another person approves it."""
    return may_manage_case(viewer, facts) and not author_may_not_approve(viewer, facts)


def may_countersign(viewer: Viewer, facts: Facts) -> bool:
    """Decision 0011: a line manager who manages the case, never the assessment's author."""
    not_author = viewer.user_id is None or viewer.user_id != facts.author_id
    return viewer.is_manager and not_author and may_manage_case(viewer, facts)


def owns_action(viewer: Viewer, facts: Facts) -> bool:
    """MAPPA Guidance 1.5 step 6: each action has an owner: a named person, or an agency."""
    named = viewer.user_id is not None and viewer.user_id == facts.owner_user_id
    agency = viewer.agency_id is not None and viewer.agency_id == facts.owner_agency_id
    return named or agency


def may_update_action_status(viewer: Viewer, facts: Facts) -> bool:
    """MAPPA Guidance 1.5 step 7: actions are tracked by their owner and the case's managers."""
    return owns_action(viewer, facts) or may_manage_case(viewer, facts)


def may_register_case(viewer: Viewer, facts: Facts) -> bool:
    """MAPPA Guidance 1.5 step 1: RA case managers for their agency, co-ordinators in the area."""
    if not can_register_cases(viewer):
        return False
    if facts.case is None:
        return True
    if viewer.role is Role.COORDINATOR:
        return viewer.area_id == facts.case.area_id
    return viewer.agency_id == facts.case.lead_agency_id


def may_work_cases(viewer: Viewer, facts: Facts) -> bool:
    """MAPPA Guidance ch.9: auditors and administrators hold no caseload by their role."""
    return not (can_read_audit(viewer) or can_administer(viewer))


def may_read_audit(viewer: Viewer, facts: Facts) -> bool:
    """[DPA-2018] s.62: the logs verify lawfulness; auditors read them."""
    return can_read_audit(viewer)


def may_administer(viewer: Viewer, facts: Facts) -> bool:
    """Accounts and reference data are the administrators' (MAPPA Guidance ch.9: no cases)."""
    return can_administer(viewer)


def coordinates_area(viewer: Viewer, facts: Facts) -> bool:
    """The co-ordinator of the meeting's area (of the case's, when scheduling one)."""
    if viewer.role is not Role.COORDINATOR:
        return False
    area = facts.meeting.area_id if facts.meeting else facts.case.area_id if facts.case else None
    return area is None or area == viewer.area_id


def chairs_meeting(viewer: Viewer, facts: Facts) -> bool:
    """The meeting's chair."""
    return (
        facts.meeting is not None
        and viewer.user_id is not None
        and (viewer.user_id == facts.meeting.chair_id)
    )


def may_run_meetings(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] 1.1: the area co-ordinator arranges meetings, invites and grades them."""
    return coordinates_area(viewer, facts)


def may_record_minutes(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] ch.13a: the co-ordinator keeps the minutes, with the chair."""
    return coordinates_area(viewer, facts) or chairs_meeting(viewer, facts)


def may_approve_minutes(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] ch.13a: the chair approves the minutes of the meeting they chaired."""
    return chairs_meeting(viewer, facts)


def may_contribute(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] 1.5 step 4: invited agencies inform the meeting; the chair and co-ordinator too."""
    invited = facts.meeting is not None and viewer.agency_id in facts.meeting.invited_agency_ids
    return invited or may_record_minutes(viewer, facts)


def may_refer_case(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G-2012] MAPPA A: any agency with access to the case may refer it to level 2 or 3."""
    return may_view_case(viewer, facts) and may_work_cases(viewer, facts)


def may_screen_referral(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] ch.7: the area's co-ordinator screens referrals (without a case: the queue)."""
    if facts.case is None:
        return viewer.role is Role.COORDINATOR and viewer.area_id is not None
    return facts.case.area_id is not None and coordinates(viewer, frozenset({facts.case.area_id}))


def may_request_transfer(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] ch.2: those managing the case ask another area to take it over (decision 0018)."""
    return may_manage_case(viewer, facts)


def may_coordinate_between_areas(viewer: Viewer, facts: Facts) -> bool:
    """Decision 0018: the co-ordinator of an area the record concerns (without one: the queue)."""
    if facts.case is None and not facts.areas:
        return viewer.role is Role.COORDINATOR and viewer.area_id is not None
    return coordinates(viewer, facts.areas)


def may_decide_transfer(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] ch.2: the receiving area's co-ordinator accepts or refuses a case moving in."""
    return may_coordinate_between_areas(viewer, facts)


def may_resolve_duplicate(viewer: Viewer, facts: Facts) -> bool:
    """[MAPPA-G] ch.9: either area's co-ordinator settles whether two records are one person."""
    return may_coordinate_between_areas(viewer, facts)


def may_record_notification(viewer: Viewer, facts: Facts) -> bool:
    """[SOA-2003] ss.83-86: notifications the person makes are recorded by the case's managers."""
    return may_manage_case(viewer, facts)


def may_propose_abroad(viewer: Viewer, facts: Facts) -> bool:
    """Decision 0022: the case's managers prepare what is sent abroad and submit it."""
    return may_manage_case(viewer, facts)


def wrote_it(viewer: Viewer, facts: Facts) -> bool:
    """The viewer proposed, reviewed or submitted the record (an author)."""
    return viewer.user_id is not None and (
        viewer.user_id == facts.author_id or viewer.user_id in facts.editor_ids
    )


def may_approve_abroad(viewer: Viewer, facts: Facts) -> bool:
    """[KEMSHALL-DD] four eyes (decision 0022): a manager or co-ordinator, never its author."""
    senior = viewer.is_manager or viewer.role is Role.COORDINATOR
    return senior and may_manage_case(viewer, facts) and not wrote_it(viewer, facts)


def author_may_not_approve_abroad(viewer: Viewer, facts: Facts) -> bool:
    """Decision 0022: who prepared it manages the case but is refused for having prepared it."""
    return wrote_it(viewer, facts) and may_manage_case(viewer, facts)


def may_operate_exchange(viewer: Viewer, facts: Facts) -> bool:
    """Decision 0020: the node's operator (an administrator) runs its keys, peers and transport."""
    return can_administer(viewer)


def may_answer_record_request(viewer: Viewer, facts: Facts) -> bool:
    """[FD-2009-315] Art.6-7: the central authority (the node's operator) asks and answers."""
    return can_administer(viewer)


def may_match_received(viewer: Viewer, facts: Facts) -> bool:
    """Decision 0023: the node's operator, or a risk notification's receiving co-ordinator."""
    if can_administer(viewer):
        return True
    if not facts.areas:
        return viewer.role is Role.COORDINATOR and viewer.area_id is not None
    return coordinates(viewer, facts.areas)


def may_break_glass(viewer: Viewer, facts: Facts) -> bool:
    """Decision 0030: the roles the emergency access policy names (configurable)."""
    return facts.break_glass.eligible(viewer)


def may_review_retention(viewer: Viewer, facts: Facts) -> bool:
    """[MOPI-2005]: the case's area co-ordinator keeps or deletes a closed case (decision 0030)."""
    if facts.case is None:
        return viewer.role is Role.COORDINATOR and viewer.area_id is not None
    return facts.case.area_id is not None and coordinates(viewer, frozenset({facts.case.area_id}))


Rule = Callable[[Viewer, Facts], bool]
MANAGERS = "the lead agency's case managers and the area co-ordinator"

# Each permission's rule and what a refusal says (a refusal to view is only ever a 404).
RULES: dict[Permission, tuple[Rule, str]] = {
    Permission.VIEW_CASE: (may_view_case, "This case is not shared with your agency."),
    Permission.MANAGE_CASE: (may_manage_case, f"Only {MANAGERS} can change this case."),
    Permission.SHARE_CASE: (
        may_share_case,
        f"Only {MANAGERS} can share this case or end a share.",
    ),
    Permission.RECORD_DECISION: (
        may_record_decision,
        f"Only {MANAGERS} can record decisions on this case.",
    ),
    Permission.APPROVE_PLAN: (may_approve_plan, f"Only {MANAGERS} can approve this plan."),
    Permission.COUNTERSIGN_ASSESSMENT: (
        may_countersign,
        "Only a manager in the lead agency (or the area co-ordinator), other than the author, "
        "can countersign this assessment.",
    ),
    Permission.UPDATE_ACTION_STATUS: (
        may_update_action_status,
        "Only the action's named owner, its owner agency or the case managers can update it.",
    ),
    Permission.REGISTER_CASE: (
        may_register_case,
        "Only MAPPA co-ordinators (for an agency in their area) and Responsible Authority case "
        "managers (for their own agency) can register cases.",
    ),
    Permission.WORK_CASES: (
        may_work_cases,
        "Your role gives you no case access: a case is seen only if it is shared with your agency.",
    ),
    Permission.READ_AUDIT: (may_read_audit, "Only auditors read the audit trail."),
    Permission.ADMINISTER: (
        may_administer,
        "Only administrators manage users and reference data.",
    ),
    Permission.RUN_MEETINGS: (
        may_run_meetings,
        "Only the area's MAPPA co-ordinator arranges meetings and grades them.",
    ),
    Permission.RECORD_MINUTES: (
        may_record_minutes,
        "Only the area's MAPPA co-ordinator and the meeting's chair record its minutes.",
    ),
    Permission.APPROVE_MINUTES: (
        may_approve_minutes,
        "Only the meeting's chair approves its minutes.",
    ),
    Permission.CONTRIBUTE: (
        may_contribute,
        "Only agencies invited to the meeting give information to it.",
    ),
    Permission.REFER_CASE: (
        may_refer_case,
        "Only agencies with access to this case can refer it.",
    ),
    Permission.SCREEN_REFERRAL: (
        may_screen_referral,
        "Only the area's MAPPA co-ordinator can screen referrals.",
    ),
    Permission.REQUEST_TRANSFER: (
        may_request_transfer,
        f"Only {MANAGERS} can ask another area to take this case.",
    ),
    Permission.DECIDE_TRANSFER: (
        may_decide_transfer,
        "Only the receiving area's MAPPA co-ordinator can accept or refuse a transfer.",
    ),
    Permission.RESOLVE_DUPLICATE: (
        may_resolve_duplicate,
        "Only the MAPPA co-ordinators of the two areas can resolve a possible duplicate.",
    ),
    Permission.RECORD_NOTIFICATION: (
        may_record_notification,
        f"Only {MANAGERS} can record notifications on this case.",
    ),
    Permission.PROPOSE_ABROAD: (
        may_propose_abroad,
        f"Only {MANAGERS} can prepare information to send abroad.",
    ),
    Permission.APPROVE_ABROAD: (
        may_approve_abroad,
        "Only a manager in the lead agency or the area co-ordinator, other than its author, "
        "can decide to send this abroad, or withdraw what was sent.",
    ),
    Permission.OPERATE_EXCHANGE: (
        may_operate_exchange,
        "Only the node's operator (an administrator) runs the cross-border exchange.",
    ),
    Permission.ANSWER_RECORD_REQUEST: (
        may_answer_record_request,
        "Only the node's operator (the central authority) asks for and answers "
        "criminal-record requests.",
    ),
    Permission.MATCH_RECEIVED: (
        may_match_received,
        "Only the node's operator, or the receiving area's MAPPA co-ordinator, can say who "
        "received information concerns.",
    ),
    Permission.BREAK_GLASS: (
        may_break_glass,
        "Your role does not allow emergency access to cases.",
    ),
    Permission.REVIEW_RETENTION: (
        may_review_retention,
        "Only the area's MAPPA co-ordinator reviews whether a closed case is kept.",
    ),
}


AUTHOR_REFUSAL = "You wrote this plan: another person must approve it."

# Refusals that say more than the permission's own reason: (when it applies, what it says).
WHY_NOT: dict[Permission, tuple[Rule, str]] = {
    Permission.APPROVE_PLAN: (author_may_not_approve, AUTHOR_REFUSAL),
    Permission.APPROVE_ABROAD: (
        author_may_not_approve_abroad,
        "You prepared this: another person must decide to send it, or withdraw it once sent.",
    ),
}


def refusal(permission: Permission) -> str:
    """What a refusal of ``permission`` says (the same whoever asked)."""
    return RULES[permission][1]


def decide(viewer: Viewer, permission: Permission, facts: Facts = NO_FACTS) -> Decision:
    """The policy's answer for ``permission``, with the reason when it refuses."""
    rule, reason = RULES[permission]
    if rule(viewer, facts):
        return Decision(True)
    specific, why = WHY_NOT.get(permission, (None, ""))
    if specific is not None and specific(viewer, facts):
        return Decision(False, why)
    return Decision(False, reason)


def allowed(viewer: Viewer, permission: Permission, facts: Facts = NO_FACTS) -> bool:
    """May ``viewer`` do ``permission`` given ``facts``? (the one question everyone asks)"""
    return decide(viewer, permission, facts).allowed
