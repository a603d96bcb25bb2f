"""Signed restore markers (decision 0027, "Restore markers"): a backup older than the newest
checkpoint, restored, leaves a log shorter than a checkpoint signed, exactly as an insider's
deletion would. The restore is simulated here by cutting the log back to what the older backup
held (its log is a prefix of the live one); ``tests/cli/test_backup_restore.py`` restores a real
backup through ``fourpillars restore``.

With a marker, the check passes and names the rows lost and why; without one it fails as
before; a marker tampered with, a log cut further, a prefix rewritten, a marker missing or held
by no configured witness all fail."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from fourpillars.audit.models import AuditEvent
from fourpillars.domain.audit import Operation
from fourpillars.domain.audit_checkpoints import new_restore_marker
from fourpillars.domain.errors import DomainValidationError
from fourpillars.services import audit, checkpoints
from fourpillars.services.checkpoints import keys, witnesses
from fourpillars.services.exchange import node
from tests.cast import World
from tests.tamper import cut_and_move_head, last_seq, rewrite_and_rechain

pytestmark = pytest.mark.django_db

REASON = "database disk failed; restored the nightly backup"


def _rows(world: World, n: int = 3) -> None:
    for _ in range(n):
        with transaction.atomic():
            audit.record(
                actor=world.users["police"],
                operation=Operation.CONSULTATION,
                action="view_case",
                target=audit.case_target(world.police_case),
            )


def _make() -> checkpoints.Made:
    made = checkpoints.make_checkpoint()
    assert made is not None
    return made


@pytest.fixture
def backup_file(tmp_path: Path) -> Path:
    """Stands for the backup restored (only its name and time are signed)."""
    path = tmp_path / "nightly.backup"
    path.write_bytes(b"SQLite format 3\x00")
    return path


@pytest.fixture
def older(world: World) -> tuple[int, int]:
    """Checkpoint 1 over the world's log (the backup was taken then), more rows, checkpoint 2,
    then the log restored to what the backup held: (rows restored, rows checkpoint 2 signed)."""
    first = _make()
    _rows(world, 6)
    second = _make()
    cut_and_move_head(first.checkpoint.count)
    return first.checkpoint.count, second.checkpoint.count


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_without_a_marker_the_restored_log_fails_as_rows_removed(older: tuple[int, int]) -> None:
    restored, signed = older
    check = checkpoints.check_trail()
    assert any(
        f"holds {restored} rows, the checkpoint signed {signed}: rows were removed" in p
        for p in check.problems
    ), check.problems
    assert check.restores == []


def test_a_marker_reports_the_rows_lost_in_the_restore_and_passes(
    older: tuple[int, int], backup_file: Path
) -> None:
    restored, signed = older
    made = checkpoints.mark_restore(reason=REASON, backup=backup_file)
    marker = made.checkpoint
    assert (marker.seq, marker.count) == (3, restored)
    assert marker.head == AuditEvent.objects.get(seq=restored).hash
    line = _lines(checkpoints.checkpoint_file())[-1]
    assert line["type"] == "audit_restore" and line["reason"] == REASON
    assert line["supersedes"]["seq"] == 2 and line["supersedes"]["count"] == signed
    assert line["backup"]["file"] == "nightly.backup" and line["backup"]["time"]
    check = checkpoints.check_trail()
    assert check.ok, check.problems
    (report,) = check.restores
    assert report.startswith(f"rows {restored + 1} to {signed} ({signed - restored} rows, signed")
    assert f"the reason given: {REASON}" in report
    assert any("vouched for by this node's key alone" in n for n in check.notes)


def _tamper(jws: str, **change: Any) -> str:
    """The JWS with its payload changed and the signature kept, as an editor of the file would."""
    header, payload, signature = jws.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data.update(change)
    encoded = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


@pytest.mark.parametrize(
    "change", [{"reason": "routine maintenance"}, {"count": 1}, {"supersedes": None, "seq": 1}]
)
def test_a_marker_with_a_field_changed_fails_its_signature(
    older: tuple[int, int], backup_file: Path, change: dict[str, Any]
) -> None:
    made = checkpoints.mark_restore(reason=REASON, backup=backup_file)
    path = checkpoints.checkpoint_file()
    lines = path.read_text().splitlines()
    lines[-1] = json.dumps({"jws": _tamper(made.jws, **change)})
    path.write_text("\n".join(lines) + "\n")
    check = checkpoints.check_trail()
    assert any("restore marker" in p and "does not verify" in p for p in check.problems)
    assert any("rows were removed" in p for p in check.problems)  # nothing excuses them now
    with pytest.raises(checkpoints.CheckpointRefused, match="does not verify"):
        checkpoints.make_checkpoint()


def test_a_log_cut_further_after_the_restore_fails(
    older: tuple[int, int], backup_file: Path
) -> None:
    restored, _ = older
    checkpoints.mark_restore(reason=REASON, backup=backup_file)
    cut_and_move_head(restored - 2)
    check = checkpoints.check_trail()
    assert any(
        f"it holds {restored - 2} rows" in p and "rows were removed" in p for p in check.problems
    ), check.problems


def test_no_marker_is_signed_over_a_restored_log_whose_prefix_was_rewritten(
    older: tuple[int, int], backup_file: Path
) -> None:
    restored, _ = older
    rewrite_and_rechain(restored - 5)
    with pytest.raises(checkpoints.CheckpointRefused, match=f"row {restored} does not have"):
        checkpoints.mark_restore(reason=REASON, backup=backup_file)
    assert len(checkpoints.checkpoint_file().read_text().splitlines()) == 2


def test_a_marker_signed_over_a_rewritten_prefix_excuses_nothing(
    older: tuple[int, int], backup_file: Path
) -> None:
    """An insider holding the node key rewrites a row the first checkpoint covers, then signs a
    marker over the result by hand: the checkpoint below the marker's count still disagrees."""
    restored, _ = older
    rewrite_and_rechain(restored - 5)
    second = checkpoints.checkpoint_file().read_text().splitlines()[1]
    marker = new_restore_marker(
        node.identity().country,
        (restored, AuditEvent.objects.get(seq=restored).hash),
        AuditEvent.objects.get(seq=restored).at,
        supersedes=keys.read(json.loads(second)["jws"], keys.on_file()).checkpoint,
        backup_file="forged.backup",
        backup_time=None,
        reason="nothing to see",
    )
    jws, kid = node.sign(marker.to_payload())
    with checkpoints.checkpoint_file().open("a") as fh:
        fh.write(json.dumps(witnesses.record(marker, jws, kid)) + "\n")
    check = checkpoints.check_trail()
    assert any(
        f"row {restored} does not have the hash checkpoint 1" in p for p in check.problems
    ), check.problems


def test_checkpoints_after_the_marker_are_held_against_the_log_as_it_grows(
    world: World, older: tuple[int, int], backup_file: Path
) -> None:
    checkpoints.mark_restore(reason=REASON, backup=backup_file)
    _rows(world, 4)
    after = _make()
    assert after.checkpoint.seq == 4
    assert checkpoints.check_trail().ok
    _rows(world, 2)
    cut_and_move_head(last_seq() - 4)  # rows checkpoint 4 signed
    check = checkpoints.check_trail()
    assert any("shorter than checkpoint 4" in p for p in check.problems), check.problems


def test_a_marker_removed_from_the_file_leaves_its_number_missing(
    world: World, older: tuple[int, int], backup_file: Path
) -> None:
    checkpoints.mark_restore(reason=REASON, backup=backup_file)
    _rows(world, 2)
    _make()
    path = checkpoints.checkpoint_file()
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:2], lines[3]]) + "\n")
    check = checkpoints.check_trail()
    assert any("number 3 missing from every place checked" in p for p in check.problems)
    assert any("rows were removed" in p for p in check.problems)


def test_the_witness_file_holds_the_marker(
    settings: Any, tmp_path: Path, world: World, backup_file: Path
) -> None:
    witness = tmp_path / "elsewhere" / "witness.jsonl"
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = str(witness)
    first = _make()
    _rows(world, 6)
    _make()
    cut_and_move_head(first.checkpoint.count)
    made = checkpoints.mark_restore(reason=REASON, backup=backup_file)
    assert any("witness file" in w for w in made.witnesses)
    held = _lines(witness)
    assert [line["type"] for line in held] == ["audit_checkpoint"] * 2 + ["audit_restore"]
    assert held[-1]["jws"] == made.jws
    check = checkpoints.check_trail()
    assert check.ok, check.problems
    assert check.sources == {"the local checkpoint file": 3, "the witness file": 3}


def test_a_marker_no_configured_witness_holds_excuses_nothing(
    settings: Any, tmp_path: Path, world: World, backup_file: Path
) -> None:
    witness = tmp_path / "witness.jsonl"
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = str(witness)
    first = _make()
    _rows(world, 6)
    _make()
    cut_and_move_head(first.checkpoint.count)
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = ""  # the marker is written on this machine only
    checkpoints.mark_restore(reason=REASON, backup=backup_file)
    settings.FOURPILLARS_AUDIT_WITNESS_FILE = str(witness)
    check = checkpoints.check_trail()
    assert any(
        "restore marker 3" in p and "is held by no witness (asked: the witness file)" in p
        for p in check.problems
    ), check.problems


def test_the_witness_database_holds_the_marker(
    settings: Any, tmp_path: Path, world: World, backup_file: Path
) -> None:
    settings.FOURPILLARS_AUDIT_WITNESS_DATABASE_URL = f"sqlite:///{tmp_path / 'witness.db'}"
    first = _make()
    _rows(world, 6)
    _make()
    cut_and_move_head(first.checkpoint.count)
    made = checkpoints.mark_restore(reason=REASON, backup=backup_file)
    assert "kept in the witness database" in made.witnesses
    check = checkpoints.check_trail()
    assert check.ok, check.problems
    assert check.sources["the witness database"] == 3


def test_a_checkpoint_after_the_marker_extends_the_restored_log(
    world: World, older: tuple[int, int], backup_file: Path
) -> None:
    restored, _ = older
    checkpoints.mark_restore(reason=REASON, backup=backup_file)
    rewrite_and_rechain(restored - 1)  # after the restore, before the next checkpoint
    with pytest.raises(checkpoints.CheckpointRefused, match=f"row {restored} no longer has"):
        checkpoints.make_checkpoint()


def test_a_restore_needs_a_reason(older: tuple[int, int], backup_file: Path) -> None:
    with pytest.raises(DomainValidationError) as caught:
        checkpoints.mark_restore(reason="  ", backup=backup_file)
    assert [(e.field, e.message) for e in caught.value.errors] == [("reason", "is required")]
    assert len(checkpoints.checkpoint_file().read_text().splitlines()) == 2
