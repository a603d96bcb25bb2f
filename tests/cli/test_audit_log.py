"""``fourpillars audit-log``: the trail in sequence order, filtered, as JSON lines or a table."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Justification, Purpose
from fourpillars.services import persons as person_services
from fourpillars.services.cases import reads
from tests.cast import World
from tests.factories import deleted_under_retention

Run = Callable[..., str]
KEYS = {
    "seq",
    "at",
    "operation",
    "action",
    "actor",
    "actor_agency",
    "actor_role",
    "case_id",
    "person_id",
    "target_type",
    "target_id",
    "justification",
    "purpose",
    "recipients",
    "request_id",
}


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_audit_log_json_gives_every_row_in_seq_order_with_the_required_keys(
    run: Run, world: World
) -> None:
    rows = lines(run("audit_log", "--json"))
    assert [r["seq"] for r in rows] == list(
        AuditEvent.objects.order_by("seq").values_list("seq", flat=True)
    )
    for row in rows:
        assert set(row) >= KEYS
        assert dt.datetime.fromisoformat(str(row["at"])).tzinfo is not None
    share = next(r for r in rows if r["action"] == "share_case")
    assert share["operation"] == "disclosure"
    assert share["actor"] == "probation"
    assert share["recipients"] == ["housing-a"]


def test_audit_log_for_a_case_includes_rows_about_its_person_and_no_other_case(
    run: Run, world: World
) -> None:
    case = world.police_case
    person_services.add_name(
        actor=world.users["police"],
        person_id=case.person_id,
        data={"kind": "alias", "family_name": "Kowalsky", "given_names": "Jan"},
    )
    rows = lines(run("audit_log", "--json", "--case", str(case.pk)))
    assert {r["action"] for r in rows} >= {"create_person", "register_case", "add_name"}
    assert all(r["case_id"] == case.pk or r["person_id"] == case.person_id for r in rows)
    assert any(r["case_id"] is None for r in rows)  # add_name is about the person only


def test_audit_log_shows_the_justification_of_a_consultation(run: Run, world: World) -> None:
    reads.consult_case(
        actor=world.users["housing"],
        case_id=world.shared_case.pk,
        justification=Justification(Purpose.SAFEGUARDING, "school placement"),
    )
    rows = lines(run("audit_log", "--json", "--operation", "consultation"))
    assert [r["justification"] for r in rows] == ["safeguarding; school placement"]
    assert rows[0]["actor"] == "housing" and rows[0]["actor_role"] == "housing_officer"


def test_audit_log_filters_by_user_and_since(run: Run, world: World) -> None:
    rows = lines(run("audit_log", "--json", "--user", "outsider"))
    assert rows and {r["actor"] for r in rows} == {"outsider"}
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    assert run("audit_log", "--json", "--since", tomorrow) == ""
    assert lines(run("audit_log", "--json", "--since", "2000-01-01"))


def test_audit_log_refuses_a_bad_since_date_naming_the_option(run: Run, world: World) -> None:
    with pytest.raises(CommandError, match="--since"):
        run("audit_log", "--since", "31/02/2025")


def test_audit_log_refuses_an_unknown_operation(run: Run, world: World) -> None:
    with pytest.raises(CommandError, match="--operation"):
        run("audit_log", "--operation", "peeking")


def test_audit_log_table_has_a_header_and_one_line_per_row(run: Run, world: World) -> None:
    out = run("audit_log").splitlines()
    assert out[0].split()[:3] == ["seq", "at", "(UTC)"]
    assert len(out) == 1 + AuditEvent.objects.count()


def test_reading_the_audit_log_records_and_changes_nothing(run: Run, world: World) -> None:
    before = list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))
    run("audit_log", "--json")
    run("audit_log", "--case", str(world.police_case.pk))
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "hash")) == before


def test_audit_log_opens_sealed_values_then_says_they_were_removed(run: Run, world: World) -> None:
    """Decision 0031: the operator's listing reads what the API reads."""
    person_id = world.shared_case.person_id
    person_services.add_name(
        actor=world.users["probation"],
        person_id=person_id,
        data={"kind": "primary", "family_name": "Thornbury", "given_names": "Ada"},
    )

    def renamed() -> dict[str, object]:
        rows = lines(run("audit_log", "--json", "--operation", "alteration"))
        return next(r for r in rows if r["action"] == "add_name")

    assert renamed()["before"] == {"primary": "Νίκος Παπαδόπουλος"}
    deleted_under_retention(world, "shared_case")
    assert str(renamed()["after"]).startswith("Removed: personal data erased under the")
