"""Rows shared by the tests, made through the services as a user would make them, for the
standard cast of tests/cast.py: a draft or submitted RoSH assessment, an active plan and its
next draft, a case grown large. The documents they save are in tests/documents.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fourpillars import demo
from fourpillars.accounts.models import User
from fourpillars.assessments.models import RoshAssessment
from fourpillars.domain.retention import add_years
from fourpillars.plans.models import Action, Plan
from fourpillars.register.models import Case
from fourpillars.services import assessments, decisions, plans
from fourpillars.services import cases as case_services
from fourpillars.services import persons as person_services
from fourpillars.services.retention import reviews as retention_reviews
from tests.cast import LEADS, PASSWORD, World
from tests.documents import COMPLETE_ASSESSMENT, DEFENSIBILITY_NOTES, PLAN_CONTENT, ROSH_DOCUMENT


def draft_assessment(world: World, case_attr: str = "police_case") -> RoshAssessment:
    """A draft RoSH assessment of the case, started by its lead."""
    case = getattr(world, case_attr)
    return assessments.start_assessment(actor=world.users[LEADS[case_attr]], case_id=case.pk)


def submitted_assessment(
    world: World, case_attr: str = "police_case", *, countersign: bool = True
) -> RoshAssessment:
    """The case's lead fills a draft with COMPLETE_ASSESSMENT and submits it; its high rating
    needs a countersignature, which the lead agency's manager gives (then it is in force)
    unless ``countersign`` is false (then it awaits the countersignature)."""
    lead = world.users[LEADS[case_attr]]
    a = draft_assessment(world, case_attr)
    a = assessments.save_draft(
        actor=lead, assessment_id=a.pk, data=COMPLETE_ASSESSMENT, expected_version=a.version
    )
    a = assessments.submit(actor=lead, assessment_id=a.pk, expected_version=a.version)
    if countersign and a.needs_countersignature:
        manager = manager_of(lead)
        a = assessments.countersign(actor=manager, assessment_id=a.pk, note="Agreed")
    return a


def manager_of(user: User) -> User:
    """The line manager of the user's agency: the demo's (police-a, probation-a), or one made
    for the agency, with the cast's password."""
    managers = demo.ensure_managers(PASSWORD)
    found = next((m for m in managers.values() if m.agency_id == user.agency_id), None)
    if found is not None:
        return found
    assert user.agency is not None
    manager, _ = User.objects.get_or_create(
        username=f"{user.agency.code}-manager",
        defaults={
            "role": user.role,
            "agency": user.agency,
            "is_manager": True,
            "first_name": "Max",
            "last_name": f"Manager of {user.agency.name}",
        },
    )
    return manager


def assessed(world: World, case_attr: str = "police_case") -> RoshAssessment:
    """A defensible basis for a plan: COMPLETE_ASSESSMENT with a reliable method scored
    (RM2000/C; the standard cases are category 1, sexual offending), submitted and
    countersigned where it needs it, and the lead's reason for the case's level recorded
    (``level_decided``)."""
    lead = world.users[LEADS[case_attr]]
    a = draft_assessment(world, case_attr)
    a = assessments.save_draft(
        actor=lead, assessment_id=a.pk, data=COMPLETE_ASSESSMENT, expected_version=a.version
    )
    assessments.score_instrument(
        actor=lead,
        assessment_id=a.pk,
        code="rm2000-c",
        payload={"s_band": "high", "v_band": "medium"},
    )
    a.refresh_from_db()
    a = assessments.submit(actor=lead, assessment_id=a.pk, expected_version=a.version)
    if a.needs_countersignature:
        a = assessments.countersign(actor=manager_of(lead), assessment_id=a.pk, note="Agreed")
    level_decided(world, case_attr)
    return a


def level_decided(world: World, case_attr: str = "police_case") -> None:
    """The case's lead records why the case stays at its level: the standard cases are level 1
    and COMPLETE_ASSESSMENT rates the risk to children high, so a defensible plan needs the
    reason (the plan checker's LEVEL_NOT_SUPPORTED_BY_ROSH)."""
    case = getattr(world, case_attr)
    case.refresh_from_db()
    assessments.decide_level(
        actor=world.users[LEADS[case_attr]],
        case_id=case.pk,
        flags={},
        level=case.level,
        reason="The lead agency manages the risk without MAPPA meetings; no barriers found",
    )


def agency_content(content: dict[str, object], agency: str) -> dict[str, object]:
    """PLAN_CONTENT (or another plan's content) with every agency code set to ``agency``."""

    def rows(key: str, field: str) -> list[dict[str, object]]:
        found = content.get(key) or []
        assert isinstance(found, list)
        return [{**r, field: agency} if r.get(field) != "victim_liaison" else r for r in found]

    return {
        **content,
        "contingencies": rows("contingencies", "owner_agency"),
        "actions": rows("actions", "owner_agency"),
        "information_considered": rows("information_considered", "agency"),
        "communicated": rows("communicated", "to"),
    }


def acknowledge_all(plan: Plan) -> list[dict[str, object]]:
    """An acknowledgement, with a reason, of every warning the plan's checker finds."""
    return [
        {"code": f.code, "refs": list(f.refs), "reason": "Accepted for this period"}
        for f in plans.findings(plan)
        if f.severity == "warning"
    ]


def colleague(world: World, case_attr: str) -> User:
    """A second case manager of the case's lead agency (not one of the cast): approves a
    plan the lead wrote, as the second-person approval policy asks."""
    lead = world.users[LEADS[case_attr]]
    username = f"{lead.username}-colleague"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=lead.role,
            agency=lead.agency,
            first_name="Casey",
            last_name=f"Colleague of {lead.first_name}",
            two_factor_exempt=True,  # synthetic, like the demo's cast (decision 0028)
        )
    return user


def active_plan_and_draft(world: World, case_attr: str) -> tuple[Plan, Plan]:
    """The case's active plan (version 1) and open draft (version 2), made once."""
    case = getattr(world, case_attr)
    active = Plan.objects.filter(case=case, status="active").first()
    draft = Plan.objects.filter(case=case, status="draft").first()
    if active is not None and draft is not None:
        return active, draft
    user = world.users[LEADS[case_attr]]
    submitted_assessment(world, case_attr)
    level_decided(world, case_attr)
    content = agency_content(PLAN_CONTENT, user.agency.code)
    plan = plans.start_plan(actor=user, case_id=case.pk)
    plan = plans.save_plan(actor=user, plan_id=plan.pk, data=content, expected_version=plan.version)
    active = plans.approve(
        actor=colleague(world, case_attr),
        plan_id=plan.pk,
        expected_version=plan.version,
        acknowledgements=acknowledge_all(plan),
        defensibility=DEFENSIBILITY_NOTES,
        rationale="Matrix",
    )
    return active, plans.start_plan(actor=user, case_id=case.pk)


def grow_case(world: World, case_id: int) -> None:
    """Many records, shares, assessments, plans and decisions on the case (the person grown is
    the police case's)."""
    _grow_register(world, case_id)
    _grow_rosh(world, case_id)
    _grow_plans(world, case_id)


def _grow_register(world: World, case_id: int) -> None:
    """Many names, identifiers, addresses, convictions, shares and timeline rows."""
    police = world.users["police"]
    person_id = world.police_case.person_id
    for i in range(6):
        person_services.add_name(
            actor=police, person_id=person_id, data={"family_name": f"Alias{i}", "kind": "alias"}
        )
        person_services.add_identifier(
            actor=police, person_id=person_id, data={"kind": "crn", "value": f"X{100000 + i}"}
        )
        person_services.add_address(
            actor=police,
            person_id=person_id,
            data={"line1": f"{i} Road", "from_date": f"201{i}-01-01", "to_date": f"201{i}-12-31"},
        )
        person_services.add_conviction(
            actor=police,
            person_id=person_id,
            data={"date": f"200{i}-02-02", "offence_text": "Theft", "ecris_code": "1600 00"},
        )
    for agency in ["housing-a", "children-a", "probation-a", "prison-a"]:
        case_services.share_case(
            actor=police,
            case_id=case_id,
            agency=agency,
            lawful_basis="cja2003_s325_4",
            reason="Test",
        )


def _grow_rosh(world: World, case_id: int) -> None:
    """Submitted assessments with instrument results, a draft and level decisions."""
    police = world.users["police"]
    for _ in range(3):
        a = assessments.start_assessment(actor=police, case_id=case_id)
        a = assessments.save_draft(
            actor=police, assessment_id=a.pk, data=ROSH_DOCUMENT, expected_version=None
        )
        for band in ("high", "low"):
            assessments.score_instrument(
                actor=police,
                assessment_id=a.pk,
                code="rm2000-c",
                payload={"s_band": band, "v_band": band},
            )
        a.refresh_from_db()
        a = assessments.submit(actor=police, assessment_id=a.pk, expected_version=a.version)
        if a.needs_countersignature:
            assessments.countersign(actor=manager_of(police), assessment_id=a.pk, note="Agreed")
    assessments.start_assessment(actor=police, case_id=case_id)
    for level in (2, 1):
        assessments.decide_level(
            actor=police, case_id=case_id, flags={"adds_value": True}, level=level, reason="Test"
        )


def _grow_plans(world: World, case_id: int) -> None:
    """Two approved plan versions of twelve actions, an open draft, and more decisions."""
    police = world.users["police"]
    pillars = ["supervision", "monitoring_control", "interventions_treatment"]
    content = {
        "victims": [{"id": "v1", "kind": "child", "text": "Children at the school"}],
        "contingencies": [
            {
                "scenario": s,
                "warning_signs": "Signs",
                "response": "Visit",
                "owner_agency": "police-a",
                "within_hours": 4,
            }
            for s in ("sc1", "sc2")
        ],
        "actions": [
            {
                "id": f"a{i}",
                "pillar": pillars[i % 3] if i > 1 else "victim_safety_planning",
                "text": f"Action number {i} of the plan",
                "owner_agency": "police-a",
                "addresses": ["rf1"],
                "frequency": "weekly",
                "protects": ["v1"],
            }
            for i in range(1, 13)
        ],
    }
    for _ in range(2):
        plan = plans.start_plan(actor=police, case_id=case_id)
        plan = plans.save_plan(
            actor=police, plan_id=plan.pk, data=content, expected_version=plan.version
        )
        plans.approve(
            actor=colleague(world, "police_case"),
            plan_id=plan.pk,
            expected_version=plan.version,
            acknowledgements=acknowledge_all(plan),
            defensibility=DEFENSIBILITY_NOTES,
            rationale="Test",
        )
    plans.start_plan(actor=police, case_id=case_id)
    for i in range(5):
        decisions.record_decision(
            actor=police,
            case_id=case_id,
            data={"kind": "other", "summary": f"Decision {i}", "rationale": "Test"},
        )


def actions_due(
    world: World,
    case_attr: str,
    days: list[int | None],
    *,
    agency: str | None = None,
    owner: User | None = None,
) -> list[Action]:
    """Actions added to the case's active plan, due ``days`` from today (None: no due date),
    owned by ``agency`` (default the lead's) and named ``owner``. Straight rows, not a new
    plan version: what the reminder scan and "my actions" read is the active plan's actions.
    The plan's own actions (a1 to a4, dated in PLAN_CONTENT) lose their due dates, so that
    what is due does not depend on the day the tests run."""
    from django.utils import timezone

    from fourpillars.accounts.models import Agency

    active, _ = active_plan_and_draft(world, case_attr)
    Action.objects.filter(plan=active, ident__startswith="a").update(due=None)
    lead = world.users[LEADS[case_attr]]
    owner_agency = Agency.objects.get(code=agency) if agency else lead.agency
    today = timezone.localdate()
    start = active.actions.count()
    return [
        Action.objects.create(
            plan=active,
            ident=f"r{start + i + 1}",
            position=start + i,
            pillar="supervision",
            text=f"Reminder test action {start + i + 1}",
            owner_agency=owner_agency,
            owner_user=owner,
            due=None if d is None else today + dt.timedelta(days=d),
        )
        for i, d in enumerate(days)
    ]


def closed_for_review(world: World, case_attr: str, years_ago: int = 7) -> Case:
    """The case closed by its lead (the retention clock starts), then moved back in time as
    the years would have: closed ``years_ago`` years ago, its retention review due yesterday
    (decision 0030). Seven years is past the minimum a closed case is kept."""
    case = getattr(world, case_attr)
    case_services.change_status(
        actor=world.users[LEADS[case_attr]], case_id=case.pk, status="closed", reason="Ended"
    )
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        closed_on=add_years(today, -years_ago), retention_review_due=today - dt.timedelta(days=1)
    )
    case.refresh_from_db()
    return case


def deleted_under_retention(world: World, case_attr: str) -> Case:
    """The case closed as ``closed_for_review`` does, then deleted by area A's co-ordinator's
    retention decision (decision 0030): the case as it was just before."""
    case = closed_for_review(world, case_attr)
    retention_reviews.decide(
        actor=world.users["coordinator"],
        case_id=case.pk,
        expected_version=case.version,
        outcome="delete",
        reason="No longer needed for a policing purpose",
        confirmed=True,
    )
    return case
