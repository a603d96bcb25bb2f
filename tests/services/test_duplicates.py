"""A person who appears in two areas at once (decision 0018): detected on registration and
when names or identifiers are added, flagged to both co-ordinators with identity only, nothing
said to whoever registers, resolved once with the reason; detection and resolution audited."""

from __future__ import annotations

from typing import Any

import pytest

from fourpillars import demo
from fourpillars.audit.models import AuditEvent
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.referrals.models import DuplicateFlag
from fourpillars.register.models import Case
from fourpillars.services import cases as case_services
from fourpillars.services import persons
from fourpillars.services import referrals as seam
from fourpillars.services.cases.caseload import waiting_for
from fourpillars.services.errors import Forbidden, NotFound
from fourpillars.services.referrals import duplicates
from tests.cast import PASSWORD, World, case_data, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def record(user_ids: Any, subject: str, body: str, link: str, kind: Any) -> None:
        del kind  # which kind of notification: tested through the real seam
        calls.append({"to": set(user_ids), "subject": subject, "body": body, "link": link})

    monkeypatch.setattr(seam, "notify", record)
    return calls


def register_in_b(world: World, family: str = "Kowalsky", given: str = "Jan") -> Case:
    """Area B registers someone; the police case (area A) is Jan Kowalski, born 17 May 1980."""
    return case_services.register_case(
        actor=world.users["outsider"],
        person=person_data(family, given, nationalities=["PL"]),
        case=case_data("police-b"),
    )


def test_registering_the_same_name_and_birth_in_another_area_flags_both_coordinators(
    world: World, told: list[dict[str, Any]]
) -> None:
    bea = demo.ensure_coordinators(PASSWORD)["coordinator-b"]
    before = AuditEvent.objects.count()
    new = register_in_b(world)
    flag = DuplicateFlag.objects.get()
    assert (flag.case_a_id, flag.case_b_id) == (world.police_case.pk, new.pk)
    assert [r["kind"] for r in flag.reasons] == ["name_and_birth"]
    assert flag.status == "open" and flag.detected_by == world.users["outsider"]
    [row] = AuditEvent.objects.filter(action="flag_possible_duplicate")
    assert (row.operation, row.target_type, row.case_id, row.person_id) == (
        "combination",
        "duplicate_flag",
        None,  # on no case's timeline: the registering officer learns nothing
        None,
    )
    assert row.after["cases"] == [world.police_case.pk, new.pk]
    assert AuditEvent.objects.count() == before + 3  # the person, the case, the flag
    assert told[-1]["to"] == {world.users["coordinator"].pk, bea.pk}
    assert told[-1]["body"] == "A person in your area may also be managed in another area."
    assert waiting_for(world.users["coordinator"]).referrals.duplicates == 1
    assert waiting_for(bea).referrals.duplicates == 1
    assert waiting_for(world.users["outsider"]).referrals.duplicates == 0
    for name in ("outsider", "police", "probation", "housing", "auditor", "admin"):
        with pytest.raises(NotFound):
            duplicates.consult(actor=world.users[name], flag_id=flag.pk)


def test_a_coordinator_sees_identity_only_of_the_other_areas_record(world: World) -> None:
    demo.ensure_coordinators(PASSWORD)
    new = register_in_b(world)
    flag = DuplicateFlag.objects.get()
    shown = duplicates.consult(actor=world.users["coordinator"], flag_id=flag.pk)
    mine, other = shown.sides
    assert mine.mine and mine.case is not None and mine.case.pk == world.police_case.pk
    assert not other.mine and other.case is None  # never the other area's case
    assert [n.full for n in other.names] == ["Jan Kowalsky"]
    assert other.area.code == "B" and str(other.date_of_birth) == "1980-05-17"
    assert other.contacts == [
        "Bea Coordinator, Southvale MAPPA Unit (coordinator-b@mappa-b.example)"
    ]
    [row] = AuditEvent.objects.filter(action="view_possible_duplicate")
    assert (row.operation, row.case_id, row.purpose) == ("consultation", None, "mappa-coordination")
    assert set(row.record_ids) == {world.police_case.pk, new.pk}


def test_adding_a_name_or_an_identifier_is_checked_too(world: World) -> None:
    new = case_services.register_case(
        actor=world.users["outsider"],
        person=person_data("Brown", "Adam", nationalities=["GB"]),
        case=case_data("police-b"),
    )
    assert not DuplicateFlag.objects.exists()
    persons.add_name(
        actor=world.users["outsider"],
        person_id=new.person_id,
        data={"family_name": "Kowalski", "given_names": "Jan", "kind": "alias"},
    )
    flag = DuplicateFlag.objects.get()
    assert (flag.case_a_id, flag.case_b_id) == (world.police_case.pk, new.pk)
    # The same pair is never flagged twice, whatever is added next.
    persons.add_name(
        actor=world.users["outsider"],
        person_id=new.person_id,
        data={"family_name": "Kowalski", "given_names": "Janek", "kind": "alias"},
    )
    assert DuplicateFlag.objects.count() == 1


def test_different_people_and_the_same_area_are_not_flagged(world: World) -> None:
    register_in_b(world, "Nowak", "Piotr")  # another name, same birth
    case_services.register_case(  # the same name, but in the same area as the police case
        actor=world.users["police"],
        person=person_data("Kowalski", "Jan"),
        case=case_data("police-a"),
    )
    assert not DuplicateFlag.objects.exists()


def test_one_coordinator_resolves_it_with_the_reason(
    world: World, told: list[dict[str, Any]]
) -> None:
    bea = demo.ensure_coordinators(PASSWORD)["coordinator-b"]
    register_in_b(world)
    flag = DuplicateFlag.objects.get()
    with pytest.raises(DomainValidationError) as exc:
        duplicates.resolve(actor=bea, flag_id=flag.pk, outcome="maybe", reason="")
    assert {e.field for e in exc.value.errors} == {"outcome", "reason"}
    done = duplicates.resolve(
        actor=bea,
        flag_id=flag.pk,
        outcome="different_people",
        reason="Checked PNC with Northshire: different fingerprints",
    )
    assert (done.status, done.resolved_by) == ("different_people", bea)
    [row] = AuditEvent.objects.filter(action="resolve_possible_duplicate")
    assert row.after["status"] == "different_people" and row.case_id is None
    assert told[-1]["to"] == {world.users["coordinator"].pk}  # the other co-ordinator
    with pytest.raises(IllegalTransition):
        duplicates.resolve(
            actor=world.users["coordinator"], flag_id=flag.pk, outcome="same_person", reason="x"
        )
    assert waiting_for(world.users["coordinator"]).referrals.duplicates == 0


def test_the_same_person_records_a_link_request(world: World) -> None:
    register_in_b(world)
    flag = DuplicateFlag.objects.get()
    done = duplicates.resolve(
        actor=world.users["coordinator"],
        flag_id=flag.pk,
        outcome="same_person",
        reason="Same custody photograph; Southvale to close their case",
    )
    assert done.get_status_display() == "The same person: link requested"


def test_the_queue_is_the_coordinators_and_names_their_own_case(world: World) -> None:
    new = register_in_b(world)
    found = duplicates.queue(actor=world.users["coordinator"])
    assert [(i.flag.case_b_id, i.own.pk) for i in found.waiting] == [(new.pk, world.police_case.pk)]
    for name in ("police", "outsider", "auditor"):
        with pytest.raises(Forbidden):
            duplicates.queue(actor=world.users[name])
