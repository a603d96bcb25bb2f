"""Every download (a PDF, the audit trail as CSV, a calendar entry), from the web UI and from
the API, is its own audited action: one disclosure row to the downloader's agency naming the
document, its format and its file (the name the response gives it), with the purpose given
for the case; never the same row as viewing the page ([DPA-2018] s.62)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.test import Client

from fourpillars.audit.models import AuditEvent
from fourpillars.services import meetings as meeting_services
from fourpillars.services import plans
from fourpillars.services.accounts import issue_token
from fourpillars.services.referrals import screening
from tests.audit_rows import opened, opened_rows
from tests.cast import World
from tests.documents import PLAN_CONTENT
from tests.factories import level_decided, submitted_assessment
from tests.meetings import complete_minutes, held

pytestmark = pytest.mark.django_db

REFERRAL = {
    "reason": "Moved next to a primary school; contact with children reported by housing",
    "current_risk": "High to children in the community; imminent if contact continues",
    "cannot_manage": "Probation cannot agree the move and police patrols alone",
    "proposed_level": "2",
}


@dataclass(frozen=True)
class Download:
    who: str
    web: str  # the web UI's URL; the API's is /api/v1 + ``api``
    api: str
    action: str
    target_type: str
    case_id: int | None


def downloads(world: World) -> list[Download]:
    police, case = world.users["police"], world.police_case
    assessment = submitted_assessment(world)
    level_decided(world)
    plan = plans.start_plan(actor=police, case_id=case.pk)
    plan = plans.save_plan(
        actor=police, plan_id=plan.pk, data=PLAN_CONTENT, expected_version=plan.version
    )
    referral = screening.refer_case(actor=police, case_id=case.pk, data=REFERRAL)
    meeting = held(world)
    shared = world.shared_case.pk
    meeting_services.approve_minutes(
        actor=world.users["probation-manager"],
        meeting_id=meeting.pk,
        case_id=shared,
        expected_version=complete_minutes(world, meeting),
    )
    minutes = f"/meetings/{meeting.pk}/cases/{shared}/minutes.pdf"
    return [
        Download("police", f"/plans/{plan.pk}/plan.pdf", f"/plans/{plan.pk}/plan.pdf",
                 "export_plan_pdf", "plan", case.pk),
        Download("police", f"/assessments/{assessment.pk}/summary.pdf",
                 f"/assessments/{assessment.pk}/summary.pdf",
                 "export_rosh_summary_pdf", "rosh_assessment", case.pk),
        Download("police", f"/referrals/{referral.pk}/mappa-a.pdf",
                 f"/referrals/{referral.pk}/mappa-a.pdf", "export_referral_pdf", "referral",
                 case.pk),
        Download("probation", minutes, minutes, "export_minutes_pdf", "meeting_case", shared),
        Download("probation", f"/meetings/{meeting.pk}/meeting.ics",
                 f"/meetings/{meeting.pk}/meeting.ics", "export_meeting_ics", "meeting", None),
    ]  # fmt: skip


def filename(response: HttpResponse) -> str:
    return response["Content-Disposition"].split('filename="', 1)[1].rstrip('"')


def assert_one_export_row(response: HttpResponse, before: int, d: Download, agency: str) -> None:
    assert response.status_code == 200, (d.web, response.status_code)
    rows = opened_rows(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert len(rows) == 1, (d.web, [r.action for r in rows])  # the download alone
    row = rows[0]
    assert (row.operation, row.action, row.target_type) == ("disclosure", d.action, d.target_type)
    assert row.actor_username == d.who and row.recipients == [agency]
    assert row.case_id == d.case_id
    assert row.after["file"] == filename(response)
    assert row.after["format"] == d.action.rsplit("_", 1)[1]


def last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_every_web_download_is_its_own_audited_disclosure(
    world: World, client_for: Callable[[str], Client]
) -> None:
    for d in downloads(world):
        client = client_for(d.who)  # each of the lead agency: no purpose asked
        before = last_seq()
        response = client.get(d.web)
        assert_one_export_row(response, before, d, world.users[d.who].agency.code)


def test_every_api_download_is_its_own_audited_disclosure(world: World) -> None:
    for d in downloads(world):
        user = world.users[d.who]
        client = Client(headers={"Authorization": f"Bearer {issue_token(user=user)}"})
        before = last_seq()
        response = client.get("/api/v1" + d.api, headers={"X-Justification": "risk-management"})
        assert_one_export_row(response, before, d, user.agency.code)
        if d.case_id is not None:
            assert opened(AuditEvent.objects.get(seq__gt=before)).purpose == "risk-management"


def test_the_audit_trail_csv_is_a_disclosure_naming_its_filter_file_and_rows(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("auditor")
    case = world.police_case.pk
    expected = AuditEvent.objects.filter(case_id=case).count()
    response = client.get("/audit/export.csv", {"case_id": case})
    body = b"".join(response.streaming_content).decode()
    row = opened(AuditEvent.objects.latest("seq"))
    assert (row.operation, row.action, row.target_type) == (
        "disclosure",
        "export_audit_trail_csv",
        "audit_trail",
    )
    assert row.query == f"case_id={case}" and row.recipients == ["oversight"]
    assert row.after == {
        "document": "audit_trail",
        "format": "csv",
        "file": filename(response),
        "rows": expected,
    }
    assert len(body.strip().splitlines()) == expected + 1  # the header and the rows counted


def test_the_audit_trail_names_each_download_and_its_file(
    world: World, client_for: Callable[[str], Client]
) -> None:
    a = submitted_assessment(world)
    response = client_for("police").get(f"/assessments/{a.pk}/summary.pdf")
    page = client_for("auditor").get("/audit/", {"user": "police"}).content.decode()
    assert "RoSH summary downloaded as PDF" in page
    assert filename(response) in page


def test_a_download_stays_off_the_case_timeline(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """The timeline is what happened to the case; who looked or took a copy is in the trail."""
    a = submitted_assessment(world)
    police = client_for("police")
    assert police.get(f"/assessments/{a.pk}/summary.pdf").status_code == 200
    timeline = police.get(f"/cases/{world.police_case.pk}/timeline/").content.decode()
    assert "RoSH assessment submitted" in timeline
    assert "downloaded" not in timeline
