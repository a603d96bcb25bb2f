"""Emergency access and retention reviews through the API (decision 0030): the same services
as the screens, so the same audit rows, notifications, 404s and stubs; every bad input a 422
naming its field and nothing saved; a decision on a stale version a 409 naming what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.retention import add_years
from fourpillars.domain.text import LONG_TEXT_MAX
from fourpillars.notifications.models import Notification
from fourpillars.register.models import Case, EmergencyAccess, Person, RetentionReview
from fourpillars.services import audit
from tests.api.conftest import ApiClient, errors_by_field
from tests.audit_rows import opened
from tests.cast import World
from tests.factories import closed_for_review

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
REASON = "Arrested tonight near a school in our area; need the risk plan now"
WHY = "No longer needed for a policing purpose: no contact for many years"


def _ask(c: ApiClient, reference: str, reason: str = REASON) -> Any:
    return c.post("/emergency-access", {"reference": reference, "reason": reason})


# ---------------------------------------------------------------- emergency access


def test_a_grant_is_audited_told_at_once_and_opens_the_case_for_reading(
    world: World, api_for: Api
) -> None:
    police, case = api_for("police"), world.shared_case  # probation-a leads; not shared
    assert police.get(f"/cases/{case.pk}").status_code == 404
    asked = _ask(police, case.reference.lower())
    assert asked.status_code == 200, asked.content
    body = asked.json()
    assert body["reference"] == case.reference and body["hours"] == 4
    assert body["detail"].startswith("If a case with this reference exists")
    grant = EmergencyAccess.objects.get(case=case, user=world.users["police"])
    assert grant.reason == REASON
    row = opened(AuditEvent.objects.get(action="grant_emergency_access"))
    assert (row.operation, row.purpose, row.case_id) == ("disclosure", "break-glass", case.pk)
    assert row.recipients == ["police"] and REASON in row.justification
    # Told at once: the lead agency (no line manager in it, so everyone) and the co-ordinator.
    told = Notification.objects.filter(kind="emergency_access", case=case)
    users = world.users
    assert set(told.values_list("recipient", flat=True)) == {
        users["probation"].pk,
        users["coordinator"].pk,
    }
    assert all(REASON in n.body for n in told)
    listed = police.get("/emergency-access").json()
    assert listed["count"] == 1
    assert listed["items"][0]["case_id"] == case.pk
    assert listed["items"][0]["case_reference"] == case.reference
    # Read without X-Justification (no 428): every read marked break-glass with the reason.
    shown = police.get(f"/cases/{case.pk}")
    assert shown.status_code == 200 and shown.json()["reference"] == case.reference
    read = opened(
        AuditEvent.objects.filter(
            action="view_case", actor_username="police", case_id=case.pk
        ).get()
    )
    assert read.purpose == "break-glass" and REASON in read.justification
    # Reading only: the case cannot be changed under emergency access.
    changed = police.post(f"/cases/{case.pk}/status", {"status": "suspended", "reason": "No"})
    assert changed.status_code == 403


def test_the_answer_is_the_same_for_a_hidden_case_a_visible_one_and_nothing(
    world: World, api_for: Api
) -> None:
    police = api_for("police")
    answers = [
        _ask(police, reference).json()
        for reference in (world.shared_case.reference, world.police_case.reference, "FP-Z-9")
    ]
    for answer in answers:
        answer.pop("reference")
        answer["until"] = answer["until"][:16]
        answer["detail"] = answer["detail"][:60]
    assert answers[0] == answers[1] == answers[2]
    # Only the hidden case was granted; each request audited, the fishing one too.
    assert list(EmergencyAccess.objects.values_list("case_id", flat=True)) == [world.shared_case.pk]
    unmatched = AuditEvent.objects.filter(action="request_emergency_access")
    assert sorted(unmatched.values_list("query", flat=True)) == sorted(
        [world.police_case.reference, "FP-Z-9"]
    )


def test_when_the_grant_expires_the_case_is_404_again(world: World, api_for: Api) -> None:
    police, case = api_for("police"), world.shared_case
    _ask(police, case.reference)
    assert police.get(f"/cases/{case.pk}").status_code == 200
    EmergencyAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert police.get(f"/cases/{case.pk}").status_code == 404
    assert police.get("/emergency-access").json()["count"] == 0


@pytest.mark.parametrize("name", ["coordinator", "housing", "auditor", "admin"])
def test_roles_the_policy_leaves_out_are_refused_without_a_trace(
    world: World, api_for: Api, name: str
) -> None:
    c = api_for(name)
    before = AuditEvent.objects.count()
    refused = _ask(c, world.other_area_case.reference)
    assert refused.status_code == 403 and refused.json()["detail"]
    assert not EmergencyAccess.objects.exists()
    assert not Notification.objects.filter(kind="emergency_access").exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"reference": "FP-A-000001"}, "reason", "is required"),
        ({"reference": "FP-A-000001", "reason": ""}, "reason", ""),
        ({"reference": "FP-A-000001", "reason": "   \n  "}, "reason", ""),
        ({"reference": "FP-A-000001", "reason": "Urgent"}, "reason", "20 characters"),
        ({"reference": "FP-A-000001", "reason": "x" * 1001}, "reason", "1000"),
        ({"reference": "FP-A-000001", "reason": REASON + "\x00"}, "reason", ""),
        ({"reference": "FP-A-000001", "reason": 42}, "reason", "string"),
        ({"reference": "FP-A-000001", "reason": None}, "reason", ""),
        ({"reason": REASON}, "reference", "is required"),
        ({"reference": "", "reason": REASON}, "reference", ""),
        ({"reference": "F" * 31, "reason": REASON}, "reference", "30"),
        ({"reference": "FP-A-000001", "reason": REASON, "case": 1}, "case", ""),
    ],
)
def test_a_bad_request_is_refused_naming_its_field(
    world: World, api_for: Api, body: dict[str, Any], field: str, words: str
) -> None:
    body = {k: (world.shared_case.reference if v == "FP-A-000001" else v) for k, v in body.items()}
    response = api_for("police").post("/emergency-access", body)
    assert response.status_code == 422, response.content
    errors = errors_by_field(response)
    assert field in errors and words in errors[field], errors
    assert not EmergencyAccess.objects.exists()
    assert not AuditEvent.objects.filter(action="grant_emergency_access").exists()


# ---------------------------------------------------------------- retention reviews


def _decide(c: ApiClient, case: Case, **body: Any) -> Any:
    return c.post(f"/cases/{case.pk}/retention-review", {"version": case.version, **body})


def _keep_until(days: int = 365) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_the_co_ordinator_lists_reads_and_keeps_a_due_case(world: World, api_for: Api) -> None:
    case = closed_for_review(world, "shared_case")
    closed_for_review(world, "other_area_case")  # area B's: never in area A's list
    c = api_for("coordinator")
    due = c.get("/retention-reviews").json()
    assert due["count"] == 1
    item = due["items"][0]
    assert (item["case_id"], item["version"]) == (case.pk, case.version)
    assert item["retention_review_due"] == case.retention_review_due.isoformat()
    assert AuditEvent.objects.filter(action="view_retention_reviews").exists()
    page = c.get(f"/cases/{case.pk}/retention-review").json()
    assert page["case"]["version"] == case.version and page["case"]["status"] == "closed"
    assert page["review_group"]["code"] == "group_1" and page["review_years"] == 10
    assert page["earliest_deletion"] == add_years(case.closed_on, 6).isoformat()
    assert page["holds"]["Identifiers"] == 0 and page["reviews"] == []
    assert AuditEvent.objects.filter(action="view_retention_review", case_id=case.pk).exists()
    keep = _keep_until()
    kept = _decide(c, case, outcome="retain", reason="Victim still at risk", next_review=keep)
    assert kept.status_code == 201, kept.content
    assert kept.json()["case_id"] == case.pk and kept.json()["deleted"] is None
    case.refresh_from_db()
    assert case.retention_review_due.isoformat() == keep
    assert page["case"]["version"] + 1 == case.version
    assert (
        opened(AuditEvent.objects.get(action="retain_case")).after["retention_review_due"] == keep
    )
    assert c.get("/retention-reviews").json()["count"] == 0
    decisions = c.get("/retention-reviews/decisions").json()
    assert [d["outcome"] for d in decisions["items"]] == ["retain"]
    assert decisions["items"][0]["decided_by"] == "coordinator"


def test_a_decision_on_a_stale_version_is_a_409_naming_what_changed(
    world: World, api_for: Api
) -> None:
    case = closed_for_review(world, "shared_case")
    c = api_for("coordinator")
    keep = _keep_until()
    assert _decide(c, case, outcome="retain", reason="Kept", next_review=keep).status_code == 201
    stale = _decide(c, case, outcome="delete", reason=WHY, confirmed=True)
    assert stale.status_code == 409, stale.content
    body = stale.json()
    assert "retention_review_due" in body["changed_fields"]
    assert body["current_version"] == case.version + 1
    assert Case.objects.filter(pk=case.pk).exists()
    assert RetentionReview.objects.count() == 1


def test_a_re_opened_case_is_a_409_naming_its_status(world: World, api_for: Api) -> None:
    case = closed_for_review(world, "shared_case")
    probation = api_for("probation")
    reopened = probation.post(f"/cases/{case.pk}/status", {"status": "active", "reason": "Back"})
    assert reopened.status_code == 200
    stale = _decide(api_for("coordinator"), case, outcome="delete", reason=WHY, confirmed=True)
    assert stale.status_code == 409 and "status" in stale.json()["changed_fields"]
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_deletion_needs_confirming_then_leaves_only_the_stub(world: World, api_for: Api) -> None:
    case = closed_for_review(world, "shared_case")
    person_id = case.person_id
    c = api_for("coordinator")
    unconfirmed = _decide(c, case, outcome="delete", reason=WHY)
    assert unconfirmed.status_code == 422 and "confirmed" in errors_by_field(unconfirmed)
    assert Case.objects.filter(pk=case.pk).exists()
    rows_before = AuditEvent.objects.count()
    done = _decide(c, case, outcome="delete", reason=WHY, confirmed=True)
    assert done.status_code == 201, done.content
    stub = done.json()
    assert stub["case_id"] is None and stub["case_reference"] == case.reference
    assert stub["outcome"] == "delete" and stub["reason"] == WHY
    assert stub["deleted"]["person_deleted"] is True
    assert stub["deleted"]["audit_key_destroyed"] is True
    assert stub["deleted"]["rows"]["register.Case"] == 1
    assert stub["deleted"]["rows"]["register.Person"] == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Person.objects.filter(pk=person_id).exists()
    # The stub is what the service keeps: the review row and one erasure row, no data.
    kept = RetentionReview.objects.get()
    assert (kept.pk, kept.case_id, kept.deleted) == (stub["id"], None, stub["deleted"])
    erasure = AuditEvent.objects.get(action="delete_case_personal_data")
    assert erasure.operation == "erasure" and erasure.after["case"] == case.reference
    assert AuditEvent.objects.count() == rows_before + 1
    assert audit.verify()[1] is None
    listed = c.get("/retention-reviews/decisions").json()["items"]
    assert listed == [stub]
    for personal in ("Papadopoulos", "Παπαδόπουλος", "Νίκος", "1980-05-17", "Test Street"):
        assert personal not in done.content.decode()
        assert personal not in str(erasure.hashed_content())
    # The case is gone: 404 like any missing case, on every route.
    assert c.get(f"/cases/{case.pk}").status_code == 404
    assert c.get(f"/cases/{case.pk}/retention-review").status_code == 404
    again = _decide(c, case, outcome="delete", reason=WHY, confirmed=True)
    assert again.status_code == 404


def test_an_open_case_and_an_early_deletion_are_refused_on_the_outcome(
    world: World, api_for: Api
) -> None:
    c = api_for("coordinator")
    open_case = Case.objects.get(pk=world.police_case.pk)
    refused = _decide(c, open_case, outcome="delete", reason=WHY, confirmed=True)
    assert refused.status_code == 422 and "open" in errors_by_field(refused)["outcome"]
    recent = closed_for_review(world, "shared_case", years_ago=2)
    early = _decide(c, recent, outcome="delete", reason=WHY, confirmed=True)
    assert early.status_code == 422 and "6 years" in errors_by_field(early)["outcome"]
    assert Case.objects.filter(pk__in=[open_case.pk, recent.pk]).count() == 2
    assert not RetentionReview.objects.exists()


def test_a_hidden_case_is_404_like_a_missing_one(world: World, api_for: Api) -> None:
    case = closed_for_review(world, "other_area_case")  # area B: hidden from area A
    c = api_for("coordinator")
    hidden = c.get(f"/cases/{case.pk}/retention-review")
    missing = c.get("/cases/999999/retention-review")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    decided = _decide(c, case, outcome="retain", reason="x", next_review=_keep_until())
    assert decided.status_code == 404
    assert Case.objects.get(pk=case.pk).retention_review_due == case.retention_review_due


def _bad(body: dict[str, Any], case: Case) -> dict[str, Any]:
    base = {
        "version": case.version,
        "outcome": "retain",
        "reason": "Victim still at risk",
        "next_review": _keep_until(),
    }
    return {k: v for k, v in {**base, **body}.items() if v is not ...}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": ...}, "version"),
        ({"version": "x"}, "version"),
        ({"version": None}, "version"),
        ({"outcome": ...}, "outcome"),
        ({"outcome": "maybe"}, "outcome"),
        ({"reason": ...}, "reason"),
        ({"reason": ""}, "reason"),
        ({"reason": "x" * (LONG_TEXT_MAX + 1)}, "reason"),
        ({"reason": "Kept\x00"}, "reason"),
        ({"next_review": ...}, "next_review"),
        ({"next_review": "31/12/2030"}, "next_review"),
        ({"next_review": "2000-01-01"}, "next_review"),
        ({"next_review": _keep_until(365 * 11)}, "next_review"),
        ({"next_review": "2030-01-01\x00"}, "next_review"),
        ({"outcome": "delete", "confirmed": "perhaps"}, "confirmed"),
        ({"person": {"names": []}}, "person"),
    ],
)
def test_a_bad_decision_is_refused_naming_its_field_and_saves_nothing(
    world: World, api_for: Api, body: dict[str, Any], field: str
) -> None:
    case = closed_for_review(world, "shared_case")
    response = api_for("coordinator").post(f"/cases/{case.pk}/retention-review", _bad(body, case))
    assert response.status_code == 422, response.content
    assert field in errors_by_field(response)
    after = Case.objects.get(pk=case.pk)
    assert (after.version, after.retention_review_due) == (case.version, case.retention_review_due)
    assert not RetentionReview.objects.exists()
