"""``fourpillars verify-audit``: exit 0 on an intact chain; exit 1 naming the first bad row.

With signed checkpoints (``fourpillars audit-checkpoint``; decision 0027), every rewrite an
insider with full database access would try fails too: the newest rows cut and the chain head
moved back; the head deleted with them; everything deleted; a row rewritten and every later
hash recomputed with the public ``chain_hash``. Each passes the chain check alone (asserted
first, as the finding found it) and fails against the checkpoints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.db import transaction

from fourpillars.audit.models import AuditEvent, PersonKey
from fourpillars.domain.audit import Operation
from fourpillars.services import audit, checkpoints, persons
from tests.cast import World
from tests.factories import deleted_under_retention
from tests.tamper import (
    alter_row,
    cut_and_move_head,
    cut_with_head,
    delete_row,
    last_seq,
    rewrite_and_rechain,
    wipe,
)

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


# --- against signed checkpoints --------------------------------------------------------------


def _more_rows(world: World, n: int) -> None:
    """``n`` audited reads after the checkpoint: the log goes on growing."""
    for _ in range(n):
        with transaction.atomic():
            audit.record(
                actor=world.users["police"],
                operation=Operation.CONSULTATION,
                action="view_case",
                target=audit.case_target(world.police_case),
            )


@pytest.fixture
def checkpointed(run: Run, world: World) -> int:
    """A checkpoint of the world's log (and 30 reads), then five more rows; the checkpoint's
    row count."""
    _more_rows(world, 30)
    out = run("audit_checkpoint")
    assert out.startswith("checkpoint 1: ")
    count = AuditEvent.objects.count()
    _more_rows(world, 5)
    assert "checked against 1 checkpoints" in run("verify_audit")
    return count


def _fails(run: Run, *patterns: str) -> str:
    with pytest.raises(CommandError) as caught:
        run("verify_audit")
    assert caught.value.returncode == 1
    message = str(caught.value)
    for pattern in patterns:
        assert pattern in message, message
    return message


def test_rows_cut_from_the_end_with_the_head_moved_back_fail(run: Run, checkpointed: int) -> None:
    cut_and_move_head(checkpointed - 3)
    assert audit.verify()[1] is None  # the chain alone cannot tell
    _fails(run, f"holds {checkpointed - 3} rows, the checkpoint signed {checkpointed}")


def test_rows_cut_with_the_head_row_deleted_fail(run: Run, checkpointed: int) -> None:
    cut_with_head(checkpointed - 3)
    _fails(run, "rows were removed")


def test_everything_deleted_fails(run: Run, checkpointed: int) -> None:
    wipe()
    assert audit.verify() == (0, None)  # "audit chain intact: 0 rows", as the finding saw
    _fails(run, f"holds 0 rows, the checkpoint signed {checkpointed}")


def test_a_row_rewritten_and_every_later_hash_recomputed_fails(run: Run, checkpointed: int) -> None:
    rewrite_and_rechain(checkpointed - 10)
    assert audit.verify()[1] is None  # the chain alone cannot tell
    _fails(run, f"row {checkpointed} does not have the hash", "rewritten")


def test_no_checkpoint_is_signed_over_a_rewritten_log(run: Run, checkpointed: int) -> None:
    rewrite_and_rechain(checkpointed - 10)
    with pytest.raises(CommandError, match=r"no checkpoint made: .*rewritten") as caught:
        run("audit_checkpoint")
    assert caught.value.returncode == 1


def test_no_checkpoint_is_signed_over_a_shortened_log(run: Run, checkpointed: int) -> None:
    cut_and_move_head(checkpointed - 3)
    with pytest.raises(CommandError, match=r"no checkpoint made: .*rows were removed"):
        run("audit_checkpoint")


def test_a_later_checkpoint_covers_the_rows_written_since(
    run: Run, world: World, checkpointed: int
) -> None:
    assert run("audit_checkpoint").startswith(f"checkpoint 2: {last_seq()} rows")
    cut_and_move_head(last_seq() - 2)  # only rows after checkpoint 1 cut: 2 still sees it
    _fails(run, "checkpoint 2")


def test_a_signed_restore_is_a_warning_with_exit_0_until_the_log_is_cut_further(
    run: Run, checkpointed: int, tmp_path: Path
) -> None:
    """An older backup restored (the log cut back to checkpoint 1) and marked, as
    ``fourpillars restore --reason`` does: the rows checkpoint 2 signed beyond it are named."""
    signed = int(run("audit_checkpoint").split()[2])
    cut_and_move_head(checkpointed)
    _fails(run, "rows were removed")
    backup = tmp_path / "old.backup"
    backup.write_bytes(b"PGDMP")
    checkpoints.mark_restore(reason="restored after a disk failure", backup=backup)
    lines = run("verify_audit").splitlines()
    assert lines[0] == f"audit chain intact: {checkpointed} rows"
    assert lines[2].startswith(f"warning: rows {checkpointed + 1} to {signed} (")
    assert lines[2].endswith(")") and "the reason given: restored after a disk failure" in lines[2]
    cut_and_move_head(checkpointed - 1)
    _fails(run, f"holds {checkpointed - 1} rows", "rows were removed")


def test_verify_audit_passes_after_a_retention_deletion_destroyed_a_key(
    run: Run, world: World
) -> None:
    """Decision 0031: destroying a person's key changes no row (the chain covers the sealed
    text as stored), so the log still verifies against the checkpoint made before, and the
    next checkpoint is signed over it."""
    person_id = world.shared_case.person_id
    persons.add_name(
        actor=world.users["probation"],
        person_id=person_id,
        data={"kind": "primary", "family_name": "Thornbury", "given_names": "Ada"},
    )
    assert run("audit_checkpoint").startswith("checkpoint 1: ")
    deleted_under_retention(world, "shared_case")
    assert PersonKey.objects.get(person_id=person_id).key is None
    assert "checked against 1 checkpoints" in run("verify_audit")
    assert run("audit_checkpoint").startswith("checkpoint 2: ")
    assert "checked against 2 checkpoints" in run("verify_audit")
