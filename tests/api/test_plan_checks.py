"""``POST /api/v1/plan-checks`` and ``GET /api/v1/plan-checks/rules``: the checker over HTTP,
the same answer as the CLI, 422 naming fields, nothing stored or audited, and every
authenticated member of the cast allowed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.audit.models import AuditEvent
from fourpillars.domain import plans
from tests.api.conftest import ApiClient, errors_by_field
from tests.cast import EVERYONE, World
from tests.documents import clean_plan

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


def test_a_plan_is_checked(world: World, api_for: Api) -> None:
    doc = clean_plan()
    doc["risk_factors"].append({"id": "rf3", "text": "Isolation"})
    doc["actions"][0]["text"] = "Monitor"
    doc["acknowledgements"] = [{"code": "ACTION_TEXT_VAGUE", "refs": ["a1"], "reason": "Agreed"}]
    police = api_for("police")  # issuing the token is audited
    events = AuditEvent.objects.count()
    response = police.post("/plan-checks", doc)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == plans.report(plans.parse_plan(doc))  # the CLI's answer
    assert [(f["code"], f["severity"], f["refs"]) for f in body["findings"]] == [
        ("RF_UNADDRESSED", "error", ["rf3"]),
        ("ACTION_TEXT_VAGUE", "warning", ["a1"]),
    ]
    assert body["findings"][1]["acknowledged"] is True and body["approvable"] is False
    assert AuditEvent.objects.count() == events  # nothing consulted, nothing stored


def test_a_clean_plan_has_no_findings(world: World, api_for: Api) -> None:
    body = api_for("probation").post("/plan-checks", clean_plan()).json()
    assert body["findings"] == [] and body["approvable"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**clean_plan(), "mappa_level": 0}, "mappa_level"),
        ({**clean_plan(), "review_date": "1 Feb"}, "review_date"),
        (
            {**clean_plan(), "actions": [{**clean_plan()["actions"][0], "pillar": "care"}]},
            "actions.0.pillar",
        ),
        ({k: v for k, v in clean_plan().items() if k != "rosh"}, "rosh"),
    ],
)
def test_a_malformed_plan_is_422_naming_the_field(
    world: World, api_for: Api, body: dict[str, object], field: str
) -> None:
    response = api_for("police").post("/plan-checks", body)
    assert response.status_code == 422, response.content
    assert field in errors_by_field(response)


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"plan"'])
def test_a_body_that_is_not_an_object_is_422(world: World, api_for: Api, body: str) -> None:
    response = api_for("police").post("/plan-checks", body)
    assert response.status_code == 422, response.content
    assert errors_by_field(response)


def test_the_rules_are_listed(world: World, api_for: Api) -> None:
    body = api_for("coordinator").get("/plan-checks/rules").json()
    assert body["count"] == len(plans.RULES)
    assert body["items"][0] == plans.RULES[0].as_dict()
    assert body["review_policy"]["confirmed"] is False


@pytest.mark.parametrize("name", EVERYONE)
def test_every_authenticated_member_of_the_cast_may_check(
    world: World, api_for: Api, name: str
) -> None:
    c = api_for(name)
    ok = 401 if name == "anonymous" else 200
    assert c.post("/plan-checks", clean_plan()).status_code == ok
    assert c.get("/plan-checks/rules").status_code == ok
    malformed = c.post("/plan-checks", {"plan_date": "x"}).status_code
    assert malformed == (401 if name == "anonymous" else 422)


def test_the_new_fields_are_read_and_checked(world: World, api_for: Api) -> None:
    doc = clean_plan()
    doc.update(mappa_level=1, level_decision=None, offending=["sexual"], instruments=["ogrs3"])
    doc["rosh"]["community"]["children"] = "very_high"
    doc["contingencies"][0]["within_hours"] = 72
    doc["communicated"] = []
    doc["assessment"]["countersigned"] = False
    body = api_for("police").post("/plan-checks", doc).json()
    got = {(f["code"], tuple(f["refs"])) for f in body["findings"]}
    assert got == {
        ("LEVEL_NOT_SUPPORTED_BY_ROSH", ()),
        ("ASSESSMENT_NOT_COUNTERSIGNED", ("42",)),
        ("CONTINGENCY_TOO_SLOW", ("sc1",)),
        ("RELIABLE_METHOD_MISSING", ("sexual",)),
        ("PLAN_NOT_COMMUNICATED", ("police",)),
        ("PLAN_NOT_COMMUNICATED", ("probation",)),
        ("PLAN_NOT_COMMUNICATED", ("victim_liaison",)),
    }
    assert body["rules_version"] == "plan-checks-2026.2" and body["errors"] == 2


def test_an_old_document_without_the_new_fields_is_still_checked(
    world: World, api_for: Api
) -> None:
    doc = clean_plan()
    for key in ("level_decision", "offending", "instruments", "communicated"):
        del doc[key]
    doc["assessment"] = {"id": "42", "status": "current"}
    response = api_for("police").post("/plan-checks", doc)
    assert response.status_code == 200, response.content
    assert {f["code"] for f in response.json()["findings"]} == {"PLAN_NOT_COMMUNICATED"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mappa_category": 7}, "mappa_category"),
        ({"level_decision": {"level": "two"}}, "level_decision.level"),
        ({"communicated": [{"to": "police", "on": "soon"}]}, "communicated.0.on"),
        ({"information_considered": [{"agency": 5}]}, "information_considered.0.agency"),
        ({"offending": ["arson"]}, "offending.0"),
    ],
)
def test_bad_new_fields_are_422_naming_the_field(
    world: World, api_for: Api, change: dict[str, object], field: str
) -> None:
    response = api_for("police").post("/plan-checks", {**clean_plan(), **change})
    assert response.status_code == 422, response.content
    assert field in errors_by_field(response)
