"""The permission policy drives the web UI and the API (decision 0013): for
every member of the cast (with the two line managers), every permission and every kind of
record, ``services.access.allowed`` answers as the hand-written table of
tests/unit/test_policy.py, the web screens offer the link or button exactly when it allows,
and the web and the API let the change through (200, 201, 409, 422), refuse it (403) or hide
the record (404, when its case is not visible) exactly as it says.

Each request below is built to change nothing when allowed: a stale version (409) or an
invalid field (422) stops it after the permission check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fourpillars import demo
from fourpillars.accounts.models import Agency, Area
from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain import access
from fourpillars.domain.access import Facts, Permission
from fourpillars.meetings.models import Invitation, Meeting
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import CASE_PERMISSIONS, Case
from fourpillars.services import access as policy
from fourpillars.services import cases as case_services
from fourpillars.services import plans as plan_services
from tests.api.conftest import ApiClient, errors_by_field
from tests.cast import CAST_NAMES, LEADS, PASSWORD, World
from tests.factories import active_plan_and_draft, submitted_assessment
from tests.moves import MAPPA_A, Moves, between_areas
from tests.policy_table import ANY, EXPECTED, MEETING_PERMISSIONS, NAMED, SOA_PERMISSIONS, subjects

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
PEOPLE = [*CAST_NAMES, "police-manager", "probation-manager"]
CASES = ["police_case", "shared_case", "other_area_case"]
STATUS = {200: "yes", 201: "yes", 409: "yes", 422: "yes", 403: "no", 404: "hidden"}
STATUS |= {302: "login", 401: "login"}


@dataclass
class Records:
    """What the policy is asked about, by the keys of tests/policy_table.subjects."""

    cases: dict[str, Case]
    drafts: dict[str, Plan]  # open draft plans (approval)
    active: dict[str, Plan]
    assessments: dict[str, RoshAssessment]  # submitted, in force
    actions: dict[str, Action]  # a1 of each active plan (lead agency's) and the named one
    meetings: dict[str, Meeting]  # tests/policy_table.MEETINGS as rows
    moves: Moves  # an open referral and a waiting transfer per case; a possible duplicate

    def record(self, permission: Permission, key: str) -> policy.Record:
        if key == ANY:
            return None
        if permission in MEETING_PERMISSIONS:
            return self.meetings[key]
        if permission is Permission.REGISTER_CASE:
            return case_services.registering_for(self.cases[key].lead_agency)
        if permission is Permission.SCREEN_REFERRAL:
            return self.moves.referrals[key]
        if permission is Permission.DECIDE_TRANSFER:
            return self.moves.transfers[key]
        if permission is Permission.RESOLVE_DUPLICATE:
            return self.moves.duplicate
        if permission is Permission.BREAK_GLASS:
            return None
        if permission is Permission.APPROVE_PLAN:
            return self.drafts[key]
        if permission is Permission.COUNTERSIGN_ASSESSMENT:
            return self.assessments[key]
        if permission is Permission.UPDATE_ACTION_STATUS:
            return self.actions[key]
        return self.cases[key]

    def case_of(self, permission: Permission, key: str) -> Case | None:
        """The case whose visibility decides 404 (none for registering and role questions,
        nor for a possible duplicate, which only its co-ordinators see at all)."""
        if key == ANY or permission in (Permission.REGISTER_CASE, Permission.RESOLVE_DUPLICATE):
            return None
        if permission in MEETING_PERMISSIONS:
            return None
        return self.cases[NAMED_CASE if key == NAMED else key]


NAMED_CASE = "shared_case"


@pytest.fixture
def records(world: World) -> Records:
    world.users.update(demo.ensure_managers(PASSWORD))
    cases = {c: getattr(world, c) for c in CASES}
    made = {c: active_plan_and_draft(world, c) for c in CASES}
    active = {c: made[c][0] for c in CASES}
    actions = {c: active[c].actions.get(ident="a1") for c in CASES}
    named = active[NAMED_CASE].actions.get(ident="a2")  # probation-a's, named to housing
    named.owner_user = world.users["housing"]
    named.save()
    return Records(
        cases=cases,
        drafts={c: made[c][1] for c in CASES},
        active=active,
        # A newer assessment of each case, submitted and awaiting a countersignature.
        assessments={c: submitted_assessment(world, c, countersign=False) for c in CASES},
        actions={**actions, NAMED: named},
        meetings=_meetings(world),
        moves=between_areas(world),
    )


def _meetings(world: World) -> dict[str, Meeting]:
    """The table's two meetings as rows (made directly: what the policy reads is the area,
    the chair and the invited agencies; the meeting services have their own tests)."""
    rows = {}
    for key, area, chair, invited in (
        ("meeting_a", "A", "police-manager", ("police-a", "probation-a", "housing-a")),
        ("meeting_b", "B", "outsider", ("police-b",)),
    ):
        meeting = Meeting.objects.create(
            area=Area.objects.get(code=area),
            kind="review",
            starts_at=timezone.now(),
            venue="Policy table",
            chair=world.users[chair],
            created_by=world.users["coordinator"],
        )
        for code in invited:
            Invitation.objects.create(
                meeting=meeting, agency=Agency.objects.get(code=code), invited_by=meeting.created_by
            )
        rows[key] = meeting
    return rows


def test_the_policy_over_the_real_cast_is_the_table(world: World, records: Records) -> None:
    failures = []
    for permission, table in EXPECTED.items():
        for name in PEOPLE:
            user = world.users[name]
            got = {
                key
                for key in subjects(permission)
                if policy.allowed(user, permission, records.record(permission, key))
            }
            if got != table.get(name, set()):
                failures.append(f"{name} {permission}: {sorted(got)}")
    assert failures == []


def test_my_actions_are_the_actions_the_policy_says_are_theirs(
    world: World, records: Records
) -> None:
    """``services.plans.my_actions`` lists, of the active plans' actions on visible cases,
    exactly those ``domain.access.owns_action`` gives the user (named owner or agency)."""
    actions = Action.objects.filter(plan__status="active").select_related("plan__case")
    for name in PEOPLE:
        user = world.users[name]
        listed = set(plan_services.my_actions(user, include_done=True).values_list("pk", flat=True))
        owned = {
            a.pk
            for a in actions
            if policy.allowed(user, Permission.VIEW_CASE, a.plan.case)
            and access.owns_action(user.viewer, policy.facts_for(a, Permission.VIEW_CASE))
        }
        assert listed == owned, name


def test_the_scoped_query_mirrors_the_policy(world: World, records: Records) -> None:
    """``Case.objects.restrict(user, permission)`` is the policy's answer as one query."""
    for permission in (Permission.VIEW_CASE, *sorted(CASE_PERMISSIONS)):
        for name in PEOPLE:
            user = world.users[name]
            scoped = set(Case.objects.restrict(user, permission).values_list("pk", flat=True))
            want = {c.pk for c in records.cases.values() if policy.allowed(user, permission, c)}
            assert scoped & {c.pk for c in records.cases.values()} == want, (name, permission)


# --- what the web and the API do -----------------------------------------------------------


def _web(client: Client, permission: Permission, r: Any) -> str:
    """What the web lets this user do: yes (done or refused only for its input), no (403),
    hidden (404), login."""
    if permission is Permission.UPDATE_ACTION_STATUS:
        response = client.post(f"/actions/{r.pk}/status/", {"status": "bogus"})
    elif permission is Permission.WORK_CASES or isinstance(r, Facts):
        return "n/a"  # what the screens offer (_web_offers): the search; the lead agencies
    else:
        response = client.get(_web_url(permission, r))
    if response.status_code == 302 and not response["Location"].startswith("/login/"):
        return f"redirect {response['Location']}"
    return STATUS.get(response.status_code, str(response.status_code))


def _web_url(permission: Permission, r: Any) -> str:
    if r is None:  # the queues (decision 0018)
        queues = {
            Permission.SCREEN_REFERRAL: "/referrals/",
            Permission.DECIDE_TRANSFER: "/transfers/",
            Permission.RESOLVE_DUPLICATE: "/duplicates/",
            Permission.MATCH_RECEIVED: "/received/",
            Permission.ANSWER_RECORD_REQUEST: "/received/record-requests/",
            Permission.BREAK_GLASS: "/emergency-access/",
            Permission.REVIEW_RETENTION: "/retention/",
        }
        if permission in queues:
            return queues[permission]
    return {
        Permission.VIEW_CASE: lambda: f"/cases/{r.pk}/",
        Permission.MANAGE_CASE: lambda: f"/cases/{r.pk}/edit/",
        Permission.SHARE_CASE: lambda: f"/cases/{r.pk}/share/",
        Permission.RECORD_DECISION: lambda: f"/cases/{r.pk}/decisions/new/",
        Permission.APPROVE_PLAN: lambda: f"/plans/{r.pk}/approve/",
        Permission.COUNTERSIGN_ASSESSMENT: lambda: f"/assessments/{r.pk}/countersign/",
        Permission.REGISTER_CASE: lambda: "/cases/new/",
        Permission.READ_AUDIT: lambda: "/audit/",
        Permission.ADMINISTER: lambda: "/admin-area/",
        Permission.OPERATE_EXCHANGE: lambda: "/exchange/",
        Permission.REFER_CASE: lambda: f"/cases/{r.pk}/refer/",
        Permission.SCREEN_REFERRAL: lambda: f"/referrals/{r.pk}/screen/",
        Permission.REQUEST_TRANSFER: lambda: f"/cases/{r.pk}/transfer/",
        Permission.DECIDE_TRANSFER: lambda: f"/transfers/{r.pk}/decide/",
        Permission.RESOLVE_DUPLICATE: lambda: f"/duplicates/{r.pk}/resolve/",
        Permission.REVIEW_RETENTION: lambda: f"/retention/{r.pk}/",
    }[permission]()


def _web_offers(client: Client, permission: Permission, r: Any) -> bool:
    """Whether the screen that shows the record offers the link, button or form."""
    page, marker = _offer(permission, r)
    response = client.get(page)
    return response.status_code == 200 and marker in response.content.decode()


def _offer(permission: Permission, r: Any) -> tuple[str, str]:
    if isinstance(r, Facts):  # registering: the lead agencies the form offers
        return "/cases/new/", f'value="{_code(r)}"'
    if permission is Permission.WORK_CASES:
        return "/", 'name="q"'
    if permission in (
        Permission.REGISTER_CASE,
        Permission.READ_AUDIT,
        Permission.ADMINISTER,
        Permission.OPERATE_EXCHANGE,
    ):
        return "/", f'href="{_web_url(permission, r)}"'
    if r is None:  # a queue, offered on the home page
        return "/", f'href="{_web_url(permission, r)}"'
    if permission is Permission.SCREEN_REFERRAL:
        return f"/referrals/{r.pk}/", f'href="/referrals/{r.pk}/screen/"'
    if permission is Permission.DECIDE_TRANSFER:
        return f"/transfers/{r.pk}/", f'href="/transfers/{r.pk}/decide/"'
    if permission is Permission.RESOLVE_DUPLICATE:
        return f"/duplicates/{r.pk}/", f'href="/duplicates/{r.pk}/resolve/"'
    if permission is Permission.REVIEW_RETENTION:  # the review page (its form: closed cases)
        return f"/retention/{r.pk}/", "Retention review of case"
    if permission is Permission.UPDATE_ACTION_STATUS:
        return f"/plans/{r.plan_id}/", f'action="/actions/{r.pk}/status/"'
    if permission is Permission.APPROVE_PLAN:
        return f"/plans/{r.pk}/", f'href="/plans/{r.pk}/approve/"'
    if permission is Permission.COUNTERSIGN_ASSESSMENT:
        return f"/assessments/{r.pk}/", f'href="/assessments/{r.pk}/countersign/"'
    if permission is Permission.VIEW_CASE:
        return f"/cases/{r.pk}/", str(r.reference)
    # Each link is offered on the part of the case page where the work is done.
    part = {
        Permission.SHARE_CASE: "sharing/",
        Permission.RECORD_DECISION: "decisions/",
        Permission.REQUEST_TRANSFER: "sharing/",
    }
    return f"/cases/{r.pk}/{part.get(permission, '')}", f'href="{_web_url(permission, r)}"'


def _api(c: ApiClient, permission: Permission, r: Any) -> str:
    if permission is Permission.WORK_CASES:
        return "n/a"  # the API has no caseload screens; its lists are scoped by visible_to
    if permission is Permission.BREAK_GLASS:  # a blank reason: 422 after the policy's check
        response = c.post("/emergency-access", {"reference": "FP-Z-000999", "reason": ""})
        return STATUS.get(response.status_code, str(response.status_code))
    if permission is Permission.REVIEW_RETENTION and r is None:
        return STATUS.get(c.get("/retention-reviews").status_code, "?")
    if permission in (Permission.MATCH_RECEIVED, Permission.ANSWER_RECORD_REQUEST):
        queue = {
            Permission.MATCH_RECEIVED: "/received/risk-notifications",
            Permission.ANSWER_RECORD_REQUEST: "/received/record-requests",
        }[permission]
        return STATUS.get(c.get(queue).status_code, "?")
    if permission is Permission.REGISTER_CASE:
        lead = {} if r is None else {"lead_agency": _code(r)}
        response = c.post("/cases", {"person": {}, "case": lead})
        refused_lead = r is not None and response.status_code == 422
        if refused_lead and "case.lead_agency" in errors_by_field(response):
            return "no"
        return STATUS.get(response.status_code, str(response.status_code))
    if r is None and permission in (
        Permission.SCREEN_REFERRAL,
        Permission.DECIDE_TRANSFER,
        Permission.RESOLVE_DUPLICATE,
    ):
        queue = _web_url(permission, None).rstrip("/")
        return STATUS.get(c.get(queue).status_code, "?")
    send: dict[Permission, Callable[[], Any]] = {
        Permission.VIEW_CASE: lambda: c.get(f"/cases/{r.pk}", X_Justification="mappa-coordination"),
        Permission.MANAGE_CASE: lambda: c.patch(f"/cases/{r.pk}", {"version": 0}),
        Permission.SHARE_CASE: lambda: c.post(
            f"/cases/{r.pk}/shares",
            {"agency": "nowhere", "lawful_basis": "cja2003_s325_4", "reason": "Agreement"},
        ),
        Permission.RECORD_DECISION: lambda: c.post(f"/cases/{r.pk}/decisions", {}),
        Permission.APPROVE_PLAN: lambda: c.post(f"/plans/{r.pk}/approve", {"version": 0}),
        Permission.COUNTERSIGN_ASSESSMENT: lambda: c.post(
            f"/assessments/{r.pk}/countersign", {"note": "x" * 10_001}
        ),
        Permission.UPDATE_ACTION_STATUS: lambda: c.post(
            f"/actions/{r.pk}/status", {"status": "bogus"}
        ),
        Permission.READ_AUDIT: lambda: c.get("/audit/verify"),
        Permission.ADMINISTER: lambda: c.get("/admin/users"),
        Permission.OPERATE_EXCHANGE: lambda: c.get("/exchange/peers"),
        # Each stopped by its input (422) after the permission check (decision 0018).
        Permission.REFER_CASE: lambda: c.post(
            f"/cases/{r.pk}/referrals", {**MAPPA_A, "proposed_level": 9}
        ),
        Permission.SCREEN_REFERRAL: lambda: c.post(f"/referrals/{r.pk}/decline", {"reason": ""}),
        Permission.REQUEST_TRANSFER: lambda: c.post(
            f"/cases/{r.pk}/transfers", {"proposed_lead_agency": "", "reason": "x"}
        ),
        Permission.DECIDE_TRANSFER: lambda: c.post(f"/transfers/{r.pk}/refuse", {"reason": ""}),
        Permission.RESOLVE_DUPLICATE: lambda: c.post(
            f"/duplicates/{r.pk}/resolve", {"outcome": "", "reason": ""}
        ),
        # A stale version (409) after the policy's check (decision 0030).
        Permission.REVIEW_RETENTION: lambda: c.post(
            f"/cases/{r.pk}/retention-review", {"version": 0, "outcome": "", "reason": ""}
        ),
    }
    response = send[permission]()
    return STATUS.get(response.status_code, str(response.status_code))


def _code(facts: Facts) -> str:
    assert facts.case is not None
    return str(Agency.objects.get(pk=facts.case.lead_agency_id).code)


def _want(user: Any, permission: Permission, r: Any, case: Case | None) -> str:
    if user is None:
        return "login"
    if policy.allowed(user, permission, r):
        return "yes"
    if permission is Permission.RESOLVE_DUPLICATE and r is not None:
        return "hidden"  # only the two areas' co-ordinators know it exists
    if permission is Permission.DECIDE_TRANSFER and r is not None and case is not None:
        receiving = policy.allowed(user, Permission.VIEW_CASE, case)
        return "no" if receiving else "hidden"
    if case is not None and not policy.allowed(user, Permission.VIEW_CASE, case):
        return "hidden"
    return "no"


@pytest.mark.parametrize("name", [*PEOPLE, "anonymous"])
def test_web_and_api_do_what_the_policy_says(
    world: World, records: Records, api_for: Api, name: str
) -> None:
    user = world.user(name)
    web = Client()
    if user is not None:
        assert web.login(username=name, password=PASSWORD)
        for case in records.cases.values():  # the purpose, given once per case
            web.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    api = ApiClient(None) if user is None else api_for(name)
    failures = []
    for permission in Permission:
        if permission in MEETING_PERMISSIONS:
            continue  # tests/api/test_meetings.py and tests/web/test_meeting_permissions.py
        if permission in SOA_PERMISSIONS:
            continue  # tests/api/test_soa_routes.py, tests/web/test_soa_permissions.py (the cast)
        for key in subjects(permission):
            r = records.record(permission, key)
            want = _want(user, permission, r, records.case_of(permission, key))
            got_web, got_api = _web(web, permission, r), _api(api, permission, r)
            offered = _web_offers(web, permission, r)
            for channel, got in (("web", got_web), ("api", got_api)):
                if got not in (want, "n/a"):
                    failures.append(f"{channel} {permission} {key}: got {got}, want {want}")
            if offered is not (want == "yes"):
                failures.append(f"web offers {permission} {key}: {offered}, want {want}")
    assert failures == []


def test_the_named_owner_is_offered_the_update_the_service_accepts(
    world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    """Drift resolved (decision 0013): the service let an action's named owner update its
    status while the plan page offered the form only to the owner agency and the managers.
    Housing is named on probation-a's action of the shared case: offered, and accepted."""
    named = records.actions[NAMED]
    client = client_for("housing")
    client.post(f"/cases/{named.plan.case_id}/justify/", {"purpose": "mappa-coordination"})
    page = client.get(f"/plans/{named.plan_id}/").content.decode()
    assert f'action="/actions/{named.pk}/status/"' in page
    other = records.actions[NAMED_CASE]  # a1: probation-a's, not named to housing
    assert f'action="/actions/{other.pk}/status/"' not in page
    done = client.post(f"/actions/{named.pk}/status/", {"status": "in_progress"})
    assert done.status_code == 302
    named.refresh_from_db()
    assert named.status == "in_progress"
    refused = client.post(f"/actions/{other.pk}/status/", {"status": "done"})
    assert refused.status_code == 403
    plan_services.my_actions(world.users["housing"]).get(pk=named.pk)  # listed as theirs


@pytest.mark.parametrize("case_attr", CASES)
def test_the_author_of_a_plan_is_told_why_they_cannot_approve_it(
    world: World, records: Records, api_for: Api, case_attr: str
) -> None:
    """Second-person approval (decision 0015): each case's lead wrote its draft; the plan page
    offers them no approve button and says why, and the approve screen and the API refuse
    (403) with the same words."""
    lead = LEADS[case_attr]
    draft = records.drafts[case_attr]
    web = Client()
    assert web.login(username=lead, password=PASSWORD)
    page = web.get(f"/plans/{draft.pk}/").content.decode()
    assert f'href="/plans/{draft.pk}/approve/"' not in page
    assert access.AUTHOR_REFUSAL in page
    refused = web.get(f"/plans/{draft.pk}/approve/")
    assert refused.status_code == 403 and access.AUTHOR_REFUSAL in refused.content.decode()
    api = api_for(lead).post(f"/plans/{draft.pk}/approve", {"version": draft.version})
    assert api.status_code == 403 and api.json()["detail"] == access.AUTHOR_REFUSAL
