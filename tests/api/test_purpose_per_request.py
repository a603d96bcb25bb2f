"""The API remembers no purpose: every read of a case outside the lead agency carries its
own ``X-Justification`` header ([DPA-2018] s.62), unlike the web's once per case per
session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fourpillars.audit.models import AuditEvent
from tests.api.conftest import ApiClient
from tests.cast import World

pytestmark = pytest.mark.django_db


def test_the_api_asks_for_a_purpose_on_every_request(
    world: World, api_for: Callable[[str], ApiClient]
) -> None:
    client = api_for("coordinator")
    url = f"/cases/{world.police_case.pk}"
    assert client.get(url, X_Justification="mappa-coordination").status_code == 200
    assert client.get(url).status_code == 428  # nothing remembered between requests
    assert client.get(url, X_Justification="safeguarding").status_code == 200
    reads = AuditEvent.objects.filter(case_id=world.police_case.pk, operation="consultation")
    purposes = [r.purpose for r in reads.order_by("seq")]
    assert purposes == ["mappa-coordination", "safeguarding"]
