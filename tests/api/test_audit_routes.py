"""GET /audit and /audit/verify: auditors only, filters, pagination, and the chain check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.dates import long_date
from fourpillars.services import checkpoints, persons
from tests.api.conftest import ApiClient, last_event
from tests.cast import CAST_NAMES, World
from tests.factories import deleted_under_retention
from tests.tamper import cut_and_move_head, wipe

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


@pytest.mark.parametrize("name", [n for n in CAST_NAMES if n != "auditor"])
def test_only_auditors_read_the_audit_trail(world: World, api_for: Api, name: str) -> None:
    client = api_for(name)
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/verify").status_code == 403


def test_auditor_filters_by_user_case_and_operation(world: World, api_for: Api) -> None:
    api_for("coordinator").get(
        f"/cases/{world.police_case.pk}", X_Justification="mappa-coordination; screening"
    )
    body = (
        api_for("auditor")
        .get(
            "/audit",
            {"user": "coordinator", "case": world.police_case.pk, "operation": "consultation"},
        )
        .json()
    )
    assert body["count"] == 1
    (row,) = body["items"]
    assert row["actor"] == "coordinator" and row["case_id"] == world.police_case.pk
    assert row["justification"] == "mappa-coordination; screening"
    assert row["purpose"] == "mappa-coordination" and row["channel"] == "api"
    assert len(row["hash"]) == 64 and len(row["prev_hash"]) == 64


def test_case_filter_takes_an_id_or_a_reference(world: World, api_for: Api) -> None:
    client = api_for("auditor")
    by_id = client.get("/audit", {"case": world.police_case.pk}).json()
    by_ref = client.get("/audit", {"case": world.police_case.reference}).json()
    assert by_id["count"] == by_ref["count"] > 0
    assert {r["case_id"] for r in by_ref["items"]} == {world.police_case.pk}


def test_auditor_filters_by_date_and_pages(world: World, api_for: Api) -> None:
    client = api_for("auditor")
    today = timezone.localdate().isoformat()
    everything = client.get("/audit", {"date_from": today, "date_to": today}).json()
    assert everything["count"] >= 6
    assert client.get("/audit", {"date_to": "2000-01-01"}).json()["count"] == 0
    page = client.get("/audit", {"page_size": 2, "page": 2}).json()
    assert len(page["items"]) == 2 and page["page"] == 2
    seqs = [r["seq"] for r in page["items"]]
    assert seqs == sorted(seqs, reverse=True)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"operation": "peeking"}, "operation"),
        ({"case": "abc"}, "case"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
    ],
)
def test_bad_audit_filters_are_named(
    world: World, api_for: Api, params: dict[str, object], field: str
) -> None:
    response = api_for("auditor").get("/audit", params)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


def test_reading_the_audit_trail_is_itself_audited(world: World, api_for: Api) -> None:
    api_for("auditor").get("/audit", {"user": "police"})
    row = last_event(action="view_audit_trail")
    assert (row.actor_username, row.query, row.channel) == ("auditor", "user=police", "api")


def test_verify_reports_an_intact_chain_then_the_tampered_row(world: World, api_for: Api) -> None:
    client = api_for("auditor")
    ok = client.get("/audit/verify").json()
    assert ok["ok"] is True and ok["rows_checked"] == AuditEvent.objects.count()
    victim = AuditEvent.objects.order_by("seq")[2]
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        # As an attacker with database access would: past the PostgreSQL trigger too.
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(
            f"UPDATE {table} SET justification = %s WHERE seq = %s", ["forged", victim.seq]
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    broken = client.get("/audit/verify").json()
    assert broken["ok"] is False
    assert broken["first_bad_row"] == victim.seq
    assert "altered" in broken["reason"]


def test_verify_holds_the_log_against_the_checkpoints(world: World, api_for: Api) -> None:
    made = checkpoints.make_checkpoint()
    assert made is not None
    client = api_for("auditor")
    assert client.get("/audit/verify").json()["ok"] is True
    wipe()
    broken = client.get("/audit/verify").json()
    assert broken["ok"] is False and broken["first_bad_row"] is None
    assert f"the checkpoint signed {made.checkpoint.count}: rows were removed" in broken["reason"]


def test_verify_names_a_signed_restore_and_the_rows_it_lost(
    world: World, api_for: Api, tmp_path: Path
) -> None:
    client = api_for("auditor")
    first = checkpoints.make_checkpoint()
    assert first is not None and client.get("/audit/verify").json()["restores"] == []
    client.get("/audit")  # an audited read: the log grows
    second = checkpoints.make_checkpoint()
    assert second is not None
    cut_and_move_head(first.checkpoint.count)  # an older backup restored
    assert client.get("/audit/verify").json()["ok"] is False
    backup = tmp_path / "old.backup"
    backup.write_bytes(b"PGDMP")
    checkpoints.mark_restore(reason="disk failure", backup=backup)
    checked = client.get("/audit/verify").json()
    assert checked["ok"] is True, checked["reason"]
    (restore,) = checked["restores"]
    assert restore.startswith(f"rows {first.checkpoint.count + 1} to {second.checkpoint.count} (")
    assert "the reason given: disk failure" in restore


def test_sealed_values_are_shown_then_said_removed_once_the_person_is_deleted(
    world: World, api_for: Api
) -> None:
    """Decision 0031: the API opens what an audit row sealed under the person's key, and after
    a retention deletion destroyed the key says so in its place; the chain still verifies."""
    persons.add_name(
        actor=world.users["probation"],
        person_id=world.shared_case.person_id,
        data={"kind": "primary", "family_name": "Thornbury", "given_names": "Ada"},
    )
    auditor = api_for("auditor")

    def renamed() -> dict[str, object]:
        rows = auditor.get("/audit", {"operation": "alteration", "page_size": 100}).json()
        return next(r for r in rows["items"] if r["action"] == "add_name")

    shown = renamed()
    assert shown["before"] == {"primary": "Νίκος Παπαδόπουλος"}
    assert shown["after"]["name"] == "Ada Thornbury"  # type: ignore[index]
    case = deleted_under_retention(world, "shared_case")
    removed = "Removed: personal data erased under the retention decision of " + long_date(
        timezone.localdate()
    )
    shown = renamed()
    assert shown["before"] == shown["after"] == removed
    assert (shown["actor"], shown["person_id"]) == ("probation", case.person_id)
    assert auditor.get("/audit/verify").json()["ok"] is True
