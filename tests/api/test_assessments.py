"""Instrument and RoSH assessment routes: the same services, rules and audit as the UI."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.accounts.models import User
from fourpillars.audit.models import AuditEvent
from fourpillars.services.accounts import issue_token
from tests.api.conftest import ApiClient, errors_by_field
from tests.audit_rows import opened
from tests.cast import World
from tests.documents import COMPLETE_ASSESSMENT, OGRS3_ANSWERS

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
WORKED = {
    "sex": "female",
    "date_of_birth": "1972-09-09",
    "date_of_current_conviction": "2009-09-09",
    "date_of_first_sanction": "1986-09-09",
    "previous_sanctions": 3,
    "assessment_date": "2015-09-15",
    "offence_category": 16,
}


def test_instruments_listed_with_versions_and_sources(world: World, api_for: Api) -> None:
    body = api_for("police").get("/instruments").json()
    codes = {i["code"] for i in body["items"]}
    assert {
        "ogrs3",
        "osp-dc",
        "osp-iic",
        "rm2000-s",
        "rm2000-v",
        "rm2000-c",
        "static-99r",
        "dash",
        "dash-safelives",
    } <= codes
    for item in body["items"]:
        assert item["version"] and item["source"] and item["confidence"] in {"C", "M", "U"}


def test_score_reproduces_the_ogrs3_worked_example(world: World, api_for: Api) -> None:
    response = api_for("housing").post("/instruments/ogrs3/score", WORKED)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {
        "instrument",
        "version",
        "score",
        "band",
        "probabilities",
        "terms",
        "warnings",
    }
    assert body["probabilities"]["1y"] == pytest.approx(0.10966125120067907, abs=1e-12)
    assert body["probabilities"]["2y"] == pytest.approx(0.20180313320047938, abs=1e-12)
    assert body["band"] == "low"


def test_score_errors(world: World, api_for: Api) -> None:
    c = api_for("police")
    bad = c.post("/instruments/ogrs3/score", {**WORKED, "offence_category": 20})
    assert bad.status_code == 422
    assert "offence_category" in [e["field"] for e in bad.json()["errors"]]
    assert c.post("/instruments/nope/score", {}).status_code == 404
    assert c.post("/instruments/ogrs3/score", [1, 2]).status_code == 422
    assert c.post("/instruments/ogrs3/score", "{").status_code == 422
    assert ApiClient(None).post("/instruments/ogrs3/score", WORKED).status_code == 401


def test_assessment_lifecycle_over_the_api(
    world: World, api_for: Api, police_manager: User
) -> None:
    c = api_for("police")
    case = world.police_case
    started = c.post(f"/cases/{case.pk}/assessments")
    assert started.status_code == 201
    a = started.json()
    assert a["status"] == "draft" and a["label"].startswith("Professional assessment")
    prefill = c.get(f"/cases/{case.pk}/instruments/ogrs3/prefill").json()
    assert prefill["inputs"]["date_of_birth"] == "1980-05-17"
    scored = c.post(f"/assessments/{a['id']}/instruments/ogrs3", OGRS3_ANSWERS)
    assert scored.status_code == 201 and scored.json()["from_register"]
    current = c.get(f"/assessments/{a['id']}").json()
    saved = c.send(
        "put",
        f"/assessments/{a['id']}",
        {
            **COMPLETE_ASSESSMENT,
            "judgement_reason": "Harm, not frequency",
            "version": current["version"],
        },
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["overall_by_setting"] == {"community": "high", "custody": None}
    assert "departure" not in body and "indicated" not in body
    assert body["needs_countersignature"] and body["countersignature_reasons"]
    assert body["screening"]["policy"].startswith("rosh-screening-")
    stale = c.send("put", f"/assessments/{a['id']}", {"formulation": "x", "version": 1})
    assert stale.status_code == 409 and "changed_fields" in stale.json()
    done = c.post(f"/assessments/{a['id']}/submit", {"version": body["version"]})
    assert done.status_code == 200 and not done.json()["is_current"]  # awaits countersignature
    manager = ApiClient(issue_token(user=police_manager, name="test"))
    signed = manager.post(f"/assessments/{a['id']}/countersign", {"note": "Agreed"})
    assert signed.status_code == 200 and signed.json()["is_current"], signed.content
    listing = c.get(f"/cases/{case.pk}/assessments").json()
    assert listing["count"] == 1 and listing["history"][0]["instrument"] == "ogrs3"
    pdf = c.get(f"/assessments/{a['id']}/summary.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    decided = c.post(
        f"/cases/{case.pk}/level-decisions",
        {"flags": {"adds_value": True}, "level": 2, "reason": "Meetings add value"},
    )
    assert decided.status_code == 201 and decided.json()["indicated_level"] == 2
    assert c.get(f"/cases/{case.pk}").json()["level"] == 2


def test_submit_names_missing_fields(world: World, api_for: Api) -> None:
    c = api_for("police")
    a = c.post(f"/cases/{world.police_case.pk}/assessments").json()
    response = c.post(f"/assessments/{a['id']}/submit", {"version": a["version"]})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "ratings.community.children" in fields
    missing_version = c.post(f"/assessments/{a['id']}/submit", {})
    assert missing_version.status_code == 422
    assert missing_version.json()["errors"][0]["field"] == "version"


def test_reads_outside_the_lead_agency_need_a_justification(world: World, api_for: Api) -> None:
    a = api_for("police").post(f"/cases/{world.police_case.pk}/assessments").json()
    c = api_for("coordinator")
    refused = c.get(f"/assessments/{a['id']}")
    assert refused.status_code == 428 and "X-Justification" in refused.content.decode()
    ok = c.get(f"/assessments/{a['id']}", X_Justification="mappa-coordination; panel")
    assert ok.status_code == 200
    row = opened(AuditEvent.objects.order_by("-seq").first())
    assert row is not None and row.action == "view_rosh_assessment"
    assert row.justification == "mappa-coordination; panel"


def test_prefill_and_level_decision_reads_are_named_consultations(
    world: World, api_for: Api
) -> None:
    c = api_for("police")
    case = world.police_case
    assert c.get(f"/cases/{case.pk}/instruments/ogrs3/prefill").status_code == 200
    row = opened(AuditEvent.objects.order_by("-seq").first())
    assert row is not None and row.action == "view_instrument_prefill"
    assert row.record_ids == list(case.person.convictions.values_list("pk", flat=True))
    assert c.get(f"/cases/{case.pk}/level-decisions").status_code == 200
    assert opened(AuditEvent.objects.order_by("-seq").first()).action == "list_level_decisions"  # type: ignore[union-attr]


def test_ratings_by_setting_and_exemption_over_the_api(world: World, api_for: Api) -> None:
    c = api_for("police")
    a = c.post(f"/cases/{world.police_case.pk}/assessments").json()
    custody = {"children": "low", "public": "low", "known_adult": "medium", "staff": "high"}
    low = {"children": "low", "public": "low", "known_adult": "low", "staff": "low"}
    saved = c.send(
        "put",
        f"/assessments/{a['id']}",
        {
            "version": a["version"],
            "assessment_date": "2026-11-20",
            "in_custody": True,
            "ratings": {"community": low, "custody": {**custody, "prisoners": "very_high"}},
            "screening": {
                "triggers": ["sexual_child"],
                "full_analysis": False,
                "exemption_reason": "A full analysis was completed in custody last month",
            },
        },
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["overall_by_setting"] == {"community": "low", "custody": "very_high"}
    assert body["in_custody"] and body["exempted"]
    assert len(body["countersignature_reasons"]) == 2  # very high in custody; the exemption
    wrong = c.send(
        "put",
        f"/assessments/{a['id']}",
        {"version": body["version"], "in_custody": "sometimes"},
    )
    assert wrong.status_code == 422
    assert errors_by_field(wrong)["in_custody"] == "must be true or false"
    done = c.post(f"/assessments/{a['id']}/submit", {"version": body["version"]})
    assert done.status_code == 200 and not done.json()["is_current"]


def test_rsr_score_route_reproduces_the_worked_example(world: World, api_for: Api) -> None:
    from tests.documents import RSR_ANSWERS

    response = api_for("housing").post("/instruments/rsr/score", RSR_ANSWERS)
    assert response.status_code == 200
    body = response.json()
    assert body["instrument"] == "rsr" and body["version"] == "2026-moj.1"
    assert body["score"] == 1.09 and body["band"] == "low"
    assert body["snsv"]["2y"] == pytest.approx(0.010868670831811394, rel=1e-12)
    assert body["osp_dc"]["status"] == "not_applicable" and body["reason"] is None
    assert "rsr_percent" in [t["name"] for t in body["terms"]]


def test_rsr_score_errors_name_the_fields(world: World, api_for: Api) -> None:
    from tests.documents import RSR_ANSWERS

    bad = api_for("police").post(
        "/instruments/rsr/score",
        {**RSR_ANSWERS, "violent_sanctions": 9, "offence_category": 18, "total_sanctions": "7"},
    )
    assert bad.status_code == 422
    body = bad.json()
    assert body["detail"] and {e["field"] for e in body["errors"]} >= {
        "total_sanctions",
        "vatp_subcategory",
    }


def test_osp_for_a_woman_is_not_applicable_over_the_api(world: World, api_for: Api) -> None:
    body = api_for("police").post("/instruments/osp-dc/score", {"sex": "female"}).json()
    assert body["band"] == "not_applicable" and body["score"] is None
    assert body["probabilities"] == {} and "men only" in body["reason"]


def test_rsr_prefill_names_sources_and_notes(world: World, api_for: Api) -> None:
    c = api_for("police")
    body = c.get(f"/cases/{world.police_case.pk}/instruments/rsr/prefill").json()
    assert body["inputs"]["sexual_history"] == "yes" and body["inputs"]["total_sanctions"] == 1
    assert body["from_register"]["date_of_birth"] == "person's date of birth"
    assert any("static model" in note for note in body["notes"])
