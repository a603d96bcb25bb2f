"""A purpose is asked once per case per working session ([DPA-2018] s.62): the co-ordinator
(whose unit leads no case) and anyone outside the lead agency give it on the first read of a
case; later reads of that case in the same session ask nothing and are audited with the
purpose given; another case, or a new session, asks again (the API's per-request header: tests/api/
test_purpose_per_request.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from fourpillars.audit.models import AuditEvent
from tests.audit_rows import opened_rows
from tests.cast import World

pytestmark = pytest.mark.django_db


def _reads(case_id: int) -> list[AuditEvent]:
    return list(
        opened_rows(
            AuditEvent.objects.filter(case_id=case_id, operation="consultation").order_by("seq")
        )
    )


def test_the_second_read_of_a_case_asks_no_purpose_and_is_audited_with_it(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("coordinator")
    case = world.police_case.pk
    first = client.get(f"/cases/{case}/")
    assert first.status_code == 302 and first["Location"] == f"/cases/{case}/justify/"
    assert _reads(case) == []  # nothing read before the purpose is given
    given = client.post(
        f"/cases/{case}/justify/", {"purpose": "mappa-coordination", "text": "Level 2 meeting"}
    )
    assert given.status_code == 302
    for url in (f"/cases/{case}/", f"/cases/{case}/", f"/cases/{case}/plans/"):
        assert client.get(url).status_code == 200, url
    reads = _reads(case)
    assert len(reads) == 3
    assert {r.purpose for r in reads} == {"mappa-coordination"}
    assert {r.justification for r in reads} == {"mappa-coordination; Level 2 meeting"}


def test_another_case_asks_again(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("coordinator")
    police, shared = world.police_case.pk, world.shared_case.pk
    client.post(f"/cases/{police}/justify/", {"purpose": "mappa-coordination"})
    assert client.get(f"/cases/{police}/").status_code == 200
    other = client.get(f"/cases/{shared}/")
    assert other.status_code == 302 and other["Location"] == f"/cases/{shared}/justify/"
    assert _reads(shared) == []


def test_a_new_session_asks_again(world: World, client_for: Callable[[str], Client]) -> None:
    case = world.shared_case.pk
    first = client_for("housing")
    first.post(f"/cases/{case}/justify/", {"purpose": "safeguarding"})
    assert first.get(f"/cases/{case}/").status_code == 200
    first.logout()
    again = client_for("housing").get(f"/cases/{case}/")
    assert again.status_code == 302 and again["Location"] == f"/cases/{case}/justify/"
