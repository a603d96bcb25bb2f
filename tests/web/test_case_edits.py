"""Changing a case, its status, and sharing it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.register.models import Case, CaseShare
from fourpillars.services import cases as case_services
from tests.cast import World
from tests.web.helpers import date_parts, error_summary, posted, text

pytestmark = pytest.mark.django_db


def url(world: World, tail: str = "") -> str:
    return f"/cases/{world.police_case.pk}/{tail}"


def edit_data(case: Case, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "category": str(case.category),
        "level": str(case.level),
        "next_review_date": case.next_review_date.isoformat() if case.next_review_date else "",
        "disposal": case.disposal,
        "disposal_date": case.disposal_date.isoformat() if case.disposal_date else "",
        "custody_months": case.custody_months or "",
        "discharge_months": "",
        "version": case.version,
    }
    data.update(overrides)
    return posted(data, "next_review_date", "disposal_date")


def test_level_change_derives_a_new_review_date(client_for, world: World) -> None:
    case = world.police_case
    client = client_for("police")
    response = client.post(url(world, "edit/"), edit_data(case, level="3"), follow=True)
    assert response.redirect_chain[-1][0] == url(world)
    body = text(response)
    assert "Case details updated." in body
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.level == 3
    assert fresh.next_review_date <= timezone.localdate() + dt.timedelta(weeks=8)
    assert "Level 3: active multi-agency management, senior level" in body
    assert "Level: 1 → 3" in text(client.get(url(world, "timeline/")))  # before/after


def test_case_rule_errors_name_the_field(client_for, world: World) -> None:
    response = client_for("police").post(
        url(world, "edit/"), edit_data(world.police_case, category="3", level="1")
    )
    assert response.status_code == 200
    assert any(
        e == "#id_level A category 3 case is managed only at level 2 or 3, never at level 1"
        for e in error_summary(response)
    )
    assert Case.objects.get(pk=world.police_case.pk).category == 1


def test_review_date_beyond_the_level_interval_is_refused(client_for, world: World) -> None:
    late = (timezone.localdate() + dt.timedelta(weeks=40)).isoformat()
    response = client_for("police").post(
        url(world, "edit/"), edit_data(world.police_case, level="2", next_review_date=late)
    )
    assert response.status_code == 200
    assert any(e.startswith("#id_next_review_date") for e in error_summary(response))


def test_a_level_1_case_keeps_a_review_date_after_the_default(client_for, world: World) -> None:
    """Level 1 cases are reviewed under the lead agency's own procedure: any later date is
    accepted (the plan checker warns, LEVEL1_REVIEW_AFTER_DEFAULT)."""
    late = timezone.localdate() + dt.timedelta(weeks=40)
    response = client_for("police").post(
        url(world, "edit/"), edit_data(world.police_case, next_review_date=late.isoformat())
    )
    assert response.status_code == 302, error_summary(response)
    assert Case.objects.get(pk=world.police_case.pk).next_review_date == late


def test_stale_case_edit_shows_a_conflict(client_for, world: World) -> None:
    case = world.police_case
    stale = case.version
    case_services.update_case(
        actor=world.users["coordinator"], case_id=case.pk, data={"level": 2}, expected_version=stale
    )
    response = client_for("police").post(
        url(world, "edit/"), edit_data(case, level="3", version=stale)
    )
    assert response.status_code == 200
    body = text(response)
    assert "Someone else saved this record" in body and "level" in body
    assert Case.objects.get(pk=case.pk).level == 2


def test_status_moves_with_a_reason(client_for, world: World) -> None:
    client = client_for("police")
    page = text(client.get(url(world, "status/")))
    assert "Suspended" in page and "Closed" in page
    no_reason = client.post(url(world, "status/"), {"status": "suspended", "reason": ""})
    assert no_reason.status_code == 200
    assert any(e.startswith("#id_reason") for e in error_summary(no_reason))
    done = client.post(
        url(world, "status/"), {"status": "suspended", "reason": "Recalled"}, follow=True
    )
    assert done.redirect_chain[-1][0] == url(world, "sharing/")
    assert "Case status changed." in text(done)
    assert Case.objects.get(pk=world.police_case.pk).status == "suspended"
    assert "Suspended" in text(done)
    assert "Status: active → suspended" in text(client.get(url(world, "timeline/")))


def test_unknown_status_is_a_field_error(client_for, world: World) -> None:
    response = client_for("police").post(
        url(world, "status/"), {"status": "deleted", "reason": "x"}
    )
    assert response.status_code == 200
    assert any(e.startswith("#id_status") for e in error_summary(response))


def test_share_and_revoke(client_for, world: World) -> None:
    police, housing = client_for("police"), client_for("housing")
    assert housing.get(url(world)).status_code == 404
    form = text(police.get(url(world, "share/")))
    assert "Northshire Council Housing" in form and "Northshire MAPPA Unit" not in form
    response = police.post(
        url(world, "share/"),
        {
            "agency": "housing-a",
            "lawful_basis": "cja2003_s325_4",
            "reason": "Tenancy check",
            **date_parts("expires_at", (timezone.localdate() + dt.timedelta(days=30)).isoformat()),
        },
        follow=True,
    )
    assert "Case shared with Northshire Council Housing." in text(response)
    row = AuditEvent.objects.filter(action="share_case").latest("seq")
    assert row.operation == "disclosure" and row.recipients == ["housing-a"]
    assert housing.get(url(world)).status_code == 302  # visible now: asks for a purpose
    share = CaseShare.objects.get(case=world.police_case, agency__code="housing-a")
    revoke = url(world, f"shares/{share.pk}/revoke/")
    assert police.post(revoke, {"reason": ""}).status_code == 200
    assert police.post(revoke, {"reason": "Placement ended"}).status_code == 302
    assert housing.get(url(world)).status_code == 404
    assert police.get(revoke).status_code == 404  # already revoked


def test_share_errors_name_the_fields(client_for, world: World) -> None:
    response = client_for("police").post(
        url(world, "share/"),
        {
            "agency": "",
            "lawful_basis": "",
            "reason": "",
            **date_parts("expires_at", "2001-01-01"),
        },
    )
    assert response.status_code == 200
    hrefs = {e.split(" ")[0] for e in error_summary(response)}
    assert {"#id_agency", "#id_lawful_basis", "#id_reason", "#id_expires_at-day"} <= hrefs


def test_revoke_page_for_a_share_of_another_case_is_404(client_for, world: World) -> None:
    share = CaseShare.objects.get(case=world.shared_case)
    page = url(world, f"shares/{share.pk}/revoke/")
    assert client_for("police").get(page).status_code == 404
