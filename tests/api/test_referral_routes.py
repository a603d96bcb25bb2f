"""Referral, transfer and possible-duplicate routes (decision 0018): every route against the
standard cast, the journeys, bad input (422 naming the field), a decision taken twice (409),
the purpose header (428), and arbitrary JSON never giving a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fourpillars.register.models import Case
from tests.api.conftest import ApiClient, errors_by_field
from tests.cast import CASES, EVERYONE, World
from tests.moves import MAPPA_A, between_areas
from tests.web.matrix import MANAGES

pytestmark = pytest.mark.django_db
Api = Callable[[str], ApiClient]
WHY = {"X_Justification": "mappa-coordination"}
VISIBLE = {
    "coordinator": {"police_case", "shared_case"},
    "police": {"police_case"},
    "probation": {"shared_case"},
    "housing": {"shared_case"},
    "outsider": {"other_area_case"},
}
RECEIVES = {"coordinator": {"other_area_case"}}
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(["", "2", "accept", "same_person", "police-a", "9999-99-99"]),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def assert_answered(response: Any) -> None:
    """A 2xx or a 4xx naming its fields: never a 500."""
    assert response.status_code < 500, response.content
    if response.status_code == 422:
        assert all(e["field"] for e in response.json()["errors"])


def _reads(name: str, case_attr: str) -> int:
    if name == "anonymous":
        return 401
    return 200 if case_attr in VISIBLE.get(name, set()) else 404


@pytest.mark.parametrize("name", EVERYONE)
def test_every_route_as_each_member_of_the_cast(world: World, api_for: Api, name: str) -> None:
    moves = between_areas(world)
    c = api_for(name)
    failures: list[str] = []

    def check(label: str, got: int, want: int) -> None:
        if got != want:
            failures.append(f"{label}: got {got}, want {want}")

    for case_attr in CASES:
        case = getattr(world, case_attr)
        referral, transfer = moves.referrals[case_attr], moves.transfers[case_attr]
        reads = _reads(name, case_attr)
        check(
            f"referrals of {case_attr}",
            c.get(f"/cases/{case.pk}/referrals", **WHY).status_code,
            reads,
        )
        check(f"referral {case_attr}", c.get(f"/referrals/{referral.pk}", **WHY).status_code, reads)
        pdf = c.get(f"/referrals/{referral.pk}/mappa-a.pdf", **WHY).status_code
        check(f"pdf {case_attr}", pdf, reads)
        # One open referral per case: an allowed referral is refused for that (422), not 403.
        refer = c.post(f"/cases/{case.pk}/referrals", MAPPA_A).status_code
        check(f"refer {case_attr}", refer, 422 if reads == 200 else reads)
        screens = name == "coordinator" and case_attr != "other_area_case"
        decline = c.post(f"/referrals/{referral.pk}/decline", {"reason": ""}).status_code
        check(f"decline {case_attr}", decline, 422 if screens else 403 if reads == 200 else reads)
        sees_transfer = reads == 200 or case_attr in RECEIVES.get(name, set())
        t_reads = 200 if sees_transfer else 401 if name == "anonymous" else 404
        check(
            f"transfer {case_attr}", c.get(f"/transfers/{transfer.pk}", **WHY).status_code, t_reads
        )
        decides = case_attr in RECEIVES.get(name, set())
        refuse = c.post(f"/transfers/{transfer.pk}/refuse", {"reason": ""}).status_code
        check(f"refuse {case_attr}", refuse, 422 if decides else 403 if sees_transfer else t_reads)
        manages = case_attr in MANAGES.get(name, set())
        withdraw = c.post(f"/transfers/{transfer.pk}/withdraw", {"reason": ""}).status_code
        check(
            f"withdraw {case_attr}", withdraw, 422 if manages else 403 if sees_transfer else t_reads
        )
        ask = c.post(f"/cases/{case.pk}/transfers", {"proposed_lead_agency": "", "reason": "x"})
        want = 422 if manages else 403 if reads == 200 else reads
        check(f"request transfer {case_attr}", ask.status_code, want)
    coordinator = name == "coordinator"
    anonymous = 401 if name == "anonymous" else None
    for url in ("/referrals", "/transfers", "/duplicates"):
        check(url, c.get(url).status_code, anonymous or (200 if coordinator else 403))
    for url in ("/referrals/mine", "/transfers/mine"):
        check(url, c.get(url).status_code, anonymous or 200)
    flag = moves.duplicate.pk
    check(
        "duplicate",
        c.get(f"/duplicates/{flag}").status_code,
        anonymous or (200 if coordinator else 404),
    )
    resolve = c.post(f"/duplicates/{flag}/resolve", {"outcome": "", "reason": ""}).status_code
    check("resolve", resolve, anonymous or (422 if coordinator else 404))
    assert failures == []


def test_refer_and_accept_with_the_level_criteria(world: World, api_for: Api) -> None:
    made = api_for("probation").post(
        f"/cases/{world.shared_case.pk}/referrals", {**MAPPA_A, "proposed_level": 3}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["proposed_level"], body["referring_agency"]["code"]) == (
        "open",
        3,
        "probation-a",
    )
    assert body["age"]["target"].startswith("10 working days") and body["age"]["overdue"] is False
    queue = api_for("coordinator").get("/referrals")
    assert [r["id"] for r in queue.json()["items"]] == [body["id"]]
    accepted = api_for("coordinator").post(
        f"/referrals/{body['id']}/accept",
        {
            "level": 3,
            "reason": "Senior resources at short notice",
            "flags": {"adds_value": True, "senior_resources": True},
        },
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["decided_level"] == 3 and accepted.json()["level_decision_id"]
    assert Case.objects.get(pk=world.shared_case.pk).level == 3
    again = api_for("coordinator").post(f"/referrals/{body['id']}/decline", {"reason": "x"})
    assert again.status_code == 409 and "screened already" in again.json()["detail"]


def test_bad_referral_input_names_each_field(world: World, api_for: Api) -> None:
    c = api_for("police")
    url = f"/cases/{world.police_case.pk}/referrals"
    wrong = c.post(
        url, {"reason": "", "current_risk": "x", "cannot_manage": "x", "proposed_level": 1}
    )
    assert wrong.status_code == 422
    assert set(errors_by_field(wrong)) == {"reason", "proposed_level"}
    assert c.post(url, {**MAPPA_A, "colour": "red"}).status_code == 422
    assert "proposed_level" in errors_by_field(c.post(url, {**MAPPA_A, "proposed_level": "two"}))
    made = c.post(url, MAPPA_A).json()
    flags = api_for("coordinator").post(
        f"/referrals/{made['id']}/accept", {"level": 2, "reason": "x", "flags": {"nonsense": True}}
    )
    assert flags.status_code == 422 and "flags.nonsense" in errors_by_field(flags)
    housing = api_for("housing")
    shared = c.post(f"/cases/{world.shared_case.pk}/referrals", MAPPA_A)
    assert shared.status_code == 404
    made = api_for("probation").post(f"/cases/{world.shared_case.pk}/referrals", MAPPA_A).json()
    assert housing.get(f"/referrals/{made['id']}").status_code == 428
    assert housing.get(f"/referrals/{made['id']}", **WHY).status_code == 200


def test_a_transfer_accepted_through_the_api(world: World, api_for: Api) -> None:
    asked = api_for("outsider").post(
        f"/cases/{world.other_area_case.pk}/transfers",
        {"proposed_lead_agency": "police-a", "reason": "Moved north"},
    )
    assert asked.status_code == 201, asked.content
    tid = asked.json()["id"]
    coordinator = api_for("coordinator")
    assert [t["id"] for t in coordinator.get("/transfers").json()["items"]] == [tid]
    bad = coordinator.post(
        f"/transfers/{tid}/accept", {"handover_note": "", "access_ends_on": "31/12/2026"}
    )
    assert set(errors_by_field(bad)) == {"handover_note", "access_ends_on"}
    done = coordinator.post(f"/transfers/{tid}/accept", {"handover_note": "Handed over by phone"})
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    assert done.json()["access_ends_at"] is not None
    moved = api_for("police").get(f"/cases/{world.other_area_case.pk}")
    assert moved.status_code == 200 and moved.json()["lead_agency"]["code"] == "police-a"
    again = coordinator.post(f"/transfers/{tid}/refuse", {"reason": "x"})
    assert again.status_code == 409
    read = api_for("outsider").post(f"/transfers/{tid}/read")
    assert read.status_code == 200 and read.json()["outcome_seen_at"]


def test_a_possible_duplicate_shows_identity_only(world: World, api_for: Api) -> None:
    moves = between_areas(world)
    shown = api_for("coordinator").get(f"/duplicates/{moves.duplicate.pk}").json()
    mine, other = shown["sides"]
    assert mine["mine"] and mine["case_id"] == world.police_case.pk
    assert not other["mine"] and other["case_id"] is None and other["case_reference"] is None
    assert other["names"] == ["Jan Kowalsky"] and other["area"]["code"] == "B"
    assert set(other) == {
        "mine",
        "area",
        "names",
        "date_of_birth",
        "case_id",
        "case_reference",
        "coordinators",
    }
    done = api_for("coordinator").post(
        f"/duplicates/{moves.duplicate.pk}/resolve",
        {"outcome": "same_person", "reason": "Same fingerprints"},
    )
    assert done.status_code == 200 and done.json()["status"] == "same_person"


@FUZZ
@given(body=json_values, level=json_values)
def test_referral_writes_never_fail_with_a_500(
    world: World, api_for: Api, body: Any, level: Any
) -> None:
    c = api_for("police")
    case_id = world.police_case.pk
    assert_answered(c.post(f"/cases/{case_id}/referrals", body))
    assert_answered(c.post(f"/cases/{case_id}/referrals", {**MAPPA_A, "proposed_level": level}))
    assert_answered(c.post(f"/cases/{case_id}/transfers", body))
    coordinator = api_for("coordinator")
    assert_answered(coordinator.post("/referrals/1/accept", body))
    assert_answered(coordinator.post("/referrals/1/accept", {"level": level, "reason": "x"}))
    assert_answered(coordinator.post("/transfers/1/accept", body))
    assert_answered(coordinator.post("/duplicates/1/resolve", body))


@pytest.mark.parametrize("raw", ["0", "-1", "x", "99999999999999999999999", "1.5"])
def test_odd_ids_are_404(world: World, api_for: Api, raw: str) -> None:
    c = api_for("coordinator")
    for url in (f"/referrals/{raw}", f"/transfers/{raw}", f"/duplicates/{raw}"):
        assert c.get(url, **WHY).status_code == 404, url
