"""The web tells an outsider nothing about an identifier held on a hidden case (decision
0030): registering and adding an identifier answer with the same redirect and the same words
whether or not a hidden case holds it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from fourpillars.audit.models import AuditEvent
from fourpillars.referrals.models import DuplicateFlag
from fourpillars.services import persons
from tests.cast import World
from tests.web.helpers import pnc, register_data, text

pytestmark = pytest.mark.django_db


def test_registering_answers_the_same_whether_a_hidden_case_holds_the_identifier(
    world: World, client_for: Callable[[str], Client]
) -> None:
    held = pnc(2004, 777)  # the identifier register_data posts
    persons.add_identifier(
        actor=world.users["outsider"],
        person_id=world.other_area_case.person_id,
        data={"kind": "pnc", "value": held},
    )
    client = client_for("police")
    one = client.post("/cases/new/", register_data(), follow=True)
    two = client.post(
        "/cases/new/",
        register_data(**{"name-family_name": "Lis", "identifier-value": pnc(2005, 888)}),
        follow=True,
    )
    assert [r[1] for r in one.redirect_chain] == [r[1] for r in two.redirect_chain] == [302]
    first, second = text(one), text(two)
    for page in (first, second):
        assert re.search(r"Case FP-A-\d{6} registered\.", page), page[:300]
        assert "already recorded" not in page and "FP-B" not in page
    assert DuplicateFlag.objects.count() == 1
    assert AuditEvent.objects.filter(action="identifier_held_elsewhere").count() == 1


def test_adding_an_identifier_answers_the_same_whether_a_hidden_case_holds_it(
    world: World, client_for: Callable[[str], Client]
) -> None:
    persons.add_identifier(
        actor=world.users["outsider"],
        person_id=world.other_area_case.person_id,
        data={"kind": "crn", "value": "X123456"},
    )
    client = client_for("police")
    url = f"/cases/{world.police_case.pk}/person/identifiers/new/"
    one = client.post(url, {"kind": "crn", "value": "X123456", "country": ""})
    two = client.post(url, {"kind": "crn", "value": "Y654321", "country": ""})
    assert one.status_code == two.status_code == 302
    assert one["Location"] == two["Location"]
    page = client.get(one["Location"])
    assert "Identifier added." in page.content.decode()
    assert DuplicateFlag.objects.count() == 1
