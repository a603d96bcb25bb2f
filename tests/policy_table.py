"""The permission policy's expected answers, spelt out by hand: a plain-id copy of the
standard cast (tests/cast.py and demo.MANAGERS), the records the policy is asked about, and
who may do what to each. Shared by tests/unit/test_policy.py (the pure policy) and
tests/api/test_policy_agreement.py (the real cast, the web UI and the API).
"""

from __future__ import annotations

import datetime as dt

from fourpillars.domain.access import CaseFacts, Facts, MeetingFacts, Permission, Share, Viewer
from fourpillars.domain.agencies import Role

NOW = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
AREA_A, AREA_B = 10, 11
POLICE_A, PROBATION_A, HOUSING_A, POLICE_B, MAPPA_A, OVERSIGHT = 1, 2, 3, 4, 5, 6

CAST: dict[str, Viewer] = {
    "coordinator": Viewer(Role.COORDINATOR, MAPPA_A, AREA_A, user_id=101),
    "police": Viewer(Role.POLICE_OFFENDER_MANAGER, POLICE_A, AREA_A, user_id=102),
    "probation": Viewer(Role.PROBATION_OFFICER, PROBATION_A, AREA_A, user_id=103),
    "housing": Viewer(Role.HOUSING_OFFICER, HOUSING_A, AREA_A, user_id=104),
    "outsider": Viewer(Role.POLICE_OFFENDER_MANAGER, POLICE_B, AREA_B, user_id=105),
    "auditor": Viewer(Role.AUDITOR, OVERSIGHT, None, user_id=106),
    "admin": Viewer(Role.ADMINISTRATOR, OVERSIGHT, None, user_id=107),
    "police-manager": Viewer(
        Role.POLICE_OFFENDER_MANAGER, POLICE_A, AREA_A, user_id=108, is_manager=True
    ),
    "probation-manager": Viewer(
        Role.PROBATION_OFFICER, PROBATION_A, AREA_A, user_id=109, is_manager=True
    ),
}
# Each case's lead (who wrote its assessment and plan, and whose agency owns its actions).
LEADS = {"police_case": "police", "shared_case": "probation", "other_area_case": "outsider"}
CASES = {
    "police_case": CaseFacts(POLICE_A, AREA_A),
    "shared_case": CaseFacts(PROBATION_A, AREA_A, (Share(HOUSING_A, None, None),)),
    "other_area_case": CaseFacts(POLICE_B, AREA_B),
}
# A meeting in area A chaired by police-manager, probation-a and housing-a invited (and the
# chair's police-a); one in area B chaired by the outsider.
MEETINGS = {
    "meeting_a": MeetingFacts(AREA_A, 108, frozenset({POLICE_A, PROBATION_A, HOUSING_A})),
    "meeting_b": MeetingFacts(AREA_B, 105, frozenset({POLICE_B})),
}
MEETING_PERMISSIONS = (
    Permission.RUN_MEETINGS,
    Permission.RECORD_MINUTES,
    Permission.APPROVE_MINUTES,
    Permission.CONTRIBUTE,
)
# SOA notification and what goes abroad (decision 0022): asked of a case's records, each
# screen and route held to the policy by its own matrix over the cast.
SOA_PERMISSIONS = (
    Permission.RECORD_NOTIFICATION,
    Permission.PROPOSE_ABROAD,
    Permission.APPROVE_ABROAD,
)
ANY = "-"  # the question without a record (may they register at all, read the audit ...)
NAMED = "named_action"  # an action of the shared case owned by probation-a, named to housing
DUPLICATE = "duplicate"  # a possible duplicate between the police case (A) and the other (B)
# Each case's transfer goes to the other area (decision 0018).
RECEIVING = {"police_case": AREA_B, "shared_case": AREA_B, "other_area_case": AREA_A}


def subjects(permission: Permission) -> dict[str, Facts]:
    """The records each permission is asked about, as the policy's facts."""
    if permission in (
        Permission.WORK_CASES,
        Permission.READ_AUDIT,
        Permission.ADMINISTER,
        Permission.OPERATE_EXCHANGE,
        Permission.ANSWER_RECORD_REQUEST,
        Permission.BREAK_GLASS,
    ):
        return {ANY: Facts(now=NOW)}
    if permission is Permission.MATCH_RECEIVED:  # the queue (a notice's area: test_received)
        return {ANY: Facts(now=NOW)}
    if permission in MEETING_PERMISSIONS:
        return {ANY: Facts(now=NOW), **{k: Facts(meeting=m) for k, m in MEETINGS.items()}}
    if permission is Permission.REGISTER_CASE:  # for the lead agency and area of each case
        return {ANY: Facts(), **{k: Facts(case=c) for k, c in CASES.items()}}
    if permission is Permission.REVIEW_RETENTION:  # each case's review; the list due
        return {ANY: Facts(now=NOW), **{k: Facts(case=c, now=NOW) for k, c in CASES.items()}}
    if permission is Permission.SCREEN_REFERRAL:  # each case's open referral; the queue
        return {ANY: Facts(now=NOW), **{k: Facts(case=c, now=NOW) for k, c in CASES.items()}}
    if permission is Permission.DECIDE_TRANSFER:  # each case's transfer; the queue
        moves = {
            k: Facts(case=c, areas=frozenset({RECEIVING[k]}), now=NOW) for k, c in CASES.items()
        }
        return {ANY: Facts(now=NOW), **moves}
    if permission is Permission.RESOLVE_DUPLICATE:  # the flag; the queue
        return {ANY: Facts(now=NOW), DUPLICATE: Facts(areas=frozenset({AREA_A, AREA_B}), now=NOW)}
    if permission is Permission.UPDATE_ACTION_STATUS:
        owned = {
            k: Facts(case=c, owner_agency_id=c.lead_agency_id, now=NOW) for k, c in CASES.items()
        }
        named = Facts(
            case=CASES["shared_case"],
            owner_agency_id=PROBATION_A,
            owner_user_id=CAST["housing"].user_id,
            now=NOW,
        )
        return {**owned, NAMED: named}
    return {k: Facts(case=c, author_id=CAST[LEADS[k]].user_id, now=NOW) for k, c in CASES.items()}


P, S, OTHER = "police_case", "shared_case", "other_area_case"
VIEWS = {
    "coordinator": {P, S},
    "police": {P},
    "probation": {S},
    "housing": {S},
    "outsider": {OTHER},
    "police-manager": {P},
    "probation-manager": {S},
}
MANAGES = {
    "coordinator": {P, S},
    "police": {P},
    "probation": {S},
    "outsider": {OTHER},
    "police-manager": {P},
    "probation-manager": {S},
}
PRACTITIONERS = {n: {ANY} for n in CAST if n not in ("auditor", "admin")}

# permission -> cast member -> the subjects they may act on (absent: none).
EXPECTED: dict[Permission, dict[str, set[str]]] = {
    Permission.VIEW_CASE: VIEWS,
    Permission.MANAGE_CASE: MANAGES,
    Permission.SHARE_CASE: MANAGES,
    Permission.RECORD_DECISION: MANAGES,
    # A second person approves: each plan's author (the lead) manages its case but may not.
    Permission.APPROVE_PLAN: {
        "coordinator": {P, S},
        "police-manager": {P},
        "probation-manager": {S},
    },
    Permission.COUNTERSIGN_ASSESSMENT: {"police-manager": {P}, "probation-manager": {S}},
    Permission.UPDATE_ACTION_STATUS: {
        "coordinator": {P, S, NAMED},  # manages both area A cases
        "police": {P},  # owner agency (and manager) of the police case's actions
        "probation": {S, NAMED},
        "housing": {NAMED},  # named owner only: housing does not manage the shared case
        "outsider": {OTHER},
        "police-manager": {P},
        "probation-manager": {S, NAMED},
    },
    Permission.REGISTER_CASE: {
        "coordinator": {ANY, P, S},  # any Responsible Authority agency in area A
        "police": {ANY, P},  # their own agency only
        "probation": {ANY, S},
        "outsider": {ANY, OTHER},
        "police-manager": {ANY, P},
        "probation-manager": {ANY, S},
    },
    Permission.WORK_CASES: PRACTITIONERS,
    Permission.READ_AUDIT: {"auditor": {ANY}},
    Permission.ADMINISTER: {"admin": {ANY}},
    # Meetings: the co-ordinator of the area runs them (and may ask with no meeting: the
    # dashboard); the chair records and approves the minutes; invited agencies contribute.
    Permission.RUN_MEETINGS: {"coordinator": {ANY, "meeting_a"}},
    Permission.RECORD_MINUTES: {
        "coordinator": {ANY, "meeting_a"},
        "police-manager": {"meeting_a"},
        "outsider": {"meeting_b"},
    },
    Permission.APPROVE_MINUTES: {"police-manager": {"meeting_a"}, "outsider": {"meeting_b"}},
    Permission.CONTRIBUTE: {
        "coordinator": {ANY, "meeting_a"},
        "police": {"meeting_a"},
        "probation": {"meeting_a"},
        "housing": {"meeting_a"},
        "outsider": {"meeting_b"},
        "police-manager": {"meeting_a"},
        "probation-manager": {"meeting_a"},
    },
    # Decision 0018: any agency that can see a case refers it; the area's co-ordinator screens.
    Permission.REFER_CASE: VIEWS,
    Permission.SCREEN_REFERRAL: {"coordinator": {ANY, P, S}},
    Permission.REQUEST_TRANSFER: MANAGES,
    # The receiving area's co-ordinator decides: area A's receives the other area's case.
    Permission.DECIDE_TRANSFER: {"coordinator": {ANY, OTHER}},
    Permission.RESOLVE_DUPLICATE: {"coordinator": {ANY, DUPLICATE}},
    # Decision 0022: those managing record SOA notifications and prepare what goes abroad; a
    # manager or the co-ordinator, never its author (the lead), decides to send it.
    Permission.RECORD_NOTIFICATION: MANAGES,
    Permission.PROPOSE_ABROAD: MANAGES,
    Permission.APPROVE_ABROAD: {
        "coordinator": {P, S},
        "police-manager": {P},
        "probation-manager": {S},
    },
    # Decision 0020: the node's operator (an administrator) runs the exchange.
    # Decisions 0020 and 0023: the node's operator (an administrator) runs the exchange and,
    # as the central authority, answers record requests; co-ordinators match risk notices.
    Permission.OPERATE_EXCHANGE: {"admin": {ANY}},
    Permission.ANSWER_RECORD_REQUEST: {"admin": {ANY}},
    Permission.MATCH_RECEIVED: {"admin": {ANY}, "coordinator": {ANY}},
    # Decision 0030: Responsible Authority case managers may ask for emergency access; the
    # area's co-ordinator reviews its closed cases for retention (and sees the list due).
    Permission.BREAK_GLASS: {
        n: {ANY} for n in ("police", "probation", "outsider", "police-manager", "probation-manager")
    },
    Permission.REVIEW_RETENTION: {"coordinator": {ANY, P, S}},
}
