"""The SOA notification screens (decision 0022): recording a notification with GOV.UK date
inputs, the schedule with a missed notification flagged, a travel notification proposing a
risk notification that the officer reviews and submits and the co-ordinator approves, each
step in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fourpillars.exchange.models import Message
from fourpillars.soa.models import Notification, RiskNotification
from tests.cast import World
from tests.factories import active_plan_and_draft
from tests.soa_world import with_peer
from tests.web.helpers import date_parts

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def peer(settings: Any, tmp_path: Path) -> None:
    with_peer(settings, tmp_path)


def test_recording_the_initial_notification_shows_the_annual_one_missed(
    world: World, client_for: Callable[[str], Client]
) -> None:
    police = client_for("police")
    url = f"/cases/{world.police_case.pk}/notifications/"
    data = {"kind": "initial", **date_parts("notified_on", "2015-03-04")}
    response = police.post(url + "new/", data)
    assert response.status_code == 302 and response["Location"] == url
    page = police.get(url).content.decode()
    assert "Initial notification" in page and "4 March 2015" in page
    assert 'data-testid="notification-missed"' in page and "4 March 2016" in page
    home = police.get("/?tag=notification_missed").content.decode()
    assert "Notification missed" in home and world.police_case.reference in home


def test_a_bad_notification_shows_the_error_summary_and_saves_nothing(
    world: World, client_for: Callable[[str], Client]
) -> None:
    url = f"/cases/{world.police_case.pk}/notifications/new/"
    response = client_for("police").post(url, {"kind": "travel", "destinations": "XX1"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert not Notification.objects.exists()


def test_travel_to_review_submit_and_approval_by_the_coordinator(
    world: World, client_for: Callable[[str], Client]
) -> None:
    active_plan_and_draft(world, "police_case")
    police, coordinator = client_for("police"), client_for("coordinator")
    departs, returns = TODAY + dt.timedelta(days=9), TODAY + dt.timedelta(days=16)
    data = {
        "kind": "travel",
        **date_parts("notified_on", TODAY.isoformat()),
        **date_parts("departs", departs.isoformat()),
        **date_parts("returns", returns.isoformat()),
        "destinations": "NL",
        "addresses_abroad": "Hotel Centraal, Amsterdam",
        "travel_means": "rail",
    }
    assert police.post(f"/cases/{world.police_case.pk}/notifications/new/", data).status_code == 302
    p = RiskNotification.objects.get()
    url = f"/risk-notifications/{p.pk}/"
    page = police.get(url).content.decode()
    assert "Risk notification to Netherlands" in page
    assert "In the community, children: High" in page
    assert "Exclusion zone around Northtown Primary (daily)" in page
    assert 'data-testid="channel-guide"' in page
    included = ["category_level", "rosh", "risk_factors", "monitoring", "travel", "contingency"]
    police.post(url + "review/", {"included": included, "left_out-warning_signs": "Not needed"})
    police.post(url + "submit/")
    assert "another person must decide" in police.get(url).content.decode()
    coordinator.post(
        f"/cases/{world.police_case.pk}/justify/",
        {"purpose": "mappa-coordination", "next": url},
    )
    page = coordinator.get(url).content.decode()
    assert "Approve and send" in page
    response = coordinator.post(
        url + "approve/",
        {
            "lawful_basis": "dpa2018_s73_adequacy",
            "necessity": "Travels alone near schools",
            "proportionality": "Only what the Dutch police need",
        },
    )
    assert response.status_code == 302
    (message,) = Message.objects.all()
    assert message.type == "risk_notification" and message.receiver == "NL"
    assert "Approved and sent" in coordinator.get(url).content.decode()


def test_a_decision_without_its_reasons_names_each_field(
    world: World, client_for: Callable[[str], Client]
) -> None:
    from fourpillars.services.soa import proposals, records
    from tests.soa_world import travel

    records.record_notification(
        actor=world.users["police"], case_id=world.police_case.pk, data=travel()
    )
    p = proposals.submit(actor=world.users["police"], proposal_id=RiskNotification.objects.get().pk)
    coordinator = client_for("coordinator")
    coordinator.post(
        f"/cases/{world.police_case.pk}/justify/",
        {"purpose": "mappa-coordination", "next": "/"},
    )
    response = coordinator.post(f"/risk-notifications/{p.pk}/approve/", {})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert not Message.objects.exists()


def test_the_supervision_transfer_page_shows_the_channel_guide(
    world: World, client_for: Callable[[str], Client]
) -> None:
    from fourpillars.services.soa import transfers

    t = transfers.request(
        actor=world.users["police"],
        case_id=world.police_case.pk,
        receiver="NL",
        measure="Supervision for 12 months",
        reason="Lives in Amsterdam",
    )
    page = client_for("police").get(f"/supervision-transfers/{t.pk}/").content.decode()
    assert "Supervision transfer to Netherlands" in page
    assert 'data-testid="channel-guide"' in page and "Waiting for approval" in page


def test_the_purpose_given_comes_back_to_the_risk_notification(
    world: World, client_for: Callable[[str], Client]
) -> None:
    from fourpillars.services.soa import records
    from tests.soa_world import travel

    records.record_notification(
        actor=world.users["police"], case_id=world.police_case.pk, data=travel()
    )
    url = f"/risk-notifications/{RiskNotification.objects.get().pk}/"
    coordinator = client_for("coordinator")
    first = coordinator.get(url)
    assert first.status_code == 302 and "justify" in first["Location"]
    answer = coordinator.post(
        f"/cases/{world.police_case.pk}/justify/", {"purpose": "mappa-coordination", "next": url}
    )
    assert answer["Location"] == url
