"""Conviction notices to the states of nationality ([FD-2009-315] Art.4; decision 0022): a
conviction recorded, corrected or removed here is notified, in the same transaction, to each
nationality whose node is a connected peer, and to nobody else."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from fourpillars.domain.exchange.content import parse_payload
from fourpillars.exchange.models import Message, Peer
from fourpillars.register.models import Conviction, Person
from fourpillars.services import persons
from fourpillars.services.soa import convictions
from tests.cast import World, case_data, person_data

CONVICTION = {
    "date": "2025-03-02",
    "court": "Northtown Crown Court",
    "country": "GB",
    "offence_text": "Sexual assault",
    "ecris_code": "1003 00",
    "completion": "C",
    "participation": "M",
    "sentence": "12 months' imprisonment",
}


@pytest.fixture(autouse=True)
def node(world: World, settings: Any, tmp_path: Path) -> None:
    """Poland connected after the cast is registered (whose people are Polish: their
    registrations would be notified too)."""
    settings.FOURPILLARS_NODE_KEY_DIR = tmp_path / "keys"
    Peer.objects.create(country="PL", name="Poland", inbox_url="http://127.0.0.1:9/inbox")


def _add(world: World, **extra: object) -> Conviction:
    return persons.add_conviction(
        actor=world.users["police"],
        person_id=world.police_case.person_id,
        data={**CONVICTION, **extra},
    )


def test_a_new_conviction_is_notified_to_each_connected_state_of_nationality(
    world: World,
) -> None:
    Person.objects.filter(pk=world.police_case.person_id).update(nationalities=["PL", "GB", "FR"])
    row = _add(world)
    (message,) = Message.objects.filter(direction="out")  # PL only: GB is us, FR no node
    assert (message.type, message.receiver, message.purpose) == (
        "conviction_new",
        "PL",
        "criminal_proceedings",
    )
    content = parse_payload("conviction_new", message.payload)
    assert content.conviction.conviction_id == convictions.conviction_id(row.pk)  # type: ignore[attr-defined]


def test_convictions_recorded_at_registration_are_notified_too(world: World) -> None:
    """A person registered with their convictions: each of ours goes to each connected state
    of nationality, in the registration's transaction, as one added later would."""
    from fourpillars.services import cases

    case = cases.register_case(
        actor=world.users["police"],
        person=person_data(
            "Nowak",
            nationalities=["PL", "GB"],
            convictions=[CONVICTION, {**CONVICTION, "country": "NL"}],
        ),
        case=case_data("police-a"),
    )
    (message,) = Message.objects.filter(direction="out")  # the NL conviction is not ours
    assert (message.type, message.receiver, message.person_id) == (
        "conviction_new",
        "PL",
        case.person_id,
    )
    ours = Conviction.objects.get(person=case.person, country="GB")
    content = parse_payload("conviction_new", message.payload)
    assert content.conviction.conviction_id == convictions.conviction_id(ours.pk)  # type: ignore[attr-defined]


def test_a_foreign_conviction_is_not_ours_to_notify(world: World) -> None:
    _add(world, country="NL")
    assert not Message.objects.exists()


def test_correction_and_removal_are_notified_as_update_and_deletion(world: World) -> None:
    police, person_id = world.users["police"], world.police_case.person_id
    row = _add(world)
    version = Person.objects.get(pk=person_id).version
    persons.update_conviction(
        actor=police,
        person_id=person_id,
        conviction_id=row.pk,
        data={**CONVICTION, "completion": "A"},
        expected_version=version,
    )
    persons.remove_conviction(
        actor=police,
        person_id=person_id,
        conviction_id=row.pk,
        reason="Recorded against the wrong person",
        expected_version=version + 1,
    )
    kinds = list(Message.objects.order_by("pk").values_list("type", flat=True))
    assert kinds == ["conviction_new", "conviction_update", "conviction_deletion"]
    deletion = Message.objects.get(type="conviction_deletion")
    assert deletion.payload["original_conviction_id"] == convictions.conviction_id(row.pk)


def test_when_the_notice_cannot_be_queued_the_conviction_is_not_kept(world: World) -> None:
    before = Conviction.objects.count()
    with (
        mock.patch.object(convictions.outbox, "enqueue", side_effect=RuntimeError("no key")),
        pytest.raises(RuntimeError),
    ):
        _add(world)
    assert Conviction.objects.count() == before and not Message.objects.exists()


def test_a_conviction_without_its_ecris_category_is_kept_and_not_notified(world: World) -> None:
    _add(world, ecris_code="", completion="", participation="")
    assert not Message.objects.exists()
