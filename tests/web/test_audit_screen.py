"""The audit trail screen and its CSV export, for auditors only ([DPA-2018] s.62)."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.dates import long_date
from fourpillars.services import cases as case_services
from fourpillars.services import persons as person_services
from tests.cast import World
from tests.factories import deleted_under_retention
from tests.web.helpers import date_parts, error_summary, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["coordinator", "police", "probation", "housing", "outsider", "admin"]
)
def test_everyone_but_auditors_gets_403(client_for, name: str) -> None:
    client = client_for(name)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_anonymous_is_sent_to_login(client_for) -> None:
    for page in ["/audit/", "/audit/export.csv"]:
        response = client_for("anonymous").get(page)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_auditor_reads_who_did_what_and_why(client_for, world: World) -> None:
    housing = client_for("housing")
    housing.post(
        f"/cases/{world.shared_case.pk}/justify/",
        {"purpose": "safeguarding", "text": "Child at address"},
    )
    housing.get(f"/cases/{world.shared_case.pk}/")
    response = client_for("auditor").get("/audit/", {"user": "housing"})
    assert response.status_code == 200
    body = text(response)
    # The person by name (the username they are filtered by in small print), the action and
    # the purpose by label.
    assert "Hal Housing username housing" in body
    assert (
        "Case viewed" in body and "Safeguarding a child or adult at risk: Child at address" in body
    )
    assert "Northshire Council Housing" in body and "Housing officer" in body
    assert "Case shared" not in body  # filtered to housing's rows


def test_filters_by_case_operation_and_date(client_for, world: World) -> None:
    client = client_for("auditor")
    today = timezone.localdate().isoformat()
    body = text(
        client.get(
            "/audit/",
            {
                "case_id": world.shared_case.reference,
                "operation": "disclosure",
                **date_parts("date_from", today),
                **date_parts("date_to", today),
            },
        )
    )
    assert "1 row." in body and "Case shared" in body and "Disclosure" in body
    assert "Northshire Council Housing" in body  # the recipient by name
    assert "0 rows." in text(client.get("/audit/", date_parts("date_to", "2000-01-01")))


def test_bad_filters_are_field_errors_not_500(client_for) -> None:
    response = client_for("auditor").get(
        "/audit/",
        {
            "case_id": "abc",
            "date_from-day": "31",
            "date_from-month": "2",
            "date_from-year": "2020",
            "operation": "nonsense",
        },
    )
    assert response.status_code == 200
    hrefs = {e.split(" ")[0] for e in error_summary(response)}
    assert {"#id_case_id", "#id_date_from-day", "#id_operation"} <= hrefs
    export = client_for("auditor").get("/audit/export.csv", {"case_id": "abc"})
    assert export.status_code == 400


def test_reading_the_trail_is_itself_recorded(client_for, world: World) -> None:
    client = client_for("auditor")
    client.get("/audit/", {"user": "police"})
    row = AuditEvent.objects.latest("seq")
    assert (row.operation, row.action, row.target_type) == (
        "consultation",
        "view_audit_trail",
        "audit_trail",
    )
    assert row.query == "user=police" and row.actor_username == "auditor"
    b"".join(client.get("/audit/export.csv").streaming_content)
    row = AuditEvent.objects.latest("seq")
    assert (row.operation, row.action) == ("disclosure", "export_audit_trail_csv")


def test_csv_export_has_the_filtered_rows(client_for, world: World) -> None:
    response = client_for("auditor").get("/audit/export.csv", {"case_id": world.police_case.pk})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows, "expected the police case's rows"
    assert {r["case_id"] for r in rows} == {str(world.police_case.pk)}
    assert {"register_case", "create_person"} <= {r["action"] for r in rows}
    assert {
        "at",
        "actor",
        "agency",
        "role",
        "operation",
        "justification",
        "recipients",
        "request_id",
    } <= set(rows[0])


def test_csv_cells_cannot_run_as_formulas(client_for, world: World) -> None:
    case_services.share_case(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        agency="children-a",
        lawful_basis="cja2003_s325_4",
        reason='=HYPERLINK("http://evil.example")',
    )
    response = client_for("auditor").get("/audit/export.csv", {"operation": "disclosure"})
    body = b"".join(response.streaming_content).decode()
    assert "=HYPERLINK" not in body.replace("'=HYPERLINK", "")


def test_trail_is_paginated(client_for, world: World) -> None:
    client = client_for("police")
    for _ in range(60):
        client.get("/", {"q": "Kowalski"})
    body = text(client_for("auditor").get("/audit/"))
    assert "Page 1 of 2" in body and "Next page" in body
    assert client_for("auditor").get("/audit/", {"page": "999"}).status_code == 200


def test_the_auditor_reads_a_sealed_change_then_that_it_was_removed(
    client_for, world: World
) -> None:
    """Decision 0031: the screen shows what a change sealed under the person's key while the
    key exists, and after a retention deletion the plain words saying the values were removed
    (the who, what and when stay)."""
    person_services.add_name(
        actor=world.users["probation"],
        person_id=world.shared_case.person_id,
        data={"kind": "primary", "family_name": "Thornbury", "given_names": "Ada"},
    )
    client = client_for("auditor")
    filters = {"user": "probation", "operation": "alteration"}
    body = text(client.get("/audit/", filters))
    assert "Name: Ada Thornbury" in body and "Νίκος Παπαδόπουλος" in body
    deleted_under_retention(world, "shared_case")
    body = text(client.get("/audit/", filters))
    removed = "Removed: personal data erased under the retention decision of " + long_date(
        timezone.localdate()
    )
    assert removed in body and "Thornbury" not in body and "Παπαδόπουλος" not in body
    assert "Name added" in body  # who did what stays: the action, by its label
