"""Every instrument and assessment route as each member of the standard cast."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.services import assessments as svc
from tests.api.conftest import ApiClient
from tests.api.matrix import expected_write
from tests.cast import CASES, EVERYONE, LEADS, World
from tests.documents import OGRS3_ANSWERS, RSR_ANSWERS

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]


@pytest.mark.parametrize("name", EVERYONE)
def test_instrument_routes(world: World, api_for: Api, name: str) -> None:
    c = api_for(name)
    ok = 401 if name == "anonymous" else 200
    assert c.get("/instruments").status_code == ok
    assert c.get("/instruments/ogrs3").status_code == ok
    assert c.post("/instruments/ogrs3/score", OGRS3_ANSWERS).status_code == ok
    assert c.get("/instruments/rsr").status_code == ok
    assert c.post("/instruments/rsr/score", RSR_ANSWERS).status_code == ok
    refused = c.post("/instruments/rsr/score", {**RSR_ANSWERS, "violent_sanctions": 9})
    assert refused.status_code == (401 if name == "anonymous" else 422)


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("case_attr", CASES)
def test_assessment_routes(world: World, api_for: Api, name: str, case_attr: str) -> None:
    case = getattr(world, case_attr)
    draft = svc.start_assessment(actor=world.users[LEADS[case_attr]], case_id=case.pk)
    c = api_for(name)
    read = 401 if name == "anonymous" else 200 if case.pk in world.visible[name] else 404
    j = {"X_Justification": "mappa-coordination"}
    assert c.get(f"/cases/{case.pk}/assessments", **j).status_code == read
    assert c.get(f"/cases/{case.pk}/level-decisions", **j).status_code == read
    assert c.get(f"/cases/{case.pk}/instruments/ogrs3/prefill", **j).status_code == read
    assert c.get(f"/cases/{case.pk}/instruments/rsr/prefill", **j).status_code == read
    assert c.get(f"/assessments/{draft.pk}", **j).status_code == read
    assert c.get(f"/assessments/{draft.pk}/summary.pdf", **j).status_code == read
    write = expected_write(world, name, case_attr)
    put = c.send("put", f"/assessments/{draft.pk}", {"formulation": "x", "version": draft.version})
    assert put.status_code == write, put.content
    scored = c.post(f"/assessments/{draft.pk}/instruments/ogrs3", OGRS3_ANSWERS)
    assert scored.status_code == (201 if write == 200 else write)
    scored = c.post(f"/assessments/{draft.pk}/instruments/rsr", RSR_ANSWERS)
    assert scored.status_code == (201 if write == 200 else write)
    result = svc.score_instrument(
        actor=world.users[LEADS[case_attr]],
        assessment_id=draft.pk,
        code="ogrs3",
        payload=OGRS3_ANSWERS,
    )
    removed = c.delete(f"/assessments/{draft.pk}/results/{result.pk}")
    assert removed.status_code == (204 if write == 200 else write)
    started = c.post(f"/cases/{case.pk}/assessments")
    assert started.status_code == (201 if write == 200 else write)
    submit = c.post(f"/assessments/{draft.pk}/submit", {"version": 999})
    assert submit.status_code == (409 if write == 200 else write)
    countersign = c.post(f"/assessments/{draft.pk}/countersign", {"note": "x"})
    # Nobody in the cast is a manager: 403 where the case is visible.
    assert countersign.status_code == (401 if name == "anonymous" else 404 if read == 404 else 403)
    level = c.post(
        f"/cases/{case.pk}/level-decisions", {"flags": {}, "level": case.level, "reason": "Stays"}
    )
    assert level.status_code == (201 if write == 200 else write)
