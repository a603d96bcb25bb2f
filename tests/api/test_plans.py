"""Plan and decision routes: the lifecycle over the API and the permission matrix."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.services import decisions
from tests.api.conftest import ApiClient, errors_by_field
from tests.api.matrix import expected_write
from tests.cast import CASES, EVERYONE, LEADS, World
from tests.documents import DEFENSIBILITY_NOTES, PLAN_CONTENT
from tests.factories import colleague, level_decided, submitted_assessment

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def test_plan_lifecycle_over_the_api(world: World, api_for: Api) -> None:
    submitted_assessment(world)
    level_decided(world)
    c = api_for("police")
    case = world.police_case
    started = c.post(f"/cases/{case.pk}/plans")
    assert started.status_code == 201, started.content
    plan = started.json()
    assert plan["status"] == "draft" and plan["findings"]
    assert any(f["severity"] == "error" for f in plan["findings"])
    saved = c.send("put", f"/plans/{plan['id']}", {**PLAN_CONTENT, "version": plan["version"]})
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert not [f for f in body["findings"] if f["severity"] == "error"]
    assert body["document"]["actions"][0]["id"] == "a1"
    document = body["document"]
    for key in ("information_considered", "information_gaps", "communicated"):
        assert document[key] == PLAN_CONTENT[key]
    assert document["mappa_category"] == 1 and document["offending"] == ["sexual"]
    assert document["level_decision"]["level"] == 1 and document["level_decision"]["reason"]
    assert document["next_mappa_review"] == world.police_case.next_review_date.isoformat()
    bad = c.send(
        "put",
        f"/plans/{plan['id']}",
        {"communicated": [{"to": "nowhere", "on": "2026-11-26"}], "version": body["version"]},
    )
    assert bad.status_code == 422 and "communicated.0.to" in errors_by_field(bad)
    stale = c.send("put", f"/plans/{plan['id']}", {"pillar_reasons": {}, "version": 1})
    assert stale.status_code == 409 and "actions" in stale.json()["changed_fields"]
    mine = c.post(f"/plans/{plan['id']}/approve", {"version": body["version"]})
    assert mine.status_code == 403  # its author: a second person approves
    assert mine.json()["detail"] == "You wrote this plan: another person must approve it."
    second = colleague(world, "police_case")
    world.users[second.username] = second
    c = api_for(second.username)
    refused = c.post(f"/plans/{plan['id']}/approve", {"version": body["version"]})
    assert refused.status_code == 422
    acks = [
        {"code": f["code"], "refs": f["refs"], "reason": "Accepted"}
        for f in body["findings"]
        if f["severity"] == "warning"
    ]
    ok = c.post(
        f"/plans/{plan['id']}/approve",
        {
            "version": body["version"],
            "acknowledgements": acks,
            "defensibility": DEFENSIBILITY_NOTES,
            "rationale": "Answers the assessment",
        },
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "active"
    pdf = c.get(f"/plans/{plan['id']}/plan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    mine = c.get("/me/actions").json()
    assert mine["count"] == 4
    action_id = mine["items"][0]["action_id"]
    done = c.post(f"/actions/{action_id}/status", {"status": "done", "reason": "Visited"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    decisions = c.get(f"/cases/{case.pk}/decisions").json()
    assert any(d["kind"] == "plan_approval" for d in decisions["items"])
    listing = c.get(f"/cases/{case.pk}/plans").json()
    assert listing["count"] == 1


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("case_attr", CASES)
def test_plan_routes_for_the_cast(world: World, api_for: Api, name: str, case_attr: str) -> None:
    from fourpillars.services import plans as svc

    case = getattr(world, case_attr)
    lead = world.users[LEADS[case_attr]]
    submitted_assessment(world, case_attr)
    plan = svc.start_plan(actor=lead, case_id=case.pk)
    c = api_for(name)
    read = 401 if name == "anonymous" else 200 if case.pk in world.visible[name] else 404
    j = {"X_Justification": "mappa-coordination"}
    assert c.get(f"/cases/{case.pk}/plans", **j).status_code == read
    assert c.get(f"/plans/{plan.pk}", **j).status_code == read
    assert c.get(f"/plans/{plan.pk}/plan.pdf", **j).status_code == read
    assert c.get(f"/plans/{plan.pk}/compare/{plan.pk}", **j).status_code == read
    assert c.get(f"/cases/{case.pk}/decisions", **j).status_code == read
    assert c.get("/me/actions").status_code == (401 if name == "anonymous" else 200)
    write = expected_write(world, name, case_attr)
    approve = c.post(f"/plans/{plan.pk}/approve", {"version": 999})
    author = name == LEADS[case_attr]  # a second person approves
    assert approve.status_code == (403 if author else 409 if write == 200 else write)
    put = c.send("put", f"/plans/{plan.pk}", {"pillar_reasons": {}, "version": plan.version})
    assert put.status_code == write, put.content
    again = c.post(f"/plans/{plan.pk}/approve", {"version": 999})
    assert again.status_code == (403 if write == 200 else write)  # saved it: an author now
    start = c.post(f"/cases/{case.pk}/plans")
    assert start.status_code == (201 if write == 200 else write)
    decision = c.post(
        f"/cases/{case.pk}/decisions", {"kind": "other", "summary": "s", "rationale": "r"}
    )
    assert decision.status_code == (201 if write == 200 else write)


def test_plan_detail_queries_do_not_grow_with_the_plan(world: World, api_for: Api) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fourpillars.services import plans as svc

    submitted_assessment(world)
    c = api_for("police")
    plan = svc.start_plan(actor=world.users["police"], case_id=world.police_case.pk)
    small = svc.save_plan(
        actor=world.users["police"],
        plan_id=plan.pk,
        data=PLAN_CONTENT,
        expected_version=plan.version,
    )
    with CaptureQueriesContext(connection) as few:
        assert c.get(f"/plans/{small.pk}").status_code == 200
    many = [
        {**PLAN_CONTENT["actions"][i % 4], "id": f"a{i + 1}"}  # type: ignore[index]
        for i in range(60)
    ]
    big = svc.save_plan(
        actor=world.users["police"],
        plan_id=plan.pk,
        data={**PLAN_CONTENT, "actions": many},
        expected_version=small.version,
    )
    assert big.actions.count() == 60
    with CaptureQueriesContext(connection) as lots:
        assert c.get(f"/plans/{big.pk}").status_code == 200
    assert len(lots) == len(few)


def test_reading_decisions_is_its_own_consultation(world: World, api_for: Api) -> None:
    from fourpillars.audit.models import AuditEvent

    d = decisions.record_decision(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        data={"kind": "other", "summary": "s", "rationale": "r"},
    )
    c = api_for("coordinator")
    assert c.get(f"/cases/{world.police_case.pk}/decisions").status_code == 428
    body = c.get(f"/cases/{world.police_case.pk}/decisions", X_Justification="audit").json()
    assert [x["id"] for x in body["items"]] == [d.pk]
    row = AuditEvent.objects.order_by("-seq").first()
    assert row is not None and row.action == "list_decisions" and row.record_ids == [d.pk]
    assert row.justification == "audit"
