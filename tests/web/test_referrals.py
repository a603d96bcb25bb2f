"""Referrals, transfers and possible duplicates through the web client (decision 0018): the
journeys, the GOV.UK errors on bad input, the "Waiting for me" panel and the MAPPA A PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from fourpillars.assessments.models import LevelDecision
from fourpillars.referrals.models import DuplicateFlag, Referral, Transfer
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from fourpillars.services.referrals import screening
from tests.cast import World, case_data, person_data
from tests.web.helpers import date_parts, error_summary, text

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
ANSWERS = {
    "reason": "Moved next to a primary school; contact with children reported by housing",
    "current_risk": "High to children in the community; imminent if contact continues",
    "cannot_manage": "Probation cannot agree the move and police patrols alone",
    "proposed_level": "2",
}


def pages_of(pdf: bytes) -> list[str]:
    """The text of each page, in order (pdftotext, split at form feeds)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install the Debian package poppler-utils")
    whole = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return whole.stdout.decode().split("\f")[:-1]


def justified(client: Client, case: Case) -> Client:
    client.post(f"/cases/{case.pk}/justify/", {"purpose": "mappa-coordination"})
    return client


def test_probation_refers_the_shared_case_and_the_coordinator_accepts_it_at_level_2(
    world: World, client_for: Clients
) -> None:
    case = world.shared_case
    probation = client_for("probation")
    summary = probation.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/refer/"' in summary and "Not referred." in summary
    form = probation.get(f"/cases/{case.pk}/refer/")
    assert "Refer for Level 2 or 3" in text(form) and "10 working days" in text(form)
    answered = probation.post(f"/cases/{case.pk}/refer/", ANSWERS)
    assert answered.status_code == 302 and answered["Location"] == f"/cases/{case.pk}/refer/check/"
    assert not Referral.objects.exists()  # nothing is made before the answers are checked
    check = probation.get(answered["Location"])
    shown = text(check)
    assert "Check your answers before making the referral" in shown
    assert ANSWERS["cannot_manage"] in shown and "Level 2: active multi-agency management" in shown
    assert f'href="/cases/{case.pk}/refer/#id_reason"' in check.content.decode()
    made = probation.post(answered["Location"])
    referral = Referral.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/referrals/{referral.pk}/"
    assert "Waiting for screening" in text(probation.get(made["Location"]))

    coordinator = client_for("coordinator")
    home = coordinator.get("/").content.decode()
    assert 'data-testid="waiting-screen"' in home and "1 referral to screen" in text(
        coordinator.get("/")
    )
    queue = text(coordinator.get("/referrals/"))
    assert case.reference in queue and "Level 2" in queue
    justified(coordinator, case)
    screen = coordinator.get(f"/referrals/{referral.pk}/screen/")
    assert screen.status_code == 200 and ANSWERS["reason"] in text(screen)
    done = coordinator.post(
        f"/referrals/{referral.pk}/screen/",
        {"outcome": "accept", "level": "2", "reason": "Meetings add value; housing must attend"},
    )
    assert done.status_code == 302 and done["Location"] == f"/referrals/{referral.pk}/"
    case.refresh_from_db()
    decision = LevelDecision.objects.get(case=case)
    assert case.level == 2 and decision.decided_level == 2
    page = text(coordinator.get(done["Location"]))
    assert "Accepted by Clara Coordinator" in page and "level 2: active multi-agency" in page
    decisions = text(coordinator.get(f"/cases/{case.pk}/decisions/"))
    assert "MAPPA level 2" in decisions
    assert "Accepted" in text(probation.get(f"/cases/{case.pk}/"))


def test_the_referral_form_answers_bad_input_with_govuk_errors(
    world: World, client_for: Clients
) -> None:
    police = client_for("police")
    url = f"/cases/{world.police_case.pk}/refer/"
    response = police.post(url, {"reason": "", "current_risk": "", "cannot_manage": "x"})
    assert response.status_code == 200
    assert error_summary(response) == [
        "#id_reason Enter the reason for referral",
        "#id_current_risk Enter the current risk",
        "#id_proposed_level_0 Select the level you propose",
    ]
    too_long = police.post(url, {**ANSWERS, "reason": "x" * 10_001, "proposed_level": "7"})
    assert error_summary(too_long) == [
        "#id_reason Reason for referral must be 10000 characters or fewer",
        "#id_proposed_level_0 Select the level you propose",
    ]
    assert not Referral.objects.exists()
    # The check page without answers goes back to the questions.
    assert police.get(f"{url}check/")["Location"] == url


def test_a_second_referral_is_refused_while_one_waits(world: World, client_for: Clients) -> None:
    police = client_for("police")
    url = f"/cases/{world.police_case.pk}/refer/"
    police.post(url, ANSWERS)
    police.post(f"{url}check/")
    again = police.get(url)
    assert 'data-testid="open-referral"' in again.content.decode()
    # A draft from another tab is refused on its check page, naming the problem.
    client_for("coordinator")  # the co-ordinator's own session, unused
    other = client_for("police")
    screening.screen(
        actor=world.users["coordinator"],
        referral_id=Referral.objects.get().pk,
        outcome="decline",
        reason="Level 1 is enough",
    )
    other.post(url, ANSWERS)
    screening.refer_case(actor=world.users["police"], case_id=world.police_case.pk, data=ANSWERS)
    refused = other.post(f"{url}check/")
    assert refused.status_code == 200
    assert "This case already has a referral waiting for screening" in text(refused)


def test_a_declined_referral_waits_for_the_referrer_until_read(
    world: World, client_for: Clients
) -> None:
    made = screening.refer_case(
        actor=world.users["police"], case_id=world.police_case.pk, data=ANSWERS
    )
    coordinator = justified(client_for("coordinator"), world.police_case)
    bad = coordinator.post(f"/referrals/{made.pk}/screen/", {"outcome": "accept", "reason": ""})
    assert error_summary(bad) == [
        "#id_level_0 Select a management level",
        "#id_reason Enter the reason for your decision",
    ]
    coordinator.post(
        f"/referrals/{made.pk}/screen/",
        {"outcome": "decline", "reason": "The level 1 plan manages this for now"},
    )
    police = client_for("police")
    home = police.get("/")
    assert "1 referral of yours declined" in text(home)
    assert f'href="/referrals/{made.pk}/" data-testid="waiting-declined"' in home.content.decode()
    page = police.get(f"/referrals/{made.pk}/")
    assert "The level 1 plan manages this for now" in text(page)
    assert "The level 1 plan manages this for now" in text(
        police.get(f"/cases/{world.police_case.pk}/")
    )
    case = Case.objects.get(pk=world.police_case.pk)
    assert case.level == 1 and case.next_review_date == world.police_case.next_review_date
    assert police.post(f"/referrals/{made.pk}/read/").status_code == 302
    assert "referral of yours declined" not in text(police.get("/"))
    assert coordinator.post(f"/referrals/{made.pk}/read/").status_code == 403


def test_the_referral_pdf_carries_the_classification_on_every_page(
    world: World, client_for: Clients
) -> None:
    long = {**ANSWERS, "reason": "\n".join(f"Line {i}: contact reported" for i in range(160))}
    made = screening.refer_case(
        actor=world.users["police"], case_id=world.police_case.pk, data=long
    )
    response = client_for("police").get(f"/referrals/{made.pk}/mappa-a.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pages_of(response.content)
    assert len(pages) > 1
    for n, page in enumerate(pages, start=1):  # header and footer, whatever the text order
        assert page.count("OFFICIAL-SENSITIVE") == 2, n
        assert f"Case {world.police_case.reference}" in page, n
        assert f"Page {n} of {len(pages)}" in page, n
    assert "MAPPA A: referral for level 2 or 3 management" in pages[0]
    assert "Line 159: contact reported" in pages[-1]  # the long reason runs over the pages


def test_a_transfer_into_area_a_through_the_web(world: World, client_for: Clients) -> None:
    outsider = client_for("outsider")
    case = world.other_area_case
    sharing = outsider.get(f"/cases/{case.pk}/sharing/").content.decode()
    assert f'href="/cases/{case.pk}/transfer/"' in sharing
    form = outsider.get(f"/cases/{case.pk}/transfer/")
    assert "Northshire Police (Area A (Northshire))" in text(form)
    bad = outsider.post(f"/cases/{case.pk}/transfer/", {"proposed_lead_agency": "", "reason": ""})
    assert error_summary(bad) == [
        "#id_proposed_lead_agency Select the agency to lead the case in its new area",
        "#id_reason Enter the reason for the transfer",
    ]
    asked = outsider.post(
        f"/cases/{case.pk}/transfer/",
        {"proposed_lead_agency": "police-a", "reason": "Moved to Northtown"},
    )
    transfer = Transfer.objects.get()
    assert asked["Location"] == f"/transfers/{transfer.pk}/"

    coordinator = client_for("coordinator")
    assert "1 transfer into the area to decide" in text(coordinator.get("/"))
    page = coordinator.get(f"/transfers/{transfer.pk}/")
    assert "SMITH, John" in text(page) and "17 May 1980" in text(page)
    assert f'href="/cases/{case.pk}/"' not in page.content.decode()  # not the case itself
    decide = f"/transfers/{transfer.pk}/decide/"
    refused = coordinator.post(
        decide,
        {"outcome": "accept", "handover_note": "", **date_parts("access_ends_on", "2027-02-31")},
    )
    assert error_summary(refused) == [
        "#id_handover_note Enter the hand-over note, or where the hand-over meeting is recorded",
        "#id_access_ends_on-day The last day the old area can see the case must be a real date",
    ]
    ends = timezone.localdate() + dt.timedelta(days=10)
    done = coordinator.post(
        decide,
        {
            "outcome": "accept",
            "handover_note": "Hand-over meeting held by video",
            **date_parts("access_ends_on", ends.isoformat()),
        },
    )
    assert done.status_code == 302
    moved = Case.objects.get(pk=case.pk)
    assert (moved.area.code, moved.lead_agency.code) == ("A", "police-a")
    shown = text(client_for("police").get(f"/cases/{case.pk}/sharing/"))
    assert "Handed over from Area B (Southvale)" in shown and "Southvale Police" in shown
    assert "1 transfer decision to read" in text(outsider.get("/"))
    # No longer the lead agency: the old lead reads the case with a purpose, until access ends.
    assert outsider.get(f"/transfers/{transfer.pk}/").status_code == 302
    justified(outsider, case)
    assert "Hand-over meeting held by video" in text(outsider.get(f"/transfers/{transfer.pk}/"))


def test_a_coordinator_resolves_a_possible_duplicate_seeing_identity_only(
    world: World, client_for: Clients
) -> None:
    other = case_services.register_case(
        actor=world.users["outsider"],
        person=person_data("Kowalsky", "Jan"),
        case=case_data("police-b"),
    )
    flag = DuplicateFlag.objects.get()
    coordinator = client_for("coordinator")
    assert "1 possible duplicate across areas" in text(coordinator.get("/"))
    page = coordinator.get(f"/duplicates/{flag.pk}/")
    shown = text(page)
    assert "Jan Kowalsky" in shown and "In Area B (Southvale)" in shown
    assert other.reference not in shown and f"/cases/{other.pk}/" not in page.content.decode()
    assert world.police_case.reference in shown
    bad = coordinator.post(f"/duplicates/{flag.pk}/resolve/", {"outcome": "", "reason": ""})
    assert error_summary(bad) == [
        "#id_outcome_0 Select your decision",
        "#id_reason Enter the reason",
    ]
    coordinator.post(
        f"/duplicates/{flag.pk}/resolve/",
        {"outcome": "different_people", "reason": "Different PNC records"},
    )
    assert "Different people: dismissed" in text(coordinator.get(f"/duplicates/{flag.pk}/"))
    # Nothing was said to the officer who registered the person.
    assert "duplicate" not in text(client_for("outsider").get(f"/cases/{other.pk}/")).lower()
