"""What waits for a person's approval or countersignature (read by the caseload home): drafts
they may approve that someone else wrote, and submitted assessments they may countersign."""

from __future__ import annotations

import pytest

from fourpillars import demo
from fourpillars.services import assessments
from fourpillars.services import plans as svc
from tests.cast import CASES, PASSWORD, World
from tests.documents import PLAN_CONTENT
from tests.factories import active_plan_and_draft, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(world: World) -> dict[str, int]:
    """Each case's open draft (written by its lead) and a newer assessment awaiting a
    countersignature; their ids by case."""
    world.users.update(demo.ensure_managers(PASSWORD))
    drafts = {c: active_plan_and_draft(world, c)[1].pk for c in CASES}
    for c in CASES:
        submitted_assessment(world, c, countersign=False)
    return drafts


def _cases(world: World, records: list[object]) -> set[str]:
    ids = {r.case_id for r in records}  # type: ignore[attr-defined]
    return {c for c in CASES if getattr(world, c).pk in ids}


def test_plans_wait_for_the_managers_who_did_not_write_them(
    world: World, waiting: dict[str, int]
) -> None:
    got = {name: _cases(world, svc.plans_waiting_for(user)) for name, user in world.users.items()}
    assert got["coordinator"] == {"police_case", "shared_case"}
    assert got["police-manager"] == {"police_case"}
    assert got["probation-manager"] == {"shared_case"}
    # Each lead wrote their case's draft; the others cannot approve plans at all.
    for name in ("police", "probation", "outsider", "housing", "auditor", "admin"):
        assert got[name] == set(), name


def test_saving_a_draft_takes_it_off_the_savers_list(world: World, waiting: dict[str, int]) -> None:
    manager = world.users["police-manager"]
    draft = svc.find_plan(manager, waiting["police_case"], manage=False)
    svc.save_plan(
        actor=manager, plan_id=draft.pk, data=PLAN_CONTENT, expected_version=draft.version
    )
    assert svc.plans_waiting_for(manager) == []
    assert [p.pk for p in svc.plans_waiting_for(world.users["coordinator"])] == [
        waiting["shared_case"],
        waiting["police_case"],
    ]  # the oldest change first


def test_assessments_wait_for_the_line_managers_of_the_lead_agency(
    world: World, waiting: dict[str, int]
) -> None:
    got = {
        name: _cases(world, assessments.assessments_waiting_for(user))
        for name, user in world.users.items()
    }
    assert got["police-manager"] == {"police_case"}
    assert got["probation-manager"] == {"shared_case"}
    for name in ("coordinator", "police", "probation", "outsider", "housing", "auditor", "admin"):
        assert got[name] == set(), name
    manager = world.users["police-manager"]
    (waiting_one,) = assessments.assessments_waiting_for(manager)
    assessments.countersign(actor=manager, assessment_id=waiting_one.pk, note="Agreed")
    assert assessments.assessments_waiting_for(manager) == []


def test_the_home_keeps_what_waits_until_anything_changes(world: World) -> None:
    """ "Waiting for me" is counted once and kept while only reads happen; the next change by
    anyone (here a colleague submitting an assessment that needs a countersignature) shows at
    once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fourpillars.services.cases.caseload import waiting_for

    world.users.update(demo.ensure_managers(PASSWORD))
    manager = world.users["police-manager"]
    before = waiting_for(manager)
    with CaptureQueriesContext(connection) as reads:
        assert waiting_for(manager) == before
    assert len(reads.captured_queries) == 1  # the change count alone
    submitted_assessment(world, "police_case", countersign=False)
    assert waiting_for(manager).countersign == before.countersign + 1
