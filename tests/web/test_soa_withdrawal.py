"""Withdrawing a risk notification on its page (decision 0022): the co-ordinator or a manager
who may decide finds "Withdraw this risk notification" on an approved one, gives the reason,
and the page then shows it withdrawn, by whom, when, why and how the state is told; its author
is told someone else must; bad input is named on the page and changes nothing. And the
supervision transfer is offered only on a case with a probation measure to transfer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from fourpillars.exchange.models import Message
from fourpillars.register.models import Case
from fourpillars.soa.models import RiskNotification, SupervisionTransfer
from tests.cast import World
from tests.factories import active_plan_and_draft, manager_of
from tests.soa_world import approved, with_peer

pytestmark = pytest.mark.django_db
WHY = "The court cancelled the trip"


@pytest.fixture(autouse=True)
def peer(settings: Any, tmp_path: Path) -> None:
    with_peer(settings, tmp_path)


def _coordinator_on(world: World, client_for: Callable[[str], Client], url: str) -> Client:
    coordinator = client_for("coordinator")
    coordinator.post(
        f"/cases/{world.police_case.pk}/justify/", {"purpose": "mappa-coordination", "next": url}
    )
    return coordinator


def test_the_coordinator_withdraws_one_sent_and_the_page_says_so(
    world: World, client_for: Callable[[str], Client]
) -> None:
    active_plan_and_draft(world, "police_case")
    p = approved(world, "police_case", manager_of(world.users["police"]), destination="NL")
    url = f"/risk-notifications/{p.pk}/"
    coordinator = _coordinator_on(world, client_for, url)
    page = coordinator.get(url).content.decode()
    assert 'data-testid="withdraw"' in page and "Withdraw this risk notification" in page
    assert "A message tells Netherlands to stop using it" in page
    assert 'data-testid="sent-message"' in page and "Waiting to be sent" in page

    response = coordinator.post(url + "withdraw/", {"reason": WHY})
    assert response.status_code == 302 and response["Location"] == url
    page = coordinator.get(url).content.decode()
    assert "Withdrawn: a message tells Netherlands to stop using it." in page
    assert "Withdrawn: the receiving state was told to stop using it" in page
    assert 'data-testid="withdrawal"' in page and WHY in page
    assert world.users["coordinator"].get_full_name() in page
    told = page.split('data-testid="withdrawal-message"')[1].split("</dd>")[0]
    assert "By a withdrawal message: waiting to be sent" in told
    assert "/exchange/messages/" not in page  # the co-ordinator does not run the exchange
    assert 'data-testid="withdraw"' not in page  # withdrawn once
    assert Message.objects.filter(type="withdrawal", receiver="NL").count() == 1


def test_with_no_node_the_page_says_to_tell_the_state_by_the_channel_used(
    world: World, client_for: Callable[[str], Client]
) -> None:
    p = approved(world, "police_case", manager_of(world.users["police"]))  # France: no node
    url = f"/risk-notifications/{p.pk}/"
    coordinator = _coordinator_on(world, client_for, url)
    assert "no message is sent" in coordinator.get(url).content.decode()
    coordinator.post(url + "withdraw/", {"reason": WHY})
    page = coordinator.get(url).content.decode()
    assert "Withdrawn and recorded. No message was sent: tell France" in page
    assert 'data-testid="tell-by-channel"' in page and "No message was sent" in page
    assert not Message.objects.exists()


def test_a_node_suspended_since_is_told_by_the_channel_used_too(
    world: World, client_for: Callable[[str], Client]
) -> None:
    from fourpillars.exchange.models import Peer

    active_plan_and_draft(world, "police_case")
    p = approved(world, "police_case", manager_of(world.users["police"]), destination="NL")
    Peer.objects.filter(country="NL").update(status="suspended")
    url = f"/risk-notifications/{p.pk}/"
    coordinator = _coordinator_on(world, client_for, url)
    assert "No node of Netherlands is connected now" in coordinator.get(url).content.decode()
    coordinator.post(url + "withdraw/", {"reason": WHY})
    page = coordinator.get(url).content.decode()
    assert 'data-testid="tell-by-channel"' in page
    assert not Message.objects.filter(type="withdrawal").exists()


def test_its_author_sees_no_withdrawal_and_is_told_who_may(
    world: World, client_for: Callable[[str], Client]
) -> None:
    p = approved(world, "police_case", manager_of(world.users["police"]))
    police = client_for("police")
    page = police.get(f"/risk-notifications/{p.pk}/").content.decode()
    assert 'data-testid="withdraw"' not in page
    assert "another person must decide to send it, or withdraw it once sent" in page
    assert police.post(f"/risk-notifications/{p.pk}/withdraw/", {"reason": WHY}).status_code == 403
    assert RiskNotification.objects.get(pk=p.pk).status == "approved_no_node"


@pytest.mark.parametrize(
    "reason, said",
    [
        ("", "Enter the reason for withdrawing it"),
        ("   ", "Enter the reason for withdrawing it"),
        ("x" * 2001, "Reason for withdrawing it must be 2000 characters or fewer"),
        ("x" * 100_000, "Reason for withdrawing it must be 2000 characters or fewer"),
        ("Trip\x07cancelled", "Reason for withdrawing it contains a control"),
    ],
    ids=[
        "empty",
        "blank",
        "too long",
        "huge",
        "bell",
    ],  # NUL: refused first, tests/web/test_nul_bytes.py
)
def test_a_bad_reason_is_named_on_the_page_and_nothing_changes(
    world: World, client_for: Callable[[str], Client], reason: str, said: str
) -> None:
    p = approved(world, "police_case", manager_of(world.users["police"]))
    url = f"/risk-notifications/{p.pk}/"
    coordinator = _coordinator_on(world, client_for, url)
    response = coordinator.post(url + "withdraw/", {"reason": reason})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert said in body and '<details class="govuk-details" open' in body
    assert body.count("Error: ") == 1  # the title says so too
    assert RiskNotification.objects.get(pk=p.pk).status == "approved_no_node"


@pytest.mark.parametrize(
    "reason", ["Η δίκη ορίστηκε ξανά", "رحلة ملغاة", "Поездка отменена\r\nсудом", "<b>bold</b>"]
)
def test_a_reason_in_any_alphabet_is_kept_and_shown_escaped(
    world: World, client_for: Callable[[str], Client], reason: str
) -> None:
    p = approved(world, "police_case", manager_of(world.users["police"]))
    url = f"/risk-notifications/{p.pk}/"
    coordinator = _coordinator_on(world, client_for, url)
    assert coordinator.post(url + "withdraw/", {"reason": reason}).status_code == 302
    page = coordinator.get(url).content.decode()
    assert "<b>bold</b>" not in page and escape(reason.split("\r\n")[0]) in page
    assert RiskNotification.objects.get(pk=p.pk).withdrawal_reason == reason


def test_withdrawing_twice_says_it_is_withdrawn_already(
    world: World, client_for: Callable[[str], Client]
) -> None:
    p = approved(world, "police_case", manager_of(world.users["police"]))
    url = f"/risk-notifications/{p.pk}/"
    coordinator = _coordinator_on(world, client_for, url)
    coordinator.post(url + "withdraw/", {"reason": WHY})
    again = coordinator.post(url + "withdraw/", {"reason": "Again"}, follow=True)
    assert "This risk notification was withdrawn already." in again.content.decode()
    assert RiskNotification.objects.get(pk=p.pk).withdrawal_reason == WHY


def test_one_not_approved_offers_no_withdrawal_and_refuses_one(
    world: World, client_for: Callable[[str], Client]
) -> None:
    from fourpillars.services.soa import proposals, records
    from tests.soa_world import travel

    records.record_notification(
        actor=world.users["police"], case_id=world.police_case.pk, data=travel()
    )
    p = proposals.submit(actor=world.users["police"], proposal_id=RiskNotification.objects.get().pk)
    url = f"/risk-notifications/{p.pk}/"
    coordinator = _coordinator_on(world, client_for, url)
    assert 'data-testid="withdraw"' not in coordinator.get(url).content.decode()
    answer = coordinator.post(url + "withdraw/", {"reason": WHY}, follow=True)
    assert "Only a risk notification that was approved can be withdrawn" in answer.content.decode()
    assert RiskNotification.objects.get(pk=p.pk).status == "submitted"


# --- the supervision transfer, offered only with a probation measure ----------------------


@pytest.mark.parametrize(
    "disposal, offered",
    [("custody", True), ("other", True), ("caution", False), ("hospital_order", False)],
)
def test_the_supervision_transfer_is_offered_only_with_a_probation_measure(
    world: World, client_for: Callable[[str], Client], disposal: str, offered: bool
) -> None:
    Case.objects.filter(pk=world.police_case.pk).update(disposal=disposal)
    police = client_for("police")
    part = police.get(f"/cases/{world.police_case.pk}/notifications/").content.decode()
    assert ("Ask another state to supervise the probation measure" in part) is offered
    form = police.get(f"/cases/{world.police_case.pk}/supervision-transfer/")
    assert form.status_code == (200 if offered else 302)


def test_a_request_for_a_case_with_no_measure_is_refused_in_plain_words(
    world: World, client_for: Callable[[str], Client]
) -> None:
    Case.objects.filter(pk=world.police_case.pk).update(disposal="conditional_discharge")
    police = client_for("police")
    answer = police.post(
        f"/cases/{world.police_case.pk}/supervision-transfer/",
        {"receiver": "NL", "measure": "Supervision", "reason": "Lives there"},
        follow=True,
    )
    body = answer.content.decode()
    assert "This case has no probation measure to transfer" in body and "disposal:" not in body
    assert not SupervisionTransfer.objects.exists()
