"""Arbitrary JSON into the write routes: a 2xx, 4xx with named fields, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import ApiClient
from tests.cast import World, case_data, person_data
from tests.factories import submitted_assessment

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "2025-01-01", "1003 00", "police-a", "primary", "pnc", "9999-99-99"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
PERSON_KEYS = list(person_data())
CASE_KEYS = [*case_data("police-a"), "next_review_date", "under_18_at_disposal"]


def mutate(base: dict[str, Any], keys: list[str]) -> Any:
    return st.dictionaries(st.sampled_from(keys), json_values, max_size=3).map(
        lambda changes: {**base, **changes}
    )


FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_answered(response: Any) -> None:
    assert response.status_code < 500, response.content
    if response.status_code == 422:
        assert all(e["field"] for e in response.json()["errors"])


@FUZZ
@given(person=mutate(person_data(), PERSON_KEYS), case=mutate(case_data("police-a"), CASE_KEYS))
def test_registration_never_fails_with_a_500(
    world: World, api_for: Api, person: Any, case: Any
) -> None:
    assert_answered(api_for("police").post("/cases", {"person": person, "case": case}))


@FUZZ
@given(body=st.dictionaries(st.sampled_from([*CASE_KEYS, "version"]), json_values, max_size=4))
def test_case_patch_never_fails_with_a_500(world: World, api_for: Api, body: Any) -> None:
    assert_answered(api_for("police").patch(f"/cases/{world.police_case.pk}", body))


@FUZZ
@given(
    route=st.sampled_from(["names", "identifiers", "addresses", "convictions"]),
    body=json_values,
)
def test_person_additions_never_fail_with_a_500(
    world: World, api_for: Api, route: str, body: Any
) -> None:
    assert_answered(api_for("police").post(f"/persons/{world.police_case.person_id}/{route}", body))


@FUZZ
@given(header=st.text(max_size=80), q=st.text(max_size=80))
def test_reads_never_fail_with_a_500(world: World, api_for: Api, header: str, q: str) -> None:
    client = api_for("coordinator")
    safe = header.encode("latin-1", "ignore").decode("latin-1").replace("\n", "").replace("\r", "")
    assert_answered(client.get(f"/cases/{world.police_case.pk}", X_Justification=safe))
    assert_answered(client.get("/cases", {"q": q}))


ADDRESS_KEYS = ["line1", "line2", "town", "postcode", "country", "from_date", "to_date", "version"]
CONVICTION_KEYS = [
    "date",
    "court",
    "country",
    "offence_text",
    "ecris_code",
    "completion",
    "participation",
    "sentence",
    "version",
]


@FUZZ
@given(
    route=st.sampled_from(["addresses", "convictions"]),
    body=st.one_of(
        json_values,
        st.dictionaries(st.sampled_from(ADDRESS_KEYS + CONVICTION_KEYS), json_values, max_size=5),
    ),
    item=st.one_of(st.just("own"), st.text(max_size=12)),
)
def test_person_corrections_never_fail_with_a_500(
    world: World, api_for: Api, route: str, body: Any, item: str
) -> None:
    from fourpillars.register.models import Address, Conviction

    person = world.police_case.person_id
    model = Address if route == "addresses" else Conviction
    own = model.objects.filter(person_id=person).first()
    item_id = str(own.pk) if item == "own" and own is not None else item
    path = f"/persons/{person}/{route}/{quote(item_id, safe='')}"
    assert_answered(api_for("police").send("put", path, body))


@FUZZ
@given(
    route=st.sampled_from(["addresses", "convictions"]),
    body=st.one_of(st.none(), json_values),
    reason=st.text(max_size=20),
    version=st.text(max_size=8),
)
def test_person_removals_never_fail_with_a_500(
    world: World, api_for: Api, route: str, body: Any, reason: str, version: str
) -> None:
    from fourpillars.register.models import Address, Conviction

    person = world.police_case.person_id
    model = Address if route == "addresses" else Conviction
    own = model.objects.filter(person_id=person).first()
    item_id = own.pk if own is not None else 1
    query = urlencode({"reason": reason, "version": version})
    path = f"/persons/{person}/{route}/{item_id}?{query}"
    assert_answered(api_for("police").delete(path, body))


INSTRUMENT_CODES = [
    "ogrs3",
    "osp-dc",
    "osp-iic",
    "rm2000-s",
    "rm2000-v",
    "rm2000-c",
    "static-99r",
    "dash",
    "dash-safelives",
    "sara",
    "saprof",
    "stable-2007",
    "acute-2007",
    "firearms-suitability",
    "parole-review",
]


@FUZZ
@given(code=st.sampled_from(INSTRUMENT_CODES), body=json_values)
def test_scoring_never_fails_with_a_500(world: World, api_for: Api, code: str, body: Any) -> None:
    assert_answered(api_for("probation").post(f"/instruments/{code}/score", body))


ASSESSMENT_KEYS = [
    "assessment_date",
    "screening",
    "ratings",
    "summary",
    "formulation",
    "judgement_reason",
    "risk_factors",
    "protective_factors",
    "scenarios",
    "version",
]


@FUZZ
@given(
    body=st.dictionaries(st.sampled_from(ASSESSMENT_KEYS), json_values, max_size=5),
    code=st.sampled_from(INSTRUMENT_CODES),
    level=json_values,
)
def test_assessment_writes_never_fail_with_a_500(
    world: World, api_for: Api, body: Any, code: str, level: Any
) -> None:
    c = api_for("police")
    case_id = world.police_case.pk
    started = c.post(f"/cases/{case_id}/assessments")
    assert started.status_code == 201
    a = started.json()["id"]
    assert_answered(c.send("put", f"/assessments/{a}", body))
    assert_answered(c.post(f"/assessments/{a}/instruments/{code}", body))
    assert_answered(c.post(f"/assessments/{a}/submit", body))
    assert_answered(c.post(f"/assessments/{a}/countersign", body))
    assert_answered(
        c.post(f"/cases/{case_id}/level-decisions", {"flags": body, "level": level, "reason": "x"})
    )


PLAN_KEYS = [
    "period_start",
    "period_end",
    "plan_date",
    "review_date",
    "pillar_reasons",
    "victims",
    "contingencies",
    "actions",
    "version",
]


@FUZZ
@given(
    body=st.dictionaries(st.sampled_from(PLAN_KEYS), json_values, max_size=5),
    approval=st.dictionaries(
        st.sampled_from(
            ["version", "acknowledgements", "defensibility", "rationale", "options", "dissent"]
        ),
        json_values,
        max_size=4,
    ),
    decision=st.dictionaries(
        st.sampled_from(
            ["kind", "summary", "rationale", "options", "evidence", "dissent", "refers_to"]
        ),
        json_values,
        max_size=5,
    ),
)
def test_plan_writes_never_fail_with_a_500(
    world: World, api_for: Api, body: Any, approval: Any, decision: Any
) -> None:
    from fourpillars.services import plans

    if not world.police_case.rosh_assessments.filter(is_current=True).exists():
        submitted_assessment(world)
    plan = plans.start_plan(actor=world.users["police"], case_id=world.police_case.pk)
    c = api_for("police")
    assert_answered(c.send("put", f"/plans/{plan.pk}", body))
    assert_answered(c.post(f"/plans/{plan.pk}/approve", approval))
    assert_answered(c.post(f"/cases/{world.police_case.pk}/decisions", decision))
    assert_answered(c.post("/plan-checks", body))
