"""Signed checkpoints of the audit trail (decision 0027): the append-only, owner-only file; a
checkpoint file cut short, edited or forged; witness files and databases that keep what the
file lost; the worker's schedule; keys that stay checkable after a rotation."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Operation
from fourpillars.jobs.schedule import Tick
from fourpillars.services import audit, checkpoints
from fourpillars.services.context import request_context
from fourpillars.services.exchange import node, signing
from tests.cast import World
from tests.tamper import cut_and_move_head, wipe

pytestmark = pytest.mark.django_db


def _rows(world: World, n: int = 3) -> None:
    for _ in range(n):
        with transaction.atomic():
            audit.record(
                actor=world.users["police"],
                operation=Operation.CONSULTATION,
                action="view_case",
                target=audit.case_target(world.police_case),
            )


def _make(**kw: Any) -> checkpoints.Made:
    made = checkpoints.make_checkpoint(**kw)
    assert made is not None
    return made


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_checkpoint_signs_the_row_count_and_last_hash_in_an_owner_only_file(
    world: World,
) -> None:
    made = _make()
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    assert (made.checkpoint.seq, made.checkpoint.count, made.checkpoint.head) == (
        1,
        last.seq,
        last.hash,
    )
    path = checkpoints.checkpoint_file()
    assert path.parent == node.key_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    (line,) = _lines(path)
    key = node.own_key(signing.split(line["jws"]).kid)
    assert key is not None and signing.verify(line["jws"], key)
    assert signing.split(line["jws"]).payload == made.checkpoint.to_payload()


def test_checkpoints_are_appended_and_numbered_on(world: World) -> None:
    first = _make()
    _rows(world)
    second = _make()
    lines = _lines(checkpoints.checkpoint_file())
    assert [line["seq"] for line in lines] == [1, 2]
    assert lines[0]["jws"] == first.jws  # the first line is left as it was
    assert second.checkpoint.count == first.checkpoint.count + 3
    assert checkpoints.check_trail().ok


def test_a_line_cut_from_the_file_fails_the_check_and_stops_new_checkpoints(
    world: World,
) -> None:
    _make()
    _rows(world)
    _make()
    _rows(world)
    _make()
    path = checkpoints.checkpoint_file()
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[2]]) + "\n")
    check = checkpoints.check_trail()
    assert not check.ok
    assert any("number 2 missing from every place checked" in p for p in check.problems)
    with pytest.raises(checkpoints.CheckpointRefused, match="holds 2 lines"):
        checkpoints.make_checkpoint()


def test_a_forged_checkpoint_fails_its_signature(world: World) -> None:
    made = _make()
    forged = made.checkpoint.to_payload() | {"seq": 2}
    stranger = signing.generate()
    jws = signing.sign(forged, stranger, signing.kid_of(stranger))
    with checkpoints.checkpoint_file().open("a") as fh:
        fh.write(json.dumps({"jws": jws}) + "\n")
    check = checkpoints.check_trail()
    assert any("signature does not verify" in p for p in check.problems), check.problems
    with pytest.raises(checkpoints.CheckpointRefused, match="does not verify"):
        checkpoints.make_checkpoint()


def test_the_witness_file_keeps_what_the_local_file_lost(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = str(tmp_path / "elsewhere" / "witness.jsonl")
    made = _make()
    assert any("witness file" in w for w in made.witnesses)
    checkpoints.checkpoint_file().unlink()  # the insider removes the local file too
    cut_and_move_head(made.checkpoint.count - 2)
    check = checkpoints.check_trail()
    assert any("rows were removed" in p for p in check.problems), check.problems
    assert any("missing from the local checkpoint file" in p for p in check.problems)
    assert check.sources == {"the local checkpoint file": 0, "the witness file": 1}


def test_two_histories_signed_with_one_number_are_named(
    world: World, settings: Any, tmp_path: Path
) -> None:
    witness = tmp_path / "witness.jsonl"
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = str(witness)
    _make()
    _rows(world)
    checkpoints.checkpoint_file().unlink()  # numbering starts again: a second history
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = ""
    _make()
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = str(witness)
    check = checkpoints.check_trail()
    assert any("checkpoint 1 differs between" in p for p in check.problems), check.problems


def test_a_witness_database_keeps_checkpoints_and_refuses_a_second_history(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.FOURPILLARS_AUDIT_WITNESS_DATABASE_URL = f"sqlite:///{tmp_path / 'witness.db'}"
    made = _make()
    assert "kept in the witness database" in made.witnesses
    checkpoints.checkpoint_file().unlink()
    _rows(world)
    again = _make()  # number 1 again, over another log: the database keeps the first
    assert any("NOT kept" in w and "another checkpoint 1" in w for w in again.witnesses)
    check = checkpoints.check_trail()
    assert check.sources["the witness database"] == 1
    assert any("checkpoint 1 differs between" in p for p in check.problems)


def test_a_witness_database_not_reached_is_named_not_failed(world: World, settings: Any) -> None:
    _make()
    settings.FOURPILLARS_AUDIT_WITNESS_DATABASE_URL = "mysql://nowhere/none"
    check = checkpoints.check_trail()
    assert check.ok
    assert any("witness database was not reached" in n for n in check.notes)


def test_no_witness_is_noted(world: World) -> None:
    _make()
    check = checkpoints.check_trail()
    assert check.ok and any("no witness holds these checkpoints" in n for n in check.notes)


def test_checkpoints_stay_checkable_after_the_key_is_rotated(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    old = _make()
    with request_context("cli"), django_capture_on_commit_callbacks(execute=True):
        node.rotate_key(actor=None)
    old_kid = signing.split(old.jws).kid
    assert not (node.key_dir() / f"{old_kid}.pem").exists()  # the private file is gone
    _make()
    check = checkpoints.check_trail()
    assert check.ok, check.problems
    assert check.checkpoints == 2


def test_the_worker_makes_none_when_only_checkpoint_traffic_was_recorded(world: World) -> None:
    _make()
    assert checkpoints.make_checkpoint(force=False) is None
    _rows(world, 1)
    assert _make(force=False).checkpoint.seq == 2


def test_a_checkpoint_is_due_after_the_interval_and_never_at_zero(
    world: World, settings: Any
) -> None:
    settings.FOURPILLARS_AUDIT_CHECKPOINT_SECONDS = 600
    assert checkpoints.checkpoint_due()  # none yet
    _make()
    now = timezone.now()
    assert not checkpoints.checkpoint_due(now + dt.timedelta(seconds=590))
    assert checkpoints.checkpoint_due(now + dt.timedelta(seconds=610))
    settings.FOURPILLARS_AUDIT_CHECKPOINT_SECONDS = 0
    assert not checkpoints.checkpoint_due(now + dt.timedelta(days=9))


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_enqueues_the_checkpoint_when_due(world: World, settings: Any) -> None:
    settings.FOURPILLARS_AUDIT_CHECKPOINT_SECONDS = 3600
    tick = Tick(60)
    tick.once()
    tick.once()  # the first still waits: no second
    queued = DBTaskResult.objects.filter(task_path__endswith="audit_checkpoint_task")
    assert queued.count() == 1
    _make()  # as the worker would
    queued.update(status="SUCCESSFUL")
    tick.once()
    assert queued.count() == 1  # not due again for an hour


def test_a_new_demo_database_puts_an_earlier_ones_checkpoints_aside(world: World) -> None:
    _make()
    assert checkpoints.set_aside_for_a_new_log() is None  # the log is there: nothing moves
    wipe()
    aside = checkpoints.set_aside_for_a_new_log()
    assert aside is not None and aside.exists() and not checkpoints.checkpoint_file().exists()
    assert _make().checkpoint.seq == 1  # the new log starts its own
