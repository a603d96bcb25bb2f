"""``fourpillars verify-audit``: exit 0 on an intact chain; exit 1 naming the first bad row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management.base import CommandError

from fourpillars.audit.models import AuditEvent
from tests.cast import World

from .tamper import alter_row, delete_row

Run = Callable[..., str]


def test_verify_audit_reports_an_intact_chain_with_its_row_count(run: Run, world: World) -> None:
    out = run("verify_audit")
    assert out.strip() == f"audit chain intact: {AuditEvent.objects.count()} rows"


def test_verify_audit_names_the_altered_row_and_exits_1(run: Run, world: World) -> None:
    alter_row(3)
    with pytest.raises(CommandError, match=r"broken at row 3: .*altered") as exc:
        run("verify_audit")
    assert exc.value.returncode == 1


def test_verify_audit_detects_a_removed_row(run: Run, world: World) -> None:
    delete_row(2)
    with pytest.raises(CommandError, match="broken at row 3"):
        run("verify_audit")


def test_verify_audit_detects_rows_removed_from_the_end(run: Run, world: World) -> None:
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    delete_row(last.seq)
    with pytest.raises(CommandError, match="removed from the end"):
        run("verify_audit")


@pytest.mark.django_db
def test_verify_audit_on_an_empty_trail_is_intact(run: Run) -> None:
    assert run("verify_audit").strip() == "audit chain intact: 0 rows"
