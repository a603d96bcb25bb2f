"""A 404 for a case the reader may not see is audited as a refused consultation, once, by the
one place each adapter turns NotFound into 404; the reader sees the same 404 as for a case
that does not exist, and a missing case writes nothing."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse

from fourpillars.audit.models import AuditEvent
from fourpillars.services.accounts import issue_token
from tests.api.conftest import ApiClient
from tests.audit_rows import opened_rows
from tests.cast import World

pytestmark = pytest.mark.django_db


def _page(response: HttpResponse) -> str:
    """The page without its per-render CSRF token (the sign-out form's)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _refused() -> list[AuditEvent]:
    return opened_rows(AuditEvent.objects.filter(action="refused_read").order_by("seq"))


@pytest.mark.parametrize("part", ["", "person/", "risk/", "edit/", "justify/"])
def test_a_hidden_case_page_is_a_404_and_a_refused_consultation(client_for, world, part) -> None:  # type: ignore[no-untyped-def]
    case = world.other_area_case
    response = client_for("police").get(f"/cases/{case.pk}/{part}")
    hidden = _page(response)
    assert response.status_code == 404
    [row] = _refused()
    assert row.operation == "consultation" and row.actor_id == world.users["police"].pk
    assert (row.case_id, row.person_id, row.target_type) == (case.pk, case.person_id, "case")
    assert row.channel == "web" and row.after == {
        "shown": False,
        "reason": "not visible to the reader",
    }
    missing = client_for("police").get(f"/cases/{case.pk + 1000}/{part}")
    assert missing.status_code == 404 and _page(missing) == hidden  # nothing tells them apart
    assert len(_refused()) == 1  # a missing case writes nothing


def test_a_visible_case_writes_no_refusal(client_for, world: World) -> None:
    assert client_for("police").get(f"/cases/{world.police_case.pk}/").status_code == 200
    assert _refused() == []


def test_a_hidden_plan_or_assessment_route_is_refused_through_its_case(client_for, world) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import submitted_assessment

    assessment = submitted_assessment(world, "other_area_case")
    response = client_for("housing").get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 404
    assert [r.case_id for r in _refused()] == [world.other_area_case.pk]


def test_the_api_audits_a_hidden_case_the_same_way(world: World) -> None:
    client = ApiClient(issue_token(user=world.users["housing"]))
    response = client.get(f"/cases/{world.police_case.pk}")
    assert response.status_code == 404 and response.json() == {"detail": "Not found"}
    [row] = _refused()
    assert row.channel == "api" and row.case_id == world.police_case.pk
    assert client.get(f"/cases/{world.police_case.pk + 1000}").status_code == 404
    assert len(_refused()) == 1


def test_anonymous_requests_write_no_refusal(client, world: World) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/cases/{world.other_area_case.pk}/").status_code == 302
    assert _refused() == []
